"""Accounts, beyond tests/auth: NIST 800-63B password rules, link tokens, throttling keys."""

import pytest

from foia.auth import emails, operations, throttle
from foia.auth.passwords import MIN_LENGTH, password_problem
from foia.extensions import db
from tests.support.app import FAST_PASSWORD
from tests.support.factories import create_user, login_as

NEW_PASSWORD = "a long river of quiet ledgers"


@pytest.mark.parametrize(
    "password",
    [
        "x" * (MIN_LENGTH - 1),  # too short
        "password1234",  # on the common-password list
        "qwertyuiop123",
        "aaaaaaaaaaaaaaaa",  # repetitive
        "abababababababab",
        "val.mendes-secret",  # contains the email's local part
    ],
)
def test_weak_passwords_are_refused(password):
    assert password_problem(password, "val.mendes@example.org") is not None


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",  # spaces allowed
        "lowercase only but long enough",  # no composition rules
        "пароль на русском языке",  # any Unicode
        "my passphrase " * 14,  # long passwords allowed (64+)
    ],
)
def test_long_passphrases_are_accepted_without_composition_rules(password):
    assert password_problem(password, "val@example.org") is None


def test_the_reset_page_applies_the_rules(client, app):
    user = create_user("volunteer", email="val@example.org")
    token = emails.reset_token(user)
    weak = client.post(
        f"/reset-password/{token}", data={"password": "password1234", "confirm": "password1234"}
    )
    assert weak.status_code == 200 and "too common" in weak.text
    db.session.refresh(user)
    assert user.check_password(FAST_PASSWORD)


def test_an_invitation_token_is_not_a_reset_token_and_back(client, app):
    user = create_user("volunteer", email="val@example.org")
    invitation, reset = operations.password_token(user), emails.reset_token(user)
    assert "not valid" in client.get(f"/reset-password/{invitation}", follow_redirects=True).text
    assert "not valid" in client.get(f"/set-password/{reset}", follow_redirects=True).text
    forged = reset[:-2] + ("AA" if not reset.endswith("AA") else "BB")
    assert "not valid" in client.get(f"/reset-password/{forged}", follow_redirects=True).text


def test_a_password_reset_ends_every_session_and_every_other_link(client, app):
    user = create_user("lawyer", email="law@example.org")
    other_session = login_as(app.test_client(), user)
    assert other_session.get("/").status_code == 200
    first, second = emails.reset_token(user), emails.reset_token(user)
    response = client.post(
        f"/reset-password/{first}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert other_session.get("/").status_code == 302, "a stolen session outlived the reset"
    reused = client.get(f"/reset-password/{second}", follow_redirects=True)
    assert "already been used" in reused.text


def test_throttling_counts_an_address_however_it_is_written(client):
    create_user("volunteer", email="val@example.org")
    for spelling in ("val@example.org", "VAL@example.org", " Val@Example.org "):
        client.post("/login", data={"email": spelling, "password": "wrong guess here"})
    assert len({key for _, key in throttle._keys(" VAL@example.org ", "x")}) == 2
    slowed = client.post("/login", data={"email": "val@example.org", "password": FAST_PASSWORD})
    assert slowed.status_code == 429


def test_login_gives_the_same_answer_for_unknown_and_known_accounts(client):
    create_user("volunteer", email="val@example.org")
    known = client.post("/login", data={"email": "val@example.org", "password": "wrong one!"})
    unknown = client.post("/login", data={"email": "nobody@example.org", "password": "wrong one!"})
    assert known.status_code == unknown.status_code == 401
    assert "The email or password is not right." in known.text
    assert "The email or password is not right." in unknown.text
