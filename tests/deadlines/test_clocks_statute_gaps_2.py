"""More statutory clocks (issue #13 §2, second pass), each date counted by hand.

"d1" is day 1 of the count; days not counted are named. Holidays are those of each
jurisdiction's data file (foia/deadlines/data/holidays/<CODE>.toml): Virginia closes on Election
Day (Tue 3 Nov 2026, Va. Code §2.2-3300), Veterans Day (Wed 11 Nov), Thanksgiving and the
Friday after (26-27 Nov), Christmas (Fri 25 Dec), New Year's Day (Fri 1 Jan 2027) and Martin
Luther King, Jr., Day (Mon 18 Jan 2027); Illinois on general election day (Tue 3 Nov 2026),
Veterans Day and Thanksgiving.
"""

from datetime import date

import pytest

from foia.deadlines import CLOCK_KINDS, LedgerEvent, calendar_for, compute_clocks, get_law
from foia.deadlines.cli import JSON_CLOCK_KINDS
from foia.deadlines.kinds import REQUESTER_CLOCK_KINDS, ClockKind
from foia.reminders.selection import CLOCK_LABELS

D = date
TODAY = D(2026, 12, 10)


def result(code, received, *events, today=TODAY):
    ledger = [LedgerEvent("received", received), *(LedgerEvent(k, on) for k, on in events)]
    return compute_clocks(get_law(code, on=received), calendar_for(code), ledger, today)


def clock(code, received, kind, *events, today=TODAY):
    found = result(code, received, *events, today=today).clock(kind)
    assert found is not None, f"{code} has no {kind} clock"
    return found


CIF = (
    "longer_period",
    D(2026, 11, 6),
)  # Virginia: notice that criminal investigative files need time
ILLINOIS_RECURRENT = ("longer_period", D(2026, 11, 18))
# Maryland: a denial, the Ombudsman asked, then the Ombudsman's final determination.
MD_HISTORY = [("denial", D(2026, 9, 20)), ("appeal_filed", D(2026, 10, 1))]

CASES = [
    # --- Virginia, Va. Code §2.2-3704(B): 5 working days. Received Mon 2 Nov 2026: T3 Election
    # Day, W4 d1 Th5 d2 F6 d3 M9 d4 T10 d5.
    ("US-VA", D(2026, 11, 2), "response", [], D(2026, 11, 10)),
    # --- §2.2-3704(B)(4) with §2.2-3706.1: criminal investigative files, 60 more working days
    # from that Tue 10 Nov: W11 Veterans Day, Th12 d1 F13 d2, M16-F20 d3-d7, M23 d8 T24 d9
    # W25 d10, Th26 F27 Thanksgiving, M30 d11, T1 Dec-F4 d12-d15, M7-F11 d16-d20, M14-F18
    # d21-d25, M21-Th24 d26-d29, F25 Christmas, M28-Th31 d30-d33, F1 Jan New Year's Day,
    # M4-F8 d34-d38, M11-F15 d39-d43, M18 King Day, T19-F22 d44-d47, M25-F29 d48-d52,
    # M1 Feb-F5 d53-d57, M8 d58 T9 d59 W10 d60.
    ("US-VA", D(2026, 11, 2), "extended_response", [CIF], D(2027, 2, 10)),
    # Without the fact, the ordinary (B)(4) cap of 7 working days from Tue 10 Nov: W11 Veterans
    # Day, Th12 d1 F13 d2, M16 d3 .. F20 d7.
    ("US-VA", D(2026, 11, 2), "extended_response", [], D(2026, 11, 20)),
    # --- Illinois, 5 ILCS 140/3(e): 5 business days more from the original due date. Received
    # Mon 2 Nov 2026: T3 general election day (80 Ill. Adm. Code 303.190), W4 d1 Th5 d2 F6 d3
    # M9 d4 T10 d5; then W11 Veterans Day, Th12 d1 F13 d2, M16 d3 T17 d4 W18 d5.
    ("US-IL", D(2026, 11, 2), "extended_response", [], D(2026, 11, 18)),
    # --- Maryland, GP §4-1A-05(b)(5): the complaint to the Compliance Board within 30 calendar
    # days after the Ombudsman's final determination, received Mon 9 Nov 2026: 9 Nov + 21 =
    # 30 Nov, + 9 = Wed 9 Dec.
    (
        "US-MD",
        D(2026, 9, 1),
        "further_appeal",
        [*MD_HISTORY, ("appeal_decided", D(2026, 11, 9))],
        D(2026, 12, 9),
    ),
    # Received Thu 12 Nov 2026: + 18 = 30 Nov, + 12 = Sat 12 Dec. Not rolled to Mon 14 Dec: the
    # statute says nothing of a weekend last day, and the requester's earlier date is the safe one.
    (
        "US-MD",
        D(2026, 9, 1),
        "further_appeal",
        [*MD_HISTORY, ("appeal_decided", D(2026, 11, 12))],
        D(2026, 12, 12),
    ),
]


