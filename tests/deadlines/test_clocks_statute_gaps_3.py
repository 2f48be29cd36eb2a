"""The last statutory clocks of issue #13 §2, each date counted by hand from the statute.

"d1" is day 1 of the count; days not counted are named. Calendars were read off a printed
calendar; holidays are those of each jurisdiction's data file (foia/deadlines/data/holidays/):
Texas skips Veterans Day (Wed 11 Nov 2026), Thanksgiving and the Friday after (26-27 Nov),
Christmas Eve and Christmas (24-25 Dec), New Year's Day (Fri 1 Jan 2027), Martin Luther King, Jr.,
Day (Mon 18 Jan 2027) and Confederate Heroes Day (Tue 19 Jan 2027, Tex. Gov't Code
§662.003(b)(1)); Utah skips Pioneer Day (Fri 24 Jul 2026, Utah Code §63G-1-301); Montana skips
Veterans Day (Wed 11 Nov 2026, MCA §1-1-216).
"""

from datetime import date

import pytest

from foia.deadlines import CLOCK_KINDS, LedgerEvent, calendar_for, compute_clocks, get_law
from foia.deadlines.cli import JSON_CLOCK_KINDS
from foia.deadlines.kinds import (
    CONDITION_EVENTS,
    EVENT_LABELS,
    REQUESTER_CLOCK_KINDS,
    ClockKind,
    EventKind,
)
from foia.deadlines.months import months_after
from foia.reminders.selection import CLOCK_LABELS

D = date
TODAY = D(2026, 12, 10)


def result(code, received, *events, today=TODAY, level="municipal"):
    ledger = [LedgerEvent("received", received), *(LedgerEvent(k, on) for k, on in events)]
    law = get_law(code, on=received)
    return compute_clocks(law, calendar_for(code, level=level), ledger, today, agency_level=level)


def clock(code, received, kind, *events, today=TODAY, level="municipal"):
    found = result(code, received, *events, today=today, level=level).clock(kind)
    assert found is not None, f"{code} has no {kind} clock"
    return found


# Texas: received Mon 19 Oct 2026, the body asked for a ruling on Fri 30 Oct, and the attorney
# general's letter says its office received that request on Mon 2 Nov.
TX_RULING = [("ruling_requested", D(2026, 10, 30)), ("ruling_received", D(2026, 11, 2))]
# New York and Kentucky: a denial, an appeal, and the decision on it.
NY_APPEAL = [("denial", D(2026, 8, 10)), ("appeal_filed", D(2026, 8, 12))]
KY_APPEAL = [("denial", D(2026, 11, 6)), ("appeal_filed", D(2026, 11, 9))]

