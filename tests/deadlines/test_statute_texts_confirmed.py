"""Clocks changed after reading a statute's text (issue #13), each date counted by hand from it.

New Jersey, N.J.S.A. 47:1A-6 as in force after P.L.2024, c.16 (read in casetext's copy, current
through L. 2024, c. 62): a person denied access "may, within 45 days of the date of denial:
institute a proceeding to challenge the custodian's decision by filing an action in Superior
Court ...; or in lieu of filing an action in Superior Court, file a complaint with the Government
Records Council". The window was 60 days (N.J.A.C. 5:105-2.1); it is now 45 calendar days for
either route. "d1" is day 1 of the count; calendars were read off a printed calendar; New Jersey
municipal holidays are those of foia/deadlines/data/holidays/US-NJ.toml (none from 8 to 30
September 2026).
"""

from datetime import date

import pytest

from foia.deadlines import LedgerEvent, calendar_for, compute_clocks, get_law

D = date
TODAY = D(2026, 12, 10)


def appeal(code, received, *events, level="municipal"):
    ledger = [LedgerEvent("received", received), *(LedgerEvent(k, on) for k, on in events)]
    law = get_law(code, on=received)
    found = compute_clocks(law, calendar_for(code, level=level), ledger, TODAY, agency_level=level)
    clock = found.clock("appeal")
    assert clock is not None, f"{code} has no appeal clock"
    return clock


CASES = [
    # A written denial on Mon 2 Nov 2026: 3-30 Nov are d1-d28, 1-17 Dec d29-d45: Thu 17 Dec 2026
    # (the old 60 days ran to Fri 1 Jan 2027).
    ("US-NJ", D(2026, 10, 26), [("denial", D(2026, 11, 2))], D(2026, 12, 17)),
    # No response to a request received Wed 16 Sep 2026: the 7 business days (N.J.S.A.
    # 47:1A-5(i)) are Th17 d1, F18 d2, M21-F25 d3-d7, so the request is deemed denied on Fri 25
    # Sep. From it: 26-30 Sep d1-d5, 1-31 Oct d6-d36, 1-9 Nov d37-d45: Mon 9 Nov 2026 (the old 60
    # days ran to Tue 24 Nov 2026).
    ("US-NJ", D(2026, 9, 16), [], D(2026, 11, 9)),
]


@pytest.mark.parametrize(("code", "received", "events", "expected"), CASES)
def test_appeal_window_read_from_the_statute(code, received, events, expected):
    assert appeal(code, received, *events).due_on == expected


def test_new_jersey_window_names_both_routes_and_the_statute():
    found = appeal("US-NJ", D(2026, 10, 26), ("denial", D(2026, 11, 2)))
    assert found.days == 45
    assert found.unit == "calendar"
    assert "N.J.S.A. 47:1A-6" in found.basis
    assert "Superior Court" in found.basis
    assert "Government Records Council" in found.basis
