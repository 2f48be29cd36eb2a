"""Bounces: a filing that did not arrive shows where people look, and is filed again once fixed."""

import uuid
from datetime import timedelta
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from foia import clock
from foia.audit import AuditEvent
from foia.campaigns import operations as campaigns
from foia.extensions import db
from foia.inbound import delivery
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.mail import OutboundEmail
from foia.requests import operations as ledger
from foia.requests.models import RecordsRequest
from tests.support.campaigns import create_via_page, five_agencies, inline_worker, seeded  # noqa: F401 - fixtures used here
from tests.support.factories import create_agency, create_user
from tests.support.html import Page, page
from tests.support.reminders import make_request
from tests.support.responses import filed_request, recent_monday
from tests.support.servers import free_port
from tests.support.statements import statements_sent

REASON = "550 5.1.1 <records@boston-pd.example.org>: Recipient address rejected: User unknown"
NEW_ADDRESS = "publicrecords@boston.example.gov"


def add_failure(records_request, address, *, email=None, status="5.1.1", reason=REASON):
    """Store a bounce and the failure it reports, as the import of a DSN does."""
    inbound = InboundEmail(
        raw_sha256="0" * 64,
        dedup_key=f"<bounce.{uuid.uuid4().hex}@mailer-daemon.example.org>",
        kind="bounce",
        request_id=records_request.id if records_request else None,
    )
    failure = DeliveryFailure(
        inbound_email=inbound,
        request_id=records_request.id if records_request else None,
        outbound_email_id=email.id if email else None,
        address=address.lower(),
        status=status,
        reason=reason,
    )
    db.session.add(failure)
    db.session.commit()
    return failure


def filed_on(records_request, on):
    """Move a request's filing to an earlier day, as if it had been sent then."""
    today = clock.today()
    for kind in ("received", "filed"):
        for event in [e for e in records_request.events if e.kind == kind]:
            ledger.remove_event(event, reason="test", today=today, actor=None)
    for kind in ("filed", "received"):
        ledger.add_event(records_request, kind, on, today=today, actor=None)
    db.session.commit()


@pytest.fixture
def bounced(seeded, lawyer_client, smtp_server):  # noqa: F811 - the imported fixture
    """A campaign request filed by email a week ago whose filing email bounced."""
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    records_request = campaigns.campaign_requests(campaign)[0]
    lawyer_client.post(f"/requests/{records_request.id}/file/email")
    first = recent_monday(clock.today(), weeks_back=1)
    filed_on(records_request, first)
    email = db.session.scalars(select(OutboundEmail)).one()
    failure = add_failure(records_request, email.to_addr, email=email)
    return SimpleNamespace(
        request=records_request,
        agency=records_request.agency,
        campaign=campaign,
        email=email,
        failure=failure,
        first=first,
    )


def show(client, records_request):
    return page(client.get(f"/requests/{records_request.id}"))


def correct_address(records_request, address=NEW_ADDRESS):
    records_request.agency.email = address
    db.session.commit()


# --- where a bounce shows ---------------------------------------------------------------------


@pytest.mark.slow
def test_the_request_page_says_the_filing_never_arrived_with_address_and_reason(
    bounced, lawyer_client
):
    shown = show(lawyer_client, bounced.request)

    banner = shown.one("#delivery")
    assert shown.texts("#delivery-heading") == [
        "Not delivered: the request never reached the agency"
    ]
    assert shown.texts("#delivery .failed-address") == [bounced.email.to_addr]
    assert shown.texts("#delivery .server-reason") == [f"5.1.1 {REASON}"]
    assert banner.get("class") == "panel flash-error"
    # The address is still the one that bounced: the button waits for the correction.
    (button,) = shown.all("form[action$='/file/again'] button")
    assert button.get("disabled") is not None
    assert shown.link("Correct the agency's email address").get("href") == (
        f"/agencies/{bounced.agency.id}/edit"
    )


@pytest.mark.slow
def test_a_volunteer_sees_the_banner_without_the_lawyers_actions(bounced, volunteer_client):
    shown = show(volunteer_client, bounced.request)

    assert shown.texts("#delivery .failed-address") == [bounced.email.to_addr]
    assert shown.all("#delivery form") == []


@pytest.mark.slow
def test_a_request_without_failures_has_no_banner(bounced, lawyer_client):
    other = campaigns.campaign_requests(bounced.campaign)[1]

    assert show(lawyer_client, other).all("#delivery") == []