CASES = [
    # --- Texas, Gov't Code §552.306(a): the attorney general rules not later than the 45th
    # business day after it received the request. From Mon 2 Nov 2026: T3-F6 d1-d4, M9 d5 T10 d6,
    # W11 Veterans Day, Th12 d7 F13 d8, M16-F20 d9-d13, M23-W25 d14-d16, Th26 Thanksgiving, F27
    # the Friday after, M30 d17, T1-F4 Dec d18-d21, M7-F11 d22-d26, M14-F18 d27-d31, M21-W23
    # d32-d34, Th24 Christmas Eve, F25 Christmas, M28-Th31 d35-d38, F1 Jan New Year's Day,
    # M4-F8 d39-d43, M11 d44, T12 d45.
    ("US-TX", D(2026, 10, 19), "ruling_decision", TX_RULING, "municipal", D(2027, 1, 12)),
    # Extended by 10 business days (notice during the 45): W13 d46 Th14 d47 F15 d48, M18 King
    # Day, T19 Confederate Heroes Day, W20 d49 Th21 d50 F22 d51, M25 d52 T26 d53 W27 d54 Th28 d55.
    (
        "US-TX",
        D(2026, 10, 19),
        "ruling_decision",
        [*TX_RULING, ("ruling_extended", D(2026, 12, 4))],
        "municipal",
        D(2027, 1, 28),
    ),
    # --- Utah, Code §63G-2-204(4): 5 business days for a request that seeks an expedited
    # response. Received Mon 20 Jul 2026: T21 d1 W22 d2 Th23 d3, F24 Pioneer Day, M27 d4 T28 d5.
    ("US-UT", D(2026, 7, 20), "expedited_decision", [], "municipal", D(2026, 7, 28)),
    # The ordinary 10 business days go on: W29 d6 Th30 d7 F31 d8, M3 Aug d9 T4 d10.
    ("US-UT", D(2026, 7, 20), "response", [], "municipal", D(2026, 8, 4)),
    # --- Montana, MCA §2-6-1006(3): 6 calendar months after the acknowledgement. Acknowledged Mon
    # 11 May 2026: 6 months later is Wed 11 Nov 2026, Veterans Day, so the last day moves to the
    # next business day (MCA §1-1-307): Thu 12 Nov.
    (
        "US-MT",
        D(2026, 5, 7),
        "completion",
        [("acknowledged", D(2026, 5, 11))],
        "state",
        D(2026, 11, 12),
    ),
    # Acknowledged Mon 31 Aug 2026: February 2027 has no 31st, so the 6 months end on its last
    # day, Sun 28 Feb 2027, which moves to Mon 1 Mar 2027.
    (
        "US-MT",
        D(2026, 8, 28),
        "completion",
        [("acknowledged", D(2026, 8, 31))],
        "state",
        D(2027, 3, 1),
    ),
    # --- New York, CPLR 217(1) with Gen. Constr. Law §30: the Article 78 proceeding within four
    # months of the appeal decision. Decided Tue 25 Aug 2026: Fri 25 Dec 2026, Christmas, not
    # moved (the requester's earlier date).
    (
        "US-NY",
        D(2026, 8, 3),
        "further_appeal",
        [*NY_APPEAL, ("appeal_decided", D(2026, 8, 25))],
        "municipal",
        D(2026, 12, 25),
    ),
    # Decided Fri 30 Oct 2026: February 2027 has no 30th: its last day, Sun 28 Feb 2027.
    (
        "US-NY",
        D(2026, 8, 3),
        "further_appeal",
        [*NY_APPEAL, ("appeal_decided", D(2026, 10, 30))],
        "municipal",
        D(2027, 2, 28),
    ),
    # --- Kentucky, KRS 61.880(5)(a): 30 days from the day the Attorney General renders the
    # decision. Fri 4 Dec 2026 + 27 = Thu 31 Dec (d27), F1 Jan d28, Sa2 d29, Sun 3 Jan 2027 d30;
    # not moved off the Sunday (the earlier date).
    (
        "US-KY",
        D(2026, 11, 2),
        "further_appeal",
        [*KY_APPEAL, ("appeal_decided", D(2026, 12, 4))],
        "municipal",
        D(2027, 1, 3),
    ),
    # --- Pennsylvania, 65 P.S. §67.1302(a): a petition for review within 30 days of the mailing
    # of the final determination. Thu 3 Dec 2026 + 28 = Thu 31 Dec, F1 Jan d29, Sat 2 Jan 2027
    # d30, not moved (the earlier date).
    (
        "US-PA",
        D(2026, 11, 2),
        "further_appeal",
        [("denial", D(2026, 11, 5)), ("appeal_filed", D(2026, 11, 9))]
        + [("appeal_decided", D(2026, 12, 3))],
        "municipal",
        D(2027, 1, 2),
    ),
    # --- Connecticut, Gen. Stat. §1-206(d) with §4-183(c): 45 days after the Commission's final
    # decision is mailed. Wed 9 Dec 2026: 10-31 Dec are days 1-22, 1-23 Jan days 23-45: Sat 23
    # Jan 2027, not moved.
    (
        "US-CT",
        D(2026, 11, 2),
        "further_appeal",
        [("denial", D(2026, 11, 5)), ("appeal_filed", D(2026, 11, 9))]
        + [("appeal_decided", D(2026, 12, 9))],
        "municipal",
        D(2027, 1, 23),
    ),
    # --- Illinois, 5 ILCS 140/11.5 with 735 ILCS 5/3-103: 35 days from service of the binding
    # opinion. Mon 16 Nov 2026: 17-30 Nov are days 1-14, 1-21 Dec days 15-35: Mon 21 Dec 2026.
    (
        "US-IL",
        D(2026, 9, 1),
        "further_appeal",
        [("denial", D(2026, 9, 4)), ("appeal_filed", D(2026, 9, 14))]
        + [("appeal_decided", D(2026, 11, 16))],
        "municipal",
        D(2026, 12, 21),
    ),
    # --- Utah, Code §63G-2-403(1)(a): 30 days after the chief administrative officer's decision
    # is issued. Wed 25 Nov 2026: 26-30 Nov are days 1-5, 1-25 Dec days 6-30: Fri 25 Dec 2026,
    # Christmas, not moved (the earlier date).
    (
        "US-UT",
        D(2026, 10, 1),
        "further_appeal",
        [("denial", D(2026, 10, 8)), ("appeal_filed", D(2026, 11, 2))]
        + [("appeal_decided", D(2026, 11, 25))],
        "municipal",
        D(2026, 12, 25),
    ),
    # --- Michigan, MCL 15.234: the deposit notice counts as received 3 days after it is sent and
    # the deposit is due 45 days after that. Sent Mon 2 Nov 2026: 2 Nov + 48 = 30 Nov (28) + 20
    # = Sun 20 Dec 2026, not moved (the earlier date).
    (
        "US-MI",
        D(2026, 10, 26),
        "fee_estimate_answer",
        [("fee_estimate", D(2026, 11, 2))],
        "municipal",
        D(2026, 12, 20),
    ),
]


