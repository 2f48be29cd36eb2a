"""Campaign operations: they change the session, write the audit log, flush, and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, defer, selectinload

from foia import audit, clock
from foia.agencies.models import Agency
from foia.agencies.operations import update_agency
from foia.audit import Action
from foia.campaigns.agency_list import parse_agency_list
from foia.campaigns.models import Campaign, CampaignAgency
from foia.extensions import db
from foia.filing import preflight
from foia.filing.operations import is_filed
from foia.jurisdictions import policies
from foia.jurisdictions.models import Jurisdiction
from foia.letters import fields as template_fields
from foia.letters.compose import ComposedLetter, compose_letter, requester_for
from foia.letters.models import RequestTemplate
from foia.letters.operations import current_letter, write_letter
from foia.letters.pdf import RenderedPdf
from foia.letters.setup import require_setup
from foia.requests.models import Channel, ClockEvent, RecordsRequest, RequestLetter
from foia.requests.operations import create_request

#: Fields whose change alters the letters (and so makes a new revision).
WORDING_FIELDS = ("template_slug", "category_slugs", "date_from", "date_to", "field_values")


class CampaignError(ValueError):
    """A campaign change that cannot be made, with a message for people (and the bad rows)."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class AgencyFilter:
    """Which agencies a campaign writes to: all that match every field given."""

    state: str = ""
    county: str = ""
    level: str = ""
    kind: str = ""
    #: Only agencies under a ban or moratorium on police use of face recognition.
    under_ban: bool = False

    def describe(self) -> str:
        """Return the filter as people read it."""
        parts = [f"{k}={v}" for k, v in vars(self).items() if v and k != "under_ban"]
        if self.under_ban:
            parts.append("under a face-surveillance ban or moratorium")
        return "Agencies where " + ", ".join(parts) if parts else "Every agency"


def agencies_matching(selection: AgencyFilter) -> list[Agency]:
    """Return the agencies that match the filter, by name."""
    parent = aliased(Jurisdiction)
    query = (
        select(Agency)
        .join(Jurisdiction, Agency.jurisdiction_id == Jurisdiction.id)
        .outerjoin(parent, Jurisdiction.parent_id == parent.id)
        .order_by(Agency.name, Agency.id)
    )
    if selection.state:
        query = query.where(
            (Jurisdiction.code == selection.state) | (parent.code == selection.state)
        )
    if selection.county:
        query = query.where(func.lower(Agency.county) == selection.county.strip().lower())
    if selection.level:
        query = query.where(Agency.level == selection.level)
    if selection.kind:
        query = query.where(Agency.kind == selection.kind)
    if selection.under_ban:
        query = query.where(policies.under_ban_condition())
    return list(db.session.scalars(query))


def agencies_from_list(text: str) -> list[Agency]:
    """Return the agencies of an uploaded list, or raise CampaignError listing every bad row."""
    rows, problems = parse_agency_list(text)
    found: list[Agency] = []
    seen: dict[int, int] = {}
    for row in rows:
        if row.agency_id is not None:
            matches = [a for a in [db.session.get(Agency, row.agency_id)] if a is not None]
            what = f"agency number {row.agency_id}"
        else:
            matches = list(
                db.session.scalars(
                    select(Agency).where(func.lower(Agency.name) == row.name.lower())
                )
            )
            what = f"agency named “{row.name}”"
        if not matches:
            problems.append(f"Line {row.line}: there is no {what}.")
        elif len(matches) > 1:
            problems.append(
                f"Line {row.line}: {len(matches)} agencies are named “{row.name}”; "
                "give its number (id) instead."
            )
        elif matches[0].id in seen:
            problems.append(
                f"Line {row.line}: {matches[0].name} is listed already on line "
                f"{seen[matches[0].id]}."
            )
        else:
            seen[matches[0].id] = row.line
            found.append(matches[0])
    if problems:
        raise CampaignError(
            "The list has rows that match no single agency; nothing was created.", problems
        )
    if not found:
        raise CampaignError("The list names no agency.")
    return found


