"""Content-addressed file storage: each file is kept once, named by its SHA-256.

One interface (`put`, `get`, `open`, `exists`) so that object storage can replace the local
directory later. Files are written to a temporary name and renamed, so a crash never leaves a
half-written file under a real name, and an existing file is never overwritten.
"""

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class StorageError(ValueError):
    """A missing file or a malformed hash."""


class WriteFailed(OSError):
    """A file could not be written (disk full, folder not writable ...); nothing was stored.

    Not a StorageError: that means a file is missing, and pages answer it with a 404. Still an
    OSError, so code that handles I/O failures as a whole keeps doing so.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"Could not store the file: {reason}. Nothing was saved; please try again later,"
            " and tell an admin if it happens again."
        )
        self.reason = reason


class FileStore:
    """Files under a root directory, two levels of hash-prefix folders deep."""

    def __init__(self, root: str | os.PathLike) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        """Return where the file with this hash lives."""
        if not _SHA256.match(sha256):
            raise StorageError(f"not a SHA-256 hash: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store `data` (once) and return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path(sha256)
        if target.exists():
            return sha256
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._write(target, data)
        except OSError as exc:
            # The storage's path stays out of the message: people see only what went wrong.
            reason = (exc.strerror or type(exc).__name__).lower()
            raise WriteFailed(reason) from exc
        return sha256

    @staticmethod
    def _write(target: Path, data: bytes) -> None:
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)

    def exists(self, sha256: str) -> bool:
        """Return whether the file is stored."""
        return self.path(sha256).exists()

    def get(self, sha256: str) -> bytes:
        """Return the bytes of a stored file."""
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(f"no stored file {sha256}") from exc

    def open(self, sha256: str) -> BinaryIO:
        """Open a stored file for reading."""
        try:
            return self.path(sha256).open("rb")
        except FileNotFoundError as exc:
            raise StorageError(f"no stored file {sha256}") from exc


def store_for(config: dict) -> FileStore:
    """Return the store configured by FOIA_DOCUMENTS_DIR."""
    return FileStore(config["DOCUMENTS_DIR"])
