"""Issue #14 §3: login throttling behind a reverse proxy (FOIA_TRUSTED_PROXIES)."""

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import func, select

from foia import clock
from foia.auth import throttle
from foia.auth.models import LoginFailure
from foia.extensions import db
from tests.support.app import FAST_PASSWORD, make_app
from tests.support.factories import create_user

ALICE, BOB, CAROL = "alice@example.org", "bob@example.org", "carol@example.org"


@pytest.fixture
def proxied(app, database_url, tmp_path) -> Iterator[Flask]:
    """The app as deployed behind one nginx, on the test database (emptied by `app`)."""
    behind_nginx = make_app(database_url, str(tmp_path), TRUSTED_PROXIES=1)
    yield behind_nginx
    with behind_nginx.app_context():
        db.engine.dispose()


def log_in(app: Flask, email: str, client_address: str, password: str = FAST_PASSWORD):
    """Post the login form as nginx forwards it: from 127.0.0.1, naming the client."""
    headers = {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https"}
    data = {"email": email, "password": password}
    return app.test_client().post("/login", data=data, headers=headers)


def failures_for(key: str) -> int:
    db.session.rollback()  # read what the requests committed
    return db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(LoginFailure.key == key)
    )


@pytest.fixture
def people(app):
    for email in (ALICE, BOB, CAROL):
        create_user("volunteer", email=email)


def test_failures_on_one_account_do_not_delay_another_client(proxied, people):
    for _ in range(throttle.SLOW_AFTER):
        assert log_in(proxied, ALICE, "203.0.113.1", "a wrong guess").status_code == 401
    assert failures_for("address:203.0.113.1") == throttle.SLOW_AFTER
    assert failures_for("address:127.0.0.1") == 0, "the proxy's own address is not the client"
    # Bob, from an address that has not failed, gets straight in.
    assert log_in(proxied, BOB, "203.0.113.2").status_code == 302
    # Alice's account is slowed down, from her address and from any other.
    assert log_in(proxied, ALICE, "203.0.113.1").status_code == 429
    assert log_in(proxied, ALICE, "198.51.100.9").status_code == 429


def test_one_password_tried_on_many_accounts_slows_only_that_address(proxied, people):
    for n in range(throttle.SLOW_AFTER + 2):
        log_in(proxied, f"user{n}@example.org", "203.0.113.1", "Summer2026!")
    assert log_in(proxied, CAROL, "203.0.113.1").status_code == 429
    assert log_in(proxied, BOB, "203.0.113.2").status_code == 302


def test_the_proxy_tells_the_app_about_https(proxied, people):
    response = log_in(proxied, BOB, "203.0.113.2")
    assert "Secure" in response.headers["Set-Cookie"]


def test_without_trusted_proxies_a_forged_header_is_ignored(app, people):
    # By default nothing is trusted: a client cannot pick a fresh address per attempt.
    for n in range(throttle.SLOW_AFTER):
        log_in(app, ALICE, f"203.0.113.{n}", "a wrong guess")
    assert failures_for("address:127.0.0.1") == throttle.SLOW_AFTER
    assert log_in(app, BOB, "203.0.113.99").status_code == 429


def test_an_ipv6_client_counts_as_its_whole_64(app):
    now = clock.now()
    for n in range(throttle.LOCK_AFTER["address"]):
        throttle.record_failure(f"user{n}@example.org", f"2001:db8:1:2::{n:x}", now)
    db.session.commit()
    assert throttle.wait_seconds(BOB, "2001:db8:1:2:ffff::1", now) > 10 * 60
    assert throttle.wait_seconds(BOB, "2001:db8:1:3::1", now) == 0
    assert throttle.wait_seconds(BOB, "::ffff:192.0.2.1", now) == 0
