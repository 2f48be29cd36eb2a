"""The test app and its database: settings from the environment, `make_app`, emptying tables.

The database is SQLite by default; `FOIA_TEST_DB=postgresql` runs the same tests on the local
PostgreSQL server (FOIA_TEST_PG_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test
as the maintenance database). With CI=true a missing service fails the run instead of skipping.
"""

import os

import pytest
from flask import Flask, current_app
from flask.globals import app_ctx
from sqlalchemy import text

from foia.app import create_app
from foia.extensions import db

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_DB = os.environ.get("FOIA_TEST_DB", "sqlite")
PG_MAINTENANCE_URL = os.environ.get(
    "FOIA_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# Tests hash passwords with cheap parameters; production keeps werkzeug's scrypt default.
FAST_PASSWORD = "correct horse battery"


def unavailable(reason: str) -> None:
    """Fail in CI, skip elsewhere: a required service that is missing must never pass silently."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)", pytrace=False)
    pytest.skip(reason)


def make_app(database_url: str, instance_path: str, **overrides) -> Flask:
    """Create an app for tests on `database_url`."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SECRET_KEY": "test-secret-key-not-for-production",
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
        "DOCUMENTS_DIR": os.path.join(instance_path, "documents"),
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": 1,
        # The public pages' limit per address (foia/public/limits.py) is off: every test client
        # is 127.0.0.1. tests/public/test_limits.py turns it on.
        "PUBLIC_RATE_LIMIT": 0,
    }
    config.update(overrides)
    return create_app(config)


def empty_all_tables() -> None:
    """Delete every row of every table (in the app context), restart the ids, and commit."""
    # DELETE, children first, on both databases: on PostgreSQL a TRUNCATE of the 43 tables took
    # 650-1,180 ms a test under load (it gives every table and index a new file), 13-30 ms the
    # DELETEs: nearly half of the PostgreSQL suite's time. The sequences restart as TRUNCATE's
    # RESTART IDENTITY made them (SQLite reuses ids once a table is empty).
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        db.session.execute(_RESTART_SEQUENCES)
    db.session.commit()


# Every sequence of the schema back to its first value, in one statement.
_RESTART_SEQUENCES = text(
    "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)"
    " FROM pg_sequences WHERE schemaname = current_schema()"
)


def fresh_request_globals(exc: BaseException | None = None) -> None:
    """Give the test's app context a new, empty `g`, as a real request's own app context has.

    Tests hold one app context across many client requests, so `g` outlives a request and
    Flask-Login's cached user would leak into the next one. Replacing the whole `g` (a public
    attribute of the app context) drops it without naming any library's private key.
    """
    app_ctx.g = current_app.app_ctx_globals_class()
