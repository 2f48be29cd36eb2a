"""When the database goes away: a clear error page, and the app recovers when it comes back."""

import uuid

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from foia.extensions import db
from tests.support.app import PG_MAINTENANCE_URL, make_app, unavailable
from tests.support.factories import create_user, login_as


def test_unreachable_database_gives_a_clear_page(tmp_path):
    app = make_app(
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        str(tmp_path),
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 2}},
    )
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:1"
    response = client.get("/agencies")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Database unavailable" in html and "Try again in a minute." in html
    with app.app_context():
        db.engine.dispose()


@pytest.mark.slow
def test_app_recovers_after_its_connections_are_killed(tmp_path):
    name = f"foia_outage_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_MAINTENANCE_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - no server means this test cannot run
        admin.dispose()
        unavailable(f"PostgreSQL is not reachable: {exc}")
    app = make_app(f"{PG_MAINTENANCE_URL.rsplit('/', 1)[0]}/{name}", str(tmp_path))
    try:
        with app.app_context():
            upgrade()
            user = create_user("volunteer")
            client = login_as(app.test_client(), user)
            db.session.remove()
        assert client.get("/agencies").status_code == 200
        with admin.connect() as conn:  # the server drops every connection of the app
            conn.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )
        assert client.get("/agencies").status_code == 200, "pool_pre_ping reconnects"
    finally:
        with app.app_context():
            db.engine.dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
