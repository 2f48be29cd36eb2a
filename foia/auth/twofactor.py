"""Two-factor sign-in: codes from an authenticator app (TOTP, RFC 6238) and recovery codes.

The secret is made and kept on the server (users.totp_secret). The enrolment page shows it as a
QR code and as text, and it takes effect only once the person confirms a code made from it.
A code is accepted from the 30-second step before now to the step after (clocks drift), and
never twice: the last accepted step is stored and moved forward by a conditional UPDATE, so
two requests racing with one code cannot both succeed, and no code of an earlier step works.

Recovery codes are RECOVERY_COUNT random codes of about 79 bits, shown once, stored as
SHA-256 (at that entropy a slow hash adds nothing), and each spent by a conditional UPDATE.
These operations flush and never commit.
"""

import hashlib
import hmac
import re
import secrets
from datetime import datetime

import pyotp
import segno
from markupsafe import Markup
from sqlalchemy import delete, func, or_, select, update

from foia import audit
from foia.auth.models import RecoveryCode, Role, User
from foia.extensions import db

#: Seconds per code (the authenticator apps' default).
STEP_SECONDS = 30
#: Steps either side of now whose codes are accepted.
DRIFT_STEPS = 1
RECOVERY_COUNT = 10
#: Letters and digits that cannot be misread on paper (no 0/o, 1/l/i).
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
RECOVERY_LENGTH = 16
#: The role from which FOIA_REQUIRE_2FA applies.
REQUIRED_FROM_ROLE = Role.LAWYER
_SEPARATORS = re.compile(r"[\s-]+")


class TwoFactorError(ValueError):
    """A code that was not accepted, with a message for people."""


def is_required(user: User, require_2fa: bool) -> bool:
    """Return whether `user` must use two-factor sign-in (lawyers and admins, when required)."""
    return require_2fa and user.has_role(REQUIRED_FROM_ROLE)


def pending_secret(user: User) -> str:
    """Return the secret `user` is enrolling with, making one the first time."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = pyotp.random_base32()
        db.session.flush()
    return user.totp_pending_secret


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    """Return the otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> Markup:
    """Return the QR code of `uri` as inline SVG (no style attributes: the CSP forbids them)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", border=4, svgclass="qr-code", lineclass=None
    )
    # The text key beside it is the accessible alternative; the image says what it is.
    labelled = svg.replace("<svg ", '<svg role="img" aria-label="QR code of the key" ', 1)
    return Markup(labelled)  # noqa: S704 - segno's own markup, with nothing from the user in it


def grouped(secret: str) -> str:
    """Return a key in groups of four characters, for typing it into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _step(now: datetime) -> int:
    return int(now.timestamp()) // STEP_SECONDS


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    code = _SEPARATORS.sub("", code)
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp, here = pyotp.TOTP(secret), _step(now)
    for step in range(here - DRIFT_STEPS, here + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Move the user's last accepted step to `step`, only if it is later (once, even in a race)."""
    result = db.session.execute(
        update(User)
        .where(User.id == user.id)
        .where(or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(user, ["totp_last_step"])
    return result.rowcount == 1  # type: ignore[attr-defined]


def _accept_app_code(user: User, secret: str, code: str, now: datetime) -> bool:
    step = _matching_step(secret, code, now)
    return step is not None and _claim_step(user, step)


def confirm_enrolment(user: User, code: str, now: datetime) -> list[str]:
    """Turn two-factor sign-in on if `code` comes from the pending secret; return recovery codes."""
    secret = user.totp_pending_secret
    if secret is None:
        raise TwoFactorError("Open the set-up page again to get a key.")
    if not _accept_app_code(user, secret, code, now):
        raise TwoFactorError(
            "That code is not right. Check that your phone's clock is set automatically"
            " and enter the code the app shows now."
        )
    user.totp_secret, user.totp_pending_secret, user.totp_enabled_at = secret, None, now
    codes = replace_recovery_codes(user, now)
    audit.record(
        "user.two_factor_on", user, f"{user.email} turned on two-factor sign-in", user=user
    )
    db.session.flush()
    return codes


def check_app_code(user: User, code: str, now: datetime) -> bool:
    """Return whether `code` is a current, unused code from the user's authenticator app."""
    return user.totp_secret is not None and _accept_app_code(user, user.totp_secret, code, now)


def check_code(user: User, code: str, now: datetime) -> str | None:
    """Accept an app code ("app") or an unused recovery code ("recovery"); None if neither."""
    if check_app_code(user, code, now):
        return "app"
    if user.totp_secret is not None and use_recovery_code(user, code, now):
        return "recovery"
    return None


def _normalised(code: str) -> str:
    return _SEPARATORS.sub("", code).lower()


def _hash(code: str) -> str:
    return hashlib.sha256(_normalised(code).encode()).hexdigest()


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def replace_recovery_codes(user: User, now: datetime) -> list[str]:
    """Replace the user's recovery codes with new ones; return them (the only time they exist)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(RECOVERY_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash(code), created_at=now))
    db.session.flush()
    return codes


def use_recovery_code(user: User, code: str, now: datetime) -> bool:
    """Spend one of the user's unused recovery codes; return whether `code` was one."""
    if len(_normalised(code)) != RECOVERY_LENGTH:
        return False
    result = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    audit.record("user.recovery_code_used", user, f"{user.email} used a recovery code", user=user)
    db.session.flush()
    return True


def recovery_codes_left(user: User) -> int:
    """Return how many of the user's recovery codes are still unused."""
    return db.session.scalars(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).one()


def turn_off(user: User, *, actor) -> None:
    """Turn two-factor sign-in off for `user` and drop their recovery codes."""
    user.totp_secret = user.totp_pending_secret = user.totp_enabled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(
        "user.two_factor_off", user, f"Two-factor sign-in turned off for {user.email}", user=actor
    )
    db.session.flush()
