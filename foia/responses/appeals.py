"""Appeals: when to offer one, its letter drafted from the law's appeal rule, review and filing.

`appeal_grounds` and `appeal_text` are pure; the operations change the session, flush, and never
commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select

from foia import audit
from foia.auth.models import Role
from foia.db import utcnow
from foia.deadlines.calculator import Deadlines, fmt
from foia.deadlines.kinds import ClockKind, EventKind
from foia.deadlines.rules import AppealRule
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.documents.storage import FileStore
from foia.extensions import db
from foia.letters.compose import requester_for
from foia.letters.context import RequesterInfo, long_date
from foia.requests import clocks
from foia.requests import operations as requests
from foia.requests.models import Channel, Communication, Direction, LetterKind, RecordsRequest
from foia.requests.status import RequestStatus
from foia.responses.models import (
    WITHHOLDING_OUTCOMES,
    Appeal,
    AppealGrounds,
    CategoryOutcome,
)

#: Clocks whose miss makes a request overdue (the agency's, not ours).
#: Agency deadlines whose miss is a ground of appeal ("the agency has not responded in time").
AGENCY_CLOCKS = (
    ClockKind.ACKNOWLEDGE,
    ClockKind.RESPONSE,
    ClockKind.PRODUCTION,
    ClockKind.EXTENDED_RESPONSE,
    ClockKind.PRODUCTION_LIMIT,
    ClockKind.FINAL_DECISION,
    ClockKind.COMPLETION,
)
GROUNDS_TEXT: dict[str, str] = {
    AppealGrounds.DENIED: "the agency denied the request",
    AppealGrounds.PARTLY_DENIED: "the agency withheld records, in whole or in part",
    AppealGrounds.OVERDUE: "the agency has not responded within the time the law allows",
}
#: Statuses in which no appeal is offered: not yet filed, already appealed, or past appealing.
_NO_APPEAL = frozenset(
    {
        RequestStatus.APPEALED,
        RequestStatus.WITHDRAWN,
        RequestStatus.IN_LITIGATION,
        RequestStatus.DRAFT,
        RequestStatus.APPROVED,
    }
)


#: Ledger events that are the agency's answers, as the appeal lists them.
AGENCY_ANSWERS = frozenset(
    {
        EventKind.ACKNOWLEDGED,
        EventKind.CLARIFICATION_REQUESTED,
        EventKind.FEE_ESTIMATE,
        EventKind.EXTENSION_CLAIMED,
        EventKind.PARTIAL_RELEASE,
        EventKind.FINAL_RESPONSE,
        EventKind.DENIAL,
        EventKind.NO_RECORDS,
    }
)


def signature_lines(signer: RequesterInfo) -> tuple[str, ...]:
    """Return what an appeal prints under "Sincerely": name, title, organisation, contact."""
    contact = [line.strip() for line in signer.address.splitlines() if line.strip()]
    return tuple(
        line
        for line in (
            signer.name,
            signer.title,
            signer.organisation,
            *contact,
            signer.phone,
            signer.email,
        )
        if line
    )


class AppealError(ValueError):
    """An appeal that cannot be drafted, reviewed or filed, with a message for people."""


def appeal_grounds(status: str, outcomes: Iterable[str], deadlines: Deadlines | None) -> str | None:
    """Return why an appeal is open (denied, partly denied, overdue), or None."""
    if status in _NO_APPEAL:
        return None
    if status == RequestStatus.DENIED:
        return AppealGrounds.DENIED
    if any(o in WITHHOLDING_OUTCOMES for o in outcomes):
        return AppealGrounds.PARTLY_DENIED
    if deadlines and any(c.kind in AGENCY_CLOCKS and c.state == "missed" for c in deadlines.clocks):
        return AppealGrounds.OVERDUE
    return None


def new_appeal_grounds(
    status: str,
    outcomes: Iterable[str],
    deadlines: Deadlines | None,
    appeals: Iterable[Appeal],
) -> str | None:
    """Return the grounds a new appeal would state, or None (none, or a draft already waits)."""
    if any(not a.filed_on for a in appeals):
        return None
    return appeal_grounds(status, outcomes, deadlines)


@dataclass(frozen=True, slots=True)
class AppealFacts:
    """What an appeal letter says: plain values copied from the request."""

    reference: str
    agency: str
    records_officer: str
    filed_on: date | None
    grounds: str
    rule: AppealRule
    window_due_on: date | None
    responses: tuple[tuple[date, str], ...]
    withheld: tuple[str, ...]
    today: date
    #: Under "Sincerely": the signer's name and title, the organisation and its contact lines.
    signature: tuple[str, ...] = ()


def appeal_text(facts: AppealFacts) -> str:
    """Return the appeal letter as plain text. PURE."""
    rule = facts.rule
    window = (
        f"This appeal is filed within the {rule.days} {rule.unit} days the regulation allows"
        + (f" (the window closes {fmt(facts.window_due_on)})" if facts.window_due_on else "")
        + "."
        if rule.days
        else "This appeal is filed in time."
    )
    filed = f" filed on {fmt(facts.filed_on)}" if facts.filed_on else ""
    lines = [
        long_date(facts.today),
        "",
        f"To the {rule.to_whom}",
        "",
        f"Re: appeal under {rule.citation}: public records request {facts.reference} to "
        f"{facts.agency}",
        "",
        f"I appeal the handling of our public records request {facts.reference}{filed} to "
        f"{facts.agency}, because {GROUNDS_TEXT[facts.grounds]}. {window}",
        "",
    ]
    if facts.responses:
        lines.append("The agency's responses:")
        lines += [f"- {fmt(on)}: {what}" for on, what in facts.responses]
        lines.append("")
    else:
        lines += ["The agency has sent no response.", ""]
    if facts.withheld:
        lines.append("Records withheld, with the exemption cited:")
        lines += [f"- {item}" for item in facts.withheld]
        lines.append("")
    lines += [
        "I ask that you order the agency to produce the responsive records, to state the "
        "specific exemption and reasons for anything withheld, and to release every "
        "segregable portion.",
        "",
        "The complete request and every response, with email headers, are attached, and a copy "
        f"of this appeal goes to the records access officer of {facts.agency}"
        + (f" ({facts.records_officer})" if facts.records_officer else "")
        + ".",
    ]
    if facts.signature:
        lines += ["", "Sincerely,", "", *facts.signature]
    return "\n".join(lines)


def facts_for(records_request: RecordsRequest, grounds: str, today: date) -> AppealFacts:
    """Copy what the letter needs from the request."""
    law = clocks.law_for(records_request)
    if law.appeal is None:
        raise AppealError(f"The {law.name} has no administrative appeal: go to court instead.")
    deadlines = clocks.deadlines_for(records_request, today)
    window = deadlines.clock(ClockKind.APPEAL) if deadlines else None
    filed = next((e.occurred_on for e in records_request.events if e.kind == EventKind.FILED), None)
    # From the ledger, which decides the grounds too: a denial recorded without a message
    # (by hand, or through the outcomes) is still listed, never "the agency has sent no response".
    responses = tuple(
        (e.occurred_on, e.basis or requests.EVENT_LABELS[e.kind])
        for e in sorted(records_request.events, key=lambda e: (e.occurred_on, e.id or 0))
        if e.kind in AGENCY_ANSWERS
    )
    from foia.responses.exemptions import describe

    code = records_request.agency.jurisdiction.code
    withheld = tuple(
        f"{o.category_slug}: "
        + (describe(code, o.exemption, o.exemption_text) or "no exemption cited")
        for o in db.session.scalars(
            select(CategoryOutcome).where(CategoryOutcome.request_id == records_request.id)
        )
        if o.outcome in WITHHOLDING_OUTCOMES
    )
    return AppealFacts(
        reference=records_request.reference or f"#{records_request.id}",
        agency=records_request.agency.name,
        records_officer=records_request.agency.records_officer or "",
        filed_on=filed,
        grounds=grounds,
        rule=law.appeal,
        window_due_on=window.due_on if window else None,
        responses=responses,
        withheld=withheld,
        today=today,
        signature=signature_lines(requester_for(records_request.owner)),
    )


def draft_appeal(records_request: RecordsRequest, grounds: str, *, today: date, actor) -> Appeal:
    """Draft the appeal letter from the law's appeal rule."""
    if grounds not in GROUNDS_TEXT:
        raise AppealError("There are no grounds for an appeal yet.")
    facts = facts_for(records_request, grounds, today)
    appeal = Appeal(
        request_id=records_request.id,
        to_whom=facts.rule.to_whom,
        citation=facts.rule.citation,
        grounds=grounds,
        body=appeal_text(facts),
        drafted_by_id=getattr(actor, "id", None),
    )
    db.session.add(appeal)
    db.session.flush()
    audit.record("appeal.drafted", records_request, f"Appeal drafted ({grounds})", user=actor)
    return appeal


