"""`backup verify`: everything a restore checks before it changes anything, changing nothing.

- every file the manifest lists is there, at its size and SHA-256, the database dump included,
  and the backup holds no file the manifest does not list;
- the database: SQLite's `PRAGMA integrity_check` on a copy in a scratch directory (opening
  the backup's own file could change it); a PostgreSQL dump is read whole by `pg_restore`
  (no database needed), so a damaged or truncated archive fails;
- the database holds the rows, schema revision and stored files the manifest says: row counts
  per table, and every file a row refers to is in the backup.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from foia.backup import manifest, postgres, sqlite
from foia.backup.content import Content, compare, listing
from foia.backup.manifest import DOCUMENTS, MANIFEST, BackupError, Manifest


@dataclass
class Report:
    """What verifying a backup found: problems stop a restore, notes do not."""

    manifest: Manifest
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    content: Content | None = None

    def raise_for_problems(self) -> None:
        """Raise BackupError listing the problems, if any."""
        if self.problems:
            raise BackupError(
                "the backup failed its checks, so nothing was changed:\n"
                + "\n".join(f"- {problem}" for problem in self.problems)
            )


def verify_backup(source: Path, backend: str) -> Report:
    """Check the backup in `source` as a restore into a `backend` database would."""
    report = Report(manifest.read(source))
    listed = report.manifest
    if listed.backend != backend:
        report.problems.append(
            f"this backup is of a {listed.backend} database; the app uses {backend}"
        )
    report.problems.extend(check_files(source, listed))
    if not listed.has_database_checksum:
        report.notes.append(
            "this backup was made before backups recorded the database's checksum: "
            "its database is checked by its content only"
        )
    database = source / listed.database_file
    if database.is_file():
        try:
            report.content = read_database(database, listed)
        except BackupError as exc:
            report.problems.append(str(exc))
        else:
            report.problems.extend(compare(report.content, listed))
    elif not listed.has_database_checksum:
        report.problems.append(f"{listed.database_file} is missing")
    if listed.missing_documents:
        report.notes.append(
            f"{len(listed.missing_documents)} file(s) the database refers to were already "
            "missing from the documents directory when the backup was made: "
            + listing(list(listed.missing_documents))
        )
    return report


def read_database(path: Path, listed: Manifest) -> Content:
    """Check the backup's database file and read its content, leaving the file as it is."""
    if listed.backend == "postgresql":
        return postgres.read_archive(path, listed.row_counts)
    with tempfile.TemporaryDirectory(prefix="foia-verify-") as scratch:
        copy = Path(scratch) / path.name
        shutil.copyfile(path, copy)
        return sqlite.read_content(copy, listed.row_counts)


def check_files(source: Path, listed: Manifest) -> list[str]:
    """Return every listed file that is missing, truncated or changed, and every unlisted one."""
    problems: list[str] = []
    outside = sorted(key for key in listed.files if not _inside(key, listed))
    if outside:
        problems.append("the manifest names files outside the backup: " + listing(outside))
    missing, changed = [], []
    for key, entry in sorted(listed.files.items()):
        path = source / key
        if key in outside:
            continue
        if not path.is_file():
            missing.append(key)
        elif entry.size >= 0 and path.stat().st_size != entry.size:
            problems.append(
                f"{key} is {path.stat().st_size} bytes; the manifest says {entry.size} "
                "(truncated or replaced)"
            )
        elif manifest.sha256_of(path) != entry.sha256:
            changed.append(key)
    if missing:
        problems.append(f"{len(missing)} file(s) of the backup are missing: {listing(missing)}")
    if changed:
        problems.append(
            f"{len(changed)} file(s) do not match their SHA-256 in the manifest (damaged or "
            f"changed): {listing(changed)}"
        )
    unlisted = _unlisted(source, listed)
    if unlisted:
        problems.append(
            f"{len(unlisted)} file(s) are in the backup but not in its manifest: "
            + listing(unlisted)
        )
    return problems


def _inside(key: str, listed: Manifest) -> bool:
    # A manifest is data: a name like "../x" must never make a restore read outside the backup.
    parts = PurePosixPath(key).parts
    if key == listed.database_file:
        return True
    return len(parts) > 1 and parts[0] == DOCUMENTS and ".." not in parts and "\\" not in key


def _unlisted(source: Path, listed: Manifest) -> list[str]:
    allowed = {MANIFEST, listed.database_file, *listed.files}
    return sorted(
        key
        for key in (str(p.relative_to(source)) for p in source.rglob("*") if p.is_file())
        if key not in allowed
    )
