"""An admin finds who read a privileged note on the audit log, by person and request."""

from playwright.sync_api import expect

from tests.support.browser import assert_accessible, log_in


def _request_with_a_read(lawyer_id: int) -> str:
    """Make a request with a privileged note that the lawyer has been shown; return its ref."""
    from foia import clock
    from foia.auditlog.operations import ReadPlace, record_privileged_reads
    from foia.auth.models import User
    from foia.extensions import db
    from foia.responses import operations
    from tests.support.responses import filed_request, recent_monday

    records_request = filed_request(recent_monday(clock.today()))
    lawyer = db.session.get(User, lawyer_id)
    note = operations.add_note(records_request, "Strategy", is_privileged=True, actor=lawyer)
    record_privileged_reads([note], actor=lawyer, place=ReadPlace.REQUEST_PAGE)
    db.session.commit()
    return records_request.reference


def test_an_admin_filters_the_audit_log_and_is_told_what_is_wrong(page, live_server):
    lawyer = live_server.create_account("lawyer", name="Lee Lawyer")
    reference = live_server.run(_request_with_a_read, lawyer.id)
    admin = live_server.create_account("admin", name="Ada Admin")
    page.goto("/login")
    log_in(page, admin.email, admin.password)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Person").select_option(label=f"Lee Lawyer ({lawyer.email})")
    page.get_by_label("Request (reference or number)").fill(reference)
    page.get_by_label("Action").select_option(label="Note: privileged read")
    page.get_by_role("button", name="Filter").click()
    table = page.get_by_role("table")
    expect(table.get_by_role("row")).to_have_count(2)  # the heading and one event
    expect(table.get_by_role("cell", name="Lee Lawyer")).to_be_visible()
    expect(table.get_by_role("link", name=reference)).to_be_visible()
    expect(page.get_by_role("link", name="Download as CSV (1 event)")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("From date").fill("2026-03-12")
    page.get_by_label("To date").fill("2026-03-11")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("alert")).to_contain_text("Some filters cannot be used")
    expect(page.get_by_text("The to date is before the from date.")).to_be_visible()
    expect(page.get_by_label("To date")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("table")).to_have_count(0)
    assert_accessible(page)
