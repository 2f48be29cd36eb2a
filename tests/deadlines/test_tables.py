"""Table-driven deadlines; every expected date was counted by hand (comments show the count)."""

from datetime import date

import pytest

from foia.deadlines import LedgerEvent, calendar_for, compute_clocks, get_law

TODAY = date(2026, 11, 26)  # Thanksgiving 2026


def due(code, received, kind="response", *, county=None, level="municipal", events=(), today=TODAY):
    law = get_law(code, on=received)
    calendar = calendar_for(code, county)
    ledger = [LedgerEvent("received", received), *events]
    result = compute_clocks(law, calendar, ledger, today, agency_level=level)
    clock = result.clock(kind)
    assert clock is not None, f"{code} has no {kind} clock"
    return clock.due_on


D = date
CASES = [
    # --- federal (20 working days, 5 U.S.C. 6103 observed days) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 d2, M30 d3, Dec T1 d4 W2 d5 Th3 d6 F4 d7,
    # M7 d8 T8 d9 W9 d10 Th10 d11 F11 d12, M14 d13 T15 d14 W16 d15 Th17 d16 F18 d17, M21 d18
    # T22 d19 W23 d20.
    ("US", D(2026, 11, 24), "response", None, D(2026, 12, 23)),
    # Fri 11 Dec 2026: M14 d1 .. F18 d5, M21 d6 T22 d7 W23 d8 Th24 d9, F25 Christmas, M28 d10
    # T29 d11 W30 d12 Th31 d13, F 1 Jan New Year, M4 d14 .. F8 d18, M11 d19 T12 d20.
    ("US", D(2026, 12, 11), "response", None, D(2027, 1, 12)),
    # Fri 4 Jun 2027: M7 d1 .. Th17 d9 (F11 d5, M14 d6), F18 Juneteenth observed, M21 d10 .. F25
    # d14, M28 d15 T29 d16 W30 d17 Th1 Jul d18 F2 d19, M5 Jul Independence Day observed, T6 d20.
    ("US", D(2027, 6, 4), "response", None, D(2027, 7, 6)),
    # Mon 13 Dec 2027: T14 d1 .. F17 d4, M20 d5 .. Th23 d8, F24 Christmas observed, M27 d9 ..
    # Th30 d12, F31 New Year observed, M3 Jan d13 .. F7 d17, M10 d18 T11 d19 W12 d20.
    ("US", D(2027, 12, 13), "response", None, D(2028, 1, 12)),
    # Expedited: 10 calendar days after Tue 24 Nov 2026 = Fri 4 Dec 2026 (a business day).
    ("US", D(2026, 11, 24), "expedited_decision", None, D(2026, 12, 4)),
    # --- Massachusetts (10 BD; Saturday holidays not moved; deemed receipt) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 d2, M30 d3, T1 d4, W2 d5, Th3 d6, F4 d7,
    # M7 d8, T8 d9, W9 d10.
    ("US-MA", D(2026, 11, 24), "response", None, D(2026, 12, 9)),
    # Thu 26 Nov 2026 (Thanksgiving) is deemed received Fri 27: M30 d1 T1 d2 W2 d3 Th3 d4 F4 d5,
    # M7 d6 T8 d7 W9 d8 Th10 d9 F11 d10.
    ("US-MA", D(2026, 11, 26), "response", None, D(2026, 12, 11)),
    # Wed 15 Apr 2026: Th16 d1 F17 d2, M20 Patriots' Day, T21 d3 W22 d4 Th23 d5 F24 d6, M27 d7
    # T28 d8 W29 d9 Th30 d10.
    ("US-MA", D(2026, 4, 15), "response", None, D(2026, 4, 30)),
    # Wed 1 Jul 2026: Th2 d1, F3 d2 (MA does not move Sat 4 Jul to Friday), M6 d3 .. F10 d7,
    # M13 d8 T14 d9 W15 d10.
    ("US-MA", D(2026, 7, 1), "response", None, D(2026, 7, 15)),
    # Suffolk: Fri 13 Mar 2026: M16 d1, T17 Evacuation Day, W18 d2 Th19 d3 F20 d4, M23 d5 .. F27
    # d9, M30 d10.
    ("US-MA", D(2026, 3, 13), "response", "Suffolk", D(2026, 3, 30)),
    # Same request elsewhere in MA: M16 d1 T17 d2 .. F20 d5, M23 d6 .. F27 d10.
    ("US-MA", D(2026, 3, 13), "response", "Middlesex", D(2026, 3, 27)),
    # Production cap, municipal 25 BD from Tue 24 Nov 2026: ... W9 Dec d10, Th10 d11 F11 d12,
    # M14 d13 .. F18 d17, M21 d18 T22 d19 W23 d20 Th24 d21, F25 Christmas, M28 d22 .. Th31 d25.
    ("US-MA", D(2026, 11, 24), "production_limit", None, D(2026, 12, 31)),
    # --- California (10 calendar days, last day rolls forward, CCP §12a) ---
    # Tue 24 Nov 2026 + 10 = Fri 4 Dec 2026, a business day.
    ("US-CA", D(2026, 11, 24), "response", None, D(2026, 12, 4)),
    # Wed 16 Dec 2026 + 10 = Sat 26 Dec -> Sun 27 -> Mon 28 Dec.
    ("US-CA", D(2026, 12, 16), "response", None, D(2026, 12, 28)),
    # Tue 22 Dec 2026 + 10 = Fri 1 Jan 2027 (New Year's Day) -> Sat, Sun -> Mon 4 Jan.
    ("US-CA", D(2026, 12, 22), "response", None, D(2027, 1, 4)),
    # Tue 17 Nov 2026 + 10 = Fri 27 Nov (Day After Thanksgiving) -> Mon 30 Nov.
    ("US-CA", D(2026, 11, 17), "response", None, D(2026, 11, 30)),
    # Sun 21 Mar 2027 + 10 = Wed 31 Mar (Cesar Chavez Day) -> Thu 1 Apr.
    ("US-CA", D(2027, 3, 21), "response", None, D(2027, 4, 1)),
    # Extension: original Fri 4 Dec 2026 + 14 = Fri 18 Dec 2026.
    ("US-CA", D(2026, 11, 24), "extended_response", None, D(2026, 12, 18)),
    # --- New York (5 BD; Lincoln's Birthday, Election Day) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 d2, M30 d3, T1 d4, W2 Dec d5.
    ("US-NY", D(2026, 11, 24), "response", None, D(2026, 12, 2)),
    # Wed 10 Feb 2027: Th11 d1, F12 Lincoln's Birthday, M15 Washington's Birthday, T16 d2 W17 d3
    # Th18 d4 F19 d5.
    ("US-NY", D(2027, 2, 10), "response", None, D(2027, 2, 19)),
    # Fri 30 Oct 2026: M2 Nov d1, T3 Election Day, W4 d2 Th5 d3 F6 d4, M9 d5.
    ("US-NY", D(2026, 10, 30), "response", None, D(2026, 11, 9)),
    # --- Texas (10 BD per §552.0031) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 Friday after Thanksgiving, M30 d2, T1 d3,
    # W2 d4, Th3 d5, F4 d6, M7 d7, T8 d8, W9 d9, Th10 d10.
    ("US-TX", D(2026, 11, 24), "response", None, D(2026, 12, 10)),
    # Fri 18 Dec 2026: M21 d1 T22 d2 W23 d3, Th24 Christmas Eve, F25 Christmas, M28 d4 .. Th31 d7,
    # F1 Jan New Year, M4 d8 T5 d9 W6 d10.
    ("US-TX", D(2026, 12, 18), "response", None, D(2027, 1, 6)),
    # Fri 27 Feb 2026: M2 Mar Texas Independence Day, T3 d1 .. F6 d4, M9 d5 .. F13 d9, M16 d10.
    ("US-TX", D(2026, 2, 27), "response", None, D(2026, 3, 16)),
    # Wed 25 Mar 2026: Th26 d1 F27 d2 M30 d3 T31 d4 (Cesar Chavez Day is optional: counted),
    # W1 Apr d5 Th2 d6 F3 d7 (Good Friday optional: counted), M6 d8 T7 d9 W8 d10.
    ("US-TX", D(2026, 3, 25), "response", None, D(2026, 4, 8)),
    # Wed 1 Jul 2026: Th2 d1, F3 d2 (no in-lieu Friday for Sat 4 Jul), M6 d3 .. F10 d7, M13 d8
    # T14 d9 W15 d10.
    ("US-TX", D(2026, 7, 1), "response", None, D(2026, 7, 15)),
    # --- Illinois (5 BD; Pulaski Day, Election Day) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 d2 (open in IL), M30 d3, T1 d4, W2 Dec d5.
    ("US-IL", D(2026, 11, 24), "response", None, D(2026, 12, 2)),
    # Fri 27 Feb 2026: M2 Mar Casimir Pulaski Day, T3 d1 W4 d2 Th5 d3 F6 d4, M9 d5.
    ("US-IL", D(2026, 2, 27), "response", None, D(2026, 3, 9)),
    # Fri 30 Oct 2026: M2 d1, T3 Election Day, W4 d2 Th5 d3 F6 d4, M9 d5.
    ("US-IL", D(2026, 10, 30), "response", None, D(2026, 11, 9)),
    # Extension 5 BD after the original W2 Dec: Th3 d1 F4 d2 M7 d3 T8 d4 W9 d5.
    ("US-IL", D(2026, 11, 24), "extended_response", None, D(2026, 12, 9)),
    # --- Washington (5 BD; Native American Heritage Day; no Columbus Day) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 Native American Heritage Day, M30 d2, T1 d3,
    # W2 d4, Th3 Dec d5.
    ("US-WA", D(2026, 11, 24), "response", None, D(2026, 12, 3)),
    # Fri 9 Oct 2026: M12 d1 (Columbus Day is not a WA holiday), T13 d2 W14 d3 Th15 d4 F16 d5.
    ("US-WA", D(2026, 10, 9), "response", None, D(2026, 10, 16)),
    # Tue 16 Jun 2026: W17 d1 Th18 d2, F19 Juneteenth, M22 d3 T23 d4 W24 d5.
    ("US-WA", D(2026, 6, 16), "response", None, D(2026, 6, 24)),
    # --- Pennsylvania (5 BD, then 30 calendar days with §1908 roll-forward) ---
    # Tue 24 Nov 2026: W25 d1, Th26 Thanksgiving, F27 Day After Thanksgiving, M30 d2, T1 d3, W2 d4,
    # Th3 Dec d5.
    ("US-PA", D(2026, 11, 24), "response", None, D(2026, 12, 3)),
    # Mon 21 Dec 2026: T22 d1 W23 d2 Th24 d3, F25 Christmas, M28 d4 T29 d5.
    ("US-PA", D(2026, 12, 21), "response", None, D(2026, 12, 29)),
    # Thu 3 Dec 2026 + 30 calendar days: Dec 31 is day 28, Jan 1 day 29, Sat 2 Jan day 30 ->
    # Sun 3 -> Mon 4 Jan 2027.
    ("US-PA", D(2026, 11, 24), "extended_response", None, D(2027, 1, 4)),
]

