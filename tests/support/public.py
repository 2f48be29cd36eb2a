"""A published campaign full of things that must never be public, for the public tracker's tests.

`build_tracker(app)` makes a campaign published at /public/test-tracker with two agencies: one
overdue, one answered; a document released and one not; findings confirmed (from either
document), suggested and rejected; privileged and internal notes, a message, an agency's
internal notes and records officer, a lawyer and a volunteer with distinctive names; and an
unpublished campaign with a released document and a confirmed finding of its own. CANARIES
lists every word of theirs that no public URL may show.
"""

from __future__ import annotations

from datetime import timedelta

from foia import clock
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from foia.findings import operations as findings
from foia.findings.models import Finding
from foia.requests import operations as requests
from foia.requests.models import Channel, Communication, Direction
from foia.responses.models import Note
from tests.support.factories import create_agency, create_user
from tests.support.responses import filed_request, recent_monday

SLUG = "test-tracker"
HIDDEN_SLUG = "hidden-tracker"
VOLUNTEER_NAME = "Zephyrine Quillfeather"
LAWYER_NAME = "Octavius Brambleworth"
PUBLIC_TEXT = "The Department holds a subscription agreement with Clearview AI, Inc."
#: Words that must appear on no public page, export or feed.
CANARIES = (
    VOLUNTEER_NAME,
    LAWYER_NAME,
    "Quillfeather",
    "Brambleworth",
    "PRIVILEGED-NOTE-CANARY",
    "INTERNAL-NOTE-CANARY",
    "INTERNAL-MESSAGE-CANARY",
    "UNRELEASED-FILE-CANARY",
    "UNRELEASED-TEXT-CANARY",
    "UNRELEASED-SNIPPET-CANARY",
    "SUGGESTED-VENDOR-CANARY",
    "REJECTED-VENDOR-CANARY",
    "AGENCY-NOTES-CANARY",
    "Officer Thistlewick",
    "CAMPAIGN-DESCRIPTION-CANARY",
    "HIDDEN-CAMPAIGN-CANARY",
    "HIDDEN-FINDING-CANARY",
    "HIDDEN-FILE-CANARY",
)


def _attach(app, records_request, name: str, text: str):
    upload = documents.Upload(name, text.encode("utf-8"), "text/plain")
    return documents.attach(
        upload,
        store=store_for(app.config),
        max_bytes=10**7,
        actor=None,
        request_id=records_request.id,
    )


def _finding(attachment, agency_id: int, kind: str, value: str, snippet: str) -> Finding:
    finding = Finding(
        agency_id=agency_id,
        attachment_id=attachment.id,
        page=1,
        kind=kind,
        value=value,
        snippet=snippet,
    )
    db.session.add(finding)
    db.session.flush()
    return finding


