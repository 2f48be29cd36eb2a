"""The read side of the public tracker: only what may be shown to anyone, as plain values.

Every value a public page, export or feed shows comes out of this module in one of the frozen
dataclasses below, built field by field from the columns named here. A column is public only
if it is listed: a note, a volunteer, a lawyer's name, an agency's internal notes or a
document nobody released cannot reach a public page by accident (docs/public-tracker.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import aliased

from foia import dates
from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.deadlines.kinds import EventKind
from foia.documents.models import Attachment, Document
from foia.extensions import db
from foia.findings.kinds import CHOICES, KIND_LABELS, FindingKind, Review
from foia.findings.models import Finding
from foia.jurisdictions.models import FacePolicy, Jurisdiction
from foia.jurisdictions.policies import covered_agencies
from foia.letters.models import OrganisationProfile
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.status import (
    ANSWER_KINDS,
    RequestStatus,
    derive_status,
    is_closed,
    status_from_decisive,
)
from foia.requests.status_filter import active_kinds


@dataclass(frozen=True, slots=True)
class PublicCampaign:
    """A published campaign past its embargo: its address, name and the licence of its data."""

    id: int
    slug: str
    name: str
    organisation: str
    licence: str


@dataclass(frozen=True, slots=True)
class PublicDocument:
    """A document a lawyer made public."""

    id: int
    agency_id: int
    agency: str
    filename: str
    media_type: str
    size: int
    page_count: int | None
    released_at: datetime


@dataclass(frozen=True, slots=True)
class PublicFinding:
    """A confirmed finding; its page and words only when its document is public."""

    id: int
    agency_id: int
    agency: str
    kind: str
    kind_label: str
    value: str
    value_label: str
    period: str
    confirmed_at: datetime | None
    document: PublicDocument | None
    page: int | None
    snippet: str


@dataclass(frozen=True, slots=True)
class PublicAgency:
    """One agency of a public campaign: where its request stands, and what it disclosed."""

    id: int
    name: str
    county: str
    state: str
    state_code: str
    status: str
    is_answered: bool
    deadline: str
    is_overdue: bool
    #: Whether a ban or moratorium on police face recognition binds it (public law).
    is_under_ban: bool = False
    findings: list[PublicFinding] = field(default_factory=list)
    documents: list[PublicDocument] = field(default_factory=list)

    @property
    def uses_face_recognition(self) -> str:
        """Return the confirmed answer on using face recognition; "" if none or if they disagree."""
        found = {f.value for f in self.findings if f.kind == FindingKind.USES_FACE_RECOGNITION}
        # Confirmed findings that disagree settle nothing: neither answer is counted or mapped.
        return found.pop() if len(found) == 1 else ""

    @property
    def has_ban_violation(self) -> bool:
        """Return whether confirmed findings say, without disagreeing, that it broke a local ban."""
        found = {f.value for f in self.findings if f.kind == FindingKind.BAN_COMPLIANCE}
        # Not while another confirmed finding says there was none: that is still disputed.
        return found == {"violation"}


@dataclass(frozen=True, slots=True)
class AreaRow:
    """One line of the table beside the map: a county or a state, with its figures."""

    name: str
    agencies: int
    answered: int
    with_findings: int
    using_face_recognition: int

    @property
    def share_answered(self) -> str:
        """Return the share of its agencies that answered, in words: "2 of 3 (67%)"."""
        percent = round(100 * self.answered / self.agencies) if self.agencies else 0
        return f"{self.answered} of {self.agencies} ({percent}%)"


def visible(today: date) -> ColumnElement[bool]:
    """Return the condition for a campaign whose public pages show: published, with an address,
    past its embargo (the one definition the campaign's pages and the agency page's link use)."""
    return and_(
        Campaign.is_published.is_(True),
        Campaign.public_slug.is_not(None),
        Campaign.public_slug != "",
        or_(Campaign.embargo_on.is_(None), Campaign.embargo_on <= today),
    )


@dataclass(frozen=True)
class PublicPage:
    """Where an agency shows on a public tracker: the campaign's name and its address."""

    campaign: str
    slug: str