def create_campaign(values: dict, agencies: list[Agency], *, selection: str, actor) -> Campaign:
    """Create a campaign (not yet approved) writing to `agencies`."""
    if not agencies:
        raise CampaignError("No agency matches; choose other filters or upload a list.")
    if db.session.scalar(select(Campaign.id).filter_by(name=values["name"].strip())):
        raise CampaignError(f"A campaign named “{values['name'].strip()}” exists already.")
    campaign = Campaign(
        name=values["name"].strip(),
        description=(values.get("description") or "").strip(),
        template_slug=values["template_slug"],
        category_slugs=list(values["category_slugs"]),
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        field_values=dict(values.get("field_values") or {}),
        agency_selection=selection,
        default_owner=actor,
        revision=1,
        members=[CampaignAgency(agency=a, position=i) for i, a in enumerate(agencies)],
    )
    db.session.add(campaign)
    db.session.flush()
    audit.record(
        "campaign.created",
        campaign,
        f"Campaign “{campaign.name}” created for {len(agencies)} agencies",
        user=actor,
        data={"selection": selection, "agencies": len(agencies)},
    )
    db.session.flush()
    return campaign


def update_campaign(campaign: Campaign, values: dict, *, actor) -> list[RecordsRequest]:
    """Change a campaign; a new wording needs approval again. Return filed requests to correct."""
    before = {name: getattr(campaign, name) for name in WORDING_FIELDS}
    campaign.name = values["name"].strip()
    campaign.description = (values.get("description") or "").strip()
    campaign.template_slug = values["template_slug"]
    campaign.category_slugs = list(values["category_slugs"])
    campaign.date_from, campaign.date_to = values.get("date_from"), values.get("date_to")
    campaign.field_values = dict(values.get("field_values") or {})
    changed = [n for n in WORDING_FIELDS if before[n] != getattr(campaign, n)]
    if changed:
        campaign.revision += 1
        campaign.approved_at, campaign.approved_by = None, None
        for records_request in campaign_requests(campaign):
            if not is_filed(records_request):
                records_request.approved_at = None
    db.session.flush()
    audit.record(
        "campaign.updated",
        campaign,
        "Campaign edited; "
        + ("wording changed: " + ", ".join(changed) if changed else "same wording"),
        user=actor,
        data={"changed": changed, "revision": campaign.revision},
    )
    db.session.flush()
    return needing_correction(campaign)


def _refuse_unfilled_fields(campaign: Campaign) -> None:
    """Raise CampaignError while a field the template's letter needs is empty."""
    template = db.session.scalar(select(RequestTemplate).filter_by(slug=campaign.template_slug))
    declared = template_fields.from_json(template.fields if template else [])
    if missing := template_fields.unfilled(declared, campaign.field_values):
        raise CampaignError(template_fields.refusal(missing))


def approve_campaign(campaign: Campaign, *, actor) -> None:
    """Approve the campaign's current wording, so its letters may be generated and filed."""
    require_setup()
    _refuse_unfilled_fields(campaign)
    campaign.approved_at, campaign.approved_by = clock.now(), actor
    audit.record(
        "campaign.approved",
        campaign,
        f"Campaign revision {campaign.revision} approved",
        user=actor,
        data={"revision": campaign.revision},
    )
    db.session.flush()


def campaign_requests(campaign: Campaign, *, with_facts: bool = False) -> list[RecordsRequest]:
    """Return the campaign's requests, in letter order (with their ledgers and letters loaded).

    With facts, a letter comes without its text: the campaign page reads only which letter is
    current, and 351 letters' HTML and text were most of what it fetched.
    """
    query = (
        select(RecordsRequest)
        .join(
            CampaignAgency,
            (CampaignAgency.agency_id == RecordsRequest.agency_id)
            & (CampaignAgency.campaign_id == RecordsRequest.campaign_id),
        )
        .where(RecordsRequest.campaign_id == campaign.id)
        .order_by(CampaignAgency.position)
    )
    if with_facts:
        query = query.options(
            selectinload(RecordsRequest.events),
            selectinload(RecordsRequest.snapshots),
            selectinload(RecordsRequest.letters).options(
                defer(RequestLetter.body_html), defer(RequestLetter.body_text)
            ),
        )
    return list(db.session.scalars(query))


