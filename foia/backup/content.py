"""What a database holds, as a backup checks it: row counts, schema revision, referenced files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from foia.backup.manifest import STORED_FILE_COLUMNS, Manifest, document_key

#: Problems listed one by one before the rest are summed up as "and N more".
SHOWN = 10


@dataclass(frozen=True)
class Content:
    """The facts about one database that a backup's manifest records."""

    row_counts: dict[str, int]
    revision: str | None
    #: SHA-256 of every stored file a row refers to (STORED_FILE_COLUMNS).
    referenced: frozenset[str]


def quote(name: str) -> str:
    """Quote an SQL identifier (SQLite and PostgreSQL alike)."""
    return '"' + name.replace('"', '""') + '"'


def read_sql(conn: Any, tables: Iterable[str], columns_of: Callable[[str], set[str]]) -> Content:
    """Read the content through a DB-API connection with `execute` (sqlite3 or psycopg)."""
    tables = list(tables)
    present = {table: columns_of(table) for table in [*tables, "alembic_version"]}
    counts = {
        table: int(conn.execute(f"SELECT count(*) FROM {quote(table)}").fetchone()[0])  # noqa: S608 - quoted identifier from our own list
        for table in tables
        if present[table]
    }
    revision = None
    if "version_num" in present["alembic_version"]:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    referenced: set[str] = set()
    for table, column in STORED_FILE_COLUMNS:
        if column in (present.get(table) or columns_of(table)):
            query = f"SELECT {quote(column)} FROM {quote(table)} WHERE {quote(column)} IS NOT NULL"  # noqa: S608 - quoted identifiers from our own list
            referenced.update(row[0] for row in conn.execute(query).fetchall())
    return Content(counts, revision, frozenset(referenced))


def compare(content: Content, manifest: Manifest) -> list[str]:
    """Return how the database differs from what the manifest says it holds."""
    problems = []
    for table, expected in sorted(manifest.row_counts.items()):
        found = content.row_counts.get(table)
        if found is None:
            problems.append(f"table {table} is missing from the database")
        elif found != expected:
            problems.append(f"table {table} holds {found} rows; the manifest says {expected}")
    if content.revision != manifest.revision:
        problems.append(
            f"the database is at schema revision {content.revision}; "
            f"the manifest says {manifest.revision}"
        )
    absent = unheld(content, manifest)
    if absent:
        problems.append(
            f"the database refers to {len(absent)} stored file(s) the backup does not hold: "
            + listing(absent)
        )
    return problems


def unheld(content: Content, manifest: Manifest) -> list[str]:
    """Return the referenced files that are neither in the backup nor known to be missing."""
    known = set(manifest.missing_documents)
    return sorted(
        sha
        for sha in content.referenced
        if document_key(sha) not in manifest.files and sha not in known
    )


def listing(items: list[str]) -> str:
    """Return the first few items, comma-separated, and how many more there are."""
    shown = ", ".join(items[:SHOWN])
    return shown if len(items) <= SHOWN else f"{shown} and {len(items) - SHOWN} more"
