"""The migrations build exactly the models' schema, and go down to nothing and up again."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from foia.extensions import db
from tests.conftest import PG_MAINTENANCE_URL, TEST_DB, make_app


def schema_differences(engine) -> list:
    """Return Alembic's list of differences between the database and the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "compare_server_default": False}
        )
        return compare_metadata(context, db.metadata)


def test_upgrade_gives_exactly_the_models_schema(app):
    assert schema_differences(db.engine) == []


@pytest.fixture
def fresh_database_url(tmp_path):
    """An empty database of the kind under test, separate from the session's."""
    if TEST_DB == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    name = f"foia_mig_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_MAINTENANCE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield f"{PG_MAINTENANCE_URL.rsplit('/', 1)[0]}/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_downgrade_to_base_and_upgrade_again(fresh_database_url, tmp_path):
    fresh = make_app(fresh_database_url, str(tmp_path))
    with fresh.app_context():
        upgrade()
        assert "agencies" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        assert schema_differences(db.engine) == []
        db.engine.dispose()