def load_with_members(campaign_id: int) -> Campaign | None:
    """Return the campaign with its members and their agencies loaded (two queries)."""
    return db.session.scalar(
        select(Campaign)
        .where(Campaign.id == campaign_id)
        .options(selectinload(Campaign.members).joinedload(CampaignAgency.agency))
        .execution_options(populate_existing=True)
    )


def needing_correction(
    campaign: Campaign, requests: list[RecordsRequest] | None = None
) -> list[RecordsRequest]:
    """Return the filed requests whose letter is older than the campaign's current wording."""
    stale = {
        m.agency_id
        for m in campaign.members
        if m.letter_revision is not None and m.letter_revision != campaign.revision
    }
    requests = campaign_requests(campaign) if requests is None else requests
    return [r for r in requests if r.agency_id in stale and is_filed(r)]


def pending_members(campaign: Campaign) -> list[CampaignAgency]:
    """Return the members, not left out, whose letter is missing or older than the revision."""
    return [
        m
        for m in campaign.members
        if m.letter_revision != campaign.revision and m.left_out_at is None
    ]


def requests_to_email(campaign: Campaign) -> list[RecordsRequest]:
    """Return the approved, unfiled requests the campaign files by email (none left out)."""
    by_email = {
        m.agency_id
        for m in campaign.members
        if m.channel == Channel.EMAIL and m.left_out_at is None
    }
    return [
        r
        for r in campaign_requests(campaign)
        if r.agency_id in by_email and r.approved_at is not None and not is_filed(r)
    ]


def member_of(campaign: Campaign, member_id: int) -> CampaignAgency | None:
    """Return the campaign's member `member_id`, or None if it is not one of this campaign's."""
    member = db.session.get(CampaignAgency, member_id)
    return member if member is not None and member.campaign_id == campaign.id else None


def set_channel(
    campaign: Campaign, members: list[CampaignAgency], channel: str, *, actor
) -> list[CampaignAgency]:
    """File these members' requests by `channel` from now on; return those that changed."""
    channel = preflight.campaign_channel(channel)
    changed = [m for m in members if m.channel != channel]
    for member in changed:
        member.channel = channel
    if changed:
        audit.record(
            Action.CAMPAIGN_CHANNEL_CHANGED,
            campaign,
            f"{_names(changed)} to be filed by {preflight.CHANNEL_LABELS[channel]}",
            user=actor,
            data={"channel": channel.value, "agencies": [m.agency_id for m in changed]},
        )
    db.session.flush()
    return changed


def leave_out(campaign: Campaign, members: list[CampaignAgency], *, actor) -> list[CampaignAgency]:
    """Leave these members out of the campaign's filing (a filed one cannot be)."""
    filed = preflight.filed_agency_ids(campaign.id)
    if any(m.agency_id in filed for m in members):
        raise CampaignError("A filed request cannot be left out.")
    changed = [m for m in members if m.left_out_at is None]
    for member in changed:
        member.left_out_at = clock.now()
    if changed:
        audit.record(
            Action.CAMPAIGN_AGENCY_LEFT_OUT,
            campaign,
            f"Left out of the filing: {_names(changed)}",
            user=actor,
            data={"agencies": [m.agency_id for m in changed]},
        )
    db.session.flush()
    return changed


def put_back(campaign: Campaign, member: CampaignAgency, *, actor) -> None:
    """Put a member that was left out back into the campaign's filing."""
    if member.left_out_at is None:
        return
    member.left_out_at = None
    audit.record(
        Action.CAMPAIGN_AGENCY_PUT_BACK,
        campaign,
        f"Put back into the filing: {member.agency.name}",
        user=actor,
        data={"agencies": [member.agency_id]},
    )
    db.session.flush()


def add_contact(member: CampaignAgency, value: str, *, actor) -> None:
    """Give the member's agency what its channel needs (its email, postal or portal address)."""
    channel = preflight.campaign_channel(member.channel)
    value = value.strip()
    if not value:
        raise CampaignError(f"Enter {preflight.NEEDS[channel][1]} for {member.agency.name}.")
    update_agency(member.agency, {preflight.NEEDS[channel][0]: value}, actor)
    reason = preflight.lacking(member.agency, channel)
    if reason:
        raise CampaignError(reason)