# Every other jurisdiction, received Tue 24 Nov 2026. Business days after it where the Friday
# after Thanksgiving is open: W25 d1, F27 d2, M30 d3, T1 d4, W2 d5, Th3 d6, F4 d7, M7 d8, T8 d9,
# W9 d10, Th10 d11, F11 d12, M14 d13, T15 d14, W16 d15. Where that Friday is a holiday for a city
# under the state's holiday statute (DE, FL, GA, IN, MD, NC, NE, NV, OK, SC, VA, WV; MN "verify"):
# W25 d1, M30 d2, T1 d3, W2 d4, Th3 d5, F4 d6, M7 d7, T8 d8, W9 d9, Th10 d10, F11 d11, M14 d12,
# T15 d13, W16 d14, Th17 d15.
OTHERS = [
    ("US-AL", "response", D(2026, 12, 9)),  # 10 BD acknowledgement, Friday open: W9 Dec
    ("US-AK", "response", D(2026, 12, 9)),  # 10 BD
    ("US-AZ", "follow_up", D(2026, 12, 9)),  # no deadline; 10 BD follow-up
    ("US-AR", "response", D(2026, 11, 30)),  # 3 BD: W25, F27, M30
    ("US-CO", "response", D(2026, 11, 30)),  # 3 BD
    ("US-CT", "response", D(2026, 12, 1)),  # 4 BD: ... T1
    ("US-DE", "response", D(2026, 12, 17)),  # 15 BD, Friday closed: Th17
    ("US-DC", "response", D(2026, 12, 16)),  # 15 BD, Friday open: W16
    ("US-FL", "follow_up", D(2026, 12, 10)),  # follow-up 10 BD, Friday closed: Th10
    ("US-GA", "response", D(2026, 12, 1)),  # 3 BD, Friday closed: W25, M30, T1
    ("US-HI", "response", D(2026, 12, 9)),  # 10 BD
    ("US-ID", "response", D(2026, 11, 30)),  # 3 BD
    ("US-IN", "response", D(2026, 12, 1)),  # 7 calendar days: Tue 1 Dec, a business day
    ("US-IA", "follow_up", D(2026, 12, 9)),  # follow-up 10 BD
    ("US-KS", "response", D(2026, 11, 30)),  # 3 BD
    ("US-KY", "response", D(2026, 12, 2)),  # 5 BD
    ("US-LA", "response", D(2026, 11, 30)),  # 3 BD
    ("US-ME", "response", D(2026, 12, 2)),  # 5 BD
    ("US-MD", "response", D(2026, 12, 10)),  # 10 BD, Friday closed (American Indian Heritage Day)
    # MI, a city: the AG (Op. 7172) counts only legal holidays (MCL 435.101), and the Friday
    # after Thanksgiving is not one: W25 d1, F27 d2, M30 d3, T1 d4, W2 d5.
    ("US-MI", "response", D(2026, 12, 2)),
    # MN, a city: the Friday is a local option (Minn. Stat. §645.44 subd. 5), so "verify" and
    # closed for the agency's side (the later date): follow-up 10 BD, Friday closed: Th10.
    ("US-MN", "follow_up", D(2026, 12, 10)),
    ("US-MS", "response", D(2026, 12, 4)),  # 7 BD
    ("US-MO", "response", D(2026, 11, 30)),  # 3 BD
    ("US-MT", "response", D(2026, 12, 2)),  # 5 BD acknowledgement
    # NE: the day after Thanksgiving is a state holiday (§25-2221): W25 d1, M30 d2, T1 d3, W2 d4.
    ("US-NE", "response", D(2026, 12, 2)),
    ("US-NV", "response", D(2026, 12, 3)),  # 5 BD, Friday closed (Family Day)
    # NH, a city: RSA 288:1 does not list the day after Thanksgiving (a state HR closure only):
    # W25 d1, F27 d2, M30 d3, T1 d4, W2 d5.
    ("US-NH", "response", D(2026, 12, 2)),
    ("US-NJ", "response", D(2026, 12, 4)),  # 7 BD
    # NM, a city: the Friday after Thanksgiving is the state's moved Presidents' Day (NMSA
    # §12-5-2), not a local one; cities keep February's: W25 d1, F27 d2, M30 d3.
    ("US-NM", "response", D(2026, 11, 30)),
    ("US-NC", "follow_up", D(2026, 12, 10)),  # follow-up 10 BD, Friday closed
    ("US-ND", "follow_up", D(2026, 12, 9)),  # follow-up 10 BD
    ("US-OH", "follow_up", D(2026, 12, 9)),  # follow-up 10 BD
    ("US-OK", "follow_up", D(2026, 12, 10)),  # follow-up 10 BD, Friday closed
    ("US-OR", "response", D(2026, 12, 2)),  # 5 BD acknowledgement
    ("US-RI", "response", D(2026, 12, 9)),  # 10 BD
    ("US-SC", "response", D(2026, 12, 10)),  # 10 BD; §53-5-10: "Thanksgiving Day and the day after"
    ("US-SD", "response", D(2026, 12, 9)),  # 10 BD
    ("US-TN", "response", D(2026, 12, 4)),  # 7 BD
    ("US-UT", "response", D(2026, 12, 9)),  # 10 BD
    ("US-VT", "response", D(2026, 11, 30)),  # 3 BD
    ("US-VA", "response", D(2026, 12, 3)),  # 5 BD, Friday closed
    ("US-WV", "response", D(2026, 12, 3)),  # 5 BD, Friday closed
    ("US-WI", "follow_up", D(2026, 12, 9)),  # follow-up 10 BD
    ("US-WY", "response", D(2026, 12, 4)),  # 7 BD
]


