"""Users, their two-factor credentials and sessions, and login throttling."""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import Boolean, ColumnElement, ForeignKey, String, func
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column

from foia.auth.passwords import hash_password, verify_password
from foia.db import TimestampMixin, UTCDateTime, utcnow
from foia.extensions import Model


class Role(StrEnum):
    """A user's role; the roles form a ladder, in this order (see User.has_role)."""

    VOLUNTEER = "volunteer"
    LAWYER = "lawyer"
    ADMIN = "admin"


#: Roles form a ladder: each role may do everything the roles before it may.
ROLES: tuple[Role, ...] = tuple(Role)


def roles_from(role: Role) -> tuple[Role, ...]:
    """Return `role` and the roles above it on the ladder (those User.has_role accepts)."""
    return ROLES[ROLES.index(role) :]


class User(UserMixin, TimestampMixin, Model):
    """A person in the organisation."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Login name and where mail goes, stored lower-case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    #: Display name.
    name: Mapped[str] = mapped_column(String(120), default="")
    #: One of Role.
    role: Mapped[str] = mapped_column(String(20))
    #: scrypt hash; empty until an invited user sets a password.
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    #: False once an admin deactivates the account (rows are never deleted: the audit log
    #: names them).
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Bumped on logout and password change so that old sessions stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    #: Last successful login (UTC).
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Base32 TOTP secret once two-factor sign-in is on; None while it is off.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: The secret shown on the enrolment page, until a code from it is confirmed.
    totp_pending_secret: Mapped[str | None] = mapped_column(String(64))
    #: The 30-second time step of the last accepted code: no code of it or before is taken again.
    totp_last_step: Mapped[int | None] = mapped_column()
    #: When two-factor sign-in was turned on (UTC).
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_active(self) -> bool:
        """Tell Flask-Login whether this account may hold a session."""
        return self.is_enabled

    def get_id(self) -> str:
        """Return the session identity, which changes when sessions are revoked."""
        return f"{self.id}:{self.session_version}"

    def set_password(self, password: str) -> None:
        """Store a strong hash of `password`."""
        self.password_hash = hash_password(password)

    def check_password(self, password: str) -> bool:
        """Return whether `password` matches."""
        return verify_password(self.password_hash, password)

    def has_role(self, role: str) -> bool:
        """Return whether this user's role is `role` or above it on the ladder."""
        return self.role in roles_from(Role(role))

    @property
    def has_two_factor(self) -> bool:
        """Return whether a login needs a code from an authenticator app after the password."""
        return self.totp_secret is not None

    @hybrid_property
    def display_name(self) -> str:
        """Return the name, or the email when no name is set."""
        return self.name or self.email

    @display_name.inplace.expression
    @classmethod
    def _display_name_expression(cls) -> ColumnElement[str]:
        # The same rule in SQL, for lists that read people as rows.
        return func.coalesce(func.nullif(cls.name, ""), cls.email)


class LoginFailure(Model):
    """A failed login, kept for a while to slow down and then refuse guessing."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "account:<email>" or "address:<ip>".
    key: Mapped[str] = mapped_column(String(300), index=True)
    #: When the attempt failed (UTC).
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RecoveryCode(Model):
    """A one-time code that stands in for the authenticator app (a lost phone)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose code it is.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the normalised code (the code itself is shown once and never stored).
    code_hash: Mapped[str] = mapped_column(String(64))
    #: When it was used (UTC); a used code never works again.
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When it was issued (UTC).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class UserSession(Model):
    """One logged-in browser: the cookie names it, and deleting the row signs it out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Whose session it is.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the random token kept in the session cookie.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: When the person logged in (UTC): the absolute lifetime counts from here.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The last request seen (UTC, to the minute): the idle timeout counts from here.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: The browser's User-Agent at login, cut to 255 characters.
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    #: The client's address at login.
    address: Mapped[str] = mapped_column(String(64), default="")
