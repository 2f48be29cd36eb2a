"""Shared fixtures: the app on a migrated database, clients per role, and small data helpers.

The database is SQLite by default; `FOIA_TEST_DB=postgresql` runs the same tests on the local
PostgreSQL server (FOIA_TEST_PG_URL, default postgresql+psycopg://postgres@127.0.0.1:5432/test
as the maintenance database; each run creates and drops its own database). With CI=true a
missing PostgreSQL server fails the run instead of skipping.
"""

import os
import shutil
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from foia import create_app
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


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """Return the URL of an empty database for this test session."""
    if TEST_DB == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    name = f"foia_test_{uuid.uuid4().hex[:10]}"
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
    }
    config.update(overrides)
    return create_app(config)


@pytest.fixture(scope="session")
def _session_app(database_url, tmp_path_factory) -> Iterator[Flask]:
    """Build the app once and bring the schema up by running the migrations."""
    from flask_migrate import upgrade

    app = make_app(database_url, str(tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
    app.teardown_request(_forget_cached_user)
    yield app
    with app.app_context():
        db.engine.dispose()


def _forget_cached_user(exc) -> None:
    # Tests hold one app context across requests, so `g` outlives a request; Flask-Login caches
    # the user there. Real requests each get a fresh app context, so drop it as they would.
    from flask import g

    g.pop("_login_user", None)


def _empty_all_tables() -> None:
    tables = list(reversed(db.metadata.sorted_tables))
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(_session_app) -> Iterator[Flask]:
    """Give each test the app with empty tables and an app context."""
    with _session_app.app_context():
        yield _session_app
        db.session.rollback()
        _empty_all_tables()
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


def create_user(
    role: str = "lawyer", email: str | None = None, password: str | None = None, name: str = ""
):
    """Create and commit a user; the password is hashed cheaply to keep tests fast."""
    from werkzeug.security import generate_password_hash

    from foia.auth.models import User

    user = User(
        email=email or f"{role}-{uuid.uuid4().hex[:6]}@example.org", role=role, name=name or role
    )
    user.password_hash = generate_password_hash(password or FAST_PASSWORD, method="pbkdf2:sha256:1")
    db.session.add(user)
    db.session.commit()
    return user


def login_as(client: FlaskClient, user) -> FlaskClient:
    """Give the client a session of `user`, as a login does: a session row and its cookie."""
    from foia import clock
    from foia.auth import sessions

    token = sessions.start(user, user_agent="test client", address="127.0.0.1", now=clock.now())
    db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session[sessions.TOKEN_KEY] = token
    return client


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


def create_jurisdiction(
    code: str = "US-MA",
    name: str = "Massachusetts",
    level: str = "state",
    parent=None,
    county: str | None = None,
):
    """Create and commit a jurisdiction (returns the existing one for a known code)."""
    from foia.jurisdictions.models import Jurisdiction

    existing = db.session.scalar(db.select(Jurisdiction).filter_by(code=code))
    if existing:
        return existing
    row = Jurisdiction(code=code, name=name, level=level, parent=parent, county=county)
    db.session.add(row)
    db.session.commit()
    return row


def create_agency(
    name: str = "Springfield Police Department",
    jurisdiction=None,
    level: str = "municipal",
    county: str | None = "Hampden",
    **fields,
):
    """Create and commit an agency (in Massachusetts unless told otherwise)."""
    from foia.agencies.models import Agency

    agency = Agency(
        name=name,
        jurisdiction=jurisdiction or create_jurisdiction(),
        level=level,
        county=county,
        kind=fields.pop("kind", "police"),
        **fields,
    )
    db.session.add(agency)
    db.session.commit()
    return agency


class SMTPSink:
    """Collects the messages a real aiosmtpd server on loopback receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted"


def free_port() -> int:
    """Return a free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
