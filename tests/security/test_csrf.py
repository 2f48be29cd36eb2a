"""Every state-changing route refuses a request without a valid CSRF token, and changes nothing."""

import re

import pytest
from sqlalchemy import func, select

from foia.extensions import db
from tests.support.app import make_app
from tests.support.factories import create_agency, create_user, login_as

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def csrf_app(_session_app, database_url, tmp_path):
    """The same database, served by an app with CSRF protection on (as in production)."""
    app = make_app(database_url, str(tmp_path), WTF_CSRF_ENABLED=True)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _fill(rule, ids) -> str:
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(ids.get(m.group(2), 1)), rule.rule)


def test_every_state_changing_route_needs_a_token(app, csrf_app):
    admin = create_user("admin")
    agency = create_agency()
    ids = {"agency_id": agency.id, "user_id": admin.id, "token": "x"}
    client = csrf_app.test_client()
    login_as(client, admin)
    before = row_counts()
    checked = []
    for rule in csrf_app.url_map.iter_rules():
        for method in sorted(rule.methods & STATE_CHANGING):
            url = _fill(rule, ids)
            response = client.open(url, method=method, data={"name": "x", "email": "a@b.c"})
            response.close()
            assert response.status_code == 400, f"{method} {url} answered {response.status_code}"
            assert "The CSRF token is missing." in response.get_data(as_text=True)
            checked.append(rule.endpoint)
    assert row_counts() == before, "a refused request changed the database"
    every = {
        rule.endpoint for rule in csrf_app.url_map.iter_rules() if rule.methods & STATE_CHANGING
    }
    assert set(checked) == every, f"not checked: {sorted(every - set(checked))}"
    assert len(every) >= 40, sorted(every)


def test_nothing_is_exempt_from_csrf(csrf_app):
    from foia.extensions import csrf

    assert csrf._exempt_views == set() and csrf._exempt_blueprints == set()
    assert csrf_app.config["WTF_CSRF_ENABLED"] is True
    assert (
        "WTF_CSRF_CHECK_DEFAULT" not in csrf_app.config or csrf_app.config["WTF_CSRF_CHECK_DEFAULT"]
    )


def test_a_token_from_another_session_is_refused(app, csrf_app):
    user = create_user("lawyer", email="law@example.org")
    attacker = csrf_app.test_client()
    page = attacker.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    victim = login_as(csrf_app.test_client(), user)
    before = row_counts()
    response = victim.post("/agencies/new", data={"csrf_token": token, "name": "Forged"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert row_counts() == before


def test_a_valid_token_is_accepted(app, csrf_app):
    create_user("volunteer", email="val@example.org")
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "email": "val@example.org",
            "password": "correct horse battery",
        },
    )
    assert response.status_code == 302
