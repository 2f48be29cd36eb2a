"""Shared fixtures: the app on a migrated database, clients per role, and a real SMTP server.

The helpers they use (and test modules import) live in tests/support/: the app and database
settings in app.py, the `create_*` data helpers in factories.py, servers in servers.py. The
database is SQLite by default; `FOIA_TEST_DB=postgresql` runs the same tests on the local
PostgreSQL server, each run in a database of its own that it creates and drops.
"""

import os
import shutil
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from foia.extensions import db
from tests.support.app import (
    PG_MAINTENANCE_URL,
    TEST_DB,
    empty_all_tables,
    fresh_request_globals,
    make_app,
    unavailable,
)
from tests.support.factories import create_user, login_as
from tests.support.servers import SMTPSink, free_port

# Without it every app the tests build (and each child `flask` process) would create
# instance/secret_key in the checkout, and the two suites `make test` runs side by side could race
# to create it. make_app sets its own SECRET_KEY on top.
os.environ.setdefault("FOIA_SECRET_KEY", "test-secret-key-not-for-production")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """Return the URL of an empty database for this test session."""
    if TEST_DB == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    # The process id keeps the databases of runs side by side (make test) apart at a glance.
    name = f"foia_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_MAINTENANCE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no PostgreSQL"
        admin.dispose()
        unavailable(f"PostgreSQL is not reachable at {PG_MAINTENANCE_URL}: {exc}")
    base = PG_MAINTENANCE_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _session_app(database_url, tmp_path_factory) -> Iterator[Flask]:
    """Build the app once and bring the schema up by running the migrations."""
    from flask_migrate import upgrade

    app = make_app(database_url, str(tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
    # First in the list, so it runs last: Flask calls teardown functions in reverse order, and
    # the app's own (sending the mail a request queued in `g`) must see `g` first.
    app.teardown_request_funcs.setdefault(None, []).insert(0, fresh_request_globals)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(_session_app) -> Iterator[Flask]:
    """Give each test the app with empty tables and an app context."""
    with _session_app.app_context():
        yield _session_app
        db.session.rollback()
        empty_all_tables()
        db.session.remove()
    shutil.rmtree(_session_app.config["DOCUMENTS_DIR"], ignore_errors=True)


@pytest.fixture
def client(app) -> FlaskClient:
    """An anonymous test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """A CLI runner for `flask` commands."""
    return app.test_cli_runner()


@pytest.fixture
def client_for(app):
    """Return a factory: client_for("lawyer") gives a client logged in as a new lawyer."""

    def factory(role: str) -> FlaskClient:
        user = create_user(role)
        client = app.test_client()
        login_as(client, user)
        client.user = user
        return client

    return factory


@pytest.fixture
def admin_client(client_for) -> FlaskClient:
    """A client logged in as an admin."""
    return client_for("admin")


@pytest.fixture
def lawyer_client(client_for) -> FlaskClient:
    """A client logged in as a lawyer."""
    return client_for("lawyer")


@pytest.fixture
def volunteer_client(client_for) -> FlaskClient:
    """A client logged in as a volunteer."""
    return client_for("volunteer")


@pytest.fixture
def smtp_server(app):
    """Run a real SMTP server on loopback and point the app at it; yields its sink."""
    from aiosmtpd.controller import Controller

    sink = SMTPSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    old = app.config["SMTP_HOST"], app.config["SMTP_PORT"]
    app.config["SMTP_HOST"], app.config["SMTP_PORT"] = "127.0.0.1", port
    sink.port = port
    yield sink
    controller.stop()
    app.config["SMTP_HOST"], app.config["SMTP_PORT"] = old