@pytest.mark.slow
def test_the_dashboard_lists_every_failed_delivery(bounced, volunteer_client):
    shown = page(volunteer_client.get("/"))

    assert shown.texts("#delivery-failed-heading") == ["Delivery failed (1)"]
    (row,) = shown.table("#delivery-failed table")
    assert row["Request"].startswith(bounced.request.reference)
    assert row["Agency"] == bounced.agency.name
    assert row["Message"] == "Filing email not delivered"
    assert row["Failed address"] == bounced.email.to_addr
    assert row["Server's reason"] == f"5.1.1 {REASON}"
    campaign_page = page(volunteer_client.get(f"/dashboard/campaigns/{bounced.campaign.id}"))
    assert len(campaign_page.table("#delivery-failed table")) == 1


@pytest.mark.slow
def test_the_campaign_page_marks_the_request_not_delivered(bounced, volunteer_client):
    shown = page(volunteer_client.get(f"/campaigns/{bounced.campaign.id}"))

    assert shown.texts("#not-delivered-heading") == ["Not delivered (1)"]
    rows = shown.table("section[aria-labelledby=agencies-heading] table")
    problems = {row["Request"]: row["Problem"] for row in rows}
    assert problems[bounced.request.reference] == (
        f"not delivered Filing email to {bounced.email.to_addr}: 5.1.1 {REASON}"
    )
    assert sum(1 for p in problems.values() if p.startswith("not delivered")) == 1


