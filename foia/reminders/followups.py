"""Follow-up letters to agencies that missed a deadline: draft, send by the request's channel.

A follow-up goes out at most once per interval (the campaign's, or FOLLOW_UP_BUSINESS_DAYS): the
outbox key names the interval, so even two overlapping runs cannot send two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import select

from foia import audit, clock, mail
from foia.deadlines.kinds import ClockKind, EventKind
from foia.extensions import db
from foia.letters.compose import requester_for
from foia.reminders import letter as letter_text
from foia.reminders.models import FollowUpPolicy
from foia.reminders.selection import REQUESTER_CLOCKS, appeal_step
from foia.requests import clocks
from foia.requests.models import (
    Channel,
    Communication,
    DeadlineSnapshot,
    Direction,
    LetterKind,
    RecordsRequest,
    RequestLetter,
)
from foia.requests.open_deadlines import is_open, open_deadline

#: Clocks whose miss a follow-up is about (the agency's duties, not ours).
#: Agency deadlines whose miss offers a follow-up letter.
AGENCY_CLOCKS = (
    ClockKind.RESPONSE,
    ClockKind.EXTENDED_RESPONSE,
    ClockKind.PRODUCTION,
    ClockKind.PRODUCTION_LIMIT,
    ClockKind.FINAL_DECISION,
    ClockKind.COMPLETION,
    ClockKind.RULING_BRIEF,  # missed: the information is presumed public (Tex. Gov't Code §552.302)
    ClockKind.FOLLOW_UP,
)


class FollowUpError(ValueError):
    """A follow-up that cannot be sent now, with a message for people."""


@dataclass(frozen=True)
class Overdue:
    """The agency clock a follow-up is about."""

    kind: str
    due_on: date
    business_days: int


def _calendar(records_request: RecordsRequest):
    return clocks.calendar_of(records_request.agency, clocks.load_closures())


def overdue_clock(records_request: RecordsRequest, today: date) -> Overdue | None:
    """Return the earliest missed, unanswered agency clock of the request, if any."""
    missed = sorted(
        (s for s in records_request.snapshots if _is_missed(s, today)),
        key=lambda s: (s.due_on, s.kind),
    )
    if not missed or records_request.closed_at is not None:
        return None
    first = missed[0]
    due_on = first.due_on
    if due_on is None:  # never: _is_missed keeps only clocks with a date (this tells mypy)
        return None
    days = -_calendar(records_request).business_days_between(today, due_on)
    return Overdue(first.kind, due_on, days)


def _is_missed(snapshot: DeadlineSnapshot, today: date) -> bool:
    return (
        snapshot.kind in AGENCY_CLOCKS
        and snapshot.kind not in REQUESTER_CLOCKS
        and is_open(snapshot.is_settled)
        and snapshot.due_on is not None
        and snapshot.due_on < today
    )


def interval_for(records_request: RecordsRequest) -> int:
    """Return the business days between follow-ups for the request."""
    policy = _policy(records_request.campaign_id)
    if policy is not None:
        return policy.interval_days
    return current_app.config["FOLLOW_UP_BUSINESS_DAYS"]


def _policy(campaign_id: int | None) -> FollowUpPolicy | None:
    if campaign_id is None:
        return None
    return db.session.scalar(select(FollowUpPolicy).filter_by(campaign_id=campaign_id))


def _tracking_numbers(records_request: RecordsRequest) -> tuple[str, ...]:
    try:  # the agency's numbers come with the responses domain
        from foia.responses.models import TrackingNumber
    except ImportError:  # pragma: no cover - only while that domain is absent
        return ()
    return tuple(
        db.session.scalars(
            select(TrackingNumber.number)
            .where(TrackingNumber.request_id == records_request.id)
            .order_by(TrackingNumber.id)
        )
    )


def draft(records_request: RecordsRequest, today: date) -> letter_text.FollowUpLetter:
    """Return the follow-up letter for an overdue request (not stored)."""
    overdue = overdue_clock(records_request, today)
    if overdue is None:
        raise FollowUpError("No agency deadline of this request has passed unanswered.")
    law = clocks.law_for(records_request)
    # Signed as the request letter was: the owner's name and title from the first-run setup.
    signer = requester_for(records_request.owner)
    filed = next((e.occurred_on for e in records_request.events if e.kind == EventKind.FILED), None)
    facts = letter_text.FollowUpFacts(
        reference=records_request.reference or f"#{records_request.id}",
        agency=records_request.agency.name,
        records_officer=records_request.agency.records_officer,
        law_name=law.name,
        law_citation=law.citation,
        filed_on=filed,
        due_on=overdue.due_on,
        business_days_overdue=overdue.business_days,
        tracking_numbers=_tracking_numbers(records_request),
        signer="\n".join(line for line in (signer.name, signer.title) if line),
        organisation=signer.organisation,
        appeal_text=appeal_step(law),
    )
    return letter_text.compose(facts, today)


def last_follow_up_on(records_request: RecordsRequest) -> date | None:
    """Return the day the latest follow-up went out, if any."""
    sent = [
        letter.sent_at
        for letter in records_request.letters
        if letter.kind == LetterKind.FOLLOW_UP and letter.sent_at
    ]
    return max(sent).astimezone(clock.local_zone()).date() if sent else None


def channel_of(records_request: RecordsRequest) -> str:
    """Return how the follow-up travels: the request's filing channel, email by default."""
    return records_request.filing_channel or (
        Channel.EMAIL if records_request.agency.email else Channel.MAIL
    )