def _names(members: list[CampaignAgency]) -> str:
    names = [m.agency.name for m in members]
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def compose_for(
    campaign: Campaign, agency: Agency, today: date, *, correcting: RecordsRequest | None = None
) -> ComposedLetter:
    """Render the campaign's letter for one agency (a correction letter for a filed request)."""
    template = db.session.scalar(select(RequestTemplate).filter_by(slug=campaign.template_slug))
    if template is None:
        raise CampaignError(f"The template “{campaign.template_slug}” no longer exists.")
    preamble, subject = "", None
    if correcting is not None:
        filed = next(e.occurred_on for e in correcting.events if e.kind == "filed")
        preamble = (
            f"This letter corrects our public records request of {filed:%B} {filed.day},"
            f" {filed.year} (our reference {correcting.reference}). Please read the "
            "request as set out below, which replaces the earlier wording; the request "
            "remains pending from its original date."
        )
        subject = f"correction to request {correcting.reference}"
    return compose_letter(
        template,
        agency,
        today,
        category_slugs=list(campaign.category_slugs) or None,
        date_from=campaign.date_from,
        date_to=campaign.date_to,
        requester=requester_for(campaign.default_owner),
        fields=campaign.field_values,
        preamble=preamble,
        subject=subject,
    )


def request_for(campaign: Campaign, agency: Agency) -> RecordsRequest | None:
    """Return the campaign's request to `agency`, if generated."""
    return db.session.scalar(
        select(RecordsRequest).filter_by(campaign_id=campaign.id, agency_id=agency.id)
    )


def store_generated(
    campaign: Campaign, member: CampaignAgency, letter: ComposedLetter, pdf: RenderedPdf, *, actor
) -> str:
    """Write one generated letter: a draft request, its regenerated letter, or a correction."""
    if campaign.approved_at is None:
        raise CampaignError("A lawyer must approve the campaign before its letters are generated.")
    records_request = request_for(campaign, member.agency)
    outcome = "regenerated"
    if records_request is None:
        records_request = create_request(
            member.agency, campaign.name, owner=campaign.default_owner, actor=actor
        )
        records_request.campaign, outcome = campaign, "created"
        records_request.volunteer = campaign.default_volunteer
    kind = "request"
    if is_filed(records_request):
        kind, outcome = "correction", "correction"
    else:
        records_request.approved_at = campaign.approved_at
    records_request.template_slug = campaign.template_slug
    if kind == "request":
        records_request.category_slugs = list(campaign.category_slugs)
        records_request.date_from, records_request.date_to = campaign.date_from, campaign.date_to
    write_letter(records_request, letter, pdf, kind=kind, actor=actor)
    member.letter_revision = campaign.revision
    db.session.flush()
    return outcome


@dataclass(frozen=True)
class Progress:
    """How far a campaign's generation and filing have got, counted in the database."""

    #: The agencies written to, less those a lawyer left out.
    total: int
    generated: int
    filed: int
    approved_requests: int
    left_out: int = 0

    def as_dict(self) -> dict[str, int]:
        """Return the counts for the progress endpoint."""
        return vars(self)


def progress(campaign: Campaign) -> Progress:
    """Count the campaign's letters generated for the current revision and requests filed."""
    member_counts = select(
        func.count().filter(CampaignAgency.left_out_at.is_(None)),
        func.count().filter(
            CampaignAgency.letter_revision == campaign.revision,
            CampaignAgency.left_out_at.is_(None),
        ),
        func.count().filter(CampaignAgency.left_out_at.is_not(None)),
    ).where(CampaignAgency.campaign_id == campaign.id)
    total, generated, left_out = db.session.execute(member_counts).one()
    filed = db.session.scalar(
        select(func.count(func.distinct(ClockEvent.request_id)))
        .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
        .where(
            RecordsRequest.campaign_id == campaign.id,
            ClockEvent.kind == "filed",
            ClockEvent.active(),
        )
    )
    approved = db.session.scalar(
        select(func.count()).where(
            RecordsRequest.campaign_id == campaign.id, RecordsRequest.approved_at.is_not(None)
        )
    )
    return Progress(total or 0, generated or 0, filed or 0, approved or 0, left_out or 0)


def filed_letter(records_request: RecordsRequest):
    """Return the request's letter (the one sent, else the draft)."""
    return current_letter(records_request)
