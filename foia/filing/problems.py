"""Why requests were not filed, in plain words: recorded when an attempt fails, shown everywhere.

A filing attempt that cannot even queue its email (the agency has no address, the letter's PDF
is missing) leaves no outbox row, so it is recorded as an audit event with its reason; one whose
email was queued but not sent has its reason in the outbox row. The campaign page, the request
page and the dashboard's "Filing problems" list all read both here, so no failure stays only in
a worker's log file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, func, or_, select

from foia import audit
from foia.audit import Action, AuditEvent
from foia.campaigns.models import CampaignAgency
from foia.db import built_once
from foia.extensions import db
from foia.filing.operations import filing_email_key, is_filed
from foia.letters.operations import current_letter
from foia.mail.models import OutboundEmail, problem
from foia.requests.models import ClockEvent, RecordsRequest

#: How audit events name a request (foia.audit.record: the model's class name, lower case).
REQUEST_TYPE = "recordsrequest"


@dataclass(frozen=True)
class FilingProblem:
    """One unfiled request whose last filing attempt failed, for the dashboard's list."""

    request_id: int
    reference: str
    agency: str
    reason: str
    at: datetime


def record_failure(records_request: RecordsRequest, reason: str, *, actor=None) -> None:
    """Record that filing the request failed, and why (flushes; the caller commits)."""
    audit.record(
        Action.REQUEST_FILING_FAILED,
        records_request,
        f"{records_request.reference} not filed: {reason}",
        user=actor,
        data={"reason": reason},
    )
    db.session.flush()


def recorded_failures(request_ids: list[int]) -> dict[int, str]:
    """Return {request id: the reason of its latest recorded failed attempt} in one query."""
    if not request_ids:
        return {}
    latest = (
        select(func.max(AuditEvent.id))
        .where(
            AuditEvent.action == Action.REQUEST_FILING_FAILED,
            AuditEvent.object_type == REQUEST_TYPE,
            AuditEvent.object_id.in_(request_ids),
        )
        .group_by(AuditEvent.object_id)
    )
    rows = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.data).where(AuditEvent.id.in_(latest))
    )
    return {request_id: (data or {}).get("reason", "") for request_id, data in rows}


def open_problems(limit: int = 50) -> list[FilingProblem]:
    """Return the unfiled, not left out requests whose last filing attempt failed, newest first."""
    found = {p.request_id: p for p in _recorded_open(limit)}
    # An outbox row is newer than a failure to queue it: its reason replaces the recorded one.
    found.update({p.request_id: p for p in _outbox_open(limit)})
    return sorted(found.values(), key=lambda p: p.at, reverse=True)[:limit]


def _still_open():
    """Return the condition: the request is neither filed nor left out of its campaign."""
    filed = select(ClockEvent.request_id).where(ClockEvent.kind == "filed", ClockEvent.active())
    left_out = select(CampaignAgency.id).where(
        CampaignAgency.campaign_id == RecordsRequest.campaign_id,
        CampaignAgency.agency_id == RecordsRequest.agency_id,
        CampaignAgency.left_out_at.is_not(None),
    )
    return and_(RecordsRequest.id.not_in(filed), ~left_out.exists())


def _recorded_open(limit: int) -> list[FilingProblem]:
    rows = db.session.execute(_recorded_open_query(), {"limit": limit})
    return [
        FilingProblem(r.id, r.reference or "", r.agency.name, (data or {}).get("reason", ""), at)
        for r, data, at in rows
    ]


@built_once
def _recorded_open_query() -> Select:
    latest = (
        select(func.max(AuditEvent.id))
        .where(
            AuditEvent.action == Action.REQUEST_FILING_FAILED,
            AuditEvent.object_type == REQUEST_TYPE,
        )
        .group_by(AuditEvent.object_id)
    )
    queued = select(OutboundEmail.request_id).where(
        OutboundEmail.kind == "filing", OutboundEmail.request_id.is_not(None)
    )
    return (
        select(RecordsRequest, AuditEvent.data, AuditEvent.at)
        .join(AuditEvent, AuditEvent.object_id == RecordsRequest.id)
        .where(AuditEvent.id.in_(latest), _still_open(), RecordsRequest.id.not_in(queued))
        .order_by(AuditEvent.id.desc())
        .limit(bindparam("limit"))
    )


def _outbox_open(limit: int) -> list[FilingProblem]:
    rows = db.session.execute(_outbox_open_query(), {"limit": limit})
    return [
        FilingProblem(
            r.id,
            r.reference or "",
            r.agency.name,
            problem(e.last_error, is_failed=e.is_failed),
            e.failed_at or e.queued_at,
        )
        for r, e in rows
    ]


@built_once
def _outbox_open_query() -> Select:
    return (
        select(RecordsRequest, OutboundEmail)
        .join(OutboundEmail, OutboundEmail.request_id == RecordsRequest.id)
        .where(
            OutboundEmail.kind == "filing",
            OutboundEmail.sent_at.is_(None),
            or_(OutboundEmail.last_error != "", OutboundEmail.failed_at.is_not(None)),
            _still_open(),
        )
        .order_by(OutboundEmail.id.desc())
        .limit(bindparam("limit"))
    )


def unqueued_failure(records_request: RecordsRequest) -> str:
    """Return why the request's last filing attempt failed before its email was queued ("").

    A queued email's own problems are shown by the outbox section of the request page.
    """
    letter = current_letter(records_request)
    if letter is None or is_filed(records_request):
        return ""
    if db.session.scalar(select(OutboundEmail.id).filter_by(key=filing_email_key(letter))):
        return ""
    return recorded_failures([records_request.id]).get(records_request.id, "")
