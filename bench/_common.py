"""Shared helpers for the benchmarks: paths, database URLs, the app, tables, statement counts.

Not a benchmark itself (run_all.py only runs `bench_*.py`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Without it the app would write a generated key into the project's instance/ folder.
os.environ.setdefault("FOIA_SECRET_KEY", "bench-secret-key-not-for-production")

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from foia.app import create_app  # noqa: E402

DEFAULT_SQLITE = OUT / "foia_bench.sqlite3"
PG_MAINTENANCE_URL = os.environ.get(
    "FOIA_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
DEFAULT_PG = PG_MAINTENANCE_URL.rsplit("/", 1)[0] + "/foia_bench"


def database_url(kind: str, path: str | None = None, url: str | None = None) -> str:
    """Return the URL of the benchmark database of `kind` (sqlite or postgresql)."""
    if kind == "sqlite":
        return f"sqlite:///{Path(path).resolve() if path else DEFAULT_SQLITE}"
    if kind == "postgresql":
        return url or DEFAULT_PG
    raise ValueError(f"unknown database kind {kind!r}")


def kinds(choice: str) -> list[str]:
    """Expand a --db choice ("both" gives SQLite then PostgreSQL)."""
    return ["sqlite", "postgresql"] if choice == "both" else [choice]


def build_app(url: str, **overrides) -> Flask:
    """Create the app on `url` with the test settings of tests/conftest.py:make_app."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": os.environ["FOIA_SECRET_KEY"],
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        "DOCUMENTS_DIR": str(OUT / "documents"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 1,
    }
    config.update(overrides)
    return create_app(config)


# PostgreSQL databases ------------------------------------------------------------------------


def _admin() -> Engine:
    return create_engine(PG_MAINTENANCE_URL, isolation_level="AUTOCOMMIT")


def pg_exists(url: str) -> bool:
    """Tell whether the PostgreSQL database of `url` exists."""
    name = make_url(url).database
    admin = _admin()
    try:
        with admin.connect() as conn:
            found = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).first()
    finally:
        admin.dispose()
    return found is not None


def pg_create(url: str, template: str | None = None) -> None:
    """Drop and create the database of `url` (copied from `template` when given)."""
    name = make_url(url).database
    admin = _admin()
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            suffix = f' TEMPLATE "{template}"' if template else ""
            conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    finally:
        admin.dispose()


def pg_drop(url: str) -> None:
    """Drop the database of `url` if it exists."""
    admin = _admin()
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def fresh_database(kind: str, name: str) -> str:
    """Return the URL of an empty database of a benchmark's own (`name`), made anew each run."""
    if kind == "sqlite":
        path = OUT / f"{name}.sqlite3"
        OUT.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    url = PG_MAINTENANCE_URL.rsplit("/", 1)[0] + f"/foia_{name}"
    pg_create(url)
    return url


def has_data(url: str) -> bool:
    """Tell whether `url` holds a generated database (migrated, with requests)."""
    if url.startswith("sqlite"):
        if not Path(make_url(url).database).exists():
            return False
    elif not pg_exists(url):
        return False
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text("SELECT count(*) FROM records_requests")).scalar())
    except Exception:  # noqa: BLE001 - an unmigrated or broken database is "no data"
        return False
    finally:
        engine.dispose()


def at_head(url: str) -> bool:
    """Tell whether the database's Alembic revision is the migrations' head."""
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory(str(ROOT / "migrations")).get_heads())
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            current = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
    finally:
        engine.dispose()
    return current == heads


def ensure_database(kind: str, url: str) -> None:
    """Generate the database when absent or behind the migrations' head.

    An older database is regenerated rather than upgraded: on SQLite, upgrading a populated
    database through a batch migration of records_requests deletes every clock event and
    snapshot (the table is recreated while foreign keys cascade; see bench/README.md).
    """
    import sys

    from generate import generate  # here: generate.py imports this module

    if has_data(url):
        if at_head(url):
            return
        print(f"{url} is behind the migrations' head: regenerating", file=sys.stderr)
    else:
        print(f"generating the {kind} database at {url} ...", file=sys.stderr)
    generate(url)


# Measuring -----------------------------------------------------------------------------------


class StatementCounter:
    """Count the SQL statements an engine sends (an executemany counts once)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1


@contextmanager
def counting_statements(engine: Engine) -> Iterator[StatementCounter]:
    """Count the statements sent through `engine` inside the block."""
    counter = StatementCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def signed_in_client(app: Flask, user) -> FlaskClient:
    """Return a test client logged in as `user`, with a session recorded as a login records it.

    Call it inside an app context; it commits the session's row.
    """
    from foia import clock
    from foia.auth import sessions
    from foia.extensions import db

    identity = user.get_id()
    token = sessions.start(user, user_agent="bench", address="127.0.0.1", now=clock.now())
    db.session.commit()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie["_user_id"], cookie["_fresh"], cookie[sessions.TOKEN_KEY] = identity, True, token
    return client


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Return the nearest-rank percentile of already sorted values."""
    index = max(0, min(len(sorted_values) - 1, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[index]


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Return a Markdown table; numbers are right-aligned."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    numeric = [
        all(_looks_numeric(r[i]) for r in cells) if cells else False for i in range(len(headers))
    ]

    def line(values):
        padded = (
            v.rjust(w) if n else v.ljust(w) for v, w, n in zip(values, widths, numeric, strict=True)
        )
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if n else ("-" * (w + 2))
            for w, n in zip(widths, numeric, strict=True)
        )
        + "|"
    )
    return "\n".join([line(headers), rule, *(line(r) for r in cells)])


def _looks_numeric(value: str) -> bool:
    return value.replace(",", "").replace(".", "").replace("-", "").strip().isdigit()


def verdict(measured: float, target: float) -> str:
    """Return "yes" or "NO" for a measured figure against an upper bound."""
    return "yes" if measured < target else "NO"
