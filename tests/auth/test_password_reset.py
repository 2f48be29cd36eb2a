"""Password reset and invitations by email: signed, expiring, single-use links."""

import re
from datetime import timedelta

import pytest

from foia.auth import emails
from foia.extensions import db
from tests.support.factories import create_user

NEW_PASSWORD = "lantern-otter-docket-99"


def link_in(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://127\.0\.0\.1:5000(/\S+)", text).group(1)


def test_reset_link_by_email_works_once(app, client, smtp_server):
    create_user("volunteer", email="val@example.org")
    # buffered: the response is closed, as a server closes it, which sends the link.
    response = client.post("/forgot-password", data={"email": "VAL@example.org"}, buffered=True)
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "val@example.org"
    assert message.get_body(("html",)) is not None
    path = link_in(message)
    assert path.startswith("/reset-password/")
    assert client.get(path).status_code == 200
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    login = client.post("/login", data={"email": "val@example.org", "password": NEW_PASSWORD})
    assert login.status_code == 302
    again = client.get(path, follow_redirects=True)
    assert "already been used" in again.text


def test_unknown_address_gets_the_same_answer_and_no_email(client, smtp_server):
    response = client.post(
        "/forgot-password",
        data={"email": "nobody@example.org"},
        follow_redirects=True,
        buffered=True,
    )
    assert "If there is an account for that address" in response.text
    assert smtp_server.messages == []


def test_repeated_requests_send_one_email_per_quarter_hour(client, smtp_server):
    create_user("volunteer", email="val@example.org")
    for _ in range(3):
        client.post("/forgot-password", data={"email": "val@example.org"}, buffered=True)
    assert len(smtp_server.messages) == 1


def test_reset_link_expires(app, client, monkeypatch):
    assert timedelta(hours=2) == emails.RESET_MAX_AGE
    user = create_user("volunteer", email="val@example.org")
    token = emails.reset_token(user)
    # A link older than the limit: the limit is moved instead of the clock (itsdangerous reads
    # its own), which has the same effect.
    monkeypatch.setattr(emails, "RESET_MAX_AGE", timedelta(seconds=-1))
    response = client.get(f"/reset-password/{token}", follow_redirects=True)
    assert "expired" in response.text


def test_invitation_is_emailed_with_a_set_password_link(admin_client, client, smtp_server):
    response = admin_client.post(
        "/admin/users/invite",
        data={"email": "new@example.org", "name": "Nia New", "role": "volunteer"},
    )
    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "new@example.org"
    path = link_in(message)
    assert path.startswith("/set-password/")
    assert (
        client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
    assert client.get(path, follow_redirects=True).request.path == "/login"


@pytest.mark.parametrize("host", ["evil.example.com"])
def test_links_never_follow_the_host_header(client, smtp_server, host):
    create_user("volunteer", email="val@example.org")
    client.post(
        "/forgot-password",
        data={"email": "val@example.org"},
        headers={"Host": host},
        buffered=True,
    )
    assert host not in smtp_server.messages[0].get_body(("plain",)).get_content()
    db.session.rollback()
