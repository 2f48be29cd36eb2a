"""Issue #18: the dashboard sends no statement whose answer it already knows."""

from datetime import timedelta

from foia import clock
from foia.inbound import delivery
from foia.seed.demo import business_days_before
from tests.dashboard.test_row_actions import add_failure, statements_for
from tests.support.html import Page
from tests.support.reminders import make_request


def test_a_list_its_count_found_empty_is_not_read(lawyer_client):
    me, today = lawyer_client.user, clock.today()
    # Something to count, in none of the three lists: an appeal window closing.
    denied = today - timedelta(days=84)
    make_request(denied, owner=me, received_business_days_ago=6, extra=[("denial", denied)])
    with_none = statements_for(lawyer_client, "/")
    overdue = make_request(today, owner=me, received_business_days_ago=14)
    soon = make_request(today, owner=me, received_business_days_ago=8)
    fee = make_request(
        today,
        owner=me,
        received_business_days_ago=5,
        extra=[("fee_estimate", business_days_before(today, 1))],
    )
    # Each list read now: overdue, due soon, and waiting on us.
    assert statements_for(lawyer_client, "/") == with_none + 3
    page = Page(lawyer_client.get("/").text)
    assert overdue.reference in page.texts("#mine-overdue tbody tr")[0]
    assert soon.reference in page.texts("#mine-due tbody tr")[0]
    assert fee.reference in page.texts("#mine-waiting tbody tr")[0]


def test_the_delivery_failures_are_counted_only_past_the_lists_limit(lawyer_client):
    records_request = make_request(clock.today(), owner=lawyer_client.user)
    for _ in range(3):
        add_failure(records_request)
    few = statements_for(lawyer_client, "/")
    page = Page(lawyer_client.get("/").text)
    assert page.texts("#delivery-failed-heading") == ["Delivery failed (3)"]
    assert page.texts("#delivery-failed .hint") == []
    for _ in range(delivery.LIST_LIMIT - 2):
        add_failure(records_request)
    total = delivery.LIST_LIMIT + 1
    assert statements_for(lawyer_client, "/") == few + 1  # the count, since the list is cut
    page = Page(lawyer_client.get("/").text)
    assert page.texts("#delivery-failed-heading") == [f"Delivery failed ({total})"]
    assert len(page.texts("#delivery-failed tbody tr")) == delivery.LIST_LIMIT
    hint = f"Showing the latest {delivery.LIST_LIMIT} of {total}."
    assert hint in page.texts("#delivery-failed .hint")
