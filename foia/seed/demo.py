"""The demo organisation's campaign and requests, dated around the day the seed runs.

The ledgers are placed relative to `today` so that the demo always has something overdue,
something due within three business days, an appeal window closing, and a fee waiting on us.
"""

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.auth.models import User
from foia.campaigns.models import Campaign, CampaignAgency
from foia.campaigns.operations import compose_for
from foia.deadlines.calendars import calendar_for
from foia.deadlines.kinds import EventKind
from foia.extensions import db
from foia.letters.models import LawyerSignature, OrganisationProfile, RequestTemplate
from foia.letters.operations import write_letter
from foia.letters.pdf import html_to_pdf
from foia.requests import operations
from foia.requests.models import Channel, Communication, Direction, RecordsRequest

DEMO_CAMPAIGN = "Press Pause: face recognition in Massachusetts police departments"
#: The fee the Lowell Police Department estimated: its reply in the demo inbox says the same.
LOWELL_FEE_BASIS = "$250 for 10 hours of search at $25/hour"
#: The local time a filed demo letter is shown as sent on its filing day.
DEMO_SENT_AT = time(10, 0)

#: (police department's town, what has happened so far) for each demo request.
DEMO_REQUESTS = (
    ("Springfield", "overdue"),
    ("Worcester", "due_soon"),
    ("Somerville", "appeal_closing"),
    ("Lowell", "fee_waiting"),
    ("Brockton", "acknowledged"),
    ("Pittsfield", "draft"),
)


def business_days_before(today: date, n: int) -> date:
    """Return the Massachusetts business day `n` business days before `today`."""
    calendar, day, counted = calendar_for("US-MA"), today, 0
    while counted < n:
        day -= timedelta(days=1)
        counted += calendar.is_business_day(day)
    return day


def _ledger(story: str, today: date) -> list[tuple[str, date, dict]]:
    if story == "overdue":  # received 14 business days ago, never answered
        received = business_days_before(today, 14)
        return [("filed", received, {}), ("received", received, {})]
    if story == "due_soon":  # the 10-day response falls due in 2 business days
        received = business_days_before(today, 8)
        return [("filed", received, {}), ("received", received, {})]
    if story == "appeal_closing":  # denied 82 days ago: 8 days left of the 90-day appeal window
        received = business_days_before(today - timedelta(days=82), 6)
        return [
            ("filed", received, {}),
            ("received", received, {}),
            ("denial", today - timedelta(days=82), {"basis": "Exemption (f): investigatory"}),
        ]
    if story == "fee_waiting":  # a fee estimate waits for our answer
        received = business_days_before(today, 7)
        return [
            ("filed", received, {}),
            ("received", received, {}),
            (
                "fee_estimate",
                business_days_before(today, 2),
                {"basis": LOWELL_FEE_BASIS},
            ),
        ]
    if story == "acknowledged":
        received = business_days_before(today, 3)
        return [
            ("filed", received, {}),
            ("received", received, {}),
            ("acknowledged", business_days_before(today, 1), {}),
        ]
    return []


def demo_email(municipality: str) -> str:
    """Return the demo address of a town's police records office, at example.org (RFC 2606)."""
    town = re.sub(r"[^a-z0-9]", "", municipality.lower())
    return f"records@{town}police.example.org"


def give_demo_contacts() -> None:
    """Give each police department without contacts a demo email and postal address.

    So the demo files end to end (into the mail capture of `make run`). The State Police and the
    Registry keep none, as in the reference data, where a lawyer fills them in: a campaign that
    writes to them shows the preflight.
    """
    departments = db.session.scalars(
        select(Agency).where(Agency.kind == "police", Agency.municipality.is_not(None))
    )
    for agency in departments:
        if agency.municipality is None:
            continue  # the query leaves these out; this says so to the type checker
        agency.email = agency.email or demo_email(agency.municipality)
        agency.address = agency.address or (
            f"Records Access Officer\n{agency.name}\n{agency.municipality}, Massachusetts"
        )
    db.session.flush()


