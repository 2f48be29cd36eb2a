"""Issue #14 §3: login answers that reveal nothing, and redirects that stay on this site."""

import re
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from foia.auth import operations, passwords
from foia.auth.redirects import same_origin_path
from foia.extensions import db
from foia.mail import OutboundEmail
from tests.support.app import FAST_PASSWORD
from tests.support.factories import create_user

ORIGIN = "https://foia.example/login"


def log_in(client, email, password=FAST_PASSWORD, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


# --- every wrong answer costs one password hash ---------------------------------------------


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """Record the stored hash of every password check (the real check still runs)."""
    seen: list[str] = []
    real = passwords.check_password_hash

    def counting(stored: str, password: str) -> bool:
        seen.append(stored)
        return real(stored, password)

    monkeypatch.setattr(passwords, "check_password_hash", counting)
    return seen


def _deactivated(email):
    user = create_user("volunteer", email=email)
    user.is_enabled = False
    db.session.commit()


def _invited(email):
    user = create_user("volunteer", email=email)
    user.password_hash = ""
    db.session.commit()


@pytest.mark.parametrize(
    ("setup", "password"),
    [
        (lambda email: create_user("volunteer", email=email), "not the password"),
        (lambda email: None, "not the password"),  # no such account
        (_invited, FAST_PASSWORD),
        (_deactivated, FAST_PASSWORD),
    ],
    ids=["wrong-password", "unknown-account", "invited-account", "deactivated-account"],
)
def test_every_refused_login_computes_one_hash(client, hashed, setup, password):
    setup("val@example.org")
    assert log_in(client, "val@example.org", password).status_code == 401
    assert len(hashed) == 1


def test_the_stand_in_hash_costs_what_a_real_one_costs(client, hashed):
    log_in(client, "nobody@example.org", "a guess")
    [stored] = hashed
    # "scrypt:32768:8:1$salt$hash": the method and its cost come before the first "$".
    assert stored.split("$")[0] == passwords.hash_password("anything").split("$")[0]
    assert not passwords.verify_password("", "")  # no hash matches nothing, not even ""


def test_a_right_password_still_logs_in(client, hashed):
    create_user("volunteer", email="val@example.org")
    assert log_in(client, "val@example.org").status_code == 302
    assert len(hashed) == 1


def _outbox() -> int:
    db.session.rollback()  # read what other sessions committed
    return db.session.scalar(select(func.count()).select_from(OutboundEmail))


@pytest.mark.parametrize("exists", [True, False])
def test_forgot_password_answers_before_looking_the_account_up(client, exists):
    if exists:
        create_user("volunteer", email="val@example.org")
    response = client.post("/forgot-password", data={"email": "val@example.org"})
    # The answer is complete, yet nothing about the account has been done: the lookup, the
    # queued link and the send come only once the server has closed the response.
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert _outbox() == 0
    response.close()
    assert _outbox() == (1 if exists else 0)


# --- ?next= -------------------------------------------------------------------------------


def browser_target(location: str) -> str:
    """Return the address a browser goes to for `location`, as the WHATWG URL parser reads it."""
    # Leading and trailing C0 controls and spaces go, tabs and line breaks go everywhere.
    cleaned = re.sub(r"[\t\n\r]", "", location.strip("".join(map(chr, range(0x21)))))
    return urljoin(ORIGIN, cleaned.replace("\\", "/"))


def assert_same_origin(location: str) -> None:
    assert location.startswith("/") and location[1:2] not in ("/", "\\")
    assert all(0x21 <= ord(c) <= 0x7E for c in location), location
    parts = urlsplit(browser_target(location))
    assert (parts.scheme, parts.netloc) == ("https", "foia.example"), location


PIECES = [
    "/", "//", "/\\", "\\", "\t", "\n", "\r", "\x00", "\x0b", "\x7f", " ", "%2F", "%5C", "%09",
    "%0A", "http:", "https://", "javascript:alert(1)", "data:", "evil.example", "@", ":", "?",
    "#", ".", "..", "\u3002", "\uff0f", "\u2044", "\u2028", "\u200b", "\u0085", "é", "日本",
]  # fmt: skip
NEXT_VALUES = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=8).map("".join),
)


@pytest.mark.parametrize(
    "target",
    ["/\t/evil.example", "/\n/x", "//evil.example", "/\\evil.example", "\\/evil.example",
     "https://evil.example", "/\r\n/evil.example", " //evil.example", "javascript:alert(1)"],
)  # fmt: skip
def test_known_tricks_go_home(client, target):
    create_user("volunteer", email="val@example.org")
    response = log_in(client, "val@example.org", query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(
    ("target", "location"),
    [
        ("/agencies", "/agencies"),
        ("/requests?status=filed&page=2#list", "/requests?status=filed&page=2#list"),
        ("/search?q=face recognition", "/search?q=face%20recognition"),
        ("/agencies/%2F%2Fx", "/agencies/%2F%2Fx"),
        ("/search?q=café", "/search?q=caf%C3%A9"),
    ],
)
def test_paths_on_this_site_are_followed(client, target, location):
    create_user("volunteer", email="val@example.org")
    response = log_in(client, "val@example.org", query_string={"next": target})
    assert response.headers["Location"] == location


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(target=NEXT_VALUES)
def test_login_redirects_only_within_the_site(app, target):
    if operations.find_user("val@example.org") is None:  # one user for every example
        create_user("volunteer", email="val@example.org")
    response = log_in(app.test_client(), "val@example.org", query_string={"next": target})
    assert response.status_code == 302, target
    assert_same_origin(response.headers["Location"])


@settings(max_examples=1000, deadline=None)
@given(target=NEXT_VALUES)
def test_same_origin_path_never_leaves_the_site(target):
    path = same_origin_path(target)
    if path is not None:
        assert_same_origin(path)
