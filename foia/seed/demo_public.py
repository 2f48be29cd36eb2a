"""The demo campaign's public tracker: published at /public/ma-face-recognition, with one
released document from the Lowell Police Department and the findings a lawyer confirmed in it.

Running the seed again changes nothing: each piece is made only when it is missing.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.models import Attachment
from foia.documents.storage import store_for
from foia.extensions import db
from foia.findings import operations as findings
from foia.findings.models import Finding
from foia.letters.models import OrganisationProfile
from foia.requests.models import RecordsRequest
from foia.seed.demo import DEMO_CAMPAIGN

DEMO_SLUG = "ma-face-recognition"
DEMO_LICENCE = "CC BY 4.0"
#: The released document: who sent it, its name, and its pages.
DEMO_AGENCY = "Lowell Police Department"
DEMO_FILENAME = "lowell-police-records-response.txt"
DEMO_PAGES = (
    "Lowell Police Department, Records Access Officer. Response to your public records request "
    "about face recognition (demo data: no agency wrote this).",
    "The Department holds a subscription agreement with Clearview AI, Inc. at a total cost of "
    "$10,000.00 from January 1, 2024 through December 31, 2024.",
    "In 2025 detectives ran 240 facial recognition searches. The Department has no written "
    "policy on the use of facial recognition.",
)
#: (kind, value, period, page) of each confirmed finding, as a lawyer read them.
DEMO_FINDINGS = (
    ("uses_face_recognition", "yes", "", 2),
    ("system", "Clearview AI", "", 2),
    ("contract", "$10,000", "January 1, 2024 to December 31, 2024", 2),
    ("searches", "240", "2025", 3),
    ("written_policy", "no", "", 3),
)


def publish_demo_campaign() -> int:
    """Publish the demo campaign with a released document and its findings; return new findings."""
    lawyer = db.session.scalars(select(User).filter_by(email="lawyer@example.org")).one()
    campaign = db.session.scalar(select(Campaign).where(Campaign.public_slug == DEMO_SLUG))
    if campaign is None:
        campaign = db.session.scalars(select(Campaign).filter_by(name=DEMO_CAMPAIGN)).one()
        campaign.is_published, campaign.public_slug = True, DEMO_SLUG
    profile = db.session.scalar(select(OrganisationProfile).order_by(OrganisationProfile.id))
    if profile is not None and not profile.data_licence:
        profile.data_licence = DEMO_LICENCE
    records_request = db.session.scalars(
        select(RecordsRequest)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .where(RecordsRequest.campaign_id == campaign.id, Agency.name == DEMO_AGENCY)
    ).one()
    attachment = _released_document(records_request, lawyer)
    made = 0
    for kind, value, period, page in DEMO_FINDINGS:
        # One of each kind, under the key the suggester would give it: `documents extract` or
        # the Suggest button then finds nothing new, instead of the same facts again to review.
        if db.session.scalar(select(Finding.id).filter_by(attachment_id=attachment.id, kind=kind)):
            continue
        key = findings.suggestion_key(kind, value)
        finding = Finding(
            agency_id=records_request.agency_id,
            attachment_id=attachment.id,
            page=page,
            kind=kind,
            value=value,
            period=period,
            snippet=DEMO_PAGES[page - 1],
            suggestion_key=key,
            suggested_value=value,
            suggested_period=period,
        )
        db.session.add(finding)
        db.session.flush()
        findings.confirm(finding, lawyer, value, period)
        made += 1
    db.session.flush()
    return made


def _released_document(records_request: RecordsRequest, lawyer: User) -> Attachment:
    """Return the demo's released document on the request, stored and made public if missing."""
    attachment = db.session.scalar(
        select(Attachment).filter_by(request_id=records_request.id, filename=DEMO_FILENAME)
    )
    if attachment is None:
        upload = documents.Upload(DEMO_FILENAME, "\f".join(DEMO_PAGES).encode(), "text/plain")
        attachment = documents.attach(
            upload,
            store=store_for(current_app.config),
            max_bytes=current_app.config["MAX_CONTENT_LENGTH"],
            actor=None,
            request_id=records_request.id,
        )
    if attachment.document.extracted_at is None:
        # Read as `documents extract` would: the document's page shows the text the findings
        # quote, and the findings' page no longer says it was never read.
        documents.extract_document(attachment.document, store_for(current_app.config))
    documents.set_public(attachment, True, actor=lawyer)
    return attachment
