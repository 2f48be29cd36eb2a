"""Admins invite people, change roles and deactivate accounts; the CLI creates users."""

import re

from sqlalchemy import select

from foia.audit import AuditEvent
from foia.auth.models import User
from foia.extensions import db
from tests.support.factories import create_user


def test_invite_creates_user_and_shows_a_single_use_link(admin_client, app):
    response = admin_client.post(
        "/admin/users/invite",
        data={"email": "New.Person@Example.org", "name": "New Person", "role": "lawyer"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    user = db.session.scalar(select(User).filter_by(email="new.person@example.org"))
    assert user.role == "lawyer" and user.password_hash == ""
    link = re.search(r'value="(http[^"]+/set-password/[^"]+)"', html).group(1)
    path = link.split("localhost", 1)[1]
    anonymous = app.test_client()
    form = {"password": "a long enough passphrase", "confirm": "a long enough passphrase"}
    assert anonymous.post(path, data=form).status_code == 302
    assert db.session.get(User, user.id).check_password("a long enough passphrase")
    again = anonymous.post(path, data=form, follow_redirects=True)
    assert "already been used" in again.get_data(as_text=True)


def test_set_password_applies_the_rules(admin_client, app):
    admin_client.post("/admin/users/invite", data={"email": "p@example.org", "role": "volunteer"})
    user = db.session.scalar(select(User).filter_by(email="p@example.org"))
    from foia.auth.operations import password_token

    path = f"/set-password/{password_token(user)}"
    client = app.test_client()
    short = client.post(path, data={"password": "short", "confirm": "short"})
    assert "Use at least 12 characters." in short.get_data(as_text=True)
    common = client.post(path, data={"password": "password1234", "confirm": "password1234"})
    assert "too common" in common.get_data(as_text=True)
    assert db.session.get(User, user.id).password_hash == ""


def test_duplicate_invite_is_refused(admin_client):
    create_user("volunteer", email="dup@example.org")
    response = admin_client.post(
        "/admin/users/invite", data={"email": "DUP@example.org", "role": "lawyer"}
    )
    assert response.status_code == 400
    assert "There is already an account for dup@example.org." in response.get_data(as_text=True)


def test_change_role_is_audited(admin_client):
    user = create_user("volunteer")
    admin_client.post(f"/admin/users/{user.id}/role", data={"role": "lawyer"})
    assert db.session.get(User, user.id).role == "lawyer"
    event = db.session.scalar(select(AuditEvent).filter_by(action="user.role_changed"))
    assert event.data == {"old": "volunteer", "new": "lawyer"}
    assert event.user_id == admin_client.user.id


def test_last_admin_cannot_be_demoted(admin_client):
    me = admin_client.user
    response = admin_client.post(
        f"/admin/users/{me.id}/role", data={"role": "volunteer"}, follow_redirects=True
    )
    assert "at least one active admin" in response.get_data(as_text=True)
    assert db.session.get(User, me.id).role == "admin"


def test_cli_creates_user_from_stdin(runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "cli@example.org",
            "--role",
            "lawyer",
            "--password-stdin",
        ],
        input="a sturdy long passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).filter_by(email="cli@example.org"))
    assert user.check_password("a sturdy long passphrase")


def test_cli_refuses_weak_password_and_bad_role(runner):
    weak = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "w@example.org",
            "--role",
            "lawyer",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert weak.exit_code == 1 and "at least 12 characters" in weak.output
    bad_role = runner.invoke(
        args=["users", "create", "--email", "w@example.org", "--role", "king", "--password-stdin"],
        input="a sturdy long passphrase\n",
    )
    assert bad_role.exit_code == 2
    assert db.session.scalar(select(User).filter_by(email="w@example.org")) is None


def test_cli_prompts_for_password(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "p@example.org", "--role", "volunteer"],
        input="a sturdy long passphrase\na sturdy long passphrase\n",
    )
    assert result.exit_code == 0, result.output
