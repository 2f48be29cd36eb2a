"""A realistic organisation, built through the app's own pages, for the security sweeps.

`build_world(app, mark)` seeds the reference data and the demo campaign, then, as real users
would, adds an agency, a campaign with generated and filed letters, a logged response with a
file, notes (one privileged), an inbound email, an appeal, a fee, a closure, calendar feeds and
an edited template and category. Every free-text field it fills starts with `mark`, so a sweep
can pass an XSS payload (or a CSV formula) and then look for it on every page.

It works on the pytest `app` and on the browser's live server app alike: it turns CSRF off and
runs the campaign worker inline only while it builds.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from foia import clock
from foia.extensions import db
from tests.support.app import fresh_request_globals
from tests.support.factories import create_user, login_as
from tests.support.responses import email_bytes, text_pdf

#: The privileged note's text: no volunteer may ever receive it.
SECRET_WORD = "Zanzibarquux"


class _Client(FlaskClient):
    """A test client whose every request starts with an empty `g`, as a real request does.

    The world is built inside one app context, which every request shares, so without this the
    second client would act as the user Flask-Login cached in `g` for the first.
    """

    def open(self, *args, **kwargs):
        fresh_request_globals()
        return super().open(*args, **kwargs)


def _ok(response, what: str):
    if response.status_code not in (200, 302):
        from tests.support.html import page

        shown = page(response)
        problems = shown.texts(".error, .field-error, .flash-error, .problems li, [id$=-error]")
        raise AssertionError(f"{what}: {response.status_code} {problems}")
    return response


def build_world(app, mark: str = "") -> dict:
    """Create one of everything through the pages; return the ids, users and feed tokens."""
    old = {k: app.config.get(k) for k in ("WTF_CSRF_ENABLED", "CAMPAIGN_WORKER")}
    app.config.update(WTF_CSRF_ENABLED=False, CAMPAIGN_WORKER="inline")
    try:
        return _build(app, mark)
    finally:
        app.config.update(old)


def _suggested_finding(request_id: int, mark: str) -> int:
    """Add a vendor finding, as the suggester would, on the request's first document (#17)."""
    from foia.documents.models import Attachment
    from foia.findings.models import Finding
    from foia.requests.models import RecordsRequest

    attachment_id = db.session.scalar(
        select(Attachment.id).filter_by(request_id=request_id).order_by(Attachment.id)
    )
    finding = Finding(
        agency_id=db.session.get(RecordsRequest, request_id).agency_id,
        attachment_id=attachment_id,
        kind="system",
        value=f"{mark}Clearview",
        snippet=f"{mark}words around it",
        suggestion_key="system:world",
        suggested_value=f"{mark}Clearview",
    )
    db.session.add(finding)
    db.session.commit()
    return finding.id


