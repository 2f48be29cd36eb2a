"""The migrations build exactly the models' schema, and go down to nothing and up again."""

import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from foia.extensions import db
from foia.search.models import include_object
from tests.support.app import PG_MAINTENANCE_URL, TEST_DB, make_app


def schema_differences(engine) -> list:
    """Return Alembic's list of differences between the database and the models."""
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "compare_server_default": False,
                # The search index's FTS5 table / GIN index are dialect-specific, made by hand.
                "include_object": include_object,
            },
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


@pytest.mark.slow
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


def _revisions_newest_first(app) -> list[str]:
    from alembic.script import ScriptDirectory

    config = app.extensions["migrate"].migrate.get_config()
    return [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]


def _counts() -> dict[str, int]:
    from sqlalchemy import func, select

    names = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    counts = {}
    for table in db.metadata.sorted_tables:
        if table.name in names:
            counts[table.name] = db.session.scalar(select(func.count()).select_from(table))
    # End the read transaction: PostgreSQL would make the next DROP TABLE wait for it.
    db.session.remove()
    return counts


@pytest.mark.slow
def test_every_migration_goes_down_and_up_with_data_in_the_tables(fresh_database_url, tmp_path):
    """Seed a database, then step down one migration at a time and back up: rows survive."""
    fresh = make_app(fresh_database_url, str(tmp_path))
    with fresh.app_context():
        upgrade()
        result = fresh.test_cli_runner().invoke(args=["seed", "--demo"])
        assert result.exit_code == 0, result.output
        db.session.remove()
        full = _counts()
        assert full["clock_events"] > 0 and full["agencies"] > 0
        revisions = _revisions_newest_first(fresh)
        for target in revisions[1:]:
            downgrade(revision=target)
            db.session.remove()
            surviving = _counts()
            for name, n in surviving.items():
                if name in full:
                    assert n == full[name], f"{name} lost rows going down to {target}"
        upgrade()
        db.session.remove()
        after = _counts()
        kept = {name for name in after if name in FIRST_TABLES}
        for name in kept:
            assert after[name] == full[name], f"{name} lost rows on the way back up"
        db.engine.dispose()


#: The tables the first migration creates: they exist at every revision.
FIRST_TABLES = (
    "users",
    "jurisdictions",
    "laws",
    "agencies",
    "audit_events",
    "login_failures",
    "closures",
)


#: The request columns the de15acb8bba5 and 5b9e2d7c4a10 migrations add and backfill.
REMEMBERED = (
    "decisive_kind",
    "fee_waiting_since",
    "clarification_waiting_since",
    "next_agency_due_on",
    "next_agency_due_kind",
    "appeal_due_on",
    "received_on",
    "first_reply_on",
    "answered_on",
    "extension_claimed_on",
    "response_due_on",
    "extended_due_on",
)


def _remembered() -> dict[int, tuple]:
    from sqlalchemy import column, select, table

    requests = table("records_requests", column("id"), *(column(name) for name in REMEMBERED))
    rows = db.session.execute(select(requests).order_by(requests.c.id))
    found = {
        row[0]: tuple(str(value) if value is not None else None for value in row[1:])
        for row in rows
    }
    db.session.remove()
    return found


def _claim_an_extension() -> None:
    """Record an extension on a demo request still waiting for its answer (the demo has none)."""
    from sqlalchemy import select

    from foia.requests import operations
    from foia.requests.models import RecordsRequest

    waiting = db.session.scalars(
        select(RecordsRequest).where(RecordsRequest.decisive_kind == "acknowledged")
    ).first()
    assert waiting is not None, "the demo has an acknowledged request"
    on = max(event.occurred_on for event in waiting.events)
    operations.add_event(waiting, "extension_claimed", on, today=on, actor=None, days=10)
    db.session.commit()
    db.session.remove()


@pytest.mark.slow
def test_the_dashboard_readings_are_backfilled_as_the_app_keeps_them(fresh_database_url, tmp_path):
    """Seed at head (the app fills the columns), go below the migrations and up: the same values."""
    fresh = make_app(fresh_database_url, str(tmp_path))
    with fresh.app_context():
        upgrade()
        result = fresh.test_cli_runner().invoke(args=["seed", "--demo"])
        assert result.exit_code == 0, result.output
        _claim_an_extension()
        kept = _remembered()
        for n, column in enumerate(REMEMBERED):
            if column != "clarification_waiting_since":  # the demo has no clarification
                assert any(values[n] for values in kept.values()), f"the demo never sets {column}"
        downgrade(revision="e7b3c95a1d42")
        upgrade()
        assert _remembered() == kept
        db.engine.dispose()
