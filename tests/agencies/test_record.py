"""An agency's page shows its requests and its record: median days to first response, the share
answered on time and its open requests (issue 16), figures worked out here by hand."""

from datetime import date

import pytest

from foia.agencies.record import request_facts
from foia.dashboard.scorecards import deadline_in_force, score
from foia.deadlines.calendars import calendar_for
from foia.extensions import db
from foia.requests import operations
from tests.support.factories import create_agency
from tests.support.html import Page, text_of
from tests.support.statements import statements_sent

MA = calendar_for("US-MA")  # March 2026 has no Massachusetts holiday outside Suffolk County
TODAY = date(2026, 4, 1)
MON_2, TUE_3, WED_4, FRI_6, MON_9 = (date(2026, 3, d) for d in (2, 3, 4, 6, 9))
FRI_13, MON_16, FRI_20, MON_23, FRI_27, MON_30 = (
    date(2026, 3, d) for d in (13, 16, 20, 23, 27, 30)
)


def facts(number, ledger, due=None, *, extended=None, is_open=True, is_overdue=False):
    clocks = {"response": due, "extended_response": extended}
    return request_facts(number, 7, ledger, clocks, MA, is_open=is_open, is_overdue=is_overdue)


def hand_computed_requests():
    """Six requests whose figures are worked out by hand in the comments."""
    return [
        # A: first reply 2 business days after receipt (Tue, Wed); answered 13th, due 16th:
        # on time.
        facts(
            1, [("received", MON_2), ("acknowledged", WED_4), ("final_response", FRI_13)], MON_16
        ),
        # B: a fee estimate 5 business days after (Tue-Fri, Mon); denied on the 20th, due 16th:
        # late.
        facts(2, [("received", MON_2), ("fee_estimate", MON_9), ("denial", FRI_20)], MON_16),
        # C: no reply at all, its deadline passed: counts as not on time; no delay to count.
        facts(3, [("received", MON_2)], MON_16, is_overdue=True),
        # D: no reply, due after today: neither on time nor late yet.
        facts(4, [("received", MON_23)], date(2026, 4, 6)),
        # E: filed (no receipt recorded) Tue 3rd, acknowledged Fri 6th: 3 business days; closed.
        facts(5, [("filed", TUE_3), ("acknowledged", FRI_6)], None, is_open=False),
        # G: an extension on the 16th (10 business days) moved the deadline to the 30th; answered
        # on the 27th: on time against the deadline in force, though after the first one.
        facts(
            6,
            [("received", MON_2), ("extension_claimed", MON_16), ("final_response", FRI_27)],
            MON_16,
            extended=MON_30,
        ),
    ]


def test_median_days_and_share_on_time_by_hand():
    [card] = score(hand_computed_requests(), {7: ("Worcester PD", "Massachusetts")}, TODAY)
    # Delays 2 (A), 5 (B), 3 (E), 10 (G): sorted 2, 3, 5, 10, median (3 + 5) / 2 = 4.
    assert card.median_days_to_first_response == 4
    # Due or answered: A, B, C, G (D not due yet, E has no deadline); on time: A and G.
    assert card.answered_on_time == 0.5
    # Open: all but E (5); overdue among them: C.
    assert card.overdue == 1 / 5
    assert card.requests == 6


def test_the_first_of_each_kind_counts_and_the_receipt_wins_over_the_filing():
    item = facts(
        1,
        [("filed", MON_2), ("received", TUE_3), ("acknowledged", FRI_6), ("acknowledged", MON_9)],
    )
    assert (item.received_on, item.first_response_on, item.answered_on) == (TUE_3, FRI_6, None)


def test_the_extended_deadline_is_in_force_only_when_an_extension_was_claimed():
    clocks = {"response": MON_16, "extended_response": MON_30}
    assert deadline_in_force(clocks, is_extended=True) == MON_30
    # Computed for every request by some laws' engines, it is not in force without a claim.
    assert deadline_in_force(clocks, is_extended=False) == MON_16
    assert deadline_in_force({"response": MON_16}, is_extended=True) == MON_16
    assert deadline_in_force({}, is_extended=False) is None


def test_an_odd_number_of_delays_takes_the_middle_one():
    three = [f for f in hand_computed_requests() if f.request_id in (1, 2, 5)]
    [card] = score(three, {}, TODAY)
    assert card.median_days_to_first_response == 3  # 2, 3, 5


# --- the page ---------------------------------------------------------------------------------


def requests_to(agency, today):
    """Four requests to `agency`: answered on time, unanswered, acknowledged only, a draft."""
    filed = [("filed", MON_2), ("received", MON_2)]
    made = []
    for title, events in (
        ("On time", [*filed, ("final_response", FRI_13)]),
        ("Unanswered", filed),
        ("Acknowledged", [*filed, ("acknowledged", WED_4)]),
        ("Draft", []),
    ):
        records_request = operations.create_request(agency, title, owner=None, actor=None)
        for kind, on in events:
            operations.add_event(records_request, kind, on, today=today, actor=None)
        made.append(records_request)
    db.session.commit()
    return made


