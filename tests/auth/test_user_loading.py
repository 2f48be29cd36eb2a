"""Issue #18: each logged-in request reads its user and session row in one statement.

The loader is called directly in a request context of its own: the test client's requests share
the test's app context, where Flask-Login keeps the first request's user and skips the loader.
"""

from datetime import timedelta

import pytest
from flask import g, session

from foia import clock
from foia.auth import sessions
from foia.auth.views import load_user
from foia.extensions import db
from tests.support.factories import create_user
from tests.support.statements import statements_sent


def _start(user) -> str:
    token = sessions.start(user, user_agent="test", address="127.0.0.1", now=clock.now())
    db.session.commit()
    return token


def _load(app, identity: str, token: str | None):
    """Run the user loader for a cookie of `identity` and `token`; return it and what it noted."""
    db.session.expunge_all()  # read from the database, not the session's identity map
    with statements_sent() as statements, app.test_request_context():
        if token is not None:
            session[sessions.TOKEN_KEY] = token
        user = load_user(identity)
        noted = (g.get("foia_session"), g.get("foia_session_ended"))
    return user, noted, statements


def test_a_live_session_loads_its_user_and_row_in_one_statement(app):
    user = create_user("volunteer")
    token = _start(user)
    loaded, (row, reason), statements = _load(app, user.get_id(), token)
    assert loaded is not None and loaded.id == user.id
    assert row.user_id == user.id and row.token_hash == sessions._hash(token)
    assert reason is None
    assert len(statements) == 1, statements  # were two: the user, then its session row


@pytest.mark.parametrize(
    ("idle", "since", "reason"),
    [
        (timedelta(minutes=61), timedelta(hours=2), "idle"),
        (timedelta(minutes=1), timedelta(hours=12, minutes=1), "expired"),
    ],
    ids=["idle", "expired"],
)
def test_an_ended_session_loads_no_user_and_says_why(app, idle, since, reason):
    user = create_user("volunteer")
    token = _start(user)
    row = sessions.find(user, token, clock.now())[0]
    row.last_seen_at, row.created_at = clock.now() - idle, clock.now() - since
    db.session.commit()
    assert _load(app, user.get_id(), token)[:2] == (None, (None, reason))


def test_a_token_of_no_session_or_of_another_account_is_revoked(app):
    mine, theirs = create_user("volunteer"), create_user("admin")
    their_token = _start(theirs)
    _start(mine)
    assert _load(app, mine.get_id(), "no-such-token")[:2] == (None, (None, "revoked"))
    assert _load(app, mine.get_id(), their_token)[:2] == (None, (None, "revoked"))


def test_no_token_an_old_version_or_an_unknown_user_load_nobody_without_a_reason(app):
    user = create_user("volunteer")
    token = _start(user)
    assert _load(app, user.get_id(), None)[:2] == (None, (None, None))
    old = f"{user.id}:{user.session_version - 1}"
    assert _load(app, old, token)[:2] == (None, (None, None))
    assert _load(app, "999999:1", token)[:2] == (None, (None, None))


def test_the_statement_is_built_once_and_binds_each_request_s_user_and_token(app, monkeypatch):
    """built_once keeps the statement, not its values: two users in a row each get their own."""
    first, second = create_user("volunteer"), create_user("lawyer")
    users = [(u.id, u.get_id(), _start(u)) for u in (first, second)]
    built = []
    real = sessions._user_and_session.__wrapped__
    monkeypatch.setattr(
        sessions,
        "_user_and_session",
        sessions.built_once(lambda: built.append(1) or real()),
    )
    for user_id, identity, token in (*users, users[0]):
        loaded, (row, _), _ = _load(app, identity, token)
        assert loaded.id == user_id
        assert row.token_hash == sessions._hash(token)
    assert built == [1]
    # Another user's token names no session of this one: refused, as before.
    loaded, (row, _), _ = _load(app, users[0][1], users[1][2])
    assert loaded is None and row is None
