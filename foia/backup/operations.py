"""Create and restore backups.

A backup is a directory holding the database (SQLite: a copy made with SQLite's online backup
API, consistent while the app runs; PostgreSQL: a `pg_dump` custom-format archive, one
transaction-consistent snapshot), a copy of every stored document, and `manifest.json` with the
schema revision, row counts and the SHA-256 of every document, checked again on restore.
"""

import hashlib
import json
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from foia.extensions import db

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(RuntimeError):
    """A backup or restore that cannot go ahead, with the reason."""


def _libpq_url(url) -> str:
    # pg_dump speaks libpq: drop SQLAlchemy's "+psycopg" driver suffix.
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _revision() -> str | None:
    return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _documents(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        str(path.relative_to(root)): _sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.startswith(".incoming-")
    }


def create_backup(target: Path, documents_dir: Path) -> dict:
    """Write a backup of the database and documents into the empty directory `target`."""
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new directory.")
    target.mkdir(parents=True, exist_ok=True)
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(Path(url.database), target / SQLITE_FILE)
    elif url.get_backend_name() == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(target / PG_FILE),
                _libpq_url(url),
            ]
        )
    else:
        raise BackupError(f"backups of {url.get_backend_name()} databases are not supported")
    if documents_dir.exists():
        shutil.copytree(
            documents_dir, target / "documents", ignore=shutil.ignore_patterns(".incoming-*")
        )
    manifest = {
        "created_at": datetime.now(UTC).isoformat(),
        "backend": url.get_backend_name(),
        "revision": _revision(),
        "row_counts": _row_counts(),
        "documents": _documents(target / "documents"),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def restore_backup(source: Path, documents_dir: Path) -> dict:
    """Replace the database and documents with the backup in `source`, checking it first."""
    manifest = _read_manifest(source)
    copied = _documents(source / "documents")
    if copied != manifest["documents"]:
        raise BackupError("the backup's documents do not match its manifest; not restoring")
    url = db.engine.url
    if url.get_backend_name() != manifest["backend"]:
        raise BackupError(
            f"this backup is of a {manifest['backend']} database; the app uses "
            f"{url.get_backend_name()}"
        )
    db.session.remove()
    db.engine.dispose()
    if manifest["backend"] == "sqlite":
        _sqlite_copy(source / SQLITE_FILE, Path(url.database))
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _libpq_url(url),
                str(source / PG_FILE),
            ]
        )
    if documents_dir.exists():
        shutil.rmtree(documents_dir)
    if (source / "documents").exists():
        shutil.copytree(source / "documents", documents_dir)
    if _row_counts() != manifest["row_counts"]:
        raise BackupError("the restored database's row counts differ from the manifest")
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        return json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} holds no readable backup manifest: {exc}") from exc


def _sqlite_copy(source: Path, target: Path) -> None:
    # The online backup API copies a consistent snapshot even while others write.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv, no shell
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def parse_url(url: str):
    """Return a SQLAlchemy URL object (for tests and tools)."""
    return make_url(url)
