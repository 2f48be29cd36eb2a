"""Server-side sessions: one row per login, checked on every request.

The signed session cookie carries Flask-Login's identity ("id:version") and a random token
whose SHA-256 names a UserSession row. A request is logged in only while that row exists, its
last activity is within FOIA_SESSION_IDLE_MINUTES and its login within the absolute lifetime
(FOIA_SESSION_SECONDS, 12 hours). Deleting a row signs that browser out on its next request,
which is how "sign out everywhere else", logout, deactivation and a password change work.
Activity is written at most once a minute, so most page views cost no write and the idle
timeout is exact to within that minute.

A login whose password was right but whose second factor is still owed is not a session: it is
a short-lived note in the cookie (HELD_KEY) that only the code page reads; Flask-Login knows
nothing of it, so every other page treats the browser as logged out.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, flash, g, request, session
from flask_login import current_user, login_user, logout_user
from sqlalchemy import Select, bindparam, delete, select

from foia import clock
from foia.auth.models import User, UserSession
from foia.db import built_once
from foia.extensions import db

#: The cookie key holding this browser's session token.
TOKEN_KEY = "sid"  # noqa: S105 - a key name, not a secret
#: The cookie key holding a login that still owes its second factor.
HELD_KEY = "two_factor_login"
#: How long the code page waits for the second factor after the password.
HELD_FOR = timedelta(minutes=5)
#: Activity is recorded at most this often.
TOUCH_EVERY = timedelta(minutes=1)

ENDED = {
    "idle": "You were signed out after {minutes} minutes without activity. Log in again.",
    "expired": "Your session reached its {hours}-hour limit. Log in again.",
    "revoked": "This browser was signed out from another session. Log in again.",
}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def idle_limit() -> timedelta:
    """Return how long a session may go unused."""
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


def lifetime() -> timedelta:
    """Return how long a session may last from its login, however active."""
    return current_app.permanent_session_lifetime


def _live(now: datetime):
    """Return the SQL condition for a session that is neither idle nor too old at `now`."""
    return (UserSession.last_seen_at > now - idle_limit()) & (
        UserSession.created_at > now - lifetime()
    )


def start(user: User, *, user_agent: str, address: str, now: datetime) -> str:
    """Record a new session of `user` and return the token its cookie carries."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id, ~_live(now)))
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_hash(token),
            created_at=now,
            last_seen_at=now,
            user_agent=user_agent[:255],
            address=address[:64],
        )
    )
    db.session.flush()
    return token


def find(user: User, token: str | None, now: datetime) -> tuple[UserSession | None, str | None]:
    """Return the live session row of `user` for `token`, or None and why it ended."""
    if not token:
        return None, None
    row = db.session.scalar(select(UserSession).where(UserSession.token_hash == _hash(token)))
    return _standing(user, row, now)


def _standing(
    user: User, row: UserSession | None, now: datetime
) -> tuple[UserSession | None, str | None]:
    """Return `row` if it is a live session of `user` at `now`, or None and why it ended."""
    if row is None or row.user_id != user.id:
        return None, "revoked"
    if row.created_at <= now - lifetime():
        return None, "expired"
    if row.last_seen_at <= now - idle_limit():
        return None, "idle"
    return row, None


