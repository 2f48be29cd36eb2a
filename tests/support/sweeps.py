"""Security sweeps: the organisation of tests.support.world per module, and page-walking helpers.

Clients come from `client_as(app, world, role)`; `fill` and `get_routes` give every GET page.
"""

import re
import shutil
from collections.abc import Iterator

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from foia.auth.models import User
from foia.extensions import db
from tests.support.app import empty_all_tables
from tests.support.factories import login_as
from tests.support.world import build_world

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
            empty_all_tables()
            db.session.remove()
            shutil.rmtree(app.config["DOCUMENTS_DIR"], ignore_errors=True)


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