@pytest.mark.parametrize(("code", "received", "kind", "events", "expected"), CASES)
def test_statute_clock_due_date(code, received, kind, events, expected):
    assert clock(code, received, kind, *events).due_on == expected


def test_virginia_criminal_files_replace_the_seven_day_extension():
    found = result("US-VA", D(2026, 11, 2), CIF)
    extended = [c for c in found.clocks if c.kind == "extended_response"]
    assert [c.days for c in extended] == [60]
    assert "§2.2-3706.1" in extended[0].citation
    assert "(“Longer statutory period applies”)" in extended[0].basis


def test_virginia_notice_of_the_longer_period_meets_the_first_response():
    # The (B)(4) notice within the 5 working days is itself a lawful response.
    response = clock("US-VA", D(2026, 11, 2), "response", CIF)
    assert (response.state, response.met_on) == ("met", D(2026, 11, 6))


def test_illinois_recurrent_requests_get_no_section_3e_extension():
    # 5 ILCS 140/3.2(a) applies "notwithstanding any provision of this Act to the contrary": the
    # 21 business days stand alone. Received Mon 16 Nov 2026: T17 d1 .. F20 d4, M23 d5 T24 d6
    # W25 d7, Th26 Thanksgiving, F27 d8, M30 d9, T1 Dec-F4 d10-d13, M7-F11 d14-d18, M14 d19
    # T15 d20 W16 d21.
    found = result("US-IL", D(2026, 11, 16), ILLINOIS_RECURRENT)
    assert found.clock("extended_response") is None
    assert found.clock("response").due_on == D(2026, 12, 16)


def test_the_further_appeal_waits_for_the_ombudsman_and_is_met_by_the_complaint():
    assert result("US-MD", D(2026, 9, 1), *MD_HISTORY).clock("further_appeal") is None
    decided = ("appeal_decided", D(2026, 11, 12))
    complaint = ("appeal_filed", D(2026, 12, 1))
    met = clock("US-MD", D(2026, 9, 1), "further_appeal", *MD_HISTORY, decided, complaint)
    assert (met.state, met.met_on, met.obligation) == ("met", D(2026, 12, 1), "appeal")
    late = clock(
        "US-MD", D(2026, 9, 1), "further_appeal", *MD_HISTORY, decided, today=D(2026, 12, 14)
    )
    assert late.state == "missed"
    assert "COMAR 14.02.02.08" in late.consequence
    assert late.basis.startswith("30 calendar days after the appeal decision on Thu 12 Nov 2026")


def test_the_new_kind_is_a_labelled_requester_clock_outside_the_json_kinds():
    assert ClockKind.FURTHER_APPEAL in CLOCK_KINDS
    assert ClockKind.FURTHER_APPEAL in REQUESTER_CLOCK_KINDS
    assert "further_appeal" in CLOCK_LABELS
    assert "further_appeal" not in JSON_CLOCK_KINDS


def test_maine_and_montana_say_why_they_have_no_clock_of_their_own():
    # 1 M.R.S. §408-A(4) (written denial, 5 working days) shares the acknowledgement's date;
    # MCA §2-6-1006 (6 months) is not a day count.
    assert "408-A(4)" in get_law("US-ME").notes
    assert "6 months" in get_law("US-MT").notes
    assert get_law("US-MT").extension is None
