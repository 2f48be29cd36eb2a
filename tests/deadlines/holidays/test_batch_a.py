"""Due dates across each jurisdiction's own holidays (US, AL-HI): every date counted by hand.

Each comment counts the days from the statute (cited in the data file), never from our code:
"M16 d1" is Monday the 16th, business day 1; a named day is skipped. "verify" days (disputed)
count as closed for a deadline the agency must meet, the later and safe date (issue #13).
"""

from datetime import date

import pytest

from tests.deadlines.holidays.helpers import due

D = date
# (code, received, clock kind, agency level, county, expected due date)
CASES = [
    # --- Federal: 20 working days; 5 U.S.C. 6103(b) moves Saturday holidays to Friday and
    # Sunday holidays to Monday. Mon 7 Jun 2027: T8 d1 W9 d2 Th10 d3 F11 d4, M14 d5 .. Th17 d8,
    # F18 Juneteenth observed (Sat 19), M21 d9 .. F25 d13, M28 d14 T29 d15 W30 d16 Th1 Jul d17
    # F2 d18, M5 Independence Day observed (Sun 4), T6 d19 W7 d20.
    ("US", D(2027, 6, 7), "response", "state", None, D(2027, 7, 7)),
    # --- Alabama: 10 business days (acknowledgement). Mardi Gras closes offices only in Mobile
    # and Baldwin Counties (Ala. Code §1-3-8). Fri 13 Feb 2026: M16 Washington & Jefferson's
    # Birthday, T17 Mardi Gras, W18 d1 Th19 d2 F20 d3, M23 d4 .. F27 d8, M2 Mar d9 T3 d10.
    ("US-AL", D(2026, 2, 13), "response", "state", "Mobile", D(2026, 3, 3)),
    ("US-AL", D(2026, 2, 13), "response", "county", "Baldwin", D(2026, 3, 3)),
    # Same request in Jefferson County: T17 d1 W18 d2 Th19 d3 F20 d4, M23 d5 .. F27 d9, M2 d10.
    ("US-AL", D(2026, 2, 13), "response", "state", "Jefferson", D(2026, 3, 2)),
    # County unknown: Mardi Gras is "verify", closed for the agency's deadline: T3 Mar.
    ("US-AL", D(2026, 2, 13), "response", "municipal", None, D(2026, 3, 3)),
    # Fri 22 May 2026: M25 Memorial Day, T26 d1 W27 d2 Th28 d3 F29 d4, M1 Jun Jefferson Davis'
    # Birthday (first Monday in June), T2 d5 W3 d6 Th4 d7 F5 d8, M8 d9 T9 d10.
    ("US-AL", D(2026, 5, 22), "response", "state", None, D(2026, 6, 9)),
    # --- Alaska: 10 business days. Indigenous Peoples Day is not a legal holiday (AS 44.12.150);
    # Alaska Day, Sunday 18 Oct 2026, makes Monday 19 a holiday too (AS 44.12.020).
    # Fri 9 Oct 2026: M12 d1 T13 d2 W14 d3 Th15 d4 F16 d5, M19 Alaska Day, T20 d6 W21 d7 Th22 d8
    # F23 d9, M26 d10.
    ("US-AK", D(2026, 10, 9), "response", "state", None, D(2026, 10, 26)),
    ("US-AK", D(2026, 10, 9), "response", "municipal", None, D(2026, 10, 26)),
    # Wed 25 Mar 2026: Th26 d1 F27 d2, M30 Seward's Day (last Monday of March), T31 d3, W1 Apr d4
    # Th2 d5 F3 d6, M6 d7 T7 d8 W8 d9 Th9 d10.
    ("US-AK", D(2026, 3, 25), "response", "state", None, D(2026, 4, 9)),
    # --- Arizona: no deadline; the 10-business-day follow-up. Juneteenth is not an A.R.S. §1-301
    # holiday. Wed 17 Jun 2026: Th18 d1 F19 d2 (Juneteenth, open), M22 d3 .. F26 d7, M29 d8 T30
    # d9 W1 Jul d10.
    ("US-AZ", D(2026, 6, 17), "follow_up", "state", None, D(2026, 7, 1)),
    ("US-AZ", D(2026, 6, 17), "follow_up", "county", None, D(2026, 7, 1)),
    # --- Arkansas: 3 business days. Christmas Eve is a holiday (§1-5-101(a)(9)).
    # Tue 22 Dec 2026: W23 d1, Th24 Christmas Eve, F25 Christmas, M28 d2 T29 d3.
    ("US-AR", D(2026, 12, 22), "response", "state", None, D(2026, 12, 29)),
    ("US-AR", D(2026, 12, 22), "response", "municipal", None, D(2026, 12, 29)),
    # Juneteenth is not an official holiday: Wed 17 Jun 2026: Th18 d1 F19 d2 M22 d3.
    ("US-AR", D(2026, 6, 17), "response", "state", None, D(2026, 6, 22)),
    # The Governor closed state offices on Fri 28 Nov 2025 (§1-5-103). Tue 25 Nov 2025: W26 d1,
    # Th27 Thanksgiving, F28 closed (state), M1 Dec d2 T2 d3.
    ("US-AR", D(2025, 11, 25), "response", "state", None, D(2025, 12, 2)),
    # A city office was open that Friday: W26 d1, F28 d2, M1 Dec d3.
    ("US-AR", D(2025, 11, 25), "response", "municipal", None, D(2025, 12, 1)),
    # Christmas observed Fri 24 Dec 2027; Thu 23 is "verify" (Christmas Eve moved), closed for the
    # agency: Mon 20 Dec 2027: T21 d1 W22 d2, Th23 verify, F24 Christmas observed, M27 d3.
    ("US-AR", D(2027, 12, 20), "response", "state", None, D(2027, 12, 27)),
    # --- California: 10 calendar days; a last day on a CCP §135 judicial holiday moves (CCP §12a).
    # Mon 2 Feb 2026 + 10 = Thu 12 Feb, Lincoln Day (judicial holiday) -> Fri 13 Feb.
    ("US-CA", D(2026, 2, 2), "response", "state", None, D(2026, 2, 13)),
    # Tue 15 Sep 2026 + 10 = Fri 25 Sep, Native American Day (fourth Friday) -> Sat, Sun -> Mon 28.
    ("US-CA", D(2026, 9, 15), "response", "municipal", None, D(2026, 9, 28)),
    # Mon 5 Feb 2029 + 10 = Thu 15 Feb 2029 (Susan B. Anthony Day: no holiday) -> Thu 15 Feb.
    ("US-CA", D(2029, 2, 5), "response", "state", None, D(2029, 2, 15)),
    # Mon 30 Aug 2027 + 10 = Thu 9 Sep, Admission Day: verify (Gov. Code §6800 vs CCP §135),
    # closed for the agency -> Fri 10 Sep.
    ("US-CA", D(2027, 8, 30), "response", "state", None, D(2027, 9, 10)),
    # Tue 23 Jun 2026 + 10 = Fri 3 Jul, Friday before Independence Day on a Saturday: verify,
    # closed for the agency -> Sat, Sun -> Mon 6 Jul.
    ("US-CA", D(2026, 6, 23), "response", "state", None, D(2026, 7, 6)),
    # --- Colorado: 3 business days. Cesar Chavez Day is not a legal holiday (C.R.S. §24-11-112).
    # Fri 27 Mar 2026: M30 d1, T31 d2 (Cesar Chavez Day, open), W1 Apr d3.
    ("US-CO", D(2026, 3, 27), "response", "state", None, D(2026, 4, 1)),
    # Fri 2 Oct 2026: M5 Frances Xavier Cabrini Day (first Monday in October), T6 d1 W7 d2 Th8 d3.
    ("US-CO", D(2026, 10, 2), "response", "municipal", None, D(2026, 10, 8)),
    # --- Connecticut: 4 business days. Tue 10 Feb 2026: W11 d1, Th12 Lincoln Day, F13 d2,
    # M16 Washington's Birthday, T17 d3 W18 d4.
    ("US-CT", D(2026, 2, 10), "response", "municipal", None, D(2026, 2, 18)),
    # Tue 31 Mar 2026: W1 Apr d1 Th2 d2, F3 Good Friday, M6 d3 T7 d4.
    ("US-CT", D(2026, 3, 31), "response", "state", None, D(2026, 4, 7)),
    # Lincoln Day Sat 12 Feb 2028 is taken on Fri 11 (§1-4): Tue 8 Feb 2028: W9 d1 Th10 d2,
    # F11 Lincoln Day observed, M14 d3 T15 d4.
    ("US-CT", D(2028, 2, 8), "response", "state", None, D(2028, 2, 15)),
    # --- Delaware: 15 business days. General Election Day (even years) statewide; Return Day
    # from noon in Sussex County only (1 Del. C. §501). Fri 23 Oct 2026, New Castle County:
    # M26 d1 .. F30 d5, M2 Nov d6, T3 Election Day, W4 d7 Th5 d8 F6 d9, M9 d10 T10 d11,
    # W11 Veterans Day, Th12 d12 F13 d13, M16 d14 T17 d15.
    ("US-DE", D(2026, 10, 23), "response", "state", "New Castle", D(2026, 11, 17)),
    # Sussex: Th5 Return Day is verify, closed for the agency: W4 d7, F6 d8, M9 d9 T10 d10,
    # Th12 d11 F13 d12, M16 d13 T17 d14 W18 d15.
    ("US-DE", D(2026, 10, 23), "response", "county", "Sussex", D(2026, 11, 18)),
    # County unknown: Return Day is verify there too: W18 Nov.
    ("US-DE", D(2026, 10, 23), "response", "municipal", None, D(2026, 11, 18)),
    # --- District of Columbia: 15 business days. Wed 1 Apr 2026: Th2 d1 F3 d2, M6 d3 .. F10 d7,
    # M13 d8 T14 d9 W15 d10, Th16 Emancipation Day, F17 d11, M20 d12 T21 d13 W22 d14 Th23 d15.
    ("US-DC", D(2026, 4, 1), "response", "municipal", None, D(2026, 4, 23)),
    # --- Florida: no deadline; the 10-business-day follow-up. Juneteenth is only an observance
    # (§683.21), not a paid holiday (§110.117). Wed 17 Jun 2026: Th18 d1 F19 d2, M22 d3 .. F26 d7,
    # M29 d8 T30 d9 W1 Jul d10.
    ("US-FL", D(2026, 6, 17), "follow_up", "state", None, D(2026, 7, 1)),
    ("US-FL", D(2026, 6, 17), "follow_up", "county", None, D(2026, 7, 1)),
    # --- Georgia: 3 business days. The Governor's 2025 schedule (O.C.G.A. §1-4-1(b)): State
    # Holiday Good Friday 18 Apr. Wed 16 Apr 2025: Th17 d1, F18 State Holiday, M21 d2 T22 d3.
    ("US-GA", D(2025, 4, 16), "response", "state", None, D(2025, 4, 22)),
    # Washington's Birthday observed Fri 26 Dec 2025: Tue 23 Dec: W24 d1, Th25 Christmas,
    # F26 Washington's Birthday, M29 d2 T30 d3.
    ("US-GA", D(2025, 12, 23), "response", "state", None, D(2025, 12, 30)),
    # State offices are open on the federal Washington's Birthday, Mon 16 Feb 2026:
    # Thu 12 Feb: F13 d1 M16 d2 T17 d3.
    ("US-GA", D(2026, 2, 12), "response", "state", None, D(2026, 2, 17)),
    # For a city it is a §1-4-1(a)(1) legal holiday: verify, closed: F13 d1, M16, T17 d2 W18 d3.
    ("US-GA", D(2026, 2, 12), "response", "municipal", None, D(2026, 2, 18)),
    # --- Hawaii: 10 business days. Mon 23 Mar 2026: T24 d1 W25 d2, Th26 Prince Kuhio Day, F27 d3,
    # M30 d4 T31 d5 W1 Apr d6 Th2 d7, F3 Good Friday (HRS §8-1), M6 d8 T7 d9 W8 d10.
    ("US-HI", D(2026, 3, 23), "response", "state", None, D(2026, 4, 8)),
    # Juneteenth is not a state holiday (Act 53, 2021). Fri 12 Jun 2026: M15 d1 .. Th18 d4,
    # F19 d5 (open), M22 d6 .. Th25 d9, F26 d10.
    ("US-HI", D(2026, 6, 12), "response", "county", None, D(2026, 6, 26)),
]


@pytest.mark.parametrize(("code", "received", "kind", "level", "county", "expected"), CASES)
def test_due_date_across_the_jurisdictions_own_holidays(
    code, received, kind, level, county, expected
):
    assert due(code, received, kind, level=level, county=county) == expected


def test_every_jurisdiction_of_the_batch_is_pinned():
    batch = {"US", "US-AL", "US-AK", "US-AZ", "US-AR", "US-CA", "US-CO", "US-CT", "US-DE"}
    batch |= {"US-DC", "US-FL", "US-GA", "US-HI"}
    assert {case[0] for case in CASES} == batch
