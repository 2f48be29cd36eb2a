"""Per-category outcomes, campaign results (table, chart, CSV) and fees."""

import csv
import io
from decimal import Decimal

from sqlalchemy import select

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.responses import operations
from foia.responses.models import CategoryOutcome, Fee
from foia.responses.results import neutralise
from tests.support.factories import create_agency
from tests.support.html import page
from tests.support.responses import federal_agency, filed_request, recent_monday


def test_a_volunteer_codes_three_categories_with_an_exemption(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))
    form = page(volunteer_client.get(f"/requests/{records_request.id}"))
    exemption_box = form.by_label("Exemption cited: Contracts, licenses and agreements")
    offered = [o.text for o in exemption_box.iter() if o.tag.endswith("option")]
    assert "M.G.L. c.4 §7(26)(f): Investigatory materials" in offered

    response = volunteer_client.post(
        f"/requests/{records_request.id}/outcomes",
        data={
            "outcome_0": "produced",
            "exemption_0": "",
            "exemption_text_0": "",
            "outcome_1": "withheld",
            "exemption_1": "26f",
            "exemption_text_1": "",
            "outcome_2": "partly_produced",
            "exemption_2": "other",
            "exemption_text_2": "Ongoing investigation (agency's words)",
        },
    )

    assert response.status_code == 302
    coded = {
        o.category_slug: (o.outcome, o.exemption, o.exemption_text)
        for o in db.session.scalars(select(CategoryOutcome))
    }
    assert coded == {
        "use-policies": ("produced", "", ""),
        "contracts": ("withheld", "26f", ""),
        "audit-logs": ("partly_produced", "other", "Ongoing investigation (agency's words)"),
    }


def test_other_exemption_needs_words(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))

    response = volunteer_client.post(
        f"/requests/{records_request.id}/outcomes",
        data={
            "outcome_0": "withheld",
            "exemption_0": "other",
            "exemption_text_0": "",
            "outcome_1": "pending",
            "outcome_2": "pending",
        },
        follow_redirects=True,
    )

    assert "Describe the exemption the agency cited." in page(response).flashes()
    assert db.session.scalar(select(CategoryOutcome)) is None


def _campaign_with_two_agencies():
    campaign = Campaign(name="Press Pause 2026")
    db.session.add(campaign)
    db.session.commit()
    first = filed_request(recent_monday(clock.today()), campaign=campaign)
    evil = create_agency('=HYPERLINK("http://evil.example","click")', county="Suffolk")
    second = filed_request(recent_monday(clock.today()), campaign=campaign, agency=evil)
    operations.code_outcomes(
        first,
        {"use-policies": ("produced", "", ""), "contracts": ("withheld", "26f", "")},
        actor=None,
    )
    operations.code_outcomes(second, {"use-policies": ("no_records", "", "")}, actor=None)
    db.session.commit()
    return campaign


def test_campaign_results_show_a_table_and_an_accessible_chart(app, volunteer_client):
    campaign = _campaign_with_two_agencies()

    shown = page(volunteer_client.get(f"/campaigns/{campaign.id}/results"))

    headings = shown.texts("table.counts thead th")
    rows = {
        r[0]: dict(zip(headings[1:], r[1:], strict=True))
        for r in (row.split("|") for row in _rows(shown, "table.counts"))
    }
    policies = rows["Use policies and procedures"]
    assert (policies["Produced"], policies["No records"], policies["Pending"]) == ("1", "1", "0")
    chart = shown.one("svg.results-chart")
    assert chart.get("role") == "img"
    description = "".join(shown.one("svg desc").itertext())
    assert "Contracts, licenses and agreements: 1 pending, 1 withheld." in description
    by_agency = shown.texts(".results-table tbody tr")
    assert any("Springfield Police Department" in row and "Withheld" in row for row in by_agency)


def _rows(shown, selector):
    from tests.support.html import text_of

    return [
        "|".join(text_of(cell) for cell in row if cell.tag.endswith(("th", "td")))
        for row in shown.all(f"{selector} tbody tr")
    ]


def test_the_csv_export_neutralises_formulas(app, volunteer_client):
    campaign = _campaign_with_two_agencies()

    response = volunteer_client.get(f"/campaigns/{campaign.id}/results.csv")

    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    evil = [r for r in rows if "HYPERLINK" in r["agency"]]
    assert evil and all(r["agency"].startswith("'=") for r in evil)
    withheld = next(r for r in rows if r["outcome"] == "Withheld")
    assert withheld["exemption"] == "M.G.L. c.4 §7(26)(f): Investigatory materials"
    assert neutralise("+1") == "'+1" and neutralise("-2") == "'-2" and neutralise("@x") == "'@x"
    assert neutralise("plain") == "plain"


def test_a_fee_estimate_pauses_a_federal_clock_and_payment_resumes_it(app, volunteer_client):
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on, agency=federal_agency(), categories=[])

    volunteer_client.post(
        f"/requests/{records_request.id}/fees",
        data={"fee_kind": "estimate", "fee_on": filed_on.isoformat(), "amount": "125.00"},
    )
    db.session.expire_all()
    paused = {s.kind: s.due_on for s in records_request.snapshots}
    volunteer_client.post(
        f"/requests/{records_request.id}/fees",
        data={"fee_kind": "payment", "fee_on": clock.today().isoformat(), "amount": "125.00"},
    )
    db.session.expire_all()

    assert paused["response"] is None  # the clock stopped while the estimate was unpaid
    assert [e.kind for e in records_request.events] == ["filed", "fee_estimate", "fee_paid"]
    assert {s.kind: s.due_on for s in records_request.snapshots}["response"] is not None
    summary = operations.summarise_fees(operations.fees_of(records_request))
    assert (summary.estimate, summary.paid, summary.outstanding) == (
        Decimal("125.00"),
        Decimal("125.00"),
        Decimal("0"),
    )


def test_waivers_invoices_and_payments_are_recorded(app, volunteer_client):
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on)
    for kind, amount in (
        ("waiver_requested", ""),
        ("waiver_denied", ""),
        ("invoice", "40"),
        ("payment", "15"),
    ):
        volunteer_client.post(
            f"/requests/{records_request.id}/fees",
            data={"fee_kind": kind, "fee_on": clock.today().isoformat(), "amount": amount},
        )

    fees = db.session.scalars(select(Fee).order_by(Fee.id)).all()
    assert [f.kind for f in fees] == ["waiver_requested", "waiver_denied", "invoice", "payment"]
    assert [e.kind for e in records_request.events] == ["filed"]  # no estimate: no pause to end
    shown = page(volunteer_client.get(f"/requests/{records_request.id}"))
    assert "Outstanding: $25.00" in " ".join(shown.texts("#fees-heading + p"))


def test_an_invoice_needs_an_amount(app, volunteer_client):
    records_request = filed_request(recent_monday(clock.today()))

    response = volunteer_client.post(
        f"/requests/{records_request.id}/fees",
        data={"fee_kind": "invoice", "fee_on": clock.today().isoformat(), "amount": ""},
        follow_redirects=True,
    )

    assert "Enter the amount." in page(response).flashes()
