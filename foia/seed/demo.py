"""The demo organisation's campaign and requests, dated around the day the seed runs.

The ledgers are placed relative to `today` so that the demo always has something overdue,
something due within three business days, an appeal window closing, and a fee waiting on us.
"""

from datetime import date, timedelta

from sqlalchemy import select

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.campaigns.models import Campaign
from foia.deadlines.calendars import calendar_for
from foia.extensions import db
from foia.requests import operations
from foia.requests.models import RecordsRequest

DEMO_CAMPAIGN = "Press Pause: face recognition in Massachusetts police departments"

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
                {"basis": "$250 for 10 hours of search at $25/hour"},
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


def load_demo_campaign(today: date) -> int:
    """Create the demo campaign and its requests if missing; return how many requests were made."""
    lawyer = db.session.scalar(select(User).filter_by(email="lawyer@example.org"))
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
    made = 0
    for town, story in DEMO_REQUESTS:
        agency = db.session.scalar(select(Agency).filter_by(name=f"{town} Police Department"))
        exists = db.session.scalar(
            select(RecordsRequest).filter_by(campaign_id=campaign.id, agency_id=agency.id)
        )
        if exists is not None:
            continue
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
    db.session.flush()
    return made
