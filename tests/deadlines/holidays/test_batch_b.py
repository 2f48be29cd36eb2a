"""Due dates across each state's own holidays, ID to MS (#13 §1); every date was counted by hand.

Each comment counts the days from the holiday statute (cited), never from our code: "d1" is the
first business day after receipt. A day marked "verify" is disputed: for a deadline the agency
must meet it counts as closed (the later date), for the requester as open (the earlier date).
"""

from datetime import date

import pytest

from foia.deadlines import calendar_for
from tests.deadlines.holidays.helpers import due

D = date

CASES = [
    # --- Idaho: 3 working days (Idaho Code §74-103(1)); holidays Idaho Code §73-108 ---
    # Tue 23 Dec 2025: W24 verify (President's closure order; §73-108 "day appointed by the
    # President ... for a holiday"), Th25 Christmas, F26 verify (same), M29 d1 T30 d2 W31 d3.
    ("US-ID", D(2025, 12, 23), "state", D(2025, 12, 31)),
    # Wed 1 Jul 2026: Th2 d1, F3 Independence Day (§73-108: a Saturday holiday is held on the
    # Friday before), M6 d2 T7 d3.
    ("US-ID", D(2026, 7, 1), "municipal", D(2026, 7, 7)),
    # --- Illinois: 5 business days (5 ILCS 140/3(d)) ---
    # Tue 10 Feb 2026: W11 d1, Th12 Lincoln's Birthday (5 ILCS 490/60), F13 d2, M16 Washington's
    # Birthday (205 ILCS 630/17), T17 d3 W18 d4 Th19 d5.
    ("US-IL", D(2026, 2, 10), "municipal", D(2026, 2, 19)),
    # Mon 23 Nov 2026, state agency: T24 d1 W25 d2, Th26 Thanksgiving, F27 state offices closed
    # (CMS holiday schedule: Thanksgiving Thursday and Friday), M30 d3 T1 Dec d4 W2 d5.
    ("US-IL", D(2026, 11, 23), "state", D(2026, 12, 2)),
    # Same request to a city: F27 is no holiday in any statute: T24 d1 W25 d2, Th26
    # Thanksgiving, F27 d3, M30 d4, T1 Dec d5.
    ("US-IL", D(2026, 11, 23), "municipal", D(2026, 12, 1)),
    # Wed 16 Jun 2027: Juneteenth falls on Sat 19 and 5 ILCS 490/63 forbids a Friday or Monday
    # substitute: Th17 d1 F18 d2 M21 d3 T22 d4 W23 d5.
    ("US-IL", D(2027, 6, 16), "state", D(2027, 6, 23)),
    # Tue 31 Mar 2026, city: W1 Apr d1 Th2 d2, F3 Good Friday verify (205 ILCS 630/17 lists it;
    # offices open), M6 d3 T7 d4 W8 d5.
    ("US-IL", D(2026, 3, 31), "municipal", D(2026, 4, 8)),
    # Fri 30 Oct 2026, state: M2 Nov d1, T3 General Election Day (80 Ill. Adm. Code 303.190),
    # W4 d2 Th5 d3 F6 d4 M9 d5.
    ("US-IL", D(2026, 10, 30), "state", D(2026, 11, 9)),
    # --- Indiana: 7 calendar days, rolled past a holiday (IC 5-14-3-9) ---
    # Fri 27 Mar 2026 + 7 = Fri 3 Apr, Good Friday (IC 1-1-9-1) -> Sat, Sun -> Mon 6 Apr.
    ("US-IN", D(2026, 3, 27), "municipal", D(2026, 4, 6)),
    # Fri 12 Jun 2026 + 7 = Fri 19 Jun: Juneteenth is not in IC 1-1-9-1, a business day.
    ("US-IN", D(2026, 6, 12), "municipal", D(2026, 6, 19)),
    # Fri 20 Nov 2026 + 7 = Fri 27 Nov: Lincoln's Birthday as the governor observes it for the
    # State (SPD schedule) -> Mon 30 Nov.
    ("US-IN", D(2026, 11, 20), "state", D(2026, 11, 30)),
    # --- Kansas: 3 business days (K.S.A. 45-218(d)); business day K.S.A. 45-217 ---
    # Thu 8 Oct 2026: F9 d1, M12 Columbus Day (K.S.A. 35-107), T13 d2 W14 d3.
    ("US-KS", D(2026, 10, 8), "municipal", D(2026, 10, 14)),
    # Wed 17 Jun 2026: Th18 d1, F19 Juneteenth (designated by Congress: K.S.A. 45-217), M22 d2
    # T23 d3.
    ("US-KS", D(2026, 6, 17), "county", D(2026, 6, 23)),
    # --- Kentucky: 5 days excepting Saturdays, Sundays and legal holidays (KRS 61.880(1)) ---
    # Tue 27 Jan 2026, city: W28 d1 Th29 d2, F30 Franklin D. Roosevelt Day (KRS 2.110), M2 Feb
    # d3 T3 d4 W4 d5.
    ("US-KY", D(2026, 1, 27), "municipal", D(2026, 2, 4)),
    # Tue 31 Mar 2026, city: W1 Apr d1 Th2 d2, F3 d3 (Good Friday is no KRS 2.110 holiday), M6
    # d4 T7 d5.
    ("US-KY", D(2026, 3, 31), "municipal", D(2026, 4, 7)),
    # Same request, state agency: F3 Good Friday verify (KRS 18A.190(1)(c) closes state offices
    # half a day), M6 d3 T7 d4 W8 d5.
    ("US-KY", D(2026, 3, 31), "state", D(2026, 4, 8)),
    # Mon 23 Nov 2026, state agency: T24 d1 W25 d2, Th26 Thanksgiving, F27 the extra day (KRS
    # 18A.190(1)(i)), M30 d3 T1 Dec d4 W2 d5.
    ("US-KY", D(2026, 11, 23), "state", D(2026, 12, 2)),
    # --- Louisiana: 3 days excluding Saturdays, Sundays, legal holidays (La. R.S. 44:33(B)) ---
    # Fri 13 Feb 2026: M16 Washington's Birthday, T17 Mardi Gras (R.S. 1:55(A)(1)), W18 d1
    # Th19 d2 F20 d3.
    ("US-LA", D(2026, 2, 13), "municipal", D(2026, 2, 20)),
    # Thu 28 Oct 2027: F29 d1, M1 Nov All Saints' Day verify (R.S. 1:55(A)(1) legal holiday),
    # T2 d2 W3 d3.
    ("US-LA", D(2027, 10, 28), "municipal", D(2027, 11, 3)),
    # --- Maine: 5 working days to acknowledge (1 M.R.S. §408-A(3)); 4 M.R.S. §1051 ---
    # Thu 16 Apr 2026: F17 d1, M20 Patriot's Day, T21 d2 W22 d3 Th23 d4 F24 d5.
    ("US-ME", D(2026, 4, 16), "municipal", D(2026, 4, 24)),
    # Wed 1 Jul 2026, town: Th2 d1, F3 d2 (§1051 does not move a Saturday holiday), M6 d3 T7 d4
    # W8 d5.
    ("US-ME", D(2026, 7, 1), "municipal", D(2026, 7, 8)),
    # Same request, state agency: F3 closed (BHR: a Saturday holiday is observed on the Friday
    # before), M6 d2 T7 d3 W8 d4 Th9 d5.
    ("US-ME", D(2026, 7, 1), "state", D(2026, 7, 9)),
    # Mon 23 Nov 2026, state agency: T24 d1 W25 d2, Th26 Thanksgiving, F27 Thanksgiving Friday
    # (BHR policy), M30 d3 T1 Dec d4 W2 d5.
    ("US-ME", D(2026, 11, 23), "state", D(2026, 12, 2)),
    # --- Maryland: 10 working days (Md. Code Gen. Prov. §4-203(b)); holidays §1-111 ---
    # Fri 30 Oct 2026: M2 Nov d1, T3 statewide general election day (§1-111(a)(17)), W4 d2 Th5
    # d3 F6 d4 M9 d5 T10 d6, W11 Veterans' Day, Th12 d7 F13 d8 M16 d9 T17 d10.
    ("US-MD", D(2026, 10, 30), "municipal", D(2026, 11, 17)),
    # Fri 20 Mar 2026: M23 d1 T24 d2, W25 Maryland Day verify (§1-111(a)(5)), Th26 d3 F27 d4
    # M30 d5 T31 d6 W1 Apr d7 Th2 d8, F3 Good Friday verify (§1-111(a)(6)), M6 d9 T7 d10.
    ("US-MD", D(2026, 3, 20), "municipal", D(2026, 4, 7)),
    # Fri 26 Jun 2026, county: M29 d1 T30 d2 W1 Jul d3 Th2 d4, F3 d5 (§1-111(b) does not move
    # a Saturday holiday), M6 d6 T7 d7 W8 d8 Th9 d9 F10 d10.
    ("US-MD", D(2026, 6, 26), "county", D(2026, 7, 10)),
    # Same request, state agency: F3 closed (State Pers. & Pens. §9-204: the Friday before),
    # M6 d5 T7 d6 W8 d7 Th9 d8 F10 d9 M13 d10.
    ("US-MD", D(2026, 6, 26), "state", D(2026, 7, 13)),
    # --- Massachusetts: 10 business days (M.G.L. c.66 §10(b)); c.4 §7 cl.18 ---
    # Wed 16 Jun 2027: Juneteenth on Sat 19 is not moved: Th17 d1 F18 d2 M21 d3 T22 d4 W23 d5
    # Th24 d6 F25 d7 M28 d8 T29 d9 W30 d10.
    ("US-MA", D(2027, 6, 16), "state", D(2027, 6, 30)),
    # Thu 8 Nov 2029: F9 d1, M12 Veterans Day (Sun 11 moves to Monday, cl.18), T13 d2 W14 d3
    # Th15 d4 F16 d5 M19 d6 T20 d7 W21 d8, Th22 Thanksgiving, F23 d9 M26 d10.
    ("US-MA", D(2029, 11, 8), "municipal", D(2029, 11, 26)),
    # --- Michigan: 5 business days (MCL 15.235(2)); legal holidays MCL 435.101 (OAG 7172) ---
    # Tue 10 Feb 2026: W11 d1, Th12 Lincoln's Birthday (MCL 435.101(1)(c)), F13 d2, M16
    # Washington's Birthday, T17 d3 W18 d4 Th19 d5.
    ("US-MI", D(2026, 2, 10), "state", D(2026, 2, 19)),
    # Thu 8 Oct 2026: F9 d1, M12 Columbus Day (MCL 435.101(1)(i)), T13 d2 W14 d3 Th15 d4 F16 d5.
    ("US-MI", D(2026, 10, 8), "municipal", D(2026, 10, 16)),
    # Mon 23 Nov 2026, township: T24 d1 W25 d2, Th26 Thanksgiving, F27 d3 (no legal holiday,
    # even if the office closes: OAG 7172), M30 d4 T1 Dec d5.
    ("US-MI", D(2026, 11, 23), "municipal", D(2026, 12, 1)),
    # Same request, state agency: F27 verify (civil-service closure), M30 d3 T1 d4 W2 d5.
    ("US-MI", D(2026, 11, 23), "state", D(2026, 12, 2)),
    # Fri 30 Oct 2026, city: M2 Nov d1, T3 d2 (election day is no MCL 435.101 holiday), W4 d3
    # Th5 d4 F6 d5.
    ("US-MI", D(2026, 10, 30), "municipal", D(2026, 11, 6)),
    # --- Mississippi: 7 working days (Miss. Code §25-61-5); holidays §3-3-7 ---
    # Thu 23 Apr 2026: F24 d1, M27 Confederate Memorial Day (§3-3-7(1)), T28 d2 W29 d3 Th30 d4
    # F1 May d5 M4 d6 T5 d7.
    ("US-MS", D(2026, 4, 23), "municipal", D(2026, 5, 5)),
    # Tue 16 Jun 2026: W17 d1 Th18 d2, F19 d3 (Juneteenth is not in §3-3-7), M22 d4 T23 d5 W24
    # d6 Th25 d7.
    ("US-MS", D(2026, 6, 16), "state", D(2026, 6, 25)),
    # Tue 30 Jun 2026, city: W1 Jul d1 Th2 d2, F3 d3 (§3-3-7 does not move a Saturday holiday),
    # M6 d4 T7 d5 W8 d6 Th9 d7.
    ("US-MS", D(2026, 6, 30), "municipal", D(2026, 7, 9)),
    # Same request, state agency: F3 d3, M6 verify (§25-1-97: the Monday in lieu of a Saturday
    # holiday, at the agency head's discretion), T7 d4 W8 d5 Th9 d6 F10 d7.
    ("US-MS", D(2026, 6, 30), "state", D(2026, 7, 10)),
    # Same request, county office: F3 verify (§25-1-99: the courthouse may close the Friday
    # before), M6 d3 T7 d4 W8 d5 Th9 d6 F10 d7.
    ("US-MS", D(2026, 6, 30), "county", D(2026, 7, 10)),
]


