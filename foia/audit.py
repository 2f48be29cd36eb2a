"""The audit log: who changed what, and when. Operations write to it; nothing deletes from it."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foia.db import UTCDateTime, utcnow
from foia.extensions import db


class AuditEvent(db.Model):
    """One recorded change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When the change happened (UTC).
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: Who made it; empty for commands run by cron or the seed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: A dotted verb such as "agency.created" or "user.role_changed".
    action: Mapped[str] = mapped_column(String(64), index=True)
    #: The kind of object changed, e.g. "agency".
    object_type: Mapped[str] = mapped_column(String(40))
    #: The changed object's id.
    object_id: Mapped[int | None] = mapped_column(index=True)
    #: A sentence for people.
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Structured detail, such as old and new values.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


def record(
    action: str,
    obj: Any,
    summary: str = "",
    *,
    user: Any = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add an audit event for `obj` to the session (the caller flushes and commits)."""
    event = AuditEvent(
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        user_id=getattr(user, "id", None) if user is not None and user.is_authenticated else None,
        summary=summary,
        data=data or {},
    )
    db.session.add(event)
    return event


def current_actor() -> Any:
    """Return the logged-in user, or None outside a web request (CLI, cron)."""
    from flask import has_request_context
    from flask_login import current_user

    if has_request_context() and current_user.is_authenticated:
        return current_user._get_current_object()
    return None
