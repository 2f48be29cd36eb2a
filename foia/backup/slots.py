"""The live data's places, and the copies a restore keeps beside them.

Each slot (the documents directory, the SQLite file, the PostgreSQL database) has its live
place, a `staged` copy the restore prepares beside it, and a `safety` copy of the data as it was
before the last restore, kept until the next one. Each step of `swap` looks at what exists and
does only what is left, so a swap interrupted at any point is finished by running it again.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import URL

from foia.backup import postgres, sqlite
from foia.backup.content import compare
from foia.backup.manifest import (
    DOCUMENTS,
    BackupError,
    Manifest,
    fsync,
    sha256_of,
    sync_directory,
)


class DatabaseSlot(Protocol):
    """The live database and the copies beside it."""

    def describe(self) -> str:
        """Return where the previous data is kept, for people."""
        ...

    def prepare(self, dump: Path, listed: Manifest) -> None:
        """Restore the backup's database beside the live one and check it; take the safety copy."""
        ...

    def discard(self) -> None:
        """Remove what `prepare` made."""
        ...

    def swap(self) -> None:
        """Put the prepared database in the live one's place (atomically); keep the old one."""
        ...


@dataclass(frozen=True)
class DocumentsSlot:
    """The documents directory: renamed aside, and the restored copy renamed in its place."""

    live: Path

    def _beside(self, suffix: str) -> Path:
        return self.live.with_name(self.live.name + suffix)

    @property
    def staged(self) -> Path:
        """The restored documents, before they are swapped in."""
        return self._beside(".restore-new")

    @property
    def safety(self) -> Path:
        """The documents as they were before the last restore."""
        return self._beside(".before-restore")

    @property
    def trash(self) -> Path:
        """The safety copy of the restore before, while it is being replaced."""
        return self._beside(".restore-old")

    def prepare(self, source: Path, listed: Manifest) -> int:
        """Copy the backup's documents beside the live ones, checking each copy's SHA-256."""
        self.discard()
        shutil.rmtree(self.trash, ignore_errors=True)
        self.live.mkdir(parents=True, exist_ok=True)  # so that there is always one to keep
        self.staged.mkdir()
        self.staged.chmod(self.live.stat().st_mode & 0o7777)
        count = 0
        for key, entry in sorted(listed.files.items()):
            if not key.startswith(f"{DOCUMENTS}/"):
                continue
            target = self.staged / key.removeprefix(f"{DOCUMENTS}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / key, target)
            fsync(target)
            if sha256_of(target) != entry.sha256:
                raise BackupError(f"the copy of {key} does not match its SHA-256 (disk error?)")
            count += 1
        sync_directory(self.staged)
        return count

    def discard(self) -> None:
        """Remove the staged copy."""
        shutil.rmtree(self.staged, ignore_errors=True)

    def swap(self) -> None:
        """Rename the live directory to the safety copy and the staged one to the live one."""
        if not self.staged.exists():
            return
        if self.live.exists():
            if self.safety.exists():
                os.rename(self.safety, self.trash)
            os.rename(self.live, self.safety)
        os.rename(self.staged, self.live)
        sync_directory(self.live.parent)

    def undo(self) -> None:
        """Put the live directory back as it was, from wherever a failed swap left it."""
        if self.live.exists() and not self.staged.exists() and self.safety.exists():
            os.rename(self.live, self.staged)  # the restored one, swapped in already
        if not self.live.exists() and self.safety.exists():
            os.rename(self.safety, self.live)
        if self.trash.exists() and not self.safety.exists():
            os.rename(self.trash, self.safety)
        sync_directory(self.live.parent)

    def finish(self) -> None:
        """Remove the replaced safety copy."""
        shutil.rmtree(self.trash, ignore_errors=True)


@dataclass(frozen=True)
class SqliteSlot:
    """A SQLite file: the restored copy goes in through SQLite's backup API, in one transaction."""

    live: Path

    @property
    def staged(self) -> Path:
        """The restored database, before it goes in."""
        return Path(f"{self.live}.restore-new")

    @property
    def safety(self) -> Path:
        """The database as it was before the last restore."""
        return Path(f"{self.live}.before-restore")

    @property
    def safety_new(self) -> Path:
        """The live database copied just before the swap, to become the safety copy."""
        return Path(f"{self.live}.before-restore.new")

    def describe(self) -> str:
        """Return where the previous data is kept, for people."""
        return str(self.safety)

    def prepare(self, dump: Path, listed: Manifest) -> None:
        """Copy the backup's file beside the live one, check it, and copy the live one aside."""
        self.discard()
        shutil.copyfile(dump, self.staged)
        fsync(self.staged)
        problems = compare(sqlite.read_content(self.staged, listed.row_counts), listed)
        if problems:
            raise BackupError("the restored database differs from the manifest: " + problems[0])
        if self.live.exists():
            sqlite.copy_online(self.live, self.safety_new)

    def discard(self) -> None:
        """Remove the staged copy and the unfinished safety copy."""
        sqlite.remove(self.staged)
        sqlite.remove(self.safety_new)

    def swap(self) -> None:
        """Copy the staged database into the live file, then keep the old one as the safety copy."""
        if self.staged.exists():
            sqlite.copy_into_live(self.staged, self.live)
        if self.safety_new.exists():
            os.replace(self.safety_new, self.safety)
        sqlite.remove(self.staged)
        sync_directory(self.live.parent)


@dataclass(frozen=True)
class PostgresSlot:
    """A PostgreSQL database: the restored one is made beside it and the two are renamed."""

    url: URL

    def _beside(self, suffix: str) -> str:
        # Database names are at most 63 bytes.
        return f"{str(self.url.database)[: 63 - len(suffix)]}{suffix}"

    @property
    def live(self) -> str:
        """The app's database."""
        return str(self.url.database)

    @property
    def staged(self) -> str:
        """The restored database, before it is renamed into place."""
        return self._beside("_restore_new")

    @property
    def safety(self) -> str:
        """The database as it was before the last restore."""
        return self._beside("_before_restore")

    @property
    def trash(self) -> str:
        """The safety copy of the restore before, while it is being replaced."""
        return self._beside("_restore_old")

    def describe(self) -> str:
        """Return where the previous data is kept, for people."""
        return f"database {self.safety}"

    def prepare(self, dump: Path, listed: Manifest) -> None:
        """Restore the dump into a new database beside the live one and check it."""
        with postgres.restoring(self.url, self.live) as conn:
            postgres.check_privileges(conn, self.live)
            postgres.drop(conn, self.staged)
            postgres.create_like(conn, self.staged, self.live)
        postgres.run_tool(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                postgres.tool_url(self.url, self.staged),
                str(dump),
            ],
            self.url,
        )
        with postgres.connect(self.url, self.staged) as conn:
            problems = compare(postgres.read_content(conn, listed.row_counts), listed)
        if problems:
            raise BackupError("the restored database differs from the manifest: " + problems[0])

    def discard(self) -> None:
        """Drop the staged database."""
        with postgres.restoring(self.url, self.live) as conn:
            postgres.drop(conn, self.staged)

    def swap(self) -> None:
        """Rename live to safety and staged to live in one transaction; drop the old safety."""
        with postgres.restoring(self.url, self.live) as conn:
            if postgres.exists(conn, self.staged):
                postgres.drop(conn, self.trash)
                renames = [
                    (old, new)
                    for old, new in ((self.safety, self.trash), (self.live, self.safety))
                    if postgres.exists(conn, old)
                ]
                postgres.rename_all(
                    conn, [*renames, (self.staged, self.live)], [self.live, self.safety]
                )
            postgres.drop(conn, self.trash)


def database_slot(url: URL) -> DatabaseSlot:
    """Return the slot of the app's database."""
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database and url.database != ":memory:":
        return SqliteSlot(Path(url.database))
    if backend == "postgresql":
        return PostgresSlot(url)
    raise BackupError(f"restoring into a {backend} database is not supported")
