"""Logging in and out, throttling, and the session rules."""

from datetime import timedelta

from sqlalchemy import select

from foia import clock
from foia.auth import throttle
from foia.auth.models import User
from foia.extensions import db
from tests.support.app import FAST_PASSWORD
from tests.support.factories import create_user, login_as


def log_in(client, email, password=FAST_PASSWORD, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def test_login_page_has_labelled_fields(client):
    response = client.get("/login")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<label for="email">Email</label>' in html
    assert '<label for="password">Password</label>' in html


def test_good_login_reaches_dashboard(client):
    user = create_user("volunteer", email="val@example.org")
    response = log_in(client, "VAL@example.org")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert client.get("/").status_code == 200
    assert db.session.get(User, user.id).last_login_at is not None


def test_wrong_password_is_refused_with_a_message(client):
    create_user("volunteer", email="val@example.org")
    response = log_in(client, "val@example.org", "not the password")
    assert response.status_code == 401
    assert "The email or password is not right." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_next_parameter_never_redirects_off_site(client):
    create_user("volunteer", email="val@example.org")
    response = log_in(client, "val@example.org", query_string={"next": "//evil.example/x"})
    assert response.headers["Location"] == "/"
    client.post("/logout")
    response = log_in(client, "val@example.org", query_string={"next": "/agencies"})
    assert response.headers["Location"] == "/agencies"


def test_repeated_failures_are_slowed_then_refused(client):
    create_user("volunteer", email="val@example.org")
    for _ in range(throttle.SLOW_AFTER):
        assert log_in(client, "val@example.org", "wrong guess").status_code == 401
    slowed = log_in(client, "val@example.org")  # even the right password must wait now
    assert slowed.status_code == 429
    assert "Too many failed attempts. Wait" in slowed.get_data(as_text=True)


def test_lockout_after_many_failures_lasts_the_window(app):
    now = clock.now()
    for minute in range(throttle.LOCK_AFTER["account"]):
        throttle.record_failure("val@example.org", f"10.0.0.{minute}", now - timedelta(minutes=1))
    db.session.commit()
    wait = throttle.wait_seconds("val@example.org", "192.0.2.1", now)
    assert 13 * 60 < wait <= 14 * 60 + 1
    later = now + throttle.WINDOW
    assert throttle.wait_seconds("val@example.org", "192.0.2.1", later) == 0


def test_failures_from_one_address_across_accounts_are_counted(app):
    now = clock.now()
    for n in range(throttle.LOCK_AFTER["address"]):
        throttle.record_failure(f"user{n}@example.org", "198.51.100.7", now)
    db.session.commit()
    assert throttle.wait_seconds("someone@example.org", "198.51.100.7", now) > 10 * 60
    assert throttle.wait_seconds("someone@example.org", "198.51.100.8", now) == 0


def test_logout_ends_the_session_everywhere(app):
    user = create_user("lawyer")
    first, second = app.test_client(), app.test_client()
    login_as(first, user)
    login_as(second, user)
    assert second.get("/").status_code == 200
    assert first.post("/logout").status_code == 302
    assert first.get("/").status_code == 302
    assert second.get("/").status_code == 302, "logout must invalidate other sessions too"


def test_deactivated_user_cannot_log_in_or_keep_a_session(admin_client, app):
    user = create_user("volunteer", email="gone@example.org")
    other = login_as(app.test_client(), user)
    admin_client.post(f"/admin/users/{user.id}/active")
    assert other.get("/").status_code == 302
    response = log_in(app.test_client(), "gone@example.org")
    assert response.status_code == 401


def test_session_cookie_flags(client):
    create_user("volunteer", email="val@example.org")
    response = log_in(client, "val@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_security_headers_on_pages(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_user_rows_are_kept(app):
    create_user("admin")
    assert db.session.scalars(select(User)).all()
