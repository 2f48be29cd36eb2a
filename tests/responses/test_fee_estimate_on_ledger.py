"""The Fees section points to an estimate that is only on the clock ledger: the dashboard's
"Answer the fee estimate" lands there, and "Estimate: —" alone read as if none had come."""

from foia import clock
from foia.extensions import db
from foia.requests import operations
from tests.support.html import page, text_of
from tests.support.responses import filed_request, recent_monday


def test_an_estimate_on_the_ledger_is_named_until_one_is_recorded_as_a_fee(app, lawyer_client):
    filed_on = recent_monday(clock.today())
    records_request = filed_request(filed_on)
    url = f"/requests/{records_request.id}"
    assert not page(lawyer_client.get(url)).all("#ledger-fee-estimate")

    operations.add_event(
        records_request,
        "fee_estimate",
        filed_on,
        today=clock.today(),
        actor=None,
        basis="$250 for 10 hours of search at $25/hour",
    )
    db.session.commit()
    note = text_of(page(lawyer_client.get(url)).one("#ledger-fee-estimate"))
    assert f"fee estimate of {filed_on.strftime('%a %d %b %Y')} is on the clock ledger" in note
    assert "“$250 for 10 hours of search at $25/hour”" in note

    recorded = lawyer_client.post(
        f"{url}/fees",
        data={"fee_kind": "estimate", "fee_on": filed_on.isoformat(), "amount": "250"},
    )
    assert recorded.status_code == 302
    shown = page(lawyer_client.get(url))
    assert not shown.all("#ledger-fee-estimate")
    assert shown.texts("section[aria-labelledby=fees-heading] p")[0].startswith("Estimate: $250.00")