def active(user: User, now: datetime) -> list[UserSession]:
    """Return the live sessions of `user`, most recently used first."""
    query = (
        select(UserSession)
        .where(UserSession.user_id == user.id, _live(now))
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(db.session.scalars(query))


def sign_out_others(user: User, keep: UserSession) -> int:
    """Delete every session of `user` but `keep`; return how many were deleted."""
    result = db.session.execute(
        delete(UserSession).where(UserSession.user_id == user.id, UserSession.id != keep.id)
    )
    db.session.flush()
    return result.rowcount  # type: ignore[attr-defined]


def end_all(user: User) -> None:
    """Delete every session of `user` (logout everywhere, deactivation, new password)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    db.session.flush()


# --- this request's session -----------------------------------------------------------------


def log_in(user: User) -> None:
    """Make this browser a new, fully logged-in session of `user` (the caller commits)."""
    now = clock.now()
    token = start(
        user,
        user_agent=request.user_agent.string,
        address=request.remote_addr or "",
        now=now,
    )
    user.last_login_at = now
    session.pop(HELD_KEY, None)
    session.permanent = True  # the cookie lasts PERMANENT_SESSION_LIFETIME; the row decides
    login_user(user)
    session[TOKEN_KEY] = token


def is_live(user: User) -> bool:
    """Tell whether this request's session of `user` still stands (noted in `g`)."""
    row, reason = find(user, session.get(TOKEN_KEY), clock.now())
    g.foia_session, g.foia_session_ended = row, reason
    return row is not None


def load_user(user_id: int, version: int) -> User | None:
    """Return user `user_id` if `version` is current and this request's session still stands.

    The user and the session row its cookie names are read in one statement (they were two, on
    every logged-in page: bench/profile_load.py, 2 of the dashboard's 13 statements, 1-3 ms a
    round trip on PostgreSQL under load). What `find` decides, and the reason noted in `g`, is
    unchanged: no reason when the user is unknown, its version old or the cookie has no token.
    """
    token = session.get(TOKEN_KEY)
    found = db.session.execute(
        _user_and_session(), {"user_id": user_id, "token_hash": _hash(token or "")}
    ).first()
    if found is None or found[0].session_version != version:
        return None
    user, named = found
    # A token naming another user's session finds no row here, as `find` refuses it: revoked.
    row, reason = _standing(user, named, clock.now()) if token else (None, None)
    g.foia_session, g.foia_session_ended = row, reason
    return user if row is not None else None


@built_once
def _user_and_session() -> Select:
    """Select a user and the session row its cookie's token names (none if it names none)."""
    is_this_session = (UserSession.user_id == User.id) & (
        UserSession.token_hash == bindparam("token_hash")
    )
    return (
        select(User, UserSession)
        .outerjoin(UserSession, is_this_session)
        .where(User.id == bindparam("user_id"))
    )


def this_session() -> UserSession:
    """Return the session row of the logged-in user making this request."""
    return g.foia_session


def check_request_session() -> None:
    """Before each request: drop a dead session with a message, and note activity on a live one."""
    if request.endpoint == "static":
        return
    if not current_user.is_authenticated:
        if TOKEN_KEY in session:
            _forget_dead_session()
        return
    # The loader checked the row, unless `g` kept the user from an earlier request in the same
    # app context (tests hold one across requests): check it then.
    if g.get("foia_session") is None and not is_live(current_user):
        _forget_dead_session()
        return
    _touch(g.foia_session)


def forget_request_session(_exc: BaseException | None = None) -> None:
    """After each request: drop this request's session row from `g`."""
    g.pop("foia_session", None)
    g.pop("foia_session_ended", None)


def _touch(row: UserSession) -> None:
    now = clock.now()
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()  # the request has changed nothing else yet


def _forget_dead_session() -> None:
    reason = g.get("foia_session_ended")
    if reason in ("idle", "expired"):
        token_hash = _hash(session.get(TOKEN_KEY, ""))
        db.session.execute(delete(UserSession).where(UserSession.token_hash == token_hash))
        db.session.commit()
    logout_user()
    session.pop(TOKEN_KEY, None)
    if reason:
        hours = int(lifetime().total_seconds() // 3600)
        minutes = current_app.config["SESSION_IDLE_MINUTES"]
        flash(ENDED[reason].format(minutes=minutes, hours=hours), "info")


# --- a login waiting for its second factor -----------------------------------------------------


def hold_for_second_factor(user: User, next_path: str) -> None:
    """Remember that `user` gave the right password and now owes a code."""
    session[HELD_KEY] = {
        "identity": user.get_id(),
        "since": clock.now().timestamp(),
        "next": next_path,
    }


def is_holding() -> bool:
    """Return whether this browser has a login waiting for its second factor."""
    return HELD_KEY in session


def held_login() -> tuple[User | None, str]:
    """Return the user whose login waits for a code (None if none or timed out) and next path."""
    held = session.get(HELD_KEY)
    if not isinstance(held, dict):
        return None, "/"
    since, now = held.get("since"), clock.now().timestamp()
    if not isinstance(since, int | float) or now - since > HELD_FOR.total_seconds():
        session.pop(HELD_KEY, None)
        return None, "/"
    user_id, _, version = str(held.get("identity", "")).partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.is_active or user.get_id() != f"{user_id}:{version}":
        session.pop(HELD_KEY, None)
        return None, "/"
    return user, str(held.get("next") or "/")
