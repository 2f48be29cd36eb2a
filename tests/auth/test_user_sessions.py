"""Issue #14 §3: a record of every session, an idle timeout, and "sign out everywhere else"."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foia import clock
from foia.audit import AuditEvent
from foia.auth import operations
from foia.auth.models import User, UserSession
from foia.extensions import db
from tests.auth.helpers import log_in
from tests.support.factories import create_user, login_as
from tests.support.html import page

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
PHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Mobile Safari/604.1"


def _rows(user) -> list[UserSession]:
    return list(db.session.scalars(select(UserSession).filter_by(user_id=user.id)))


def _browser(app, user_agent: str, address: str = "192.0.2.10"):
    client = app.test_client()
    client.environ_base.update(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    return client


def _age(row: UserSession, *, idle: timedelta | None = None, since: timedelta | None = None):
    """Move a session's last activity and login back in time."""
    now = clock.now()
    if idle is not None:
        row.last_seen_at = now - idle
    if since is not None:
        row.created_at = now - since
    db.session.commit()


def test_a_login_records_its_session(app):
    user = create_user("volunteer", email="val@example.org")
    before = clock.now()
    assert log_in(_browser(app, FIREFOX, "198.51.100.4"), "val@example.org").status_code == 302
    [row] = _rows(user)
    assert row.user_agent == FIREFOX and row.address == "198.51.100.4"
    assert before <= row.created_at == row.last_seen_at <= clock.now()
    assert len(row.token_hash) == 64


def test_the_page_lists_my_sessions_and_marks_this_one(app):
    user = create_user("lawyer", email="law@example.org")
    laptop, phone = _browser(app, FIREFOX), _browser(app, PHONE, "203.0.113.9")
    log_in(laptop, "law@example.org")
    log_in(phone, "law@example.org")
    log_in(_browser(app, "someone else's browser"), create_user("lawyer").email)
    response = laptop.get("/account/sessions")
    assert response.status_code == 200
    shown = page(response)
    rows = shown.table()
    assert len(rows) == 2
    browsers = {row["Browser"] for row in rows}
    assert browsers == {f"{FIREFOX} This browser", PHONE}
    assert {row["Address"] for row in rows} == {"192.0.2.10", "203.0.113.9"}
    [current] = shown.all('tbody tr[aria-current="true"]')
    assert FIREFOX in "".join(current.itertext())
    assert len(_rows(user)) == 2


def test_sign_out_everywhere_else_ends_the_other_sessions_only(app):
    user = create_user("lawyer", email="law@example.org")
    here, phone, tablet = (_browser(app, agent) for agent in (FIREFOX, PHONE, "Tablet"))
    for client in (here, phone, tablet):
        log_in(client, "law@example.org")
    done = here.post("/account/sessions/sign-out-others", follow_redirects=True)
    assert page(done).flashes() == ["Signed out 2 other sessions. This browser stays logged in."]
    assert here.get("/").status_code == 200
    for client in (phone, tablet):
        refused = client.get("/", follow_redirects=True)
        assert refused.request.path == "/login"
        assert "This browser was signed out from another session. Log in again." in (
            page(refused).flashes()
        )
        assert client.get("/").status_code == 302  # and it stays signed out
    [left] = _rows(user)
    assert left.user_agent == FIREFOX
    actions = db.session.scalars(select(AuditEvent.action).filter_by(object_id=user.id)).all()
    assert "user.signed_out_others" in actions


def test_a_copied_cookie_of_a_signed_out_session_does_not_work(app):
    create_user("lawyer", email="law@example.org")
    here, there = _browser(app, FIREFOX), _browser(app, PHONE)
    log_in(here, "law@example.org")
    log_in(there, "law@example.org")
    stolen = there.get_cookie("session").value
    here.post("/account/sessions/sign-out-others")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/").status_code == 302


@pytest.mark.parametrize(
    ("idle", "is_signed_out"),
    [(timedelta(minutes=59), False), (timedelta(minutes=60, seconds=1), True)],
    ids=["active-59-minutes-ago", "idle-over-60-minutes"],
)
def test_the_idle_timeout_counts_from_the_last_activity(app, idle, is_signed_out):
    user = create_user("volunteer", email="val@example.org")
    client = _browser(app, FIREFOX)
    log_in(client, "val@example.org")
    # Logged in 5 hours ago: only the last activity matters, not the login.
    _age(_rows(user)[0], idle=idle, since=timedelta(hours=5))
    response = client.get("/", follow_redirects=True)
    if is_signed_out:
        assert response.request.path == "/login"
        assert page(response).flashes()[0] == (
            "You were signed out after 60 minutes without activity. Log in again."
        )
        assert _rows(user) == []
    else:
        assert response.request.path == "/"
        [row] = _rows(user)
        assert clock.now() - row.last_seen_at < timedelta(seconds=5)  # the activity is noted


def test_activity_is_written_at_most_once_a_minute(app):
    user = create_user("volunteer", email="val@example.org")
    client = login_as(app.test_client(), user)
    row = _rows(user)[0]
    _age(row, idle=timedelta(seconds=20))
    seen = row.last_seen_at
    assert client.get("/").status_code == 200
    db.session.expire_all()
    assert _rows(user)[0].last_seen_at == seen


def test_the_idle_timeout_follows_its_setting(app, monkeypatch):
    monkeypatch.setitem(app.config, "SESSION_IDLE_MINUTES", 5)
    user = create_user("volunteer")
    client = login_as(app.test_client(), user)
    _age(_rows(user)[0], idle=timedelta(minutes=6))
    response = client.get("/", follow_redirects=True)
    assert "after 5 minutes without activity" in page(response).flashes()[0]


def test_the_absolute_lifetime_still_ends_an_active_session(app):
    user = create_user("volunteer")
    client = login_as(app.test_client(), user)
    _age(_rows(user)[0], idle=timedelta(minutes=1), since=timedelta(hours=12, minutes=1))
    response = client.get("/", follow_redirects=True)
    assert response.request.path == "/login"
    assert page(response).flashes()[0] == "Your session reached its 12-hour limit. Log in again."


def test_a_cookie_without_a_session_record_is_refused(app):
    user = create_user("volunteer")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()  # a forged or pre-upgrade cookie: no session token
    assert client.get("/").status_code == 302


def test_another_accounts_session_token_is_refused(app):
    mine, theirs = create_user("volunteer"), create_user("admin")
    client = login_as(app.test_client(), mine)
    with client.session_transaction() as session:
        session["_user_id"] = theirs.get_id()  # keep my token, claim their identity
    assert client.get("/").status_code == 302


def test_logout_password_change_and_deactivation_delete_the_records(app, admin_client):
    user = create_user("lawyer")
    for _ in range(2):
        login_as(app.test_client(), user)
    client = login_as(app.test_client(), user)
    client.post("/logout")
    assert _rows(user) == []
    login_as(app.test_client(), user)
    operations.set_password(db.session.get(User, user.id), "a much longer passphrase")
    db.session.commit()
    assert _rows(user) == []
    login_as(app.test_client(), user)
    admin_client.post(f"/admin/users/{user.id}/active")
    assert _rows(user) == []


def test_a_new_login_clears_the_accounts_ended_sessions(app):
    user = create_user("volunteer", email="val@example.org")
    old = login_as(app.test_client(), user)
    _age(_rows(user)[0], idle=timedelta(hours=2))
    log_in(app.test_client(), "val@example.org")
    assert len(_rows(user)) == 1
    assert old.get("/").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1