def public_pages_of(agency_id: int, today: date) -> list[PublicPage]:
    """Return the public trackers that show an agency now (published, past their embargo)."""
    rows = db.session.execute(
        select(Campaign.name, Campaign.public_slug)
        .join(RecordsRequest, RecordsRequest.campaign_id == Campaign.id)
        .where(RecordsRequest.agency_id == agency_id, visible(today))
        .distinct()
        .order_by(Campaign.name)
    )
    return [PublicPage(row.name, row.public_slug) for row in rows]


def find_campaign(slug: str, today: date) -> PublicCampaign | None:
    """Return the public campaign at `slug`; None if unknown, unpublished or embargoed."""
    campaign = db.session.scalar(
        select(Campaign).where(Campaign.public_slug == slug, visible(today))
    )
    if campaign is None:
        return None
    profile = db.session.execute(
        select(OrganisationProfile.name, OrganisationProfile.data_licence).order_by(
            OrganisationProfile.id
        )
    ).first()
    return PublicCampaign(
        id=campaign.id,
        slug=slug,
        name=campaign.name,
        organisation=profile.name if profile else "",
        licence=(profile.data_licence if profile else "") or "",
    )


def agencies(campaign: PublicCampaign, today: date) -> list[PublicAgency]:
    """Return the campaign's agencies by name, each with its status, findings and documents."""
    documents = _documents(campaign.id)
    findings = _findings(campaign.id, {d.id: d for d in documents})
    docs_by_agency: dict[int, list[PublicDocument]] = defaultdict(list)
    for document in documents:
        docs_by_agency[document.agency_id].append(document)
    found_by_agency: dict[int, list[PublicFinding]] = defaultdict(list)
    for finding in findings:
        found_by_agency[finding.agency_id].append(finding)
    answered = _answered(campaign.id)
    ledgers = _appeal_decided_ledgers(campaign.id)
    state = aliased(Jurisdiction)
    rows = db.session.execute(
        select(
            RecordsRequest.id.label("request_id"),
            RecordsRequest.decisive_kind,
            RecordsRequest.approved_at,
            RecordsRequest.is_in_litigation,
            RecordsRequest.closed_at,
            RecordsRequest.next_agency_due_on,
            Agency.id,
            Agency.name,
            Agency.county,
            Jurisdiction.code,
            Jurisdiction.name.label("jurisdiction_name"),
            state.code.label("parent_code"),
            state.name.label("parent_name"),
            Jurisdiction.level,
            Agency,  # for the ban rule only (foia.jurisdictions.policies); never shown whole
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .outerjoin(state, state.id == Jurisdiction.parent_id)
        .where(RecordsRequest.campaign_id == campaign.id)
        .order_by(Agency.name, Agency.id)
    ).all()
    banned = covered_agencies([row.Agency for row in rows])
    result = []
    for row in rows:
        status = status_from_decisive(
            row.decisive_kind,
            is_approved=row.approved_at is not None,
            is_in_litigation=row.is_in_litigation,
        ) or derive_status(
            ledgers.get(row.request_id, []),
            is_approved=True,
            is_in_litigation=row.is_in_litigation,
        )
        is_open = row.closed_at is None and not is_closed(status)
        due = row.next_agency_due_on if is_open else None
        is_state_level = row.level in ("state", "federal") or row.parent_code is None
        result.append(
            PublicAgency(
                id=row.id,
                name=row.name,
                county=row.county or "",
                state=row.jurisdiction_name if is_state_level else row.parent_name,
                state_code=row.code if is_state_level else row.parent_code,
                status=status_words(status, is_closed_by_us=row.closed_at is not None),
                is_answered=row.request_id in answered,
                deadline=deadline_words(due, today, is_open=is_open),
                is_overdue=due is not None and due < today,
                is_under_ban=row.id in banned,
                findings=found_by_agency.get(row.id, []),
                documents=docs_by_agency.get(row.id, []),
            )
        )
    return result


#: Where the public reads a status differently from the team: "Approved" means nothing to a
#: reader when the letter has not gone, and a request we closed is no longer "Filed".
PUBLIC_STATUS_WORDS = {
    RequestStatus.DRAFT: "Not sent yet",
    RequestStatus.APPROVED: "Not sent yet",
}


def status_words(status: str, *, is_closed_by_us: bool = False) -> str:
    """Return a request status as a public page shows it: "Fee pending" (never a code)."""
    if is_closed_by_us:
        return "Closed"
    if not status:
        return ""
    known = RequestStatus(status)
    return PUBLIC_STATUS_WORDS.get(known, known.value.capitalize())


def deadline_words(due: date | None, today: date, *, is_open: bool) -> str:
    """Return where the agency's next deadline stands, in words."""
    if not is_open:
        return "Closed: no deadline running"
    if due is None:
        return "No deadline running"
    if due < today:
        return f"Overdue: the agency's answer was due by {dates.long_date(due)}"
    return f"Due by {dates.long_date(due)}"


def areas(rows: list[PublicAgency]) -> tuple[str, list[AreaRow]]:
    """Return the map table's rows: by county when every agency is in one state, else by state."""
    by_county = len({row.state_code for row in rows}) <= 1
    key = (lambda r: r.county or "No county") if by_county else (lambda r: r.state or "Other")
    table = []
    for name, group in groupby(sorted(rows, key=key), key=key):
        members = list(group)
        table.append(
            AreaRow(
                name=name,
                agencies=len(members),
                answered=sum(m.is_answered for m in members),
                with_findings=sum(bool(m.findings) for m in members),
                using_face_recognition=sum(m.uses_face_recognition == "yes" for m in members),
            )
        )
    return ("County" if by_county else "State"), table


def _documents(campaign_id: int) -> list[PublicDocument]:
    """Return the campaign's public documents, newest release first."""
    rows = db.session.execute(
        select(
            Attachment.id,
            RecordsRequest.agency_id,
            Agency.name,
            Attachment.filename,
            Document.media_type,
            Document.size,
            Document.page_count,
            Attachment.public_at,
        )
        .join(Document, Document.id == Attachment.document_id)
        .join(RecordsRequest, RecordsRequest.id == Attachment.request_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .where(RecordsRequest.campaign_id == campaign_id, Attachment.public_at.is_not(None))
        .order_by(Attachment.public_at.desc(), Attachment.id.desc())
    ).all()
    return [
        PublicDocument(
            id=r.id,
            agency_id=r.agency_id,
            agency=r.name,
            filename=r.filename,
            media_type=r.media_type,
            size=r.size,
            page_count=r.page_count,
            released_at=r.public_at,
        )
        for r in rows
    ]


def public_document(campaign: PublicCampaign, attachment_id: int) -> tuple[str, str, str] | None:
    """Return (sha256, filename, media type) of a public document of the campaign, or None."""
    row = db.session.execute(
        select(Document.sha256, Attachment.filename, Document.media_type)
        .join(Document, Document.id == Attachment.document_id)
        .join(RecordsRequest, RecordsRequest.id == Attachment.request_id)
        .where(
            Attachment.id == attachment_id,
            Attachment.public_at.is_not(None),
            RecordsRequest.campaign_id == campaign.id,
        )
    ).first()
    return (row.sha256, row.filename, row.media_type) if row else None


def _findings(campaign_id: int, public_docs: dict[int, PublicDocument]) -> list[PublicFinding]:
    """Return the campaign's confirmed findings by agency and kind; evidence only if released."""
    rows = db.session.execute(
        select(
            Finding.id,
            Finding.agency_id,
            Agency.name,
            Finding.kind,
            Finding.value,
            Finding.period,
            Finding.decided_at,
            Finding.attachment_id,
            Finding.page,
            Finding.snippet,
        )
        .join(Attachment, Attachment.id == Finding.attachment_id)
        .join(RecordsRequest, RecordsRequest.id == Attachment.request_id)
        .join(Agency, Agency.id == Finding.agency_id)
        .where(
            RecordsRequest.campaign_id == campaign_id,
            Finding.decision == Review.CONFIRMED.value,
        )
        .order_by(Agency.name, Finding.agency_id, Finding.kind, Finding.id)
    ).all()
    found = []
    for r in rows:
        document = public_docs.get(r.attachment_id)
        found.append(
            PublicFinding(
                id=r.id,
                agency_id=r.agency_id,
                agency=r.name,
                kind=r.kind,
                kind_label=KIND_LABELS.get(r.kind, r.kind),
                value=r.value,
                value_label=CHOICES.get(r.kind, {}).get(r.value, r.value),
                period=r.period,
                confirmed_at=r.decided_at,
                document=document,
                page=r.page if document else None,
                snippet=r.snippet if document else "",
            )
        )
    return found


def findings(campaign: PublicCampaign) -> list[PublicFinding]:
    """Return the campaign's confirmed findings, by agency and kind."""
    return _findings(campaign.id, {d.id: d for d in _documents(campaign.id)})


def documents(campaign: PublicCampaign) -> list[PublicDocument]:
    """Return the campaign's public documents, newest release first."""
    return _documents(campaign.id)


def _answered(campaign_id: int) -> set[int]:
    """Return the ids of the campaign's requests the agency answered (records, denial, none)."""
    return set(
        db.session.scalars(
            select(ClockEvent.request_id)
            .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
            .where(
                RecordsRequest.campaign_id == campaign_id,
                ClockEvent.kind.in_([str(kind) for kind in ANSWER_KINDS]),
                ClockEvent.active(),
            )
            .distinct()
        )
    )


def _appeal_decided_ledgers(campaign_id: int) -> dict[int, list[str]]:
    """Return the ledgers (kinds in order) of requests whose status needs the whole ledger."""
    rows = db.session.execute(
        active_kinds()
        .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
        .where(
            RecordsRequest.campaign_id == campaign_id,
            RecordsRequest.decisive_kind == EventKind.APPEAL_DECIDED.value,
        )
    ).all()
    ledgers: dict[int, list[str]] = defaultdict(list)
    for request_id, kind in rows:
        ledgers[request_id].append(kind)
    return ledgers


def fingerprint(campaign_id: int) -> tuple:
    """Return what changes whenever anything the campaign's public page shows may have changed.

    For each table the page reads, the number of the campaign's rows and their latest update
    time (every model stamps `updated_at` on each change), in one statement. Equal fingerprints
    on the same day mean the same page (foia/public/cache.py).
    """
    requests = select(RecordsRequest.id).where(RecordsRequest.campaign_id == campaign_id)
    agencies = select(RecordsRequest.agency_id).where(RecordsRequest.campaign_id == campaign_id)
    attachments_where = Attachment.request_id.in_(requests)
    attachments = select(Attachment.id).where(attachments_where)
    scopes = (
        (RecordsRequest, RecordsRequest.campaign_id == campaign_id),
        (ClockEvent, ClockEvent.request_id.in_(requests)),
        (Attachment, attachments_where),
        (Document, Document.id.in_(select(Attachment.document_id).where(attachments_where))),
        (Finding, Finding.attachment_id.in_(attachments)),
        (Agency, Agency.id.in_(agencies)),
        (Campaign, Campaign.id == campaign_id),
        (OrganisationProfile, OrganisationProfile.id.is_not(None)),
        (FacePolicy, FacePolicy.id.is_not(None)),
        (Jurisdiction, Jurisdiction.id.is_not(None)),
    )
    columns = []
    for model, where in scopes:
        columns.append(select(func.count()).select_from(model).where(where).scalar_subquery())
        columns.append(select(func.max(model.updated_at)).where(where).scalar_subquery())
    return tuple(db.session.execute(select(*columns)).one())
