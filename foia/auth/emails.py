"""Account emails: invitations and password resets, queued in the outbox. Never commit.

Reset links are signed, expire after RESET_MAX_AGE and work once: the payload holds the end
of the current password hash, which changes when the password is set.
"""

from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from foia import clock, mail
from foia.auth import operations
from foia.auth.models import User
from foia.extensions import db
from foia.mail.compose import external_url, render_email

#: How long a reset link works.
RESET_MAX_AGE = timedelta(hours=2)
#: At most one reset email per account per this many minutes (the outbox key's slot).
RESET_EMAIL_EVERY_MINUTES = 15


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="reset-password")


def reset_token(user: User) -> str:
    """Return a signed token that lets `user` choose a new password once, for a short time."""
    return _reset_serializer().dumps({"id": user.id, "h": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User:
    """Return the user of a valid, unused, unexpired reset token."""
    try:
        data = _reset_serializer().loads(token, max_age=int(RESET_MAX_AGE.total_seconds()))
    except SignatureExpired as exc:
        raise operations.AccountError("This link has expired; ask for a new one.") from exc
    except BadSignature as exc:
        raise operations.AccountError("This link is not valid.") from exc
    user = db.session.get(User, data.get("id"))
    if user is None or not user.is_enabled or user.password_hash[-16:] != data.get("h"):
        raise operations.AccountError("This link has already been used or is no longer valid.")
    return user


def email_password_reset(email: str) -> mail.OutboundEmail | None:
    """Queue a reset link for the account of `email`, if there is an active one; return it."""
    user = operations.find_user(email)
    if user is None or not user.is_enabled:
        return None
    slot = int(clock.now().timestamp() // (RESET_EMAIL_EVERY_MINUTES * 60))
    link = external_url("auth.reset_password", token=reset_token(user))
    context = {"user": user, "link": link, "hours": int(RESET_MAX_AGE.total_seconds() // 3600)}
    return mail.queue_email(
        user.email,
        "Reset your foia password",
        render_email("password_reset.txt", **context),
        kind=mail.OutboundKind.PASSWORD_RESET,
        body_html=render_email("password_reset.html", **context),
        key=f"password-reset:{user.id}:{slot}",
        user_id=user.id,
    )


def email_invitation(user: User, inviter: User) -> None:
    """Queue the invitation link (the set-password link, valid 7 days) to a new account."""
    link = external_url("auth.set_password", token=operations.password_token(user))
    context = {
        "user": user,
        "link": link,
        "inviter": inviter.display_name,
        "days": operations.SET_PASSWORD_MAX_AGE // 86400,
    }
    mail.queue_email(
        user.email,
        "You are invited to foia",
        render_email("invitation.txt", **context),
        kind=mail.OutboundKind.INVITATION,
        body_html=render_email("invitation.html", **context),
        user_id=user.id,
    )
