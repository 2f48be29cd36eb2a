"""PostgreSQL for backups: the libpq tools, databases beside the live one, and reading dumps.

The password never goes on a command line (where `ps` shows it): the tools get it in
PGPASSWORD. Databases are made, renamed and dropped from a maintenance connection (the
`postgres` database, else `template1`), since a database cannot be renamed by a session in it.
"""

from __future__ import annotations

import os
import re
import subprocess  # noqa: S404 - fixed argument lists, no shell
import tempfile
import time
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL

from foia.backup.content import Content, read_sql
from foia.backup.manifest import STORED_FILE_COLUMNS, BackupError

#: How long a swap keeps asking other sessions to leave the live database before giving up.
SWAP_ATTEMPTS = 50
#: How long, in seconds, a restore waits for another restore's step (or a killed one's) to end.
LOCK_WAIT = 120
_REVISION = ("alembic_version", "version_num")
_COPY = re.compile(r'^COPY (?:"[^"]+"|\w+)\.("(?:[^"]|"")+"|\w+) \((.*)\) FROM stdin;$')


def conninfo(url: URL, database: str | None = None) -> str:
    """Return a libpq connection URL (with the password) for psycopg, for `database`."""
    url = url.set(drivername="postgresql")
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def tool_env(url: URL) -> dict[str, str]:
    """Return the environment for pg_dump and pg_restore: the password in PGPASSWORD."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def tool_url(url: URL, database: str | None = None) -> str:
    """Return a libpq connection URL without the password, for a tool's command line."""
    return conninfo(url.set(password=None), database)


def run_tool(argv: list[str], url: URL) -> None:
    """Run pg_dump or pg_restore; raise BackupError with its message when it fails."""
    try:
        result = subprocess.run(  # noqa: S603 - fixed argument list, no shell
            argv, capture_output=True, text=True, check=False, env=tool_env(url)
        )
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (Debian: postgresql-client)") from exc
    if result.returncode != 0:
        raise BackupError(f"{argv[0]} failed: {_last_lines(result.stderr)}")


@contextmanager
def maintenance(url: URL) -> Iterator[psycopg.Connection]:
    """Connect, in autocommit, to a database of the same server other than the app's."""
    error: Exception | None = None
    for name in ("postgres", "template1"):
        try:
            conn = psycopg.connect(conninfo(url, name), autocommit=True)
        except psycopg.Error as exc:
            error = exc
            continue
        with conn:
            yield conn
        return
    raise BackupError(f"cannot connect to the PostgreSQL server's maintenance database: {error}")


@contextmanager
def restoring(url: URL, live: str) -> Iterator[psycopg.Connection]:
    """A maintenance connection holding the restore lock of `live` until it closes.

    A restore killed mid-statement leaves its server session running that statement (a
    CREATE DATABASE or the renames) until it finishes: the lock is held by that session, so
    the next restore or `recover` waits for it instead of looking too soon and finding the
    database half made (once, it found none and the orphaned CREATE then left one behind).
    """
    with maintenance(url) as conn:
        conn.execute(sql.SQL("SET lock_timeout = {}").format(sql.Literal(f"{LOCK_WAIT}s")))
        try:
            conn.execute("SELECT pg_advisory_lock(%s)", (_restore_lock_key(live),))
        except psycopg.errors.LockNotAvailable as exc:
            raise BackupError(
                f"another restore of the database {live} has been running a step for over "
                f"{LOCK_WAIT} seconds; wait for it to end, then run "
                "`flask --app wsgi backup recover`"
            ) from exc
        conn.execute("RESET lock_timeout")
        yield conn


def _restore_lock_key(live: str) -> int:
    # pg_advisory_lock takes a bigint; a CRC of the name keeps restores of other databases apart.
    return zlib.crc32(f"foia restore {live}".encode())


def connect(url: URL, database: str | None = None) -> psycopg.Connection:
    """Connect, in autocommit, to `database` (the app's by default); closes as a context manager."""
    try:
        return psycopg.connect(conninfo(url, database), autocommit=True)
    except psycopg.Error as exc:
        raise BackupError(
            f"cannot connect to the database {database or url.database}: {exc}"
        ) from exc


def exists(conn: psycopg.Connection, name: str) -> bool:
    """Return whether the database exists."""
    row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def check_privileges(conn: psycopg.Connection, live: str) -> None:
    """Refuse early, in plain words, when this role cannot create databases or rename `live`."""
    row = conn.execute(
        "SELECT r.rolsuper, r.rolcreatedb, pg_has_role(r.oid, d.datdba, 'MEMBER') FROM pg_roles r "
        "LEFT JOIN pg_database d ON d.datname = %s WHERE r.rolname = current_user",
        (live,),
    ).fetchone()
    is_super, can_create, is_owner = row or (False, False, False)
    if not (is_super or can_create):
        raise BackupError(
            "restoring needs a role that may create databases (ALTER ROLE ... CREATEDB): "
            "the backup is restored into a new database beside the live one"
        )
    if not (is_super or is_owner in (True, None)):
        raise BackupError(f"restoring needs a role that owns the database {live} (to rename it)")


