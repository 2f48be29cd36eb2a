"""The audit log: who changed what, and when. Operations write to it; nothing deletes from it."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foia.db import UTCDateTime, utcnow
from foia.extensions import Model, db


class Action(StrEnum):
    """Every audit action, as stored in `AuditEvent.action` (tests/auditlog checks each caller)."""

    AGENCY_CREATED = "agency.created"
    AGENCY_IMPORTED = "agency.imported"
    AGENCY_UPDATED = "agency.updated"
    APPEAL_DRAFTED = "appeal.drafted"
    APPEAL_EDITED = "appeal.edited"
    APPEAL_FILED = "appeal.filed"
    APPEAL_REVIEWED = "appeal.reviewed"
    #: A lawyer left an agency out of a campaign's filing (issue 16), or put it back.
    CAMPAIGN_AGENCY_LEFT_OUT = "campaign.agency_left_out"
    CAMPAIGN_AGENCY_PUT_BACK = "campaign.agency_put_back"
    #: A lawyer added agencies to a campaign after its creation, or removed an unfiled one
    #: (its draft request discarded; the entry keeps its reference and letter's hash) (#18).
    CAMPAIGN_AGENCIES_ADDED = "campaign.agencies_added"
    CAMPAIGN_AGENCY_REMOVED = "campaign.agency_removed"
    CAMPAIGN_APPROVED = "campaign.approved"
    CAMPAIGN_CHANNEL_CHANGED = "campaign.channel_changed"
    CAMPAIGN_CREATED = "campaign.created"
    #: A lawyer turned a campaign's public tracker on or off, or moved its address or embargo (#17).
    CAMPAIGN_PUBLISHING_CHANGED = "campaign.publishing_changed"
    CAMPAIGN_UPDATED = "campaign.updated"
    CATEGORY_CREATED = "category.created"
    CATEGORY_UPDATED = "category.updated"
    CLOSURE_ADDED = "closure.added"
    CLOSURE_REMOVED = "closure.removed"
    DEADLINE_MOVED = "deadline.moved"
    DELIVERY_FAILURE_RESOLVED = "delivery_failure.resolved"
    DOCUMENT_ATTACHED = "document.attached"
    #: A lawyer released a document on its campaign's public pages, or withdrew it (#17).
    DOCUMENT_MADE_PUBLIC = "document.made_public"
    DOCUMENT_MADE_PRIVATE = "document.made_private"
    FACE_POLICY_CREATED = "face_policy.created"
    FACE_POLICY_UPDATED = "face_policy.updated"
    FEED_CREATED = "feed.created"
    #: Findings suggested from a document's text, and a lawyer's decision on one (#17).
    FINDING_CONFIRMED = "finding.confirmed"
    FINDING_REJECTED = "finding.rejected"
    FINDINGS_SUGGESTED = "finding.suggested"
    FEED_REVOKED = "feed.revoked"
    INBOX_ASSIGNED = "inbox.assigned"
    INBOX_IMPORTED = "inbox.imported"
    INBOX_SUGGESTION_CONFIRMED = "inbox.suggestion_confirmed"
    INBOX_SUGGESTION_DISMISSED = "inbox.suggestion_dismissed"
    INBOX_UNASSIGNED = "inbox.unassigned"
    LETTER_DRAFTED = "letter.drafted"
    #: A privileged note was shown to someone (who, which note, and on which page).
    NOTE_PRIVILEGED_READ = "note.privileged_read"
    ORGANISATION_UPDATED = "organisation.updated"
    REQUEST_APPROVED = "request.approved"
    REQUEST_ASSIGNED = "request.assigned"
    #: A lawyer closed a request with a reason (issue 16), or reopened it saying why.
    REQUEST_CLOSED = "request.closed"
    REQUEST_CORRECTION_SENT = "request.correction_sent"
    REQUEST_CREATED = "request.created"
    REQUEST_EVENT_ADDED = "request.event_added"
    REQUEST_EVENT_REMOVED = "request.event_removed"
    #: A removed ledger event put back (issue 16).
    REQUEST_EVENT_RESTORED = "request.event_restored"
    REQUEST_FILED = "request.filed"
    REQUEST_FILED_AGAIN = "request.filed_again"
    #: A filing attempt that could not go, with its reason in words (issue 16).
    REQUEST_FILING_FAILED = "request.filing_failed"
    REQUEST_FILING_QUEUED_AGAIN = "request.filing_queued_again"
    REQUEST_FOLLOW_UP_SENT = "request.follow_up_sent"
    REQUEST_NOT_DELIVERED = "request.not_delivered"
    REQUEST_REOPENED = "request.reopened"
    REQUEST_TRACKING_ADDED = "request.tracking_added"
    RESPONSE_FEE_RECORDED = "response.fee_recorded"
    RESPONSE_LOGGED = "response.logged"
    RESPONSE_NOTE_ADDED = "response.note_added"
    RESPONSE_OUTCOMES_CODED = "response.outcomes_coded"
    SIGNATURE_UPDATED = "signature.updated"
    TEMPLATE_UPDATED = "template.updated"
    USER_CREATED = "user.created"
    USER_DEACTIVATED = "user.deactivated"
    USER_PASSWORD_SET = "user.password_set"  # noqa: S105 - an action's name, not a password
    USER_REACTIVATED = "user.reactivated"
    USER_RECOVERY_CODE_USED = "user.recovery_code_used"
    USER_RECOVERY_CODES_REPLACED = "user.recovery_codes_replaced"
    USER_ROLE_CHANGED = "user.role_changed"
    USER_SIGNED_OUT_OTHERS = "user.signed_out_others"
    USER_TWO_FACTOR_OFF = "user.two_factor_off"
    USER_TWO_FACTOR_ON = "user.two_factor_on"

    @property
    def label(self) -> str:
        """Return the action as people read it: "request.event_added" -> "Request: event added"."""
        subject, _, verb = self.value.partition(".")
        return f"{subject.replace('_', ' ').capitalize()}: {verb.replace('_', ' ')}"


class AuditEvent(Model):
    """One recorded change."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When the change happened (UTC).
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    #: Who made it; empty for commands run by cron or the seed.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: A dotted verb such as "agency.created" or "user.role_changed": one of `Action`.
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