@pytest.mark.parametrize(("code", "received", "kind", "county", "expected"), CASES)
def test_key_jurisdictions(code, received, kind, county, expected):
    assert due(code, received, kind, county=county) == expected


@pytest.mark.parametrize(("code", "kind", "expected"), OTHERS)
def test_every_other_jurisdiction(code, kind, expected):
    assert due(code, date(2026, 11, 24), kind) == expected


def test_the_tables_cover_every_jurisdiction():
    from foia.deadlines import load_laws

    covered = {case[0] for case in CASES} | {case[0] for case in OTHERS}
    assert covered == set(load_laws())


def test_ma_state_agency_production_cap_is_15_business_days():
    # ... W9 Dec d10, Th10 d11, F11 d12, M14 d13, T15 d14, W16 d15.
    assert due("US-MA", date(2026, 11, 24), "production_limit", level="state") == date(2026, 12, 16)
    # A county custodian is treated as municipal: 25 BD -> Thu 31 Dec 2026.
    assert due("US-MA", date(2026, 11, 24), "production_limit", level="county") == date(
        2026, 12, 31
    )


def test_ny_extension_counts_20_business_days_from_the_acknowledgement():
    # Ack Mon 30 Nov 2026: T1 d1 .. F4 d4, M7 d5 .. F11 d9, M14 d10 .. F18 d14, M21 d15 T22 d16
    # W23 d17 Th24 d18, F25 Christmas, M28 d19, T29 d20.
    ack = LedgerEvent("acknowledged", date(2026, 11, 30))
    assert due("US-NY", date(2026, 11, 24), "extended_response", events=[ack]) == date(2026, 12, 29)
