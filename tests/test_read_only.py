"""A request that only read ends its transaction with COMMIT (foia/read_only.py), so psycopg keeps
its prepared statements; a request that wrote anything, left a change unflushed or failed ends
as before, and what it wrote is not kept."""

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import event, func, select, text

from foia.auth.access import public
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction
from tests.support.app import TEST_DB, make_app


@pytest.fixture
def probe_app(app, database_url, tmp_path) -> Iterator[Flask]:
    """A second app on the test database (its schema and clean-up are `app`'s), with probes."""
    probe = make_app(database_url, str(tmp_path))

    def add(name: str, view) -> None:
        view.__name__ = name
        probe.add_url_rule(f"/probe/{name}", name, public(view))

    def read():
        return str(db.session.scalar(select(func.count(Jurisdiction.id))))

    def flushed():
        db.session.add(Jurisdiction(code="US-ZF", name="Flushed", level="state"))
        db.session.flush()
        return "flushed, not committed"

    def pending():
        db.session.add(Jurisdiction(code="US-ZP", name="Pending", level="state"))
        return "added, not flushed"

    def failing():
        db.session.scalar(select(func.count(Jurisdiction.id)))
        raise RuntimeError("the view failed")

    for name, view in (("read", read), ("flushed", flushed), ("pending", pending)):
        add(name, view)
    add("failing", failing)
    yield probe
    with probe.app_context():
        db.engine.dispose()  # its own engine: close its connections, as conftest does for `app`


def _codes(app: Flask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(Jurisdiction.code)))


def _commits_during(app: Flask, path: str) -> int:
    commits: list[int] = []
    listen = lambda _session: commits.append(1)  # noqa: E731
    event.listen(db.session, "after_commit", listen)
    try:
        app.test_client().get(path)
    finally:
        event.remove(db.session, "after_commit", listen)
    return len(commits)


def test_a_request_that_only_read_commits(probe_app):
    assert _commits_during(probe_app, "/probe/read") == 1


@pytest.mark.parametrize("path", ["/probe/flushed", "/probe/pending"])
def test_a_request_that_changed_something_without_committing_keeps_nothing(probe_app, path):
    assert _commits_during(probe_app, path) == 0
    assert not {"US-ZF", "US-ZP"} & _codes(probe_app)


def test_a_failed_request_does_not_commit(probe_app):
    probe_app.config["PROPAGATE_EXCEPTIONS"] = False
    assert _commits_during(probe_app, "/probe/failing") == 0


@pytest.mark.postgres_only
@pytest.mark.skipif(TEST_DB != "postgresql", reason="prepared statements are PostgreSQL's")
def test_postgresql_keeps_prepared_statements_across_read_only_requests(probe_app):
    client = probe_app.test_client()
    for _ in range(8):
        assert client.get("/probe/read").status_code == 200
    with probe_app.app_context():
        prepared = db.session.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
    # psycopg prepares a statement after its fifth run on a connection; each ROLLBACK at the
    # end of a request used to forget them all, so none was ever prepared.
    assert prepared >= 1