def edit_appeal(appeal: Appeal, body: str, *, actor) -> None:
    """Change the letter before it is filed; a change needs a new review."""
    if appeal.filed_on:
        raise AppealError("A filed appeal cannot change.")
    if body.strip() and body.strip() != appeal.body:
        appeal.body = body.strip()
        appeal.reviewed_at = appeal.reviewed_by_id = None
        audit.record("appeal.edited", appeal.records_request, "Appeal letter edited", user=actor)
        db.session.flush()


def review_appeal(appeal: Appeal, *, actor) -> None:
    """Mark the letter reviewed by a lawyer."""
    if not (actor is not None and actor.has_role(Role.LAWYER)):
        raise AppealError("Only a lawyer may review an appeal.")
    if appeal.filed_on:
        raise AppealError("The appeal is already filed.")
    appeal.reviewed_at, appeal.reviewed_by_id = utcnow(), actor.id
    audit.record("appeal.reviewed", appeal.records_request, "Appeal reviewed", user=actor)
    db.session.flush()


def appeal_pdf_html(appeal: Appeal) -> str:
    """Return the appeal as a printable HTML document, the request and responses attached."""
    records_request = appeal.records_request
    attachments = db.session.scalars(
        select(Attachment)
        .where(Attachment.request_id == records_request.id)
        .order_by(Attachment.id)
    ).all()
    template = current_app.jinja_env.get_template("responses/appeal_pdf.html")
    return template.render(
        appeal=appeal,
        r=records_request,
        letters=[letter for letter in records_request.letters if letter.kind != LetterKind.APPEAL],
        letter_html=lambda letter: Markup(letter.body_html),  # noqa: S704 - our sandboxed letter
        responses=[c for c in records_request.communications if c.direction == Direction.IN],
        attachments=attachments,
        channel_labels={channel.value: channel.label for channel in Channel},
    )


