"""Issue #18: the dashboard sends no statement whose answer it already knows."""

from datetime import timedelta

from foia import clock
from foia.campaigns.models import Campaign
from foia.dashboard import queries
from foia.db import built_once
from foia.extensions import db
from foia.inbound import delivery
from foia.seed.demo import business_days_before
from tests.dashboard.test_row_actions import add_failure, statements_for
from tests.support.html import Page
from tests.support.reminders import make_request
from tests.support.statements import statements_sent


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


def test_without_an_open_appeal_window_neither_windows_nor_closures_are_read(lawyer_client):
    me, today = lawyer_client.user, clock.today()
    make_request(today, owner=me, received_business_days_ago=2)  # nothing to appeal yet
    without = statements_for(lawyer_client, "/")
    with statements_sent() as sent:
        assert lawyer_client.get("/").status_code == 200
    windows = [sql for sql in sent if "appeal_due_on >=" in sql and "GROUP BY" not in sql]
    assert not windows  # the count (a GROUP BY) said there is none
    assert not [sql for sql in sent if "FROM closures" in sql]

    # A denial opens a window: now the windows and closures are read, and the window is listed.
    denied = today - timedelta(days=84)
    appeal = make_request(
        denied, owner=me, received_business_days_ago=6, extra=[("denial", denied)]
    )
    # The windows, the closures, and the next action of the one line now listed.
    assert statements_for(lawyer_client, "/") == without + 3
    with statements_sent() as sent:
        page = Page(lawyer_client.get("/").text)
    assert len([sql for sql in sent if "FROM closures" in sql]) == 1
    assert appeal.reference in " ".join(page.texts("#mine-appeals tbody tr"))


BUILDERS = (
    "_count_query",
    "_appeal_decided_query",
    "_deadlines_query",
    "_waiting_query",
    "_windows_query",
)


def test_the_statements_are_built_once_per_shape_and_bind_each_view_s_own_values(
    client_for, monkeypatch
):
    """built_once keeps each shape's statements, not their values: every view reads its own."""
    built = []
    for name in BUILDERS:
        real = getattr(queries, name).__wrapped__
        counted = built_once(
            lambda *shape, real=real, name=name: built.append((name, *shape)) or real(*shape)
        )
        monkeypatch.setattr(queries, name, counted)
    today = clock.today()
    users = [client_for("lawyer"), client_for("volunteer")]
    mine = {
        c.user.id: make_request(today, owner=c.user, received_business_days_ago=14) for c in users
    }

    def overdue_rows(client, path, list_id):
        return Page(client.get(path).text).texts(f"#{list_id} tbody tr")

    for client in (*users, users[0]):  # no campaign yet: the home page of my requests only
        [row] = overdue_rows(client, "/", "mine-overdue")
        assert mine[client.user.id].reference in row
    campaigns = {}
    for size in (1, 2):
        campaign = Campaign(name=f"Built once {size}")
        db.session.add(campaign)
        requests = [
            make_request(today, owner=None, received_business_days_ago=14) for _ in range(size)
        ]
        for records_request in requests:
            records_request.campaign = campaign
        db.session.commit()
        campaigns[campaign.id] = {r.reference for r in requests}
    for client in (*users, users[0]):  # the home page of mine and the recent campaigns'
        page = Page(client.get("/").text)
        [row] = page.texts("#mine-overdue tbody tr")
        assert mine[client.user.id].reference in row
        for campaign_id, references in campaigns.items():
            cards = page.texts(f"[aria-labelledby=campaign-{campaign_id}-heading] .card-number")
            assert cards[0] == str(len(references))  # overdue
    for campaign_id, references in (*campaigns.items(), *campaigns.items()):
        rows = overdue_rows(
            users[0], f"/dashboard/campaigns/{campaign_id}", f"c{campaign_id}-overdue"
        )
        assert {ref for ref in references for row in rows if ref in row} == references
        assert len(rows) == len(references)
    # Ten views, three shapes: each statement is built once per shape (no list due soon, no
    # closures: only the overdue list's, and the appeal windows' within APPEAL_WINDOW_DAYS).
    shapes = list(queries._Shape)
    expected = [
        *(("_count_query", shape) for shape in shapes),
        *(("_deadlines_query", shape, True) for shape in shapes),
        *(("_windows_query", shape, True) for shape in shapes),
    ]
    assert sorted(built, key=str) == sorted(expected, key=str)