def _build(app, mark: str) -> dict:  # noqa: PLR0915 - one story, told in order
    from foia.agencies.models import Agency
    from foia.campaigns.models import Campaign
    from foia.documents.models import Attachment
    from foia.feeds import operations as feeds
    from foia.inbound.models import InboundEmail
    from foia.jurisdictions.models import Closure
    from foia.letters.models import RecordCategory
    from foia.requests.models import ClockEvent, RecordsRequest
    from foia.responses.models import Appeal, Note

    result = app.test_cli_runner().invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    admin, lawyer, volunteer = (create_user(r, name=f"{mark}{r}") for r in ROLES)
    as_admin, as_lawyer, as_volunteer = (
        login_as(_Client(app, app.response_class, use_cookies=True), user)
        for user in (admin, lawyer, volunteer)
    )
    today = clock.today()

    _ok(
        as_lawyer.post(
            "/agencies/new",
            data={
                "name": f"{mark}Police Department",
                "jurisdiction": "US-MA",
                "level": "municipal",
                "kind": "police",
                "county": "Hampden",
                "municipality": f"{mark}Town",
                "records_officer": f"{mark}Officer",
                "email": "records@xss-pd.example.org",
                "address": f"{mark}1 Main St",
                "phone": "555-0100",
                "notes": f"{mark}agency notes",
            },
        ),
        "create agency",
    )
    agency = db.session.scalar(select(Agency).filter_by(email="records@xss-pd.example.org"))
    towns = db.session.scalars(
        select(Agency.name).where(Agency.name.in_(["Boston Police Department"]))
    ).all()
    listing = io.StringIO()
    csv.writer(listing).writerows([["name"], *([n] for n in [*towns, agency.name])])
    agency_list = listing.getvalue()
    _ok(
        as_lawyer.post(
            "/letters/categories/new",
            data={
                "slug": "xss-category",
                "name": f"{mark}Category",
                "wording": f"{mark}wording",
                "notes": f"{mark}category notes",
                "is_active": "y",
            },
        ),
        "create category",
    )
    _ok(
        as_lawyer.post(
            "/letters/templates/use-and-policy/edit",
            data={
                "name": f"{mark}Use and policy",
                "description": f"{mark}template description",
                "body": f"<p>{mark}template text</p>\n<p>{{{{ agency.name }}}}</p>",
                "categories": ["use-policies", "contracts"],
            },
        ),
        "edit template",
    )
    _ok(
        as_lawyer.post(
            "/campaigns/new",
            data={
                "name": f"{mark}Campaign",
                "description": f"{mark}campaign description",
                "template": "use-and-policy",
                "categories": ["use-policies", "contracts", "xss-category"],
                "date_from": "2019-01-01",
                "agency_list": (io.BytesIO(agency_list.encode()), "agencies.csv"),
            },
            content_type="multipart/form-data",
        ),
        "create campaign",
    )
    campaign = db.session.scalar(select(Campaign).filter_by(name=f"{mark}Campaign"))
    _ok(as_lawyer.post(f"/campaigns/{campaign.id}/approve"), "approve")
    _ok(as_lawyer.post(f"/campaigns/{campaign.id}/generate"), "generate")
    _ok(as_lawyer.post(f"/campaigns/{campaign.id}/file"), "file")
    db.session.expire_all()
    records_request = db.session.scalar(
        select(RecordsRequest).filter_by(campaign_id=campaign.id, agency_id=agency.id)
    )
    request_id = records_request.id
    monday = today - timedelta(days=today.weekday() + 21)
    _ok(
        as_volunteer.post(
            f"/requests/{request_id}/events",
            data={"kind": "received", "occurred_on": monday.isoformat(), "basis": f"{mark}basis"},
        ),
        "add event",
    )
    _ok(
        as_volunteer.post(
            f"/requests/{request_id}/responses/new",
            data={
                "received_on": today.isoformat(),
                "channel": "mail",
                "sender": f"{mark}Records Officer",
                "kind": "denial",
                "summary": f"{mark}summary",
                "tracking_numbers": f"{mark}T-1",
                "attachments": [(io.BytesIO(text_pdf("Denial")), f"{mark}denial.pdf")],
            },
            content_type="multipart/form-data",
        ),
        "log response",
    )
    _ok(
        as_volunteer.post(
            f"/requests/{request_id}/outcomes",
            data={"outcome-use-policies": "withheld", "exemption_text-use-policies": f"{mark}ex"},
        ),
        "code outcomes",
    )
    _ok(
        as_volunteer.post(
            f"/requests/{request_id}/fees",
            data={
                "fee_kind": "estimate",
                "fee_on": today.isoformat(),
                "amount": "25.00",
                "fee_note": f"{mark}invoice",
            },
        ),
        "record fee",
    )
    _ok(
        as_lawyer.post(
            f"/requests/{request_id}/notes",
            data={"body": f"{mark}{SECRET_WORD} strategy", "is_privileged": "y"},
        ),
        "privileged note",
    )
    _ok(
        as_volunteer.post(f"/requests/{request_id}/notes", data={"body": f"{mark}ordinary note"}),
        "ordinary note",
    )
    raw = email_bytes(
        f"{mark}Re: {records_request.reference}",
        body=f"{mark}email body",
        sender="records@xss-pd.example.org",
        attachments=[(f"{mark}letter.pdf", text_pdf("Letter"), "application/pdf")],
    )
    _ok(
        as_volunteer.post(
            "/inbox",
            data={"message": (io.BytesIO(raw), "message.eml")},
            content_type="multipart/form-data",
        ),
        "upload email",
    )
    _ok(as_lawyer.post(f"/requests/{request_id}/appeals"), "draft appeal")
    appeal_id = db.session.scalar(select(Appeal.id).filter_by(request_id=request_id))
    _ok(
        as_lawyer.post(f"/appeals/{appeal_id}", data={"body": f"{mark}appeal text"}),
        "edit appeal",
    )
    _ok(
        as_admin.post(
            "/admin/closures",
            data={
                "closed_on": (today + timedelta(days=30)).isoformat(),
                "reason": f"{mark}closure",
                "jurisdiction": "US-MA",
            },
        ),
        "add closure",
    )
    _ok(as_lawyer.post("/letters/signature", data={"line": f"{mark}signature"}), "signature")
    # The public tracker (#17 §2): the campaign published, its first document released.
    _ok(
        as_lawyer.post(
            f"/campaigns/{campaign.id}/publishing",
            data={"is_published": "y", "public_slug": "world-tracker"},
        ),
        "publish campaign",
    )
    released_id = db.session.scalar(
        select(Attachment.id).filter_by(request_id=request_id).order_by(Attachment.id)
    )
    _ok(as_lawyer.post(f"/attachments/{released_id}/public", data={"public": "yes"}), "release")
    finding_id = _suggested_finding(request_id, mark)
    _ok(
        as_lawyer.post(f"/findings/{finding_id}/confirm", data={"value": f"{mark}Clearview AI"}),
        "confirm finding",
    )
    _ok(
        as_volunteer.post(
            "/settings/notifications",
            data={"is_enabled": "y", "delivery": "digest", "days_before": "3", "appeal_days": "5"},
        ),
        "notification settings",
    )
    volunteer_feed, volunteer_token = feeds.create(user=volunteer, actor=volunteer)
    lawyer_feed, lawyer_token = feeds.create(user=lawyer, actor=lawyer)
    campaign_feed, campaign_token = feeds.create(campaign=campaign, actor=lawyer)
    db.session.commit()
    return {
        "mark": mark,
        "users": {"admin": admin.id, "lawyer": lawyer.id, "volunteer": volunteer.id},
        "emails": {"admin": admin.email, "lawyer": lawyer.email, "volunteer": volunteer.email},
        "feeds": {
            "volunteer": volunteer_feed.id,
            "lawyer": lawyer_feed.id,
            "campaign": campaign_feed.id,
        },
        "tokens": {
            "volunteer": volunteer_token,
            "lawyer": lawyer_token,
            "campaign": campaign_token,
        },
        "ids": {
            "agency_id": agency.id,
            "campaign_id": campaign.id,
            "request_id": request_id,
            "letter_id": records_request.letters[0].id,
            "event_id": db.session.scalar(
                select(ClockEvent.id).filter_by(request_id=request_id).order_by(ClockEvent.id)
            ),
            "attachment_id": db.session.scalar(select(Attachment.id).order_by(Attachment.id)),
            "email_id": db.session.scalar(
                select(InboundEmail.id).where(InboundEmail.sender == "records@xss-pd.example.org")
            ),
            "appeal_id": appeal_id,
            "closure_id": db.session.scalar(select(Closure.id)),
            "category_id": db.session.scalar(
                select(RecordCategory.id).filter_by(slug="xss-category")
            ),
            "slug": "use-and-policy",
            "public_slug": "world-tracker",
            "user_id": volunteer.id,
            "feed_id": campaign_feed.id,
            "note_id": db.session.scalar(select(Note.id)),
            "finding_id": finding_id,
            "token": volunteer_token,
            "filename": "css/site.css",
        },
    }


ROLES = ("admin", "lawyer", "volunteer")
