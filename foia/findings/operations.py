"""Finding operations: suggest them from a document, confirm, edit or reject one.

They change the session, write the audit log, flush, and never commit.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from foia import audit
from foia.db import utcnow
from foia.documents.models import Attachment
from foia.extensions import db
from foia.findings import suggest
from foia.findings.kinds import CHOICES, KIND_LABELS, WITH_PERIOD, FindingKind, Review
from foia.findings.models import Finding
from foia.requests.models import RecordsRequest

MAX_VALUE = 200
MAX_PERIOD = 100
_AMOUNT = re.compile(r"^\$?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?$")
_COUNT = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)$")


class FindingRefused(ValueError):
    """A finding that cannot be saved or decided as asked, with a message for people."""


def suggest_for_attachment(attachment: Attachment, *, user: Any = None) -> list[Finding]:
    """Add the findings the document's text suggests that it has not suggested before."""
    agency_id = db.session.scalar(
        select(RecordsRequest.agency_id).where(RecordsRequest.id == attachment.request_id)
    )
    if agency_id is None:
        raise FindingRefused(
            "This document is not on a request yet, so no agency to tie findings to."
        )
    if attachment.document.extracted_at is None:
        # Not "0 new suggestions": there is no text to read yet, which is not the same.
        raise FindingRefused(
            "The document's text has not been read yet, so nothing can be suggested from it: "
            "findings are suggested as soon as the server's text extraction has read it."
        )
    known = set(
        db.session.scalars(
            select(Finding.suggestion_key).where(Finding.attachment_id == attachment.id)
        )
    )
    added = []
    for found in suggest.suggest(attachment.document.text or ""):
        if found.key in known:
            continue
        known.add(found.key)
        added.append(_new_finding(attachment, agency_id, found))
    if added and not _saved(added):
        return []  # another run (extraction, the button) saved them at the same moment
    if added:
        audit.record(
            audit.Action.FINDINGS_SUGGESTED,
            attachment,
            f"{len(added)} finding(s) suggested from {attachment.filename}",
            user=user,
            data={"findings": [f.id for f in added]},
        )
    return added


def suggestion_key(kind: str, value: str) -> str:
    """Return the key the suggester gives a kind and value (a finding made by hand with it is
    never suggested again from the same document)."""
    return suggest.Suggestion(FindingKind(kind), value, page=0, snippet="").key


def _saved(findings: list[Finding]) -> bool:
    # In a savepoint, so that losing the race to the unique key leaves the transaction usable.
    try:
        with db.session.begin_nested():
            db.session.add_all(findings)
            db.session.flush()
    except IntegrityError:
        return False
    return True


def _new_finding(attachment: Attachment, agency_id: int, found: suggest.Suggestion) -> Finding:
    value, period = found.value[:MAX_VALUE], found.period[:MAX_PERIOD]
    return Finding(
        agency_id=agency_id,
        attachment_id=attachment.id,
        page=found.page,
        kind=found.kind.value,
        value=value,
        period=period,
        snippet=found.snippet,
        suggestion_key=found.key,
        suggested_value=value,
        suggested_period=period,
    )


def clean_value(kind: str, value: str) -> str:
    """Return the value as stored for its kind, or refuse it saying what a value looks like."""
    value = " ".join((value or "").split())
    label = KIND_LABELS.get(kind)
    if label is None:
        raise FindingRefused("Choose what the finding is about from the list.")
    if kind in CHOICES:
        if value.lower() not in CHOICES[kind]:
            words = ", ".join(CHOICES[kind].values())
            raise FindingRefused(f"{label}: choose one of {words}.")
        return value.lower()
    if not value:
        raise FindingRefused(f"{label}: the value is empty; type what the document says.")
    if len(value) > MAX_VALUE:
        raise FindingRefused(f"{label}: at most {MAX_VALUE} characters, not {len(value)}.")
    if kind == FindingKind.CONTRACT:
        return _amount(value)
    if kind == FindingKind.SEARCHES:
        if not _COUNT.match(value):
            raise FindingRefused(f"{label}: a whole number of searches, such as 240.")
        return f"{int(value.replace(',', '')):,}"
    return value


def _amount(value: str) -> str:
    match = _AMOUNT.match(value)
    if match is None:
        raise FindingRefused("Contract value: an amount in dollars, such as $10,000 or 9,999.50.")
    cents = match.group(2) or "00"
    dollars = int(match.group(1).replace(",", ""))
    return f"${dollars:,}" + (f".{cents}" if cents != "00" else "")


def clean_period(kind: str, period: str) -> str:
    """Return the period as stored, or refuse one that is too long or on a kind without one."""
    period = " ".join((period or "").split())
    if period and kind not in WITH_PERIOD:
        raise FindingRefused(f"{KIND_LABELS[kind]}: has no period; leave it empty.")
    if len(period) > MAX_PERIOD:
        raise FindingRefused(f"Period: at most {MAX_PERIOD} characters, not {len(period)}.")
    return period


def confirm(finding: Finding, user: Any, value: str, period: str = "") -> Finding:
    """Confirm a finding, with its value and period as the lawyer read them on the page."""
    new_value = clean_value(finding.kind, value)
    new_period = clean_period(finding.kind, period)
    before = {"value": finding.value, "period": finding.period, "review": finding.review.value}
    finding.value, finding.period = new_value, new_period
    _decide(finding, user, Review.CONFIRMED)
    audit.record(
        audit.Action.FINDING_CONFIRMED,
        finding,
        f"{finding.kind_label}: {finding.value_label} confirmed",
        user=user,
        data={"before": before, "value": new_value, "period": new_period},
    )
    db.session.flush()
    return finding


def reject(finding: Finding, user: Any) -> Finding:
    """Reject a finding: the document does not say it (it stays, so it is never suggested again)."""
    before = finding.review.value
    _decide(finding, user, Review.REJECTED)
    audit.record(
        audit.Action.FINDING_REJECTED,
        finding,
        f"{finding.kind_label}: {finding.value_label} rejected",
        user=user,
        data={"before": before},
    )
    db.session.flush()
    return finding


def _decide(finding: Finding, user: Any, review: Review) -> None:
    finding.decision = review.value
    finding.decided_by_id = getattr(user, "id", None)
    finding.decided_at = utcnow()


def suggest_for_document(document_id: int) -> int:
    """Suggest findings on every request a newly extracted document is attached to."""
    attachments = db.session.scalars(
        select(Attachment)
        .where(Attachment.document_id == document_id, Attachment.request_id.is_not(None))
        .order_by(Attachment.id)
    )
    return sum(len(suggest_for_attachment(attachment)) for attachment in list(attachments))