@pytest.mark.parametrize(("code", "received", "level", "expected"), CASES)
def test_response_due_date_across_state_holidays(code, received, level, expected):
    """The response clock lands on the date counted by hand from the holiday statute."""
    assert due(code, received, level=level) == expected


def test_idaho_requester_reads_the_presidential_closure_days_as_open():
    """The disputed Dec 24 and 26, 2025 count as open on the requester's reading."""
    # Tue 23 Dec 2025, 3 business days, disputed days open: W24 d1, Th25 Christmas, F26 d2,
    # M29 d3.
    calendar = calendar_for("US-ID", None, level="state").for_requester()
    assert calendar.add_business_days(D(2025, 12, 23), 3) == D(2025, 12, 29)


@pytest.mark.parametrize(
    ("level", "agency", "requester"),
    [
        # Mon 23 Nov 2026, 10 business days (the §22.8(4)(d) ordinary limit). State (§1C.2(1)(h)
        # closes F27): T24 d1 W25 d2, Th26 Thanksgiving, F27 holiday, M30 d3 T1 Dec d4 W2 d5
        # Th3 d6 F4 d7 M7 d8 T8 d9 W9 d10.
        ("state", D(2026, 12, 9), D(2026, 12, 9)),
        # City (§1C.1 has no Friday after Thanksgiving): F27 d3, M30 d4 .. F4 d8, M7 d9 T8 d10.
        ("municipal", D(2026, 12, 8), D(2026, 12, 8)),
    ],
)
def test_iowa_friday_after_thanksgiving_is_a_state_holiday_only(level, agency, requester):
    """Iowa has no response clock: the calendar itself is pinned across §1C.2's extra day."""
    calendar = calendar_for("US-IA", None, level=level)
    assert calendar.add_business_days(D(2026, 11, 23), 10) == agency
    assert calendar.for_requester().add_business_days(D(2026, 11, 23), 10) == requester