def test_the_agency_page_shows_its_record_and_requests(volunteer_client, monkeypatch):
    from foia import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    agency = create_agency("Worcester Police Department", county="Worcester")
    on_time, unanswered, acknowledged, draft = requests_to(agency, TODAY)
    page = Page(volunteer_client.get(f"/agencies/{agency.id}").text)

    record = dict(zip(page.texts("#record dt"), page.texts("#record dd"), strict=True))
    # First responses: the final response 9 business days after receipt (13 March) and the
    # acknowledgement 2 after (4 March): median 5.5. Due by 16 March, all three filed ones are
    # due: only the first was answered by then (an acknowledgement is not an answer): 1 of 3.
    # Past an agency deadline: the unanswered one (the acknowledged one's next is 6 April).
    assert record == {
        "Requests": "4: 4 open, 1 past an agency deadline",
        "By status": "draft: 1 · filed: 1 · acknowledged: 1 · fulfilled: 1",
        "Median time to first response": "5.5 business days",
        "Answered on time": "33%",
    }
    assert "Automatic replies, such as out-of-office messages, do not count." in text_of(
        page.one("#record-meaning")
    )
    rows = page.table("#requests table")
    assert [row["Status"] for row in rows] == [
        "Draft: not filed yet",
        "Acknowledged: waiting for the records",
        "Filed: waiting for the agency",
        "Fulfilled: the records came",
    ]
    links = [a.get("href") for a in page.all("#requests tbody a")]
    assert links == [f"/requests/{r.id}" for r in (draft, acknowledged, unanswered, on_time)]


def test_a_closed_request_is_listed_as_closed_and_not_open(lawyer_client, monkeypatch):
    from foia import clock

    monkeypatch.setattr(clock, "today", lambda: TODAY)
    agency = create_agency("Leominster Police Department", county="Worcester")
    on_time, *_ = requests_to(agency, TODAY)
    operations.close_request(on_time, "fulfilled", today=TODAY, actor=lawyer_client.user)
    db.session.commit()
    page = Page(lawyer_client.get(f"/agencies/{agency.id}").text)
    assert page.texts("#record dd")[0] == "4: 3 open, 1 past an agency deadline"
    # The status it had is named, not its open words ("Closed. Filed: waiting for the agency").
    assert (
        page.table("#requests table")[-1]["Status"] == "Closed by us (its status then: fulfilled)"
    )


def test_an_agency_without_requests_says_so(volunteer_client):
    agency = create_agency("Quiet Police Department")
    page = Page(volunteer_client.get(f"/agencies/{agency.id}").text)
    assert page.texts("#record p") == ["No request has been made to this agency yet."]
    assert not page.all("#requests")


def test_an_unknown_agency_is_not_found(volunteer_client):
    assert volunteer_client.get("/agencies/999999").status_code == 404


def test_the_page_takes_the_same_statements_for_one_request_or_twenty(volunteer_client):
    agency = create_agency("Busy Police Department")

    def statements() -> int:
        volunteer_client.get(f"/agencies/{agency.id}")  # warm
        with statements_sent() as sent:
            assert volunteer_client.get(f"/agencies/{agency.id}").status_code == 200
        return len(sent)

    requests_to(agency, TODAY)
    few = statements()
    for _ in range(6):
        requests_to(agency, TODAY)
    assert statements() == few


def test_the_agency_page_and_the_scorecards_agree(app):
    from foia.agencies.record import agency_record
    from foia.dashboard.scorecard_queries import cards_for

    agency = create_agency("Fitchburg Police Department", county="Worcester")
    requests_to(agency, TODAY)
    [card] = cards_for(TODAY, None, [agency.id])
    # Massachusetts computes an extended deadline for every request: without a claimed extension
    # it is not in force, on either page (the unanswered request counts as late on 16 March).
    assert card.answered_on_time == pytest.approx(1 / 3)
    assert agency_record(agency, TODAY).card == card


def test_the_scorecards_fold_each_ledger_as_the_agency_page_does(app):
    """The scorecards fold ledgers in SQL, the agency page in Python: the same cards either way."""
    from foia.agencies.record import agency_record
    from foia.dashboard.scorecard_queries import cards_for

    agency = create_agency("Holyoke Police Department")
    made = []
    for events in (
        # The receipt wins over the filing; the first of two acknowledgements counts.
        [("filed", MON_2), ("received", TUE_3), ("acknowledged", FRI_6), ("acknowledged", MON_9)],
        # A claimed extension: the extended deadline is the one in force.
        [("filed", MON_2), ("received", MON_2), ("extension_claimed", MON_16)],
        # A denial recorded, then removed: no reply at all.
        [("filed", MON_2), ("received", MON_2), ("denial", WED_4)],
        [],  # a draft: no ledger
    ):
        records_request = operations.create_request(
            agency, "Face recognition", owner=None, actor=None
        )
        for kind, on in events:
            days = 10 if kind == "extension_claimed" else None  # MA: up to 10 business days
            operations.add_event(records_request, kind, on, today=TODAY, actor=None, days=days)
        made.append(records_request)
    db.session.flush()
    [denial] = [e for e in made[2].events if e.kind == "denial"]
    operations.remove_event(denial, reason="entered on the wrong request", today=TODAY, actor=None)
    operations.add_event(made[1], "final_response", FRI_27, today=TODAY, actor=None)
    db.session.commit()

    [card] = cards_for(TODAY, None, [agency.id])
    # By hand: Tue 3 to Fri 6 is 3 business days, Mon 2 to Mon 16 is 10; the removed denial
    # leaves no reply. Median of 3 and 10: 6.5.
    assert card.median_days_to_first_response == 6.5
    # Due or answered: the first three; on time only the second, answered on the 27th within
    # its extended deadline (the first deadline, the 16th, had passed).
    assert card.answered_on_time == pytest.approx(1 / 3)
    assert card.requests == 4
    assert agency_record(agency, TODAY).card == card
