"""Session cookies: HttpOnly, SameSite=Lax, Secure over HTTPS; sessions expire; logout ends them."""

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie

import itsdangerous.timed
import pytest

from tests.support.app import FAST_PASSWORD, make_app
from tests.support.factories import create_user


def log_in(client, email, **kwargs):
    return client.post("/login", data={"email": email, "password": FAST_PASSWORD}, **kwargs)


def session_cookie(response) -> SimpleCookie:
    """Return the session cookie the response sets, with its attributes."""
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("session="):
            cookie = SimpleCookie()
            cookie.load(header)
            return cookie["session"]
    raise AssertionError(f"no session cookie in {response.headers.getlist('Set-Cookie')}")


def test_over_https_the_cookie_is_secure_httponly_and_lax(app):
    create_user("volunteer", email="val@example.org")
    client = app.test_client()
    cookie = session_cookie(log_in(client, "val@example.org", base_url="https://localhost"))
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_over_plain_http_the_cookie_is_not_marked_secure_unless_configured(app, tmp_path):
    create_user("volunteer", email="val@example.org")
    cookie = session_cookie(log_in(app.test_client(), "val@example.org"))
    assert not cookie["secure"]  # a local http://127.0.0.1 install must still log in
    forced = make_app(
        app.config["SQLALCHEMY_DATABASE_URI"], str(tmp_path), SESSION_COOKIE_SECURE=True
    )
    with forced.app_context():
        cookie = session_cookie(log_in(forced.test_client(), "val@example.org"))
        from foia.extensions import db

        db.session.remove()
        db.engine.dispose()
    assert cookie["secure"] is True  # FOIA_SECURE_COOKIES, for TLS ended at a proxy


def test_the_environment_switch_forces_secure_cookies(monkeypatch, tmp_path):
    from foia.config import from_environment

    monkeypatch.setenv("FOIA_SECRET_KEY", "x")
    monkeypatch.setenv("FOIA_SECURE_COOKIES", "true")
    assert from_environment(str(tmp_path))["SESSION_COOKIE_SECURE"] is True
    monkeypatch.delenv("FOIA_SECURE_COOKIES")
    config = from_environment(str(tmp_path))
    assert config["SESSION_COOKIE_HTTPONLY"] is True
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert timedelta(seconds=config["PERMANENT_SESSION_LIFETIME"]) <= timedelta(hours=12)


def test_the_cookie_expires_with_the_session_lifetime(app):
    create_user("volunteer", email="val@example.org")
    cookie = session_cookie(log_in(app.test_client(), "val@example.org"))
    expires = parsedate_to_datetime(cookie["expires"])
    left = expires - datetime.now(UTC)
    assert app.permanent_session_lifetime - timedelta(minutes=1) < left
    assert left <= app.permanent_session_lifetime


@pytest.mark.parametrize("age, is_refused", [(timedelta(hours=1), False), (None, True)])
def test_a_session_older_than_the_lifetime_is_refused(app, monkeypatch, age, is_refused):
    """Flask signs the cookie with its time and refuses it when replayed after the lifetime."""
    create_user("volunteer", email="val@example.org")
    client = app.test_client()
    log_in(client, "val@example.org")
    assert client.get("/").status_code == 200
    lifetime = app.permanent_session_lifetime
    later = (age or lifetime + timedelta(minutes=1)).total_seconds()
    real_time = itsdangerous.timed.time.time
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: real_time() + later)
    response = client.get("/")
    assert (response.status_code == 302 and "/login" in response.location) is is_refused


def test_a_copied_cookie_stops_working_after_logout(app):
    create_user("lawyer", email="law@example.org")
    client = app.test_client()
    log_in(client, "law@example.org")
    stolen = client.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.location
