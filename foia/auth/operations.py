"""Account operations: they change the session and the audit log, flush, and never commit."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from foia import audit
from foia.auth import sessions
from foia.auth.models import ROLES, Role, User
from foia.auth.passwords import password_problem, verify_password
from foia.extensions import db

SET_PASSWORD_MAX_AGE = 7 * 24 * 3600


class AccountError(ValueError):
    """An account change that cannot be made, with a message for people."""


def find_user(email: str) -> User | None:
    """Return the user with this email, ignoring case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with this email and password, or None.

    Every answer costs one password hash, so that a wrong password for a real account cannot be
    told from an unknown, invited or deactivated one by how long it takes.
    """
    user = find_user(email)
    matches = verify_password(user.password_hash if user else "", password)
    return user if user is not None and matches and user.is_enabled else None


def create_user(
    email: str, role: str, *, name: str = "", password: str | None = None, actor=None
) -> User:
    """Create a user; without a password the account waits for its invitation link."""
    email = email.strip().lower()
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: use one of {', '.join(ROLES)}.")
    if find_user(email):
        raise AccountError(f"There is already an account for {email}.")
    user = User(email=email, role=role, name=name.strip())
    if password is not None:
        if problem := password_problem(password, email):
            raise AccountError(problem)
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record("user.created", user, f"Created {email} as {role}", user=actor)
    db.session.flush()
    return user


def change_role(user: User, role: str, *, actor) -> None:
    """Give `user` a new role."""
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}.")
    if user.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_another_admin(user)
    old, user.role = user.role, role
    audit.record(
        "user.role_changed",
        user,
        f"{user.email}: {old} → {role}",
        user=actor,
        data={"old": old, "new": role},
    )
    db.session.flush()


def set_enabled(user: User, enabled: bool, *, actor) -> None:
    """Deactivate or reactivate an account; deactivation ends its sessions."""
    if not enabled and user.role == Role.ADMIN:
        _ensure_another_admin(user)
    user.is_enabled = enabled
    user.session_version += 1
    sessions.end_all(user)
    verb = "reactivated" if enabled else "deactivated"
    audit.record(f"user.{verb}", user, f"{user.email} {verb}", user=actor)
    db.session.flush()


def set_password(user: User, password: str) -> None:
    """Set a new password and end every other session."""
    if problem := password_problem(password, user.email):
        raise AccountError(problem)
    user.set_password(password)
    user.session_version += 1
    sessions.end_all(user)
    audit.record("user.password_set", user, f"{user.email} set a password", user=None)
    db.session.flush()


def end_sessions(user: User) -> None:
    """Invalidate every session of `user` (logout everywhere)."""
    user.session_version += 1
    sessions.end_all(user)


def _ensure_another_admin(user: User) -> None:
    others = db.session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.ADMIN, User.is_enabled.is_(True), User.id != user.id)
    )
    if not others:
        raise AccountError("The organisation must keep at least one active admin.")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="set-password")


def password_token(user: User) -> str:
    """Return a signed link token that lets `user` set a password once."""
    # The current hash is part of the payload, so the token dies once it has been used.
    return _serializer().dumps({"id": user.id, "h": user.password_hash[-16:]})


def user_for_token(token: str) -> User:
    """Return the user a valid, unused, unexpired token was issued for."""
    try:
        data = _serializer().loads(token, max_age=SET_PASSWORD_MAX_AGE)
    except SignatureExpired as exc:
        raise AccountError("This link has expired; ask an admin for a new one.") from exc
    except BadSignature as exc:
        raise AccountError("This link is not valid.") from exc
    user = db.session.get(User, data.get("id"))
    if user is None or not user.is_enabled or user.password_hash[-16:] != data.get("h"):
        raise AccountError("This link has already been used or is no longer valid.")
    return user