def build_tracker(app) -> dict:
    """Create the published campaign and everything private around it; return its ids."""
    today = clock.today()
    lawyer = create_user("lawyer", name=LAWYER_NAME)
    volunteer = create_user("volunteer", name=VOLUNTEER_NAME)
    overdue_agency = create_agency(
        "Springfield Tracker Police",
        notes="AGENCY-NOTES-CANARY",
        records_officer="Officer Thistlewick",
    )
    answered_agency = create_agency("Worcester Tracker Police", county="Worcester")
    campaign = Campaign(
        name="Tracker test campaign",
        description="CAMPAIGN-DESCRIPTION-CANARY",
        default_owner=lawyer,
        default_volunteer=volunteer,
        is_published=True,
        public_slug=SLUG,
    )
    hidden = Campaign(name="HIDDEN-CAMPAIGN-CANARY", public_slug=HIDDEN_SLUG)
    db.session.add_all([campaign, hidden])
    db.session.commit()
    long_ago = recent_monday(today, weeks_back=12)
    overdue = filed_request(long_ago, agency=overdue_agency, campaign=campaign)
    answered = filed_request(long_ago, agency=answered_agency, campaign=campaign)
    requests.add_event(
        answered, "final_response", long_ago + timedelta(days=14), today=today, actor=None
    )
    for records_request in (overdue, answered):
        records_request.owner, records_request.volunteer = lawyer, volunteer
    released = _attach(app, overdue, "released-contract.txt", PUBLIC_TEXT)
    unreleased = _attach(
        app, overdue, "UNRELEASED-FILE-CANARY.txt", "UNRELEASED-TEXT-CANARY internal memo"
    )
    documents.set_public(released, True, actor=lawyer)
    agency_id = overdue_agency.id
    confirmed = _finding(released, agency_id, "system", "Clearview AI", PUBLIC_TEXT)
    findings.confirm(confirmed, lawyer, "Clearview AI")
    from_unreleased = _finding(
        unreleased, agency_id, "uses_face_recognition", "yes", "UNRELEASED-SNIPPET-CANARY"
    )
    findings.confirm(from_unreleased, lawyer, "yes")
    _finding(unreleased, agency_id, "system", "SUGGESTED-VENDOR-CANARY", "a suggestion")
    rejected = _finding(released, agency_id, "contract", "REJECTED-VENDOR-CANARY", "a rejected one")
    findings.reject(rejected, lawyer)
    db.session.add_all(
        [
            Note(request_id=overdue.id, body="PRIVILEGED-NOTE-CANARY", is_privileged=True),
            Note(request_id=overdue.id, body="INTERNAL-NOTE-CANARY", author_id=volunteer.id),
            Communication(
                request_id=overdue.id,
                direction=Direction.IN,
                channel=Channel.EMAIL,
                occurred_on=today,
                sender="Officer Thistlewick",
                subject="INTERNAL-MESSAGE-CANARY",
                body="INTERNAL-MESSAGE-CANARY",
            ),
        ]
    )
    hidden_request = filed_request(long_ago, agency=create_agency("Lowell Tracker Police"))
    hidden_request.campaign = hidden
    hidden_file = _attach(app, hidden_request, "HIDDEN-FILE-CANARY.txt", "hidden")
    documents.set_public(hidden_file, True, actor=lawyer)
    hidden_finding = _finding(
        hidden_file, hidden_request.agency_id, "system", "HIDDEN-FINDING-CANARY", "hidden"
    )
    findings.confirm(hidden_finding, lawyer, "HIDDEN-FINDING-CANARY")
    db.session.commit()
    return {
        "campaign_id": campaign.id,
        "hidden_id": hidden.id,
        "overdue_agency_id": overdue_agency.id,
        "answered_agency_id": answered_agency.id,
        "released_id": released.id,
        "unreleased_id": unreleased.id,
        "hidden_file_id": hidden_file.id,
        "lawyer_id": lawyer.id,
    }


def hide_secrets_in_demo(app) -> None:
    """Give the seeded demo campaign private things of CANARIES: a volunteer, notes, a file."""
    from sqlalchemy import select

    from foia.agencies.models import Agency
    from foia.requests.models import RecordsRequest
    from foia.seed.demo_public import DEMO_SLUG

    volunteer = create_user("volunteer", name=VOLUNTEER_NAME)
    campaign = db.session.scalars(select(Campaign).filter_by(public_slug=DEMO_SLUG)).one()
    campaign.description = "CAMPAIGN-DESCRIPTION-CANARY"
    demo_requests = db.session.scalars(select(RecordsRequest).filter_by(campaign_id=campaign.id))
    for records_request in demo_requests:
        records_request.volunteer = volunteer
        db.session.add_all(
            [
                Note(
                    request_id=records_request.id,
                    body="PRIVILEGED-NOTE-CANARY",
                    is_privileged=True,
                ),
                Note(request_id=records_request.id, body="INTERNAL-NOTE-CANARY"),
            ]
        )
        agency = db.session.get(Agency, records_request.agency_id)
        agency.notes, agency.records_officer = "AGENCY-NOTES-CANARY", "Officer Thistlewick"
        unreleased = _attach(
            app, records_request, "UNRELEASED-FILE-CANARY.txt", "UNRELEASED-TEXT-CANARY"
        )
        _finding(
            unreleased, records_request.agency_id, "system", "SUGGESTED-VENDOR-CANARY", "words"
        )
    db.session.commit()