def give_demo_letterhead(lawyer: User) -> None:
    """Complete the first-run setup for the demo (its letters need it), unless already done."""
    if db.session.scalar(select(OrganisationProfile.id)) is None:
        db.session.add(
            OrganisationProfile(
                name="Demo Civil Liberties Clinic",
                address="12 Court Street, Suite 400\nBoston, MA 02108",
                phone="617-555-0100",
                email="foia@example.org",
            )
        )
    if db.session.scalar(select(LawyerSignature.id).filter_by(user_id=lawyer.id)) is None:
        db.session.add(LawyerSignature(user_id=lawyer.id, line=lawyer.name, title="Staff Attorney"))
    db.session.flush()


def load_demo_campaign(today: date) -> int:
    """Create the demo campaign and its requests if missing; return how many requests were made.

    The demo police departments get their contacts first (give_demo_contacts).
    """
    give_demo_contacts()
    lawyer = db.session.scalars(select(User).filter_by(email="lawyer@example.org")).one()
    give_demo_letterhead(lawyer)
    volunteer = db.session.scalar(select(User).filter_by(email="volunteer@example.org"))
    campaign = db.session.scalar(select(Campaign).filter_by(name=DEMO_CAMPAIGN))
    if campaign is None:
        campaign = Campaign(
            name=DEMO_CAMPAIGN,
            template_slug="use-and-policy",
            default_owner=lawyer,
            default_volunteer=volunteer,
            description="Use, policies, contracts and search logs of face recognition, "
            "after the ACLU of Massachusetts' Press Pause campaign.",
        )
        db.session.add(campaign)
        db.session.flush()
    if not campaign.category_slugs:
        template = db.session.scalars(
            select(RequestTemplate).filter_by(slug=campaign.template_slug)
        ).one()
        campaign.category_slugs = list(template.default_category_slugs)
    if campaign.approved_at is None:
        campaign.approved_at, campaign.approved_by = clock.now(), lawyer
    made = 0
    for position, (town, story) in enumerate(DEMO_REQUESTS):
        agency = db.session.scalars(
            select(Agency).filter_by(name=f"{town} Police Department")
        ).one()
        records_request = db.session.scalar(
            select(RecordsRequest).filter_by(campaign_id=campaign.id, agency_id=agency.id)
        )
        if records_request is None:
            records_request = operations.create_request(
                agency,
                "Face recognition: use, policies, contracts and search logs",
                owner=lawyer,
                actor=None,
            )
            records_request.campaign, records_request.volunteer = campaign, volunteer
            for kind, on, extra in _ledger(story, today):
                operations.add_event(records_request, kind, on, today=today, actor=None, **extra)
            made += 1
        _add_member(campaign, agency, position)
        if not records_request.letters:
            _add_letter(campaign, records_request, today)
    db.session.flush()
    return made


def _add_member(campaign: Campaign, agency: Agency, position: int) -> None:
    """List the agency on the campaign page, its letter drafted from the current wording."""
    if not any(m.agency_id == agency.id for m in campaign.members):
        campaign.members.append(
            CampaignAgency(agency=agency, position=position, letter_revision=campaign.revision)
        )


def _add_letter(campaign: Campaign, records_request: RecordsRequest, today: date) -> None:
    """Draft the request's letter (PDF stored); a filed request's letter is marked as sent.

    A filed demo letter is dated and sent on its filing day, with an outgoing message that
    says plainly it is demo data: nothing was ever emailed.
    """
    filed_on = next(
        (e.occurred_on for e in records_request.events if e.kind == EventKind.FILED), None
    )
    letter = compose_for(campaign, records_request.agency, filed_on or today)
    row = write_letter(records_request, letter, html_to_pdf(letter.html), actor=None)
    records_request.template_slug = campaign.template_slug
    records_request.category_slugs = list(campaign.category_slugs)
    records_request.approved_at = campaign.approved_at
    if filed_on is None:
        return
    sent_at = datetime.combine(filed_on, DEMO_SENT_AT, clock.local_zone()).astimezone(UTC)
    row.sent_at = sent_at
    records_request.filing_channel = Channel.EMAIL
    records_request.communications.append(
        Communication(
            direction=Direction.OUT,
            channel=Channel.EMAIL,
            occurred_on=filed_on,
            recipient=records_request.agency.email or records_request.agency.name,
            subject=f"Public records request {records_request.reference}: {row.subject}",
            body=row.body_text,
            letter_id=row.id,
            delivery_proof="Demo data: no message was actually sent.",
        )
    )
