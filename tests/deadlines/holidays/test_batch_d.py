"""Due dates across each state's own holidays, PA to WY (#13 §1); every date was counted by hand.

Each comment counts the days from the holiday statute cited in the jurisdiction's data file,
never from our code: "Th2 d1" is Thursday the 2nd, business day 1; a named day is skipped. A day
marked "verify" is disputed: for a deadline the agency must meet it counts as closed (the later,
safe date). Where the state and local calendars differ, both levels are pinned.
"""

from datetime import date

import pytest

from tests.deadlines.holidays.helpers import due

D = date

# (code, received, clock kind, agency level, expected due date)
CASES = [
    # --- Pennsylvania: 5 business days (65 P.S. §67.901) ---
    # Good Friday is a 44 P.S. §11 legal holiday but Commonwealth offices are open. Wed 1 Apr
    # 2026, state: Th2 d1 F3 d2 M6 d3 T7 d4 W8 d5.
    ("US-PA", D(2026, 4, 1), "response", "state", D(2026, 4, 8)),
    # Municipal: F3 Good Friday is verify (closed for the agency): Th2 d1, M6 d2 T7 d3 W8 d4 Th9 d5.
    ("US-PA", D(2026, 4, 1), "response", "municipal", D(2026, 4, 9)),
    # Flag Day, Mon 14 Jun 2027 (44 P.S. §11). Thu 10 Jun 2027, state: F11 d1, M14 d2 (open),
    # T15 d3 W16 d4 Th17 d5.
    ("US-PA", D(2027, 6, 10), "response", "state", D(2027, 6, 17)),
    # County: F11 d1, M14 Flag Day (verify), T15 d2 W16 d3 Th17 d4, F18 Juneteenth observed
    # (verify: not a §11 holiday, but local offices often close), M21 d5.
    ("US-PA", D(2027, 6, 10), "response", "county", D(2027, 6, 21)),
    # --- Rhode Island: 10 business days (R.I. Gen. Laws §38-2-3(e)); §25-1-1 ---
    # Election day in an even year. Fri 30 Oct 2026: M2 Nov d1, T3 Election Day, W4 d2 Th5 d3
    # F6 d4, M9 d5 T10 d6, W11 Veterans' Day, Th12 d7 F13 d8, M16 d9 T17 d10.
    ("US-RI", D(2026, 10, 30), "response", "municipal", D(2026, 11, 17)),
    # July 4, 2026 is a Saturday: state employees take Monday 6 July, nobody the Friday.
    # Wed 1 Jul 2026, state: Th2 d1 F3 d2, M6 Independence Day, T7 d3 W8 d4 Th9 d5 F10 d6,
    # M13 d7 T14 d8 W15 d9 Th16 d10.
    ("US-RI", D(2026, 7, 1), "response", "state", D(2026, 7, 16)),
    # Municipal (only a Sunday holiday moves): Th2 d1 F3 d2 M6 d3 T7 d4 W8 d5 Th9 d6 F10 d7,
    # M13 d8 T14 d9 W15 d10.
    ("US-RI", D(2026, 7, 1), "response", "municipal", D(2026, 7, 15)),
    # May 4 (Rhode Island Independence Day) is listed in §25-1-1 but offices open: verify,
    # closed for the agency. Thu 30 Apr 2026: F1 May d1, M4 verify, T5 d2 W6 d3 Th7 d4 F8 d5,
    # M11 d6 T12 d7 W13 d8 Th14 d9 F15 d10.
    ("US-RI", D(2026, 4, 30), "response", "county", D(2026, 5, 15)),
    # --- South Carolina: 10 business days (S.C. Code §30-4-30(C)); §53-5-10 ---
    # Confederate Memorial Day, Sunday 10 May 2026, is kept Monday 11 May (Regs. 19-708.03).
    # Fri 8 May 2026: M11 Confederate Memorial Day, T12 d1 W13 d2 Th14 d3 F15 d4, M18 d5 T19 d6
    # W20 d7 Th21 d8 F22 d9, M25 Memorial Day, T26 d10.
    ("US-SC", D(2026, 5, 8), "response", "state", D(2026, 5, 26)),
    # Juneteenth is not a §53-5-10 holiday. Thu 18 Jun 2026: F19 d1, M22 d2 T23 d3 W24 d4 Th25 d5
    # F26 d6, M29 d7 T30 d8, W1 Jul d9 Th2 d10.
    ("US-SC", D(2026, 6, 18), "response", "municipal", D(2026, 7, 2)),
    # December 24, 25 and 26 and New Year's Day. Mon 22 Dec 2025: T23 d1, W24 Christmas Eve,
    # Th25 Christmas, F26 Day after Christmas, M29 d2 T30 d3 W31 d4, Th1 Jan New Year's Day,
    # F2 d5, M5 d6 T6 d7 W7 d8 Th8 d9 F9 d10.
    ("US-SC", D(2025, 12, 22), "response", "county", D(2026, 1, 9)),
    # --- South Dakota: 10 business days (SDCL 1-27-37); SDCL 1-5-1 ---
    # July 4, 2026 is a Saturday, so Friday 3 July is the legal holiday (1-5-1). Wed 1 Jul 2026:
    # Th2 d1, F3 Independence Day, M6 d2 T7 d3 W8 d4 Th9 d5 F10 d6, M13 d7 T14 d8 W15 d9 Th16 d10.
    ("US-SD", D(2026, 7, 1), "response", "state", D(2026, 7, 16)),
    # Native Americans' Day (second Monday in October). Fri 9 Oct 2026: M12 Native Americans'
    # Day, T13 d1 W14 d2 Th15 d3 F16 d4, M19 d5 T20 d6 W21 d7 Th22 d8 F23 d9, M26 d10.
    ("US-SD", D(2026, 10, 9), "response", "municipal", D(2026, 10, 26)),
    # --- Tennessee: 7 business days (Tenn. Code §10-7-503(a)(2)(B)); §15-1-101 ---
    # State offices work Columbus Day (the Governor moved it to the Friday after Thanksgiving).
    # Fri 9 Oct 2026, state: M12 d1 T13 d2 W14 d3 Th15 d4 F16 d5, M19 d6 T20 d7.
    ("US-TN", D(2026, 10, 9), "response", "state", D(2026, 10, 20)),
    # Municipal: M12 Columbus Day, T13 d1 W14 d2 Th15 d3 F16 d4, M19 d5 T20 d6 W21 d7.
    ("US-TN", D(2026, 10, 9), "response", "municipal", D(2026, 10, 21)),
    # Tue 24 Nov 2026, state: W25 d1, Th26 Thanksgiving, F27 Friday after Thanksgiving, M30 d2,
    # T1 Dec d3 W2 d4 Th3 d5 F4 d6, M7 d7.
    ("US-TN", D(2026, 11, 24), "response", "state", D(2026, 12, 7)),
    # County (the Friday is not a legal holiday): W25 d1, F27 d2, M30 d3 T1 d4 W2 d5 Th3 d6 F4 d7.
    ("US-TN", D(2026, 11, 24), "response", "county", D(2026, 12, 4)),
    # Good Friday. Tue 31 Mar 2026: W1 Apr d1 Th2 d2, F3 Good Friday, M6 d3 T7 d4 W8 d5 Th9 d6
    # F10 d7.
    ("US-TN", D(2026, 3, 31), "response", "county", D(2026, 4, 10)),
    # Election day (§15-1-101 "days set apart ... for elections") is verify, closed for the
    # agency. Fri 30 Oct 2026: M2 Nov d1, T3 verify, W4 d2 Th5 d3 F6 d4, M9 d5 T10 d6,
    # W11 Veterans' Day, Th12 d7.
    ("US-TN", D(2026, 10, 30), "response", "state", D(2026, 11, 12)),
    # --- Texas: 10 business days (Tex. Gov't Code §552.0031, §552.301) ---
    # Lyndon Baines Johnson Day, Thu 27 Aug 2026 (§662.003(b)(5)). Tue 25 Aug 2026: W26 d1,
    # Th27 LBJ Day, F28 d2, M31 d3, T1 Sep d4 W2 d5 Th3 d6 F4 d7, M7 Labor Day, T8 d8 W9 d9
    # Th10 d10.
    ("US-TX", D(2026, 8, 25), "response", "state", D(2026, 9, 10)),
    # Emancipation Day, Sat 19 Jun 2027, is not moved to Friday (§552.0031(e)). Wed 16 Jun 2027:
    # Th17 d1 F18 d2, M21 d3 T22 d4 W23 d5 Th24 d6 F25 d7, M28 d8 T29 d9 W30 d10.
    ("US-TX", D(2027, 6, 16), "response", "county", D(2027, 6, 30)),
    # --- Utah: 10 business days (Utah Code §63G-2-204); §63G-1-301 ---
    # Juneteenth is kept on Monday 15 June 2026 (June 19 is a Friday: the preceding Monday).
    # Fri 12 Jun 2026: M15 Juneteenth National Freedom Day, T16 d1 W17 d2 Th18 d3 F19 d4,
    # M22 d5 T23 d6 W24 d7 Th25 d8 F26 d9, M29 d10.
    ("US-UT", D(2026, 6, 12), "response", "state", D(2026, 6, 29)),
    # Pioneer Day, Fri 24 Jul 2026. Wed 22 Jul 2026: Th23 d1, F24 Pioneer Day, M27 d2 T28 d3 W29 d4
    # Th30 d5 F31 d6, M3 Aug d7 T4 d8 W5 d9 Th6 d10.
    ("US-UT", D(2026, 7, 22), "response", "county", D(2026, 8, 6)),
    # Good Friday, 26 Mar 2027, listed from 6 May 2026 "subject to Subsection (6)": verify,
    # closed for the agency. Wed 24 Mar 2027: Th25 d1, F26 verify, M29 d2 T30 d3 W31 d4 Th1 Apr d5
    # F2 d6, M5 d7 T6 d8 W7 d9 Th8 d10.
    ("US-UT", D(2027, 3, 24), "response", "municipal", D(2027, 4, 8)),
    # --- Vermont: 3 business days (1 V.S.A. §318); 1 V.S.A. §371 ---
    # Town Meeting Day, Tue 3 Mar 2026. Fri 27 Feb 2026: M2 d1, T3 Town Meeting Day, W4 d2 Th5 d3.
    ("US-VT", D(2026, 2, 27), "response", "state", D(2026, 3, 5)),
    # Juneteenth: State offices closed (employees' contract from 2025), not a §371 holiday for
    # towns. Wed 17 Jun 2026, state: Th18 d1, F19 Juneteenth, M22 d2 T23 d3.
    ("US-VT", D(2026, 6, 17), "response", "state", D(2026, 6, 23)),
    # Municipal: Th18 d1 F19 d2 M22 d3.
    ("US-VT", D(2026, 6, 17), "response", "municipal", D(2026, 6, 22)),
    # July 4, 2026 is a Saturday: State offices keep Friday 3 July (§371(b)), towns do not.
    # Wed 1 Jul 2026, state: Th2 d1, F3 Independence Day, M6 d2 T7 d3.
    ("US-VT", D(2026, 7, 1), "response", "state", D(2026, 7, 7)),
    # Municipal: Th2 d1 F3 d2 M6 d3.
    ("US-VT", D(2026, 7, 1), "response", "municipal", D(2026, 7, 6)),
    # Indigenous Peoples' Day, Mon 12 Oct 2026 (§371(a)(9)). Fri 9 Oct 2026, county: M12 holiday,
    # T13 d1 W14 d2 Th15 d3.
    ("US-VT", D(2026, 10, 9), "response", "county", D(2026, 10, 15)),
    # State offices: M12 is verify (bargained; most units work), closed for the agency: same date.
    ("US-VT", D(2026, 10, 9), "response", "state", D(2026, 10, 15)),
    # --- Virginia: 5 working days (Va. Code §2.2-3704(B)); §2.2-3300 ---
    # Election Day, Tue 3 Nov 2026. Fri 30 Oct 2026, state: M2 d1, T3 Election Day, W4 d2 Th5 d3
    # F6 d4, M9 d5.
    ("US-VA", D(2026, 10, 30), "response", "state", D(2026, 11, 9)),
    # Municipal: T3 is verify (localities differ), closed for the agency: M2 d1, W4 d2 .. M9 d5.
    ("US-VA", D(2026, 10, 30), "response", "municipal", D(2026, 11, 9)),
    # The Friday after Thanksgiving. Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 holiday,
    # M30 d2 T1 Dec d3 W2 d4 Th3 d5.
    ("US-VA", D(2026, 11, 24), "response", "county", D(2026, 12, 3)),
    # --- Washington: 5 business days (RCW 42.56.520); RCW 1.16.050 ---
    # July 4, 2026 is a Saturday, so the Friday is the legal holiday. Wed 1 Jul 2026: Th2 d1,
    # F3 Independence Day, M6 d2 T7 d3 W8 d4 Th9 d5.
    ("US-WA", D(2026, 7, 1), "response", "state", D(2026, 7, 9)),
    # Native American Heritage Day. Wed 24 Nov 2027: Th25 Thanksgiving, F26 Native American
    # Heritage Day, M29 d1 T30 d2 W1 Dec d3 Th2 d4 F3 d5.
    ("US-WA", D(2027, 11, 24), "response", "county", D(2027, 12, 3)),
    # --- West Virginia: 5 days excluding Saturdays, Sundays, legal holidays (§29B-1-3) ---
    # Primary election, Tue 12 May 2026 (§2-2-1(a)(13)). Fri 8 May 2026: M11 d1, T12 primary,
    # W13 d2 Th14 d3 F15 d4, M18 d5.
    ("US-WV", D(2026, 5, 8), "response", "state", D(2026, 5, 18)),
    # Juneteenth 2025 (Thu 19 June): state offices open. Tue 17 Jun 2025, state: W18 d1 Th19 d2,
    # F20 West Virginia Day, M23 d3 T24 d4 W25 d5.
    ("US-WV", D(2025, 6, 17), "response", "state", D(2025, 6, 25)),
    # County courthouses close on the federal holiday: W18 d1, Th19 Juneteenth, F20 West Virginia
    # Day, M23 d2 T24 d3 W25 d4 Th26 d5.
    ("US-WV", D(2025, 6, 17), "response", "county", D(2025, 6, 26)),
    # Municipal: Th19 is verify, closed for the agency: same as the county, Th26.
    ("US-WV", D(2025, 6, 17), "response", "municipal", D(2025, 6, 26)),
    # --- Wisconsin: no deadline; the 10-business-day follow-up ---
    # State offices are open on Presidents' Day (§230.35(4)(a)). Fri 13 Feb 2026, state: M16 d1
    # T17 d2 W18 d3 Th19 d4 F20 d5, M23 d6 T24 d7 W25 d8 Th26 d9 F27 d10.
    ("US-WI", D(2026, 2, 13), "follow_up", "state", D(2026, 2, 27)),
    # Municipal (§995.20 legal holiday): M16 Presidents' Day, T17 d1 .. F20 d4, M23 d5 .. F27 d9,
    # M2 Mar d10.
    ("US-WI", D(2026, 2, 13), "follow_up", "municipal", D(2026, 3, 2)),
    # December 24 and 31 close state offices only. Mon 21 Dec 2026, state: T22 d1 W23 d2,
    # Th24 Christmas Eve, F25 Christmas, M28 d3 T29 d4 W30 d5, Th31 New Year's Eve, F1 Jan New
    # Year's Day, M4 d6 T5 d7 W6 d8 Th7 d9 F8 d10.
    ("US-WI", D(2026, 12, 21), "follow_up", "state", D(2027, 1, 8)),
    # County: T22 d1 W23 d2 Th24 d3, F25 Christmas, M28 d4 T29 d5 W30 d6 Th31 d7, F1 New Year's
    # Day, M4 d8 T5 d9 W6 d10.
    ("US-WI", D(2026, 12, 21), "follow_up", "county", D(2027, 1, 6)),
    # --- Wyoming: 7 business days (Wyo. Stat. §16-4-202(b)); §8-4-101 ---
    # Juneteenth is the third Saturday of June and closes nothing (§8-4-107). Wed 17 Jun 2026:
    # Th18 d1 F19 d2, M22 d3 T23 d4 W24 d5 Th25 d6 F26 d7.
    ("US-WY", D(2026, 6, 17), "response", "state", D(2026, 6, 26)),
    # July 4, 2026 is a Saturday: state offices close Friday 3 July. Wed 1 Jul 2026, state:
    # Th2 d1, F3 closed, M6 d2 T7 d3 W8 d4 Th9 d5 F10 d6, M13 d7.
    ("US-WY", D(2026, 7, 1), "response", "state", D(2026, 7, 13)),
    # Municipal (§8-4-101(b) moves only a Sunday holiday): Th2 d1 F3 d2, M6 d3 T7 d4 W8 d5 Th9 d6
    # F10 d7.
    ("US-WY", D(2026, 7, 1), "response", "municipal", D(2026, 7, 10)),
]


@pytest.mark.parametrize(("code", "received", "kind", "level", "expected"), CASES)
def test_due_date_across_the_jurisdictions_own_holidays(code, received, kind, level, expected):
    assert due(code, received, kind, level=level) == expected


def test_every_jurisdiction_of_the_batch_is_pinned():
    batch = {"US-PA", "US-RI", "US-SC", "US-SD", "US-TN", "US-TX", "US-UT", "US-VT", "US-VA"}
    batch |= {"US-WA", "US-WV", "US-WI", "US-WY"}
    assert {case[0] for case in CASES} == batch