def create_like(conn: psycopg.Connection, name: str, live: str) -> None:
    """Create an empty database `name` with the live database's encoding and collation."""
    row = conn.execute(
        "SELECT pg_encoding_to_char(encoding), datcollate, datctype FROM pg_database "
        "WHERE datname = %s",
        (live,),
    ).fetchone()
    statement = sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name))
    if row:
        statement += sql.SQL(" ENCODING {} LC_COLLATE {} LC_CTYPE {}").format(
            *map(sql.Literal, row)
        )
    conn.execute(statement)


def drop(conn: psycopg.Connection, name: str) -> None:
    """Drop a database if it exists, ending any session in it (a killed restore's pg_restore)."""
    conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def rename_all(conn: psycopg.Connection, renames: list[tuple[str, str]], leave: list[str]) -> None:
    """Rename databases in one transaction, all or none, once no session is in `leave`."""
    for _ in range(SWAP_ATTEMPTS):
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = ANY(%s) AND pid <> pg_backend_pid()",
            (leave,),
        )
        try:
            with conn.transaction():
                for old, new in renames:
                    conn.execute(
                        sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                            sql.Identifier(old), sql.Identifier(new)
                        )
                    )
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(0.1)  # a session was still leaving, or the app reconnected: ask again
    raise BackupError(
        f"other sessions keep connecting to {', '.join(leave)}; stop the app and try again"
    )


def read_content(conn: psycopg.Connection, tables: Iterable[str]) -> Content:
    """Read a database's content over a connection (in its current transaction, if any)."""

    def columns_of(table: str) -> set[str]:
        rows = conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name = %s",
            (table,),
        ).fetchall()
        return {row[0] for row in rows}

    return read_sql(conn, tables, columns_of)


def read_archive(path: Path, tables: Iterable[str]) -> Content:
    """Read a pg_dump archive's content from the archive alone, with no database.

    `pg_restore --list` reads its table of contents; then `pg_restore --data-only` writes out
    every row, as COPY text with one line a row, and each is counted as it streams past.
    """
    _archive_tool(["pg_restore", "--list", str(path)], stdout=subprocess.DEVNULL)
    counts: dict[str, int] = {}
    values: dict[tuple[str, str], set[str]] = {
        key: set() for key in (*STORED_FILE_COLUMNS, _REVISION)
    }
    argv = ["pg_restore", "--data-only", "--file=-", str(path)]
    with tempfile.TemporaryFile() as errors, _start(argv, errors) as process:
        assert process.stdout is not None  # noqa: S101 - Popen with stdout=PIPE
        table, picks = None, []
        for raw in process.stdout:
            line = raw.rstrip(b"\n").decode("utf-8", "replace")
            if table is None:
                if match := _COPY.match(line):
                    table = _unquote(match.group(1))
                    counts[table] = 0
                    picks = _picks(table, match.group(2), values)
            elif line == "\\.":
                table = None
            else:
                counts[table] += 1
                _keep(line, picks)
        _finish(process, errors)
    revision = next(iter(values.pop(_REVISION)), None)
    wanted = set(tables)
    return Content(
        {t: n for t, n in counts.items() if t in wanted},
        revision,
        frozenset().union(*values.values()),
    )


def _keep(line: str, picks: list[tuple[int, set[str]]]) -> None:
    if picks:
        fields = line.split("\t")
        for index, found in picks:
            if index < len(fields) and fields[index] != "\\N":
                found.add(fields[index])


def _picks(
    table: str, names: str, values: dict[tuple[str, str], set[str]]
) -> list[tuple[int, set[str]]]:
    # Which fields of this table's rows to keep, and where.
    columns = [_unquote(name.strip()) for name in names.split(",")]
    return [(i, values[(table, c)]) for i, c in enumerate(columns) if (table, c) in values]


def _unquote(name: str) -> str:
    return name[1:-1].replace('""', '"') if name.startswith('"') else name


def _start(argv: list[str], errors, stdout=subprocess.PIPE) -> subprocess.Popen:
    try:
        return subprocess.Popen(argv, stdout=stdout, stderr=errors)  # noqa: S603 - fixed argument list
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (Debian: postgresql-client)") from exc


def _finish(process: subprocess.Popen, errors) -> None:
    if process.wait() != 0:
        errors.seek(0)
        message = _last_lines(errors.read().decode("utf-8", "replace"))
        raise BackupError(f"pg_restore cannot read the database dump: {message}")


def _archive_tool(argv: list[str], stdout) -> None:
    with tempfile.TemporaryFile() as errors, _start(argv, errors, stdout) as process:
        _finish(process, errors)


def _last_lines(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " / ".join(lines[-3:]) or "no message"