def send(records_request: RecordsRequest, today: date, *, actor) -> RequestLetter:
    """Store the follow-up and send it by the request's channel (email through the outbox)."""
    overdue = overdue_clock(records_request, today)
    if overdue is None:
        raise FollowUpError("No agency deadline of this request has passed unanswered.")
    interval = interval_for(records_request)
    last = last_follow_up_on(records_request)
    if (
        last is not None
        and _calendar(records_request).business_days_between(last, today) < interval
    ):
        raise FollowUpError(
            f"A follow-up went out on {last:%a} {last.day} {last:%b %Y}; the next may go"
            f" {interval} business days after it."
        )
    composed = draft(records_request, today)
    letter = RequestLetter(
        request_id=records_request.id,
        kind=LetterKind.FOLLOW_UP,
        subject=composed.subject,
        body_html=composed.body_html,
        body_text=composed.body_text,
        sent_at=clock.now(),
    )
    db.session.add(letter)
    db.session.flush()
    channel = channel_of(records_request)
    agency = records_request.agency
    email = None
    if channel == Channel.EMAIL:
        email = _queue(records_request, composed, overdue, interval)
    db.session.add(
        Communication(
            request_id=records_request.id,
            direction=Direction.OUT,
            channel=channel,
            occurred_on=today,
            sender=current_app.config["LETTER_EMAIL"] or current_app.config["MAIL_FROM"],
            recipient=agency.email if channel == Channel.EMAIL else _recipient(agency, channel),
            subject=composed.subject,
            body=composed.body_text,
            letter_id=letter.id,
            recorded_by_id=getattr(actor, "id", None),
            outbound_email_id=email.id if email else None,
            tracking=email.message_id if email else "",
        )
    )
    audit.record(
        "request.follow_up_sent",
        records_request,
        f"Follow-up sent by {channel}: {overdue.business_days} business days after the"
        f" {overdue.kind.replace('_', ' ')} deadline",
        user=actor,
        data={"letter_id": letter.id, "channel": channel, "due_on": overdue.due_on.isoformat()},
    )
    db.session.flush()
    return letter


def _queue(records_request, composed, overdue: Overdue, interval: int) -> mail.OutboundEmail:
    agency = records_request.agency
    if not agency.email:
        raise FollowUpError(f"{agency.name} has no email address in the directory.")
    slot = _slot(overdue, interval)
    key = f"follow-up:{records_request.id}:{overdue.due_on.isoformat()}:{slot}"
    if db.session.scalar(select(mail.OutboundEmail.id).filter_by(key=key)) is not None:
        raise FollowUpError("The follow-up for this interval was sent already.")
    return mail.queue_email(
        agency.email,
        composed.subject,
        composed.body_text,
        kind=mail.OutboundKind.FOLLOW_UP,
        body_html=composed.body_html,
        key=key,
        request_id=records_request.id,
    )


def _slot(overdue: Overdue, interval: int) -> int:
    return overdue.business_days // max(interval, 1)


def _recipient(agency, channel: str) -> str:
    if channel == Channel.PORTAL:
        return agency.portal_url
    if channel == Channel.FAX:
        return agency.fax
    return f"{agency.name}\n{agency.address}".strip()


def set_policy(campaign_id: int, *, is_automatic: bool, interval_days: int) -> FollowUpPolicy:
    """Store whether a campaign's follow-ups go automatically, and how often."""
    policy = _policy(campaign_id) or FollowUpPolicy(campaign_id=campaign_id)
    policy.is_automatic, policy.interval_days = is_automatic, interval_days
    db.session.add(policy)
    db.session.flush()
    return policy


def automatic_candidates(today: date) -> list[int]:
    """Return ids of open, overdue email requests of campaigns that allow automatic follow-ups."""
    return list(
        db.session.scalars(
            select(RecordsRequest.id)
            .join(FollowUpPolicy, FollowUpPolicy.campaign_id == RecordsRequest.campaign_id)
            .join(DeadlineSnapshot, DeadlineSnapshot.request_id == RecordsRequest.id)
            .where(
                FollowUpPolicy.is_automatic.is_(True),
                RecordsRequest.closed_at.is_(None),
                DeadlineSnapshot.kind.in_(AGENCY_CLOCKS),
                open_deadline(),
                DeadlineSnapshot.due_on < today,
            )
            .distinct()
            .order_by(RecordsRequest.id)
        )
    )


def send_automatic(today: date) -> int:
    """Send the follow-ups campaigns allow without a click; commit per request. Return sent."""
    sent = 0
    for request_id in automatic_candidates(today):
        records_request = db.session.get_one(RecordsRequest, request_id)
        overdue = overdue_clock(records_request, today)
        if overdue is None or channel_of(records_request) != "email":
            continue
        if overdue.business_days < interval_for(records_request):
            continue
        try:
            send(records_request, today, actor=None)
            db.session.commit()
            sent += 1
        except FollowUpError:
            db.session.rollback()
        except Exception:  # noqa: BLE001 - another run sent it (unique key); never stop the job
            db.session.rollback()
            current_app.logger.exception("automatic follow-up for request %s failed", request_id)
    return sent