@pytest.mark.slow
def test_the_directory_flags_the_address_until_it_is_edited(bounced, lawyer_client):
    agency = bounced.agency
    listed = page(lawyer_client.get("/agencies", query_string={"q": agency.name}))
    row = next(r for r in listed.table() if r["Name"].startswith(agency.name))
    assert row["Email"] == f"{agency.email} bouncing"
    shown = page(lawyer_client.get(f"/agencies/{agency.id}"))
    assert shown.texts("#bounce-heading") == ["The email address bounces"]
    assert REASON in shown.texts("#bounce")[0]

    form = {
        "name": agency.name,
        "jurisdiction": agency.jurisdiction.code,
        "level": agency.level,
        "kind": agency.kind,
        "county": agency.county or "",
        "municipality": agency.municipality or "",
        "email": NEW_ADDRESS,
    }
    response = lawyer_client.post(f"/agencies/{agency.id}/edit", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    assert page(lawyer_client.get(f"/agencies/{agency.id}")).all("#bounce, .bouncing") == []
    # The request still never arrived: it stays "not delivered" until it is filed again.
    assert show(lawyer_client, bounced.request).texts("#delivery .failed-address") == [
        bounced.email.to_addr
    ]
    # Back to the address that bounced: the flag is derived, so it comes back.
    lawyer_client.post(f"/agencies/{agency.id}/edit", data={**form, "email": agency.email})
    db.session.refresh(agency)
    lawyer_client.post(f"/agencies/{agency.id}/edit", data={**form, "email": bounced.email.to_addr})
    assert page(lawyer_client.get(f"/agencies/{agency.id}")).texts(".bouncing") == ["bouncing"]


def test_bouncing_ignores_case_and_spaces_and_resolved_failures(app):
    agency = create_agency(email=" Records@Town.Example.org ")
    other = create_agency("Other PD", email="records@other.example.org")
    records_request = filed_request(recent_monday(clock.today()), agency=agency)
    failure = add_failure(records_request, "RECORDS@town.example.org")

    assert delivery.is_bouncing(agency) and not delivery.is_bouncing(other)
    assert delivery.bouncing_addresses([agency, other])[agency.id].summary == (
        f"records@town.example.org: 5.1.1 {REASON}"
    )
    delivery.resolve(failure, actor=None, why="test")
    assert not delivery.is_bouncing(agency)
    assert delivery.open_failures() == []


def test_failure_lines_are_read_only_for_addresses_that_bounce(app):
    """One cheap statement asks which addresses bounce; their lines only when some do."""
    agencies = [create_agency(f"PD {n}", email=f"records{n}@town{n}.example.org") for n in range(3)]
    records_request = filed_request(recent_monday(clock.today()), agency=agencies[1])
    rows = [SimpleNamespace(id=a.id, email=a.email) for a in agencies]  # as the directory's
    with statements_sent() as quiet:
        assert delivery.bouncing_addresses(rows) == {}
    add_failure(records_request, "records1@town1.example.org")
    with statements_sent() as bouncing:
        found = delivery.bouncing_addresses(rows)
    assert list(found) == [rows[1].id]
    assert len(quiet) == 1 and "delivery_failures" in quiet[0]
    assert len(bouncing) == 2 and "records_requests" in bouncing[1]  # the lines' statement


def test_lines_say_which_message_bounced(app):
    records_request = filed_request(recent_monday(clock.today()))
    follow_up = OutboundEmail(
        kind="follow_up",
        to_addr="a@b.org",
        subject="s",
        body_text="b",
        message_id="<m@x>",
        request_id=records_request.id,
    )
    db.session.add(follow_up)
    db.session.commit()
    add_failure(records_request, "a@b.org", email=follow_up)
    add_failure(records_request, "c@d.org", status="")
    add_failure(None, "e@f.org", status="4.4.7", reason="Delivery time expired")

    lines = delivery.open_failures()
    assert [(line.address, line.message, line.is_filing) for line in lines] == [
        ("e@f.org", "email", False),
        ("c@d.org", "email", False),
        ("a@b.org", "follow-up", False),
    ]
    assert lines[0].reference == "No request"
    assert delivery.count_open_failures(request_id=records_request.id) == 2
    assert set(delivery.failures_by_request([records_request.id])) == {records_request.id}


def test_the_digest_has_a_not_delivered_section(app, runner, smtp_server):
    today = clock.today()
    lawyer = create_user("lawyer", email="lee@example.org", name="Lee Lawyer")
    records_request = make_request(today, owner=lawyer, received_business_days_ago=14)
    add_failure(records_request, "records@police.example.org")
    stranger = make_request(today, owner=create_user("lawyer"), received_business_days_ago=14)
    add_failure(stranger, "someone@else.example.org")

    result = runner.invoke(args=["reminders", "send", "--today", today.isoformat()])
    assert result.exit_code == 0, result.output

    (digest,) = [m for m in smtp_server.messages if m["To"] == "lee@example.org"]
    text = digest.get_body(("plain",)).get_content()
    assert "Not delivered (1): these emails bounced." in text
    assert f"{records_request.reference}, {records_request.agency.name}: the email to " in text
    assert f"records@police.example.org bounced (5.1.1 {REASON})" in text
    assert "someone@else.example.org" not in text
    html = Page(digest.get_body(("html",)).get_content())
    (item,) = html.texts("ul.not-delivered li")
    assert "records@police.example.org bounced" in item


# --- filing again -----------------------------------------------------------------------------


@pytest.mark.slow
def test_filing_again_is_refused_while_the_address_is_the_one_that_bounced(
    bounced, lawyer_client, smtp_server
):
    response = lawyer_client.post(
        f"/requests/{bounced.request.id}/file/again", follow_redirects=True
    )

    flash = page(response).flashes()[-1]
    assert flash.startswith(f"Not filed again: {bounced.email.to_addr} is the address that bounced")
    assert len(smtp_server.messages) == 1  # the first filing only
    assert db.session.get(DeliveryFailure, bounced.failure.id).resolved_at is None


@pytest.mark.slow
def test_filing_again_sends_to_the_corrected_address_and_moves_the_clock(
    bounced, lawyer_client, smtp_server
):
    records_request = bounced.request
    before = {s.kind: s.due_on for s in records_request.snapshots}
    correct_address(records_request)
    shown = show(lawyer_client, records_request)
    (button,) = shown.all("form[action$='/file/again'] button")
    assert button.get("disabled") is None
    assert shown.texts("form[action$='/file/again'] button") == [
        f"File again by email to {NEW_ADDRESS}"
    ]

    response = lawyer_client.post(f"/requests/{records_request.id}/file/again")

    assert response.status_code == 302
    assert [m["To"] for m in smtp_server.messages] == [bounced.email.to_addr, NEW_ADDRESS]
    again = smtp_server.messages[1]
    assert records_request.reference in again["Subject"]
    (attachment,) = list(again.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    records_request = db.session.get(RecordsRequest, records_request.id)
    first, second = records_request.communications
    assert (first.recipient, second.recipient) == (bounced.email.to_addr, NEW_ADDRESS)
    assert second.tracking == again["Message-ID"]
    assert "sent again because the first filing bounced" in second.delivery_proof
    today = clock.today()
    events = [(e.kind, e.occurred_on) for e in records_request.events]
    assert events == [("filed", today), ("received", today)]
    filed = records_request.events[0]
    assert filed.basis == (
        f"Filed by email again; first filing bounced: {bounced.email.to_addr} 5.1.1 {REASON}."
    )
    after = {s.kind: s.due_on for s in records_request.snapshots}
    assert after["response"] > before["response"]
    failure = db.session.get(DeliveryFailure, bounced.failure.id)
    assert failure.resolved_at is not None and failure.resolved_by_id == lawyer_client.user.id
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.user_id == lawyer_client.user.id)
    ).all()
    assert actions.count("request.event_removed") == 2
    assert "request.filed_again" in actions and "delivery_failure.resolved" in actions
    why = db.session.scalars(
        select(AuditEvent.summary).filter_by(action="request.filed_again")
    ).one()
    assert f"first filing bounced: {bounced.email.to_addr} 5.1.1" in why
    shown = show(lawyer_client, records_request)
    assert shown.all("#delivery") == []
    assert page(lawyer_client.get("/")).all("#delivery-failed") == []


@pytest.mark.slow
def test_filing_again_twice_sends_once(bounced, lawyer_client, smtp_server):
    correct_address(bounced.request)
    lawyer_client.post(f"/requests/{bounced.request.id}/file/again")

    response = lawyer_client.post(
        f"/requests/{bounced.request.id}/file/again", follow_redirects=True
    )

    assert "has no undelivered filing to file again" in page(response).flashes()[-1]
    assert len(smtp_server.messages) == 2


@pytest.mark.slow
def test_smtp_down_keeps_it_queued_and_a_later_click_sends_and_records_it(
    bounced, lawyer_client, smtp_server, app
):
    correct_address(bounced.request)
    app.config["SMTP_PORT"] = free_port()  # nothing listens there

    response = lawyer_client.post(
        f"/requests/{bounced.request.id}/file/again", follow_redirects=True
    )

    shown = page(response)
    assert "refused the connection" in shown.flashes()[-1]
    assert "waits in the outbox" in " ".join(shown.texts("#delivery p"))
    assert shown.texts("form[action$='/file/again'] button") == ["Try sending it again now"]
    app.config["SMTP_PORT"] = smtp_server.port
    lawyer_client.post(f"/requests/{bounced.request.id}/file/again")
    assert [m["To"] for m in smtp_server.messages] == [bounced.email.to_addr, NEW_ADDRESS]
    assert db.session.get(DeliveryFailure, bounced.failure.id).resolved_at is not None
    assert db.session.scalar(select(OutboundEmail).filter_by(to_addr=NEW_ADDRESS)).key == (
        f"filing:letter:{bounced.request.letters[0].id}:again:{bounced.failure.id}"
    )


@pytest.mark.slow
def test_filing_again_is_refused_when_the_agency_answered_meanwhile(
    bounced, lawyer_client, smtp_server
):
    correct_address(bounced.request)
    ledger.add_event(
        bounced.request,
        "acknowledged",
        bounced.first + timedelta(days=1),
        today=clock.today(),
        actor=None,
    )
    db.session.commit()

    response = lawyer_client.post(
        f"/requests/{bounced.request.id}/file/again", follow_redirects=True
    )

    assert "has more than the filing (acknowledged)" in page(response).flashes()[-1]
    assert len(smtp_server.messages) == 1


@pytest.mark.slow
def test_marking_a_failure_dealt_with_clears_it(bounced, lawyer_client, volunteer_client):
    failure_id = bounced.failure.id
    assert volunteer_client.post(f"/delivery-failures/{failure_id}/resolve").status_code == 403

    lawyer_client.post(f"/delivery-failures/{failure_id}/resolve")

    assert db.session.get(DeliveryFailure, failure_id).resolved_at is not None
    assert show(lawyer_client, bounced.request).all("#delivery") == []
    assert lawyer_client.post("/delivery-failures/999999/resolve").status_code == 404


@pytest.mark.slow
def test_only_lawyers_file_again(bounced, volunteer_client, smtp_server):
    correct_address(bounced.request)

    assert volunteer_client.post(f"/requests/{bounced.request.id}/file/again").status_code == 403
    assert len(smtp_server.messages) == 1


# --- bad input --------------------------------------------------------------------------------

_people = {}


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    reason=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=200),
    status=st.from_regex(r"[245]\.\d\.\d{1,3}", fullmatch=True) | st.just(""),
)
def test_any_server_reason_is_shown_as_text(app, client_for, reason, status):
    key = id(app), id(client_for)
    if key not in _people:
        _people.clear()
        _people[key] = client_for("lawyer"), filed_request(recent_monday(clock.today()))
    client, records_request = _people[key]
    db.session.execute(InboundEmail.__table__.delete())  # and, by cascade, the failures
    db.session.commit()
    add_failure(records_request, "x@example.org", status=status, reason=reason)

    response = client.get(f"/requests/{records_request.id}")

    assert response.status_code == 200
    words = " ".join(filter(None, (status, " ".join(reason.split())))) or "no reason given"
    assert page(response).texts("#delivery .server-reason") == [" ".join(words.split())]
