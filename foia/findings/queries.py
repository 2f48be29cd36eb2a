"""Reading findings: a document's, an agency's, and a campaign's table of agencies by kind."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from foia.agencies.csvio import escape_formula
from foia.agencies.models import Agency
from foia.documents.models import Attachment
from foia.extensions import db
from foia.findings.kinds import CHOICES, KIND_LABELS, Review
from foia.findings.models import Finding
from foia.requests.models import RecordsRequest

#: The review filter's choices: which findings the table shows.
SHOWING = {
    "confirmed": "Confirmed only",
    "open": "Confirmed and suggested",
    "suggested": "Suggested only",
}
CSV_HEADER = [
    "Agency",
    "Finding",
    "Value",
    "Period",
    "Review",
    "Document",
    "Page",
    "Words on the page",
    "Confirmed by",
    "Decided at (UTC)",
]


@dataclass(frozen=True, slots=True)
class Filters:
    """The campaign table's filters, as typed (unknown values fall back to the defaults)."""

    showing: str = "confirmed"
    kind: str = ""
    text: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        """Read the filters from a query string, ignoring values that are not choices."""
        showing = args.get("showing", "confirmed")
        kind = args.get("kind", "")
        return cls(
            showing=showing if showing in SHOWING else "confirmed",
            kind=kind if kind in KIND_LABELS else "",
            text=" ".join(args.get("text", "").split())[:100],
        )


