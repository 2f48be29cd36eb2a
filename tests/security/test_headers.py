"""Issue #14 §3: the security headers are on every kind of response, not only on pages."""

import pytest
from flask import Flask

from foia.auth import throttle
from foia.auth.access import public
from foia.extensions import db
from foia.web import PERMISSIONS_POLICY
from tests.security.test_sweeps import header_problems
from tests.support.app import make_app
from tests.support.factories import create_user


def assert_headers(response) -> None:
    assert header_problems(response) == []
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(item.split("=") for item in response.headers["Permissions-Policy"].split(", "))
    assert policy["camera"] == policy["microphone"] == policy["geolocation"] == "()"


def test_the_permissions_policy_refuses_every_feature_it_names():
    assert all(item.endswith("=()") for item in PERMISSIONS_POLICY.split(", "))


@pytest.mark.parametrize(
    ("method", "url", "code"),
    [
        ("GET", "/login", 200),
        ("GET", "/", 302),  # to the login page
        ("GET", "/static/css/site.css", 200),
        ("GET", "/no-such-page", 404),
        ("GET", "/logout", 405),
        ("GET", "/calendar/not-a-token.ics", 404),
        ("POST", "/login", 200),  # the form again, with its errors
    ],
)
def test_every_kind_of_answer_carries_the_headers(client, method, url, code):
    response = client.open(url, method=method)
    response.close()
    assert response.status_code == code
    assert_headers(response)


def test_refused_and_throttled_logins_carry_the_headers(client):
    create_user("volunteer", email="val@example.org")
    data = {"email": "val@example.org", "password": "a wrong guess"}
    answers = [client.post("/login", data=data) for _ in range(throttle.SLOW_AFTER + 1)]
    assert [r.status_code for r in answers[-2:]] == [401, 429]
    for response in answers[-2:]:
        assert_headers(response)


@pytest.fixture
def crashing(app, database_url, tmp_path) -> Flask:
    """An app with one route that fails, answering 500 as in production."""
    fragile = make_app(database_url, str(tmp_path), PROPAGATE_EXCEPTIONS=False)

    @public
    def boom():
        raise RuntimeError("a bug")

    fragile.add_url_rule("/boom", view_func=boom)
    yield fragile
    with fragile.app_context():
        db.engine.dispose()


def test_a_server_error_carries_the_headers(crashing):
    response = crashing.test_client().get("/boom")
    assert response.status_code == 500
    assert_headers(response)
