"""Due dates across each jurisdiction's own holidays (MO-OR): every date counted by hand.

Each comment counts the days from the statute (cited in the data file), never from our code:
"M16 d1" is Monday the 16th, business day 1; a named day is skipped. "verify" days (disputed)
count as closed for a deadline the agency must meet, the later and safe date (issue #13).
NC, ND, OH and OK set no deadline: their pinned clock is the app's 10-business-day follow-up.
"""

from datetime import date

import pytest

from tests.deadlines.holidays.helpers import due

D = date
# (code, received, clock kind, agency level, county, expected due date)
CASES = [
    # --- Missouri: 3 business days. Lincoln Day, February 12, is a public holiday (RSMo §9.010).
    # Tue 10 Feb 2026: W11 d1, Th12 Lincoln Day, F13 d2, M16 Washington's Birthday, T17 d3.
    ("US-MO", D(2026, 2, 10), "response", "state", None, D(2026, 2, 17)),
    ("US-MO", D(2026, 2, 10), "response", "county", None, D(2026, 2, 17)),
    # Truman Day, May 8. Wed 6 May 2026: Th7 d1, F8 Truman Day, M11 d2, T12 d3.
    ("US-MO", D(2026, 5, 6), "response", "municipal", None, D(2026, 5, 12)),
    # Lincoln Day on Saturday 12 Feb 2028: the State closes Friday 11 (OA schedule); for a city
    # that Friday is verify (§9.010 moves only a Sunday holiday), closed for the agency.
    # Wed 9 Feb 2028: Th10 d1, F11 Lincoln Day observed / verify, M14 d2, T15 d3.
    ("US-MO", D(2028, 2, 9), "response", "state", None, D(2028, 2, 15)),
    ("US-MO", D(2028, 2, 9), "response", "municipal", None, D(2028, 2, 15)),
    # --- Montana: 5 business days (acknowledgement). Juneteenth is not a legal holiday
    # (MCA §1-1-216). Tue 16 Jun 2026: W17 d1, Th18 d2, F19 d3 (open), M22 d4, T23 d5.
    ("US-MT", D(2026, 6, 16), "response", "state", None, D(2026, 6, 23)),
    # State general election day, Tue 3 Nov 2026. Fri 30 Oct 2026: M2 d1, T3 Election Day,
    # W4 d2, Th5 d3, F6 d4, M9 d5.
    ("US-MT", D(2026, 10, 30), "response", "county", None, D(2026, 11, 9)),
    # Odd year: only municipal elections, no holiday. Fri 29 Oct 2027: M1 d1, T2 d2, W3 d3,
    # Th4 d4, F5 d5.
    ("US-MT", D(2027, 10, 29), "response", "municipal", None, D(2027, 11, 5)),
    # --- Nebraska: 4 business days. The day after Thanksgiving is a holiday (§25-2221).
    # Wed 25 Nov 2026: Th26 Thanksgiving, F27 day after, M30 d1, T1 Dec d2, W2 d3, Th3 d4.
    ("US-NE", D(2026, 11, 25), "response", "municipal", None, D(2026, 12, 3)),
    # Days the President declares are state paid holidays (§84-1001(3)): 24 and 26 Dec 2025.
    # Mon 22 Dec 2025: T23 d1, W24 closed, Th25 Christmas, F26 closed, M29 d2, T30 d3, W31 d4.
    ("US-NE", D(2025, 12, 22), "response", "state", None, D(2025, 12, 31)),
    # A county office is open on them: T23 d1, W24 d2, Th25 Christmas, F26 d3, M29 d4.
    ("US-NE", D(2025, 12, 22), "response", "county", None, D(2025, 12, 29)),
    # --- Nevada: 5 business days. Nevada Day, the last Friday in October (NRS 236.015).
    # Mon 26 Oct 2026: T27 d1, W28 d2, Th29 d3, F30 Nevada Day, M2 Nov d4, T3 d5.
    ("US-NV", D(2026, 10, 26), "response", "state", None, D(2026, 11, 3)),
    # 24 and 26 Dec 2025 (presidential closing order) are verify, closed for the agency.
    # Mon 22 Dec 2025: T23 d1, W24 verify, Th25 Christmas, F26 verify, M29 d2, T30 d3, W31 d4,
    # Th1 Jan New Year's Day, F2 d5.
    ("US-NV", D(2025, 12, 22), "response", "municipal", None, D(2026, 1, 2)),
    # --- New Hampshire: 5 business days. Columbus Day is a legal holiday (RSA 288:1).
    # Fri 9 Oct 2026: M12 Columbus Day, T13 d1, W14 d2, Th15 d3, F16 d4, M19 d5.
    ("US-NH", D(2026, 10, 9), "response", "municipal", None, D(2026, 10, 19)),
    # State offices are open that day: verify, closed for the agency: the same M19.
    ("US-NH", D(2026, 10, 9), "response", "state", None, D(2026, 10, 19)),
    # Juneteenth is not a legal holiday. Tue 16 Jun 2026: W17 d1, Th18 d2, F19 d3, M22 d4, T23 d5.
    ("US-NH", D(2026, 6, 16), "response", "state", None, D(2026, 6, 23)),
    # The day after Thanksgiving is not in RSA 288:1 (a town counts it) but the State closes.
    # Tue 24 Nov 2026, town: W25 d1, Th26 Thanksgiving, F27 d2, M30 d3, T1 Dec d4, W2 d5.
    ("US-NH", D(2026, 11, 24), "response", "municipal", None, D(2026, 12, 2)),
    # State: W25 d1, Th26 Thanksgiving, F27 closed, M30 d2, T1 d3, W2 d4, Th3 d5.
    ("US-NH", D(2026, 11, 24), "response", "state", None, D(2026, 12, 3)),
    # --- New Jersey: 7 business days. State offices are open on Lincoln's Birthday
    # (N.J.S.A. 36:1-1(d)). Mon 9 Feb 2026: T10 d1, W11 d2, Th12 d3, F13 d4, M16 Presidents Day,
    # T17 d5, W18 d6, Th19 d7.
    ("US-NJ", D(2026, 2, 9), "response", "state", None, D(2026, 2, 19)),
    # County offices close on it (36:1-1(c)): T10 d1, W11 d2, Th12 Lincoln's Birthday, F13 d3,
    # M16 Presidents Day, T17 d4, W18 d5, Th19 d6, F20 d7.
    ("US-NJ", D(2026, 2, 9), "response", "county", None, D(2026, 2, 20)),
    # General election day every year. Fri 31 Oct 2025: M3 d1, T4 Election Day, W5 d2, Th6 d3,
    # F7 d4, M10 d5, T11 Veterans Day, W12 d6, Th13 d7.
    ("US-NJ", D(2025, 10, 31), "response", "municipal", None, D(2025, 11, 13)),
    # Juneteenth is the third Friday in June (16 June 2028), not Monday 19 June.
    # Wed 7 Jun 2028, State: Th8 d1, F9 d2, M12 d3, T13 d4, W14 d5, Th15 d6, F16 Juneteenth,
    # M19 d7.
    ("US-NJ", D(2028, 6, 7), "response", "state", None, D(2028, 6, 19)),
    # A city: June 19 is verify (many observe the federal date), closed for the agency: T20 d7.
    ("US-NJ", D(2028, 6, 7), "response", "municipal", None, D(2028, 6, 20)),
    # --- New Mexico: 3 business days. Presidents' Day is the third Monday in February
    # (NMSA §12-5-2). Fri 13 Feb 2026: M16 Presidents' Day, T17 d1, W18 d2, Th19 d3.
    ("US-NM", D(2026, 2, 13), "response", "county", None, D(2026, 2, 19)),
    # State offices are open (the holiday is moved to November): verify, closed: the same Th19.
    ("US-NM", D(2026, 2, 13), "response", "state", None, D(2026, 2, 19)),
    # The State closes the Friday after Thanksgiving instead. Wed 25 Nov 2026, State:
    # Th26 Thanksgiving, F27 closed, M30 d1, T1 Dec d2, W2 d3.
    ("US-NM", D(2026, 11, 25), "response", "state", None, D(2026, 12, 2)),
    # A city counts it: Th26 Thanksgiving, F27 d1, M30 d2, T1 d3.
    ("US-NM", D(2026, 11, 25), "response", "municipal", None, D(2026, 12, 1)),
    # Juneteenth is not a legal holiday. Wed 17 Jun 2026: Th18 d1, F19 d2, M22 d3.
    ("US-NM", D(2026, 6, 17), "response", "state", None, D(2026, 6, 22)),
    # --- New York: 5 business days. A Saturday holiday has no Friday substitute (GCL §24;
    # 4 NYCRR 21.1(b)). Mon 29 Jun 2026: T30 d1, W1 Jul d2, Th2 d3, F3 d4, M6 d5.
    ("US-NY", D(2026, 6, 29), "response", "state", None, D(2026, 7, 6)),
    ("US-NY", D(2026, 6, 29), "response", "municipal", None, D(2026, 7, 6)),
    # A county may close that Friday (County Law §206(3)): verify, closed: M6 d4, T7 d5.
    ("US-NY", D(2026, 6, 29), "response", "county", None, D(2026, 7, 7)),
    # Lincoln's Birthday (GCL §24). Mon 9 Feb 2026: T10 d1, W11 d2, Th12 Lincoln's Birthday,
    # F13 d3, M16 Washington's Birthday, T17 d4, W18 d5.
    ("US-NY", D(2026, 2, 9), "response", "municipal", None, D(2026, 2, 18)),
    # State offices open (floating holiday): verify, closed for the agency: the same W18.
    ("US-NY", D(2026, 2, 9), "response", "state", None, D(2026, 2, 18)),
    # Each general election day, odd years too. Fri 31 Oct 2025: M3 d1, T4 Election Day, W5 d2,
    # Th6 d3, F7 d4, M10 d5.
    ("US-NY", D(2025, 10, 31), "response", "municipal", None, D(2025, 11, 10)),
    # Susan B. Anthony Day (Tue 15 Feb 2028) is not a public holiday. Mon 14 Feb 2028:
    # T15 d1, W16 d2, Th17 d3, F18 d4, M21 Washington's Birthday, T22 d5.
    ("US-NY", D(2028, 2, 14), "response", "county", None, D(2028, 2, 22)),
    # --- North Carolina: no deadline; 10-business-day follow-up. State offices are open on
    # Washington's Birthday (OSHR schedule). Fri 13 Feb 2026: M16 d1, T17 d2, W18 d3, Th19 d4,
    # F20 d5, M23 d6, T24 d7, W25 d8, Th26 d9, F27 d10.
    ("US-NC", D(2026, 2, 13), "follow_up", "state", None, D(2026, 2, 27)),
    # Good Friday is closed. Mon 30 Mar 2026: T31 d1, W1 Apr d2, Th2 d3, F3 Good Friday, M6 d4,
    # T7 d5, W8 d6, Th9 d7, F10 d8, M13 d9, T14 d10.
    ("US-NC", D(2026, 3, 30), "follow_up", "municipal", None, D(2026, 4, 14)),
    # --- North Dakota: no deadline; 10-business-day follow-up. Good Friday (§1-03-01(5)):
    # Mon 30 Mar 2026: the same count as North Carolina, T14 Apr d10.
    ("US-ND", D(2026, 3, 30), "follow_up", "state", None, D(2026, 4, 14)),
    # Juneteenth is not a holiday. Fri 12 Jun 2026: M15 d1, T16 d2, W17 d3, Th18 d4, F19 d5,
    # M22 d6, T23 d7, W24 d8, Th25 d9, F26 d10.
    ("US-ND", D(2026, 6, 12), "follow_up", "county", None, D(2026, 6, 26)),
    # --- Ohio: no deadline; 10-business-day follow-up. No state-only holiday: across the weekend
    # rule (Saturday 4 July 2026 -> Friday 3 July, R.C. 124.18). Fri 26 Jun 2026: M29 d1, T30 d2,
    # W1 Jul d3, Th2 d4, F3 Independence Day observed, M6 d5, T7 d6, W8 d7, Th9 d8, F10 d9, M13 d10.
    ("US-OH", D(2026, 6, 26), "follow_up", "state", None, D(2026, 7, 13)),
    # 24 and 26 Dec 2025 (presidential closing order, R.C. 1.14) are verify, closed.
    # Fri 19 Dec 2025: M22 d1, T23 d2, W24 verify, Th25 Christmas, F26 verify, M29 d3, T30 d4,
    # W31 d5, Th1 Jan New Year's Day, F2 d6, M5 d7, T6 d8, W7 d9, Th8 d10.
    ("US-OH", D(2025, 12, 19), "follow_up", "municipal", None, D(2026, 1, 8)),
    # --- Oklahoma: no deadline; 10-business-day follow-up. Christmas on a Friday: the day before
    # is a holiday too (25 O.S. §82.1(A)). Fri 18 Dec 2026: M21 d1, T22 d2, W23 d3, Th24 Christmas
    # holiday, F25 Christmas, M28 d4, T29 d5, W30 d6, Th31 d7, F1 Jan New Year's Day, M4 d8, T5 d9,
    # W6 d10.
    ("US-OK", D(2026, 12, 18), "follow_up", "state", None, D(2027, 1, 6)),
    # Christmas on a Saturday: the Thursday and Friday before. Fri 17 Dec 2027: M20 d1, T21 d2,
    # W22 d3, Th23 and F24 Christmas holidays, M27 d4, T28 d5, W29 d6, Th30 d7, F31 New Year's Day
    # (Saturday 1 Jan 2028 -> Friday), M3 d8, T4 d9, W5 d10.
    ("US-OK", D(2027, 12, 17), "follow_up", "county", None, D(2028, 1, 5)),
    # Juneteenth is not a holiday. Fri 12 Jun 2026: as for North Dakota, F26 d10.
    ("US-OK", D(2026, 6, 12), "follow_up", "municipal", None, D(2026, 6, 26)),
    # --- Oregon: 5 business days (acknowledgement). Juneteenth is a legal holiday (ORS 187.010).
    # Tue 16 Jun 2026: W17 d1, Th18 d2, F19 Juneteenth, M22 d3, T23 d4, W24 d5.
    ("US-OR", D(2026, 6, 16), "response", "municipal", None, D(2026, 6, 24)),
    # The day after Thanksgiving is no legal holiday: a city counts it. Tue 24 Nov 2026:
    # W25 d1, Th26 Thanksgiving, F27 d2, M30 d3, T1 Dec d4, W2 d5.
    ("US-OR", D(2026, 11, 24), "response", "municipal", None, D(2026, 12, 2)),
    # State offices close it (HR Policy 60.010.01; ORS 192.311(1)): verify, closed for the agency:
    # W25 d1, Th26 Thanksgiving, F27 verify, M30 d2, T1 d3, W2 d4, Th3 d5.
    ("US-OR", D(2026, 11, 24), "response", "state", None, D(2026, 12, 3)),
]


@pytest.mark.parametrize(("code", "received", "kind", "level", "county", "expected"), CASES)
def test_due_date_across_the_jurisdictions_own_holidays(
    code, received, kind, level, county, expected
):
    assert due(code, received, kind, level=level, county=county) == expected


def test_every_jurisdiction_of_the_batch_is_pinned():
    batch = {"US-MO", "US-MT", "US-NE", "US-NV", "US-NH", "US-NJ", "US-NM"}
    batch |= {"US-NY", "US-NC", "US-ND", "US-OH", "US-OK", "US-OR"}
    assert {case[0] for case in CASES} == batch
