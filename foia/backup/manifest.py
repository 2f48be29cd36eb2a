"""The backup's manifest: what a backup holds, with a SHA-256 and size for every file in it.

A backup directory holds `manifest.json`, the database (`database.sqlite3` or
`database.pgdump`) and `documents/` (the file store's layout, one file per SHA-256). The
manifest names the database file, its schema revision, the row count of every table and the
checksum of every file, the database included, all taken from the same snapshot as the dump.
Backups written before checksums were recorded (format 1: checksums of the documents only)
are still read; their database is then checked by its content alone.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
DOCUMENTS = "documents"
FORMAT = 2

#: The columns that name a file in the document store by its SHA-256: every file the database
#: refers to must be in the backup. tests/backup/test_manifest.py fails for a new `*sha256`
#: column that is in neither this list nor NOT_STORED_FILES.
STORED_FILE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("documents", "sha256"),
    ("inbound_emails", "raw_sha256"),
    ("request_letters", "pdf_sha256"),
    ("appeals", "pdf_sha256"),
)
#: `*sha256` columns that hold some other hash (a feed token's, say), not a stored file.
NOT_STORED_FILES: tuple[tuple[str, str], ...] = (("calendar_feeds", "token_sha256"),)


class BackupError(RuntimeError):
    """A backup, check or restore that cannot go ahead, with the reason for people."""


@dataclass(frozen=True)
class FileEntry:
    """One file of a backup: its checksum and size."""

    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, as `manifest.json` says."""

    backend: str
    revision: str | None
    row_counts: dict[str, int]
    files: dict[str, FileEntry]
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    #: Files the database referred to that the live store lacked when the backup was made.
    missing_documents: tuple[str, ...] = ()
    format: int = FORMAT

    @property
    def database_file(self) -> str:
        """Return the name of the database file inside the backup."""
        return SQLITE_FILE if self.backend == "sqlite" else PG_FILE

    @property
    def has_database_checksum(self) -> bool:
        """Return whether the database file's SHA-256 is recorded (not in format 1)."""
        return self.database_file in self.files

    def to_json(self) -> str:
        """Return the manifest as JSON text."""
        return json.dumps(
            {
                "format": self.format,
                "created_at": self.created_at,
                "backend": self.backend,
                "revision": self.revision,
                "database": self.database_file,
                "row_counts": self.row_counts,
                "files": {
                    path: {"sha256": entry.sha256, "size": entry.size}
                    for path, entry in sorted(self.files.items())
                },
                "missing_documents": list(self.missing_documents),
            },
            indent=2,
            sort_keys=True,
        )


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def entry_for(path: Path) -> FileEntry:
    """Return the checksum and size of a file."""
    return FileEntry(sha256_of(path), path.stat().st_size)


def document_paths(root: Path) -> list[Path]:
    """Return every stored file under `root`, leaving out uploads still being written."""
    if not root.exists():
        return []
    return [
        path
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".incoming-")
    ]


def document_key(sha256: str) -> str:
    """Return where the file with this SHA-256 lives in a backup (the file store's layout)."""
    return f"{DOCUMENTS}/{sha256[:2]}/{sha256[2:4]}/{sha256}"


def write(target: Path, manifest: Manifest) -> None:
    """Write `manifest.json` into `target`, last and durably: a backup without it is unfinished."""
    temporary = target / f".{MANIFEST}.partial"
    with temporary.open("w") as handle:
        handle.write(manifest.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, target / MANIFEST)
    sync_directory(target)


def sync_directory(path: Path) -> None:
    """Make a rename or a new file in `path` durable."""
    fsync(path)


def fsync(path: Path) -> None:
    """Flush a file's (or a directory's) content to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read(source: Path) -> Manifest:
    """Read `manifest.json` from a backup directory, or say why it cannot be read."""
    try:
        data = json.loads((source / MANIFEST).read_text())
        return _from_format_1(data) if "format" not in data else _from_json(data)
    except OSError as exc:
        raise BackupError(
            f"{source} holds no readable backup manifest ({MANIFEST}): {exc.strerror}"
        ) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BackupError(f"{source / MANIFEST} is damaged or not a backup manifest") from exc


def _from_json(data: dict) -> Manifest:
    if data["format"] != FORMAT:
        raise BackupError(
            f"this backup is in format {data['format']}; this version reads formats 1 and {FORMAT}"
        )
    return Manifest(
        format=FORMAT,
        created_at=str(data["created_at"]),
        backend=_backend(data["backend"]),
        revision=data["revision"],
        row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
        files={
            str(path): FileEntry(str(entry["sha256"]), int(entry["size"]))
            for path, entry in data["files"].items()
        },
        missing_documents=tuple(str(sha) for sha in data.get("missing_documents", ())),
    )


def _from_format_1(data: dict) -> Manifest:
    # Format 1 had documents' checksums without sizes, and nothing for the database file.
    return Manifest(
        format=1,
        created_at=str(data["created_at"]),
        backend=_backend(data["backend"]),
        revision=data["revision"],
        row_counts={str(k): int(v) for k, v in data["row_counts"].items()},
        files={
            f"{DOCUMENTS}/{path}": FileEntry(str(sha), -1)
            for path, sha in data["documents"].items()
        },
    )


def _backend(name: object) -> str:
    if name not in ("sqlite", "postgresql"):
        raise BackupError(f"the manifest names an unknown database kind {name!r}")
    return str(name)