@pytest.mark.parametrize(("code", "received", "kind", "events", "level", "expected"), CASES)
def test_statute_clock_due_date(code, received, kind, events, level, expected):
    assert clock(code, received, kind, *events, level=level).due_on == expected


def test_month_arithmetic_keeps_the_day_or_takes_the_last_day_of_a_shorter_month():
    # Gen. Constr. Law §30, counted by hand: 31 Aug + 6 months has no 31 Feb; 2028 is a leap year.
    assert months_after(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert months_after(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert months_after(D(2026, 10, 30), 4) == D(2027, 2, 28)
    assert months_after(D(2026, 11, 12), 4) == D(2027, 3, 12)
    assert months_after(D(2026, 9, 15), 6) == D(2027, 3, 15)


def test_the_attorney_generals_clock_waits_for_its_receipt_and_is_met_by_the_ruling():
    assert result("US-TX", D(2026, 10, 19), TX_RULING[0]).clock("ruling_decision") is None
    ruled = clock(
        "US-TX", D(2026, 10, 19), "ruling_decision", *TX_RULING, ("ruling_issued", D(2027, 1, 5))
    )
    assert (ruled.state, ruled.met_on) == ("met", D(2027, 1, 5))
    late = clock("US-TX", D(2026, 10, 19), "ruling_decision", *TX_RULING, today=D(2027, 1, 13))
    assert late.state == "missed"
    assert late.basis.startswith(
        "45 business days after the attorney general received the request for a ruling on"
        " Mon 2 Nov 2026"
    )
    assert "§552.306(a)" in late.citation


def test_the_extension_replaces_the_45_days_and_says_why():
    found = result("US-TX", D(2026, 10, 19), *TX_RULING, ("ruling_extended", D(2026, 12, 4)))
    rulings = [c for c in found.clocks if c.kind == "ruling_decision"]
    assert [c.days for c in rulings] == [55]
    assert "(“Attorney general extended the ruling deadline”)" in rulings[0].basis


def test_montana_without_an_acknowledgement_counts_from_its_deadline_as_an_estimate():
    # Received Mon 24 Aug 2026: the acknowledgement is due T25 d1 .. F28 d4, M31 d5; 6 months
    # from Mon 31 Aug end on Sun 28 Feb 2027 (no 31 Feb), moved to Mon 1 Mar.
    found = clock("US-MT", D(2026, 8, 24), "completion", level="state")
    assert (found.due_on, found.is_estimated) == (D(2027, 3, 1), True)
    assert "the 6 calendar months after Mon 31 Aug 2026 end on Sun 28 Feb 2027" in found.basis
    assert "verify" in found.citation


def test_utah_expedited_decision_is_met_by_the_notice_that_it_will_not_be_expedited():
    found = clock("US-UT", D(2026, 7, 20), "expedited_decision", ("acknowledged", D(2026, 7, 22)))
    assert (found.state, found.met_on) == ("met", D(2026, 7, 22))
    assert "§63G-2-204(4)" in found.citation


def test_new_kinds_and_events_are_labelled_and_recordable():
    assert ClockKind.RULING_DECISION in CLOCK_KINDS
    assert ClockKind.RULING_DECISION not in REQUESTER_CLOCK_KINDS
    assert "ruling_decision" in CLOCK_LABELS
    assert "ruling_decision" not in JSON_CLOCK_KINDS  # --json keeps its five promised kinds
    for kind in (EventKind.RULING_RECEIVED, EventKind.RULING_EXTENDED, EventKind.RULING_ISSUED):
        assert "_" not in EVENT_LABELS[kind]  # the request page's event form offers each in words
    assert {EventKind.RULING_RECEIVED, EventKind.RULING_EXTENDED} <= CONDITION_EVENTS
