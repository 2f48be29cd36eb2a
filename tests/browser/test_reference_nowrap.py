"""A request's reference ("FR-2026-00001") never breaks at its hyphens in a narrow table: on a
390 px phone it sits on one line in the dashboard's, the requests list's and the agency page's
tables, and in search results."""

from playwright.sync_api import Locator, Page, expect

from foia import clock
from foia.extensions import db
from foia.requests.models import Communication
from tests.support.browser import LiveServer, log_in
from tests.support.factories import create_agency
from tests.support.reminders import make_request

PHONE = {"width": 390, "height": 844}
#: A short title beside the reference and a long agency name in the next column: the
#: reference's column is the one squeezed (with a long title it got the width instead).
TITLE = "Face records"
AGENCY = "Metropolitan Boston Transit Authority Police Department Records Access Office"


def _request(owner_id: int) -> tuple[str, int]:
    from foia.auth.models import User

    agency = create_agency(AGENCY, email="records@mbta.example.org")
    today = clock.today()
    made = make_request(today, owner=db.session.get(User, owner_id), agency=agency, title=TITLE)
    db.session.add(
        Communication(
            records_request=made,
            direction="in",
            channel="email",
            occurred_on=today,
            subject="Reply",
            body="Our Clearview AI trial ended.",
            sender="rao@mbta.example.org",
        )
    )
    db.session.commit()
    return made.reference, made.agency_id


def _lines(reference: Locator) -> int:
    """Return how many lines the reference's text takes (one box per line it is broken on)."""
    expect(reference).to_be_visible()
    return reference.evaluate("e => e.getClientRects().length")


def test_a_reference_sits_on_one_line_at_390_px(page: Page, live_server: LiveServer):
    account = live_server.create_account("lawyer")
    reference, agency_id = live_server.run(_request, account.id)
    page.set_viewport_size(PHONE)
    page.goto("/login")
    log_in(page, account.email, account.password)

    due_soon = page.locator("#mine-due table").get_by_role("link", name=reference, exact=True)
    assert _lines(due_soon) == 1, "the dashboard breaks the reference"

    page.goto("/requests")
    listed = page.locator("table").get_by_role("link", name=reference, exact=True)
    assert _lines(listed) == 1, "the requests list breaks the reference"

    page.goto(f"/agencies/{agency_id}")
    on_agency = page.locator("#requests table").get_by_role("link", name=reference, exact=True)
    assert _lines(on_agency) == 1, "the agency page breaks the reference"

    page.goto("/search?q=clearview")
    in_results = page.locator(".hit .ref")
    expect(in_results).to_have_text(reference)
    assert _lines(in_results) == 1, "the search results break the reference"