def test_iowa_lincolns_birthday_closes_cities_but_is_disputed_for_the_state():
    """Feb 12 is a §1C.1 legal holiday; state offices stay open (not a §1C.2 paid holiday)."""
    # Wed 11 Feb 2026, 2 business days. City: Th12 Lincoln's Birthday, F13 d1, M16 Washington's
    # Birthday, T17 d2. State, requester's reading (both days open): Th12 d1 F13 d2.
    assert calendar_for("US-IA", None, level="municipal").add_business_days(D(2026, 2, 11), 2) == D(
        2026, 2, 17
    )
    state = calendar_for("US-IA", None, level="state")
    assert state.for_requester().add_business_days(D(2026, 2, 11), 2) == D(2026, 2, 13)
    # Juneteenth (Fri 19 Jun 2026) is in neither §1C.1 nor §1C.2: a business day everywhere.
    assert state.is_business_day(D(2026, 6, 19))


@pytest.mark.parametrize(
    ("level", "agency", "requester"),
    [
        # Mon 23 Nov 2026, 10 business days (data subjects, Minn. Stat. §13.04 subd. 3).
        # Executive branch (§645.44 subd. 5 adds the Friday after Thanksgiving): T24 d1 W25 d2,
        # Th26 Thanksgiving, F27 holiday, M30 d3 .. F4 Dec d7, M7 d8 T8 d9 W9 d10.
        ("state", D(2026, 12, 9), D(2026, 12, 9)),
        # City: F27 is a holiday only if the city so decided (verify): agency reading as for the
        # State; requester reading F27 d3, M30 d4 .. F4 d8, M7 d9 T8 d10.
        ("municipal", D(2026, 12, 9), D(2026, 12, 8)),
    ],
)
def test_minnesota_friday_after_thanksgiving_by_branch(level, agency, requester):
    """Minnesota has no response clock for the public: the calendar is pinned by level."""
    calendar = calendar_for("US-MN", None, level=level)
    assert calendar.add_business_days(D(2026, 11, 23), 10) == agency
    assert calendar.for_requester().add_business_days(D(2026, 11, 23), 10) == requester


def test_minnesota_executive_branch_works_on_indigenous_peoples_day():
    """§645.44 subd. 5 drops the second Monday in October for the executive branch only."""
    # Fri 9 Oct 2026, 1 business day: state M12 d1; city (local option, verify) M12 closed, T13.
    assert calendar_for("US-MN", None, level="state").add_business_days(D(2026, 10, 9), 1) == D(
        2026, 10, 12
    )
    assert calendar_for("US-MN", None, level="municipal").add_business_days(D(2026, 10, 9), 1) == D(
        2026, 10, 13
    )
