"""The declarative base with a naming convention, shared column types and mixins."""

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import ParamSpec, TypeVar, cast

from sqlalchemy import DateTime, MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

Built = TypeVar("Built")
Shape = ParamSpec("Shape")

# Stable constraint names, so Alembic migrations name the same thing on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Declarative base for every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Return the current UTC time (the only place models read the clock for timestamps)."""
    return datetime.now(UTC)


class TimestampMixin:
    """Creation and update times."""

    #: When the row was created (UTC).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the row was last changed (UTC).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


#: How much of an SQLite database file is memory-mapped (address space, not memory).
SQLITE_MMAP_BYTES = 256 * 1024 * 1024


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """Turn on foreign keys, WAL and memory-mapped reads for SQLite; leave other drivers alone."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        # Read the file through the OS page cache, shared by every connection and worker,
        # instead of each connection's 2 MB page cache: the dashboard's GROUP BY over a few
        # thousand scattered request rows takes half the time (bench/bench_dashboard.py).
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()


def built_once(build: Callable[Shape, Built]) -> Callable[Shape, Built]:
    """Make a statement's builder build it once per process and shape; values go in as parameters.

    The builder's arguments, if any, name the statement's shape (an enum member, a flag): each
    distinct call is kept for the life of the process, so a value that varies by request (a
    user id, a date) must be a bound parameter, never an argument.
    """
    # Speed (issue #18): SQLAlchemy reuses a statement's compiled SQL, but a statement built
    # afresh is paid for on every call, its objects and then its cache key. The dashboard's
    # filing-problems statement took 1.26 ms built and run, 0.78 ms built once (PostgreSQL, in
    # process, 2026-12-03); the dashboard sends six to ten such statements on every view, its
    # own built once per shape (foia/dashboard/queries.py gives their figures).
    # functools.cache types its wrapper as taking any hashable arguments: the cast keeps the
    # builder's own signature for its callers.
    return cast(Callable[Shape, Built], cache(build))