def file_appeal(
    appeal: Appeal,
    on: date,
    *,
    today: date,
    actor,
    store: FileStore,
    channel: str = Channel.EMAIL,
) -> Communication:
    """File a reviewed appeal: keep its PDF, log it, and start the appeal-decision clock."""
    if not (actor is not None and actor.has_role(Role.LAWYER)):
        raise AppealError("Only a lawyer may file an appeal.")
    if appeal.filed_on:
        raise AppealError("The appeal is already filed.")
    if appeal.reviewed_at is None:
        raise AppealError("A lawyer must review the letter before it is filed.")
    from foia.letters.pdf import html_to_pdf

    records_request = appeal.records_request
    event = requests.add_event(
        records_request,
        EventKind.APPEAL_FILED,
        on,
        today=today,
        actor=actor,
        basis=f"Appeal to the {appeal.to_whom} ({appeal.citation})",
    )
    pdf = html_to_pdf(appeal_pdf_html(appeal))
    communication = Communication(
        records_request=records_request,
        direction=Direction.OUT,
        channel=channel,
        occurred_on=on,
        recipient=appeal.to_whom[:300],
        subject=f"Appeal: public records request {records_request.reference}",
        body=appeal.body,
        recorded_by_id=actor.id,
    )
    db.session.add(communication)
    db.session.flush()
    documents.attach(
        documents.Upload(f"appeal-{records_request.reference}.pdf", pdf.content, "application/pdf"),
        store=store,
        max_bytes=len(pdf.content),
        actor=actor,
        request_id=records_request.id,
        communication_id=communication.id,
    )
    appeal.filed_on, appeal.pdf_sha256, appeal.clock_event_id = on, pdf.sha256, event.id
    audit.record("appeal.filed", records_request, f"Appeal filed {fmt(on)}", user=actor)
    db.session.flush()
    return communication


def appeals_of(records_request: RecordsRequest) -> list[Appeal]:
    """Return the request's appeals, oldest first."""
    return list(
        db.session.scalars(
            select(Appeal).where(Appeal.request_id == records_request.id).order_by(Appeal.id)
        )
    )
