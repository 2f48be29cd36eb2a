"""Security sweeps: one realistic organisation per module, and page-walking helpers.

A module that asks for `world` gets the organisation of tests.security.world built once, with
every free-text field starting with the XSS payload, and must not also ask for `app` (whose
teardown empties the tables). Clients come from `client_as(app, world, role)`.
"""

import re
import shutil
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from foia.auth.models import User
from foia.extensions import db
from tests.conftest import _empty_all_tables, login_as
from tests.security.world import build_world

#: Closes an attribute, opens an image with a handler, and a script: each must come out as text.
PAYLOAD = "\"'><img src=x onerror=alert(1)><script>alert(1)</script>"
LADDER = ("anonymous", "volunteer", "lawyer", "admin")
_ARG = re.compile(r"<(?:(\w+):)?(\w+)>")


def world_for(app: Flask, mark: str) -> Iterator[dict]:
    """Build the organisation with `mark`, yield it, and empty the database afterwards."""
    with app.app_context():
        try:
            yield build_world(app, mark)
        finally:
            db.session.rollback()
            _empty_all_tables()
            db.session.remove()
            shutil.rmtree(app.config["DOCUMENTS_DIR"], ignore_errors=True)


@pytest.fixture(scope="module")
def world(_session_app) -> Iterator[dict]:
    """The organisation, every text field starting with PAYLOAD."""
    yield from world_for(_session_app, PAYLOAD)


def client_as(app: Flask, world: dict, role: str) -> FlaskClient:
    """Return a client logged in as the world's user of `role` (or anonymous)."""
    client = app.test_client()
    if role != "anonymous":
        login_as(client, db.session.get(User, world["users"][role]))
    return client


def fill(rule, ids: dict) -> str:
    """Return the rule's URL with each argument taken from `ids` (1 for a kind it lacks)."""
    return _ARG.sub(lambda m: str(ids.get(m.group(2), 1)), rule.rule)


def get_routes(app: Flask) -> list:
    """Return every rule that answers GET."""
    return sorted(
        (rule for rule in app.url_map.iter_rules() if "GET" in rule.methods),
        key=lambda rule: rule.rule,
    )


def feed_urls(world: dict) -> list[str]:
    """Return the calendar feed address of every feed in the world."""
    return [f"/calendar/{token}.ics" for token in world["tokens"].values()]


def row_counts() -> dict[str, int]:
    """Return how many rows each table holds."""
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }
