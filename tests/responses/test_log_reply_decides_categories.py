"""Logging a reply is one form: a deciding reply (final response, partial release, denial, no
records) carries what became of each category and the fee charged, saved with the reply in one
go; bad codes are refused by their box and keep nothing (issue #16 §4)."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from foia import clock
from foia.deadlines.kinds import ClockKind, EventKind
from foia.documents import operations as documents
from foia.documents.models import Document
from foia.documents.storage import FileStore
from foia.extensions import db
from foia.requests import clocks
from foia.requests.models import ClockEvent, Communication
from foia.responses import appeals
from foia.responses import operations as responses
from foia.responses.models import AppealGrounds, CategoryOutcome, Fee, LoggedResponse
from tests.support.html import page, value_of
from tests.support.responses import filed_request, recent_monday, scanned_image, text_pdf

CONTRACTS = "Contracts, licenses and agreements"
POLICIES = "Use policies and procedures"
AUDIT_LOGS = "Audit logs and user accounts"
#: Use policies produced, contracts withheld under (f), audit logs left pending.
PARTLY = {
    "outcome_0": "produced",
    "exemption_0": "",
    "exemption_text_0": "",
    "outcome_1": "withheld",
    "exemption_1": "26f",
    "exemption_text_1": "",
    "outcome_2": "pending",
    "exemption_2": "",
    "exemption_text_2": "",
}
ALL_WITHHELD = {
    f"{name}_{n}": value
    for n in range(3)
    for name, value in (("outcome", "withheld"), ("exemption", "26f"), ("exemption_text", ""))
}


def _log(client, records_request, kind: str, fields: dict | None = None, **more):
    data = {
        "received_on": clock.today().isoformat(),
        "channel": "mail",
        "sender": "Records Access Officer",
        "kind": kind,
        "summary": "Records released in part; invoice enclosed.",
        "tracking_numbers": "",
        **(fields or {}),
        **more,
    }
    return client.post(
        f"/requests/{records_request.id}/responses/new",
        data=data,
        content_type="multipart/form-data",
    )


def _coded(records_request) -> dict[str, tuple[str, str, str]]:
    rows = db.session.scalars(select(CategoryOutcome).filter_by(request_id=records_request.id))
    return {r.category_slug: (r.outcome, r.exemption, r.exemption_text) for r in rows}


def _counts() -> dict[str, int]:
    """Count the rows a logged reply could add."""
    db.session.expire_all()
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (
            Communication,
            LoggedResponse,
            ClockEvent,
            CategoryOutcome,
            Fee,
            Document,
        )
    }


def _appeal_window(records_request):
    deadlines = clocks.deadlines_for(records_request, clock.today())
    return deadlines, deadlines.clock(ClockKind.APPEAL) if deadlines else None


def test_the_form_asks_each_category_under_the_kinds_that_decide_them(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))

    shown = page(volunteer_client.get(f"/requests/{records_request.id}/responses/new"))

    groups = {
        " ".join(shown.texts(f"fieldset[data-kinds='{kinds}'] > legend")): kinds
        for kinds in (f.get("data-kinds") for f in shown.all("fieldset[data-kinds]"))
    }
    assert groups == {
        "Extension notice": "extension",
        "Fee estimate": "fee_estimate",
        "Partial release, final response, denial or no records": (
            "partial_release final_response denial no_records"
        ),
    }
    decided = "fieldset[data-kinds='partial_release final_response denial no_records']"
    assert shown.texts(f"{decided} fieldset > legend") == [POLICIES, CONTRACTS, AUDIT_LOGS]
    for name in (POLICIES, CONTRACTS, AUDIT_LOGS):
        assert value_of(shown.by_label(f"Outcome: {name}")) == "pending"
        assert shown.by_label(f"Exemption in the agency's words: {name}") is not None
    offered = [o.text for o in shown.by_label(f"Exemption cited: {CONTRACTS}").iter()]
    assert "M.G.L. c.4 §7(26)(f): Investigatory materials" in offered
    invoice = shown.by_label("Fee charged, in dollars (invoice, if any)")
    assert invoice in shown.all(f"{decided} input")


def test_a_partial_release_with_outcomes_and_a_fee_is_saved_in_one_submission(
    app, volunteer_client
):
    records_request = filed_request(clock.today())
    assert _appeal_window(records_request)[1] is None

    response = _log(
        volunteer_client,
        records_request,
        "partial_release",
        PARTLY,
        invoice_amount="25.50",
        attachments=[(io.BytesIO(text_pdf("Partial release")), "release.pdf")],
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert [e.kind for e in records_request.events] == [EventKind.FILED, EventKind.PARTIAL_RELEASE]
    # The category left pending and never coded stays uncoded.
    assert _coded(records_request) == {
        "use-policies": ("produced", "", ""),
        "contracts": ("withheld", "26f", ""),
    }
    fee = db.session.scalars(select(Fee)).one()
    assert (fee.kind, fee.amount, fee.occurred_on) == ("invoice", Decimal("25.50"), clock.today())
    assert fee.clock_event_id is None  # an invoice does not pause the clock
    deadlines, window = _appeal_window(records_request)
    # M.G.L. c.66 §10A(a): 90 calendar days from the response to appeal.
    assert window is not None and window.state == "running"
    assert (window.due_on - clock.today()).days == 90
    assert records_request.appeal_due_on == window.due_on
    outcomes = [o for o, _, _ in _coded(records_request).values()]
    assert appeals.appeal_grounds(records_request.status, outcomes, deadlines) == (
        AppealGrounds.PARTLY_DENIED
    )
    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))
    assert value_of(shown.by_label(f"Outcome: {CONTRACTS}")) == "withheld"
    assert "Invoiced: $25.50" in " ".join(shown.texts("section[aria-labelledby=fees-heading] p"))


@pytest.mark.parametrize(
    ("kind", "codes", "event"),
    [
        ("denial", ALL_WITHHELD, EventKind.DENIAL),
        ("partial_release", PARTLY, EventKind.PARTIAL_RELEASE),
    ],
)
def test_the_form_opens_the_appeal_window_the_outcomes_form_opens(
    app, volunteer_client, kind, codes, event
):
    filed_on = recent_monday(clock.today())
    # The old way: an unclassified reply, then the outcomes coded on the request page.
    coded_later = filed_request(filed_on, title="Coded later")
    assert _log(volunteer_client, coded_later, "other").status_code == 302
    coding = volunteer_client.post(f"/requests/{coded_later.id}/outcomes", data=codes)
    assert coding.status_code == 302
    # The one form.
    at_once = filed_request(filed_on, title="At once", agency=coded_later.agency)
    assert _log(volunteer_client, at_once, kind, codes).status_code == 302

    db.session.expire_all()
    for records_request in (coded_later, at_once):
        assert [e.kind for e in records_request.events] == [EventKind.FILED, event]
    assert at_once.status == coded_later.status
    # (The outcomes form also keeps a row for a category left pending; the one form does not.)
    assert _coded(at_once) == {s: c for s, c in _coded(coded_later).items() if c[0] != "pending"}
    (_, later), (_, now) = _appeal_window(coded_later), _appeal_window(at_once)
    assert now is not None and (now.due_on, now.state) == (later.due_on, later.state)
    assert at_once.appeal_due_on == coded_later.appeal_due_on == now.due_on


def test_a_final_response_withholding_a_category_opens_the_appeal_window(app, volunteer_client):
    records_request = filed_request(clock.today())

    assert _log(volunteer_client, records_request, "final_response", PARTLY).status_code == 302

    db.session.expire_all()
    # The final response is the determination: no second event from the coding.
    assert [e.kind for e in records_request.events] == [EventKind.FILED, EventKind.FINAL_RESPONSE]
    deadlines, window = _appeal_window(records_request)
    assert window is not None and window.state == "running"
    outcomes = [o for o, _, _ in _coded(records_request).values()]
    assert appeals.appeal_grounds(records_request.status, outcomes, deadlines) == (
        AppealGrounds.PARTLY_DENIED
    )


def test_a_kind_that_decides_nothing_ignores_the_category_fields(app, volunteer_client):
    # Without JavaScript every fieldset is sent; only the chosen kind's fields count.
    records_request = filed_request(recent_monday(clock.today()))

    response = _log(
        volunteer_client,
        records_request,
        "fee_estimate",
        PARTLY,
        fee_amount="80.00",
        invoice_amount="12.00",
        extension_days="10",
    )

    assert response.status_code == 302
    assert _coded(records_request) == {}
    fee = db.session.scalars(select(Fee)).one()
    assert (fee.kind, fee.amount) == ("estimate", Decimal("80.00"))


def test_recoding_an_already_coded_category_back_to_pending_is_kept(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    assert _log(volunteer_client, records_request, "partial_release", PARTLY).status_code == 302

    shown = page(volunteer_client.get(f"/requests/{records_request.id}/responses/new"))
    assert value_of(shown.by_label(f"Outcome: {CONTRACTS}")) == "withheld"
    again = {**PARTLY, "outcome_1": "pending", "exemption_1": ""}
    assert _log(volunteer_client, records_request, "final_response", again).status_code == 302

    assert _coded(records_request) == {
        "use-policies": ("produced", "", ""),
        "contracts": ("pending", "", ""),
    }


def test_an_unknown_outcome_is_refused_by_its_box_and_what_was_typed_stays(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    before = _counts()

    response = _log(
        volunteer_client,
        records_request,
        "partial_release",
        {**PARTLY, "outcome_1": "shredded"},
        invoice_amount="25.50",
        sender="Ms Keeper, Records",
        attachments=[(io.BytesIO(scanned_image("RELEASE")), "scan.png")],
    )

    assert response.status_code == 400
    shown = page(response)
    assert shown.error_for(f"Outcome: {CONTRACTS}") == "Choose one of the outcomes listed."
    assert _counts() == before
    assert value_of(shown.by_label("What kind of reply")) == "partial_release"
    assert value_of(shown.by_label(f"Outcome: {POLICIES}")) == "produced"
    assert value_of(shown.by_label("Fee charged, in dollars (invoice, if any)")) == "25.50"
    assert value_of(shown.by_label("From (name or address)")) == "Ms Keeper, Records"
    assert value_of(shown.by_label("Summary")).strip() == (
        "Records released in part; invoice enclosed."
    )


def test_an_unknown_exemption_is_refused_by_its_box(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    before = _counts()

    response = _log(volunteer_client, records_request, "denial", {**PARTLY, "exemption_1": "99z"})

    assert response.status_code == 400
    assert page(response).error_for(f"Exemption cited: {CONTRACTS}") == (
        "Choose one of the exemptions listed."
    )
    assert _counts() == before


def test_an_other_exemption_needs_words_and_nothing_is_kept(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    before = _counts()

    response = _log(
        volunteer_client,
        records_request,
        "partial_release",
        {**PARTLY, "exemption_1": "other"},
        attachments=[(io.BytesIO(text_pdf("Release")), "release.pdf")],
    )

    assert response.status_code == 400
    assert page(response).error_for(f"Exemption in the agency's words: {CONTRACTS}") == (
        "Describe the exemption the agency cited."
    )
    assert _counts() == before


def test_a_category_of_another_request_stops_the_whole_reply(app, tmp_path):
    records_request = filed_request(recent_monday(clock.today()))
    other = filed_request(
        recent_monday(clock.today()),
        title="Other",
        categories=["bodycams"],
        agency=records_request.agency,
    )
    before = _counts()
    store = FileStore(str(tmp_path))

    with pytest.raises(responses.ResponseError, match="did not ask for the category 'bodycams'"):
        responses.log_response(
            records_request,
            received_on=clock.today(),
            channel="mail",
            sender="",
            kind="denial",
            summary="",
            today=clock.today(),
            actor=None,
            store=store,
            max_bytes=10_000_000,
            uploads=[documents.Upload("scan.pdf", text_pdf("Denied"), "")],
            outcomes={"bodycams": ("withheld", "", "")},
        )
    db.session.rollback()

    assert _counts() == before
    assert not any(tmp_path.rglob("*.*"))  # the operation stopped before any file was written
    assert other.category_slugs == ["bodycams"]


def test_outcomes_with_a_kind_that_decides_nothing_are_refused(app, tmp_path):
    records_request = filed_request(recent_monday(clock.today()))

    with pytest.raises(responses.ResponseError, match="Acknowledgement decides no record category"):
        responses.log_response(
            records_request,
            received_on=clock.today(),
            channel="mail",
            sender="",
            kind="acknowledgement",
            summary="",
            today=clock.today(),
            actor=None,
            store=FileStore(str(tmp_path)),
            max_bytes=10_000_000,
            outcomes={"contracts": ("withheld", "", "")},
        )
    db.session.rollback()


def _fuzz_request():
    # Hypothesis runs every example of a test in one database: make the request once.
    from foia.requests.models import RecordsRequest

    found = db.session.scalar(select(RecordsRequest).filter_by(title="Fuzz replies"))
    return found or filed_request(recent_monday(clock.today()), title="Fuzz replies")


codes = st.one_of(
    st.sampled_from(["pending", "produced", "partly_produced", "withheld", "no_records"]),
    st.text(max_size=12),
)
exemptions = st.one_of(st.sampled_from(["", "26f", "26c", "other", "9"]), st.text(max_size=8))


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(["partial_release", "final_response", "denial", "no_records"]),
    outcome=codes,
    exemption=exemptions,
    words=st.text(max_size=40),
    summary=st.text(max_size=40),
    invoice=st.one_of(
        st.just(""), st.decimals(-5, 20_000_000, places=2).map(str), st.text(max_size=6)
    ),
)
def test_whatever_is_typed_the_reply_is_kept_whole_or_not_at_all(
    volunteer_client, kind, outcome, exemption, words, summary, invoice
):
    records_request = _fuzz_request()
    before = _counts()

    response = _log(
        volunteer_client,
        records_request,
        kind,
        {
            **PARTLY,
            "outcome_1": outcome,
            "exemption_1": exemption,
            "exemption_text_1": words,
        },
        invoice_amount=invoice,
        summary=summary,
    )

    assert response.status_code in (302, 400)
    after = _counts()
    if response.status_code == 400:
        assert after == before
        assert page(response).all(".error")  # the reason is shown by a box
        return
    assert after["Communication"] == before["Communication"] + 1
    # A box left blank (spaces only, or a NUL, which the app drops from every form) records no fee.
    assert after["Fee"] == before["Fee"] + (1 if invoice.replace("\x00", "").strip() else 0)
    assert _coded(records_request).get("contracts", ("pending",))[0] == outcome