@dataclass(slots=True)
class Row:
    """One agency of the table, with its findings by kind."""

    agency: Agency
    cells: dict[str, list[Finding]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Confirmed findings of one agency that give a single-answer kind different values."""

    agency_id: int
    kind: str
    #: Each value confirmed, in the order first met, with the findings that carry it.
    sides: tuple[tuple[str, tuple[Finding, ...]], ...]

    @property
    def kind_label(self) -> str:
        """Return the kind as people read it."""
        return KIND_LABELS.get(self.kind, self.kind)

    def value_label(self, value: str) -> str:
        """Return one of the values as people read it ("Yes" rather than "yes")."""
        return CHOICES.get(self.kind, {}).get(value, value)

    @property
    def key(self) -> tuple[int, str]:
        """Return (agency id, kind), as the tables look a cell up."""
        return (self.agency_id, self.kind)

    @property
    def agency_name(self) -> str:
        """Return the name of the agency the findings are about."""
        return self.sides[0][1][0].agency.name

    @property
    def count(self) -> int:
        """Return how many confirmed findings disagree."""
        return sum(len(found) for _, found in self.sides)


def conflicts(findings: Iterable[Finding]) -> list[Conflict]:
    """Return, per agency and single-answer kind, the confirmed values when there are several."""
    # Only kinds with one true answer: several systems or contracts are facts, not a dispute.
    # Values are compared as stored: confirming stores a choice's key, already normalised.
    by_key: dict[tuple[int, str], dict[str, list[Finding]]] = {}
    for finding in findings:
        if finding.kind not in CHOICES or finding.decision != Review.CONFIRMED.value:
            continue
        sides = by_key.setdefault((finding.agency_id, finding.kind), {})
        sides.setdefault(finding.value, []).append(finding)
    return [
        Conflict(agency_id, kind, tuple((value, tuple(found)) for value, found in sides.items()))
        for (agency_id, kind), sides in by_key.items()
        if len(sides) > 1
    ]


def conflict_with(finding: Finding) -> Conflict | None:
    """Return the disagreement a confirmed finding is part of among its agency's, if any."""
    if finding.kind not in CHOICES:
        return None
    found = conflicts(agency_findings(finding.agency_id))
    return next((conflict for conflict in found if conflict.kind == finding.kind), None)


def document_conflicts(findings: list[Finding]) -> list[Conflict]:
    """Return the disagreements a document's findings take part in, among their agency's."""
    mine = {f.id for f in findings}
    agencies = {f.agency_id for f in findings if f.kind in CHOICES}
    found = []
    for agency_id in sorted(agencies):
        for conflict in conflicts(agency_findings(agency_id)):
            if any(f.id in mine for _, side in conflict.sides for f in side):
                found.append(conflict)
    return found


def document_findings(attachment_id: int) -> list[Finding]:
    """Return a document's findings, by page and kind."""
    query = (
        select(Finding)
        .options(joinedload(Finding.decided_by))
        .where(Finding.attachment_id == attachment_id)
        .order_by(Finding.page, Finding.kind, Finding.id)
    )
    return list(db.session.scalars(query))


def agency_findings(agency_id: int) -> list[Finding]:
    """Return an agency's findings that are not rejected, by kind."""
    query = _with_evidence(select(Finding)).where(
        Finding.agency_id == agency_id,
        (Finding.decision.is_(None)) | (Finding.decision == Review.CONFIRMED.value),
    )
    return list(db.session.scalars(query.order_by(Finding.kind, Finding.id)))


def _with_evidence(query: Select) -> Select:
    return query.options(
        joinedload(Finding.attachment), joinedload(Finding.decided_by), joinedload(Finding.agency)
    )


def campaign_findings(campaign_id: int, filters: Filters) -> list[Finding]:
    """Return the findings from a campaign's documents that the filters let through."""
    query = (
        _with_evidence(select(Finding))
        .join(Attachment, Attachment.id == Finding.attachment_id)
        .join(RecordsRequest, RecordsRequest.id == Attachment.request_id)
        .join(Agency, Agency.id == Finding.agency_id)
        .where(RecordsRequest.campaign_id == campaign_id)
    )
    confirmed = Finding.decision == Review.CONFIRMED.value
    if filters.showing == "confirmed":
        query = query.where(confirmed)
    elif filters.showing == "suggested":
        query = query.where(Finding.decision.is_(None))
    else:
        query = query.where(Finding.decision.is_(None) | confirmed)
    if filters.kind:
        query = query.where(Finding.kind == filters.kind)
    if filters.text:
        query = query.where(Finding.value.ilike(f"%{_escape_like(filters.text)}%", escape="\\"))
    return list(db.session.scalars(query.order_by(Agency.name, Finding.kind, Finding.id)))


def campaign_conflicts(campaign_id: int) -> list[Conflict]:
    """Return the disagreements among a campaign's confirmed findings, whatever the filters."""
    return conflicts(campaign_findings(campaign_id, Filters()))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def campaign_table(campaign_id: int, filters: Filters) -> list[Row]:
    """Return the campaign's agencies with their findings by kind (when filtered, those found)."""
    rows: dict[int, Row] = {}
    if not filters.kind and not filters.text:
        agencies = db.session.scalars(
            select(Agency)
            .join(RecordsRequest, RecordsRequest.agency_id == Agency.id)
            .where(RecordsRequest.campaign_id == campaign_id)
            .order_by(Agency.name, Agency.id)
        )
        rows = {agency.id: Row(agency) for agency in agencies}
    for finding in campaign_findings(campaign_id, filters):
        row = rows.setdefault(finding.agency_id, Row(finding.agency))
        row.cells.setdefault(finding.kind, []).append(finding)
    return sorted(rows.values(), key=lambda row: (row.agency.name, row.agency.id))


def findings_csv(findings: list[Finding]) -> str:
    """Return one CSV line per finding with its evidence, formula-like cells escaped."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for finding in findings:
        cells = [str(value) for value in _row(finding).values()]
        writer.writerow([escape_formula(cell) for cell in cells])
    return buffer.getvalue()


def findings_json(findings: list[Finding]) -> list[dict[str, Any]]:
    """Return the findings as plain values, each with its evidence."""
    return [
        {
            "agency": {"id": f.agency_id, "name": f.agency.name},
            "kind": f.kind,
            "kind_label": f.kind_label,
            "value": f.value,
            "period": f.period,
            "review": f.review.value,
            "evidence": {
                "attachment_id": f.attachment_id,
                "document": f.attachment.filename,
                "page": f.page,
                "snippet": f.snippet,
            },
            "decided_by": f.decided_by.display_name if f.decided_by else None,
            "decided_at": f.decided_at.isoformat() if f.decided_at else None,
        }
        for f in findings
    ]


def _row(f: Finding) -> dict[str, Any]:
    return {
        "agency": f.agency.name,
        "kind": f.kind_label,
        "value": f.value_label,
        "period": f.period,
        "review": f.review_label,
        "document": f.attachment.filename,
        "page": f.page,
        "snippet": f.snippet,
        "by": f.decided_by.display_name if f.decided_by else "",
        "at": f.decided_at.strftime("%Y-%m-%d %H:%M") if f.decided_at else "",
    }
