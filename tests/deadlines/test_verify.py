"""Disputed holiday days: the safe date for the requester, marked "verify" with both readings.

Every date below is counted by hand from the data files' disputed entries (issue #13 §1):
- US-PA.toml, municipal and county agencies: Election Day (44 P.S. §11 makes it a legal
  holiday; the RTKL counts the days the agency is open). Tue 3 Nov 2026.
- US-CA.toml: Admission Day (Gov. Code §6700(a)(13) against CCP §§12a, 135). Wed 9 Sep 2026.
"""

import json
from datetime import date

from click.testing import CliRunner

from foia.deadlines import LedgerEvent, calendar_for, compute_clocks, format_text, get_law
from foia.deadlines.cli import deadlines

D = date
TODAY = D(2027, 6, 1)


def clocks(code, events, level="municipal"):
    law = get_law(code, on=events[0].on)
    result = compute_clocks(law, calendar_for(code, level=level), events, TODAY, agency_level=level)
    return result


def test_agency_clock_across_a_disputed_day_takes_the_later_date():
    # PA response, 5 business days after Fri 30 Oct 2026 (65 P.S. §67.901): M2 Nov d1,
    # T3 Election Day counted closed for the agency, W4 d2 Th5 d3 F6 d4, M9 d5: Mon 9 Nov.
    # Counted open it would be: M2 d1 T3 d2 W4 d3 Th5 d4 F6 d5: Fri 6 Nov.
    clock = clocks("US-PA", [LedgerEvent("received", D(2026, 10, 30))]).clock("response")
    assert clock.due_on == D(2026, 11, 9)
    assert clock.verify is True
    note = clock.verify_note
    assert note.startswith("Tue 3 Nov 2026 (Election Day (local agencies)) is disputed.")
    assert "Not a business day: 44 P.S. §11 makes Election Day a legal holiday" in note
    assert "A business day: the RTKL counts days the agency is open" in note
    assert "The date shown, Mon 9 Nov 2026, counts it as closed: the later date" in note
    assert "counted as a business day it would be Fri 6 Nov 2026." in note


def test_appeal_window_across_a_disputed_day_takes_the_earlier_date():
    # PA appeal, 15 business days after the response of Thu 22 Oct 2026 (65 P.S. §67.1101(a)):
    # F23 d1, M26 d2 T27 d3 W28 d4 Th29 d5 F30 d6, M2 Nov d7, T3 Election Day counted open for
    # the requester d8, W4 d9 Th5 d10 F6 d11, M9 d12 T10 d13, W11 Veterans Day, Th12 d14,
    # F13 d15: Fri 13 Nov. Counted closed it would be Mon 16 Nov.
    events = [
        LedgerEvent("received", D(2026, 10, 19)),
        LedgerEvent("final_response", D(2026, 10, 22)),
    ]
    clock = clocks("US-PA", events).clock("appeal")
    assert clock.due_on == D(2026, 11, 13)
    assert clock.verify is True
    assert "Tue 3 Nov 2026: day 8" in [step.text for step in clock.steps]
    assert "The date shown, Fri 13 Nov 2026, counts it as a business day: the earlier date" in (
        clock.verify_note
    )
    assert "counted as closed it would be Mon 16 Nov 2026." in clock.verify_note


def test_a_calendar_day_period_ending_on_a_disputed_day_rolls_forward_for_the_agency():
    # CA response, 10 calendar days after Sun 30 Aug 2026 = Wed 9 Sep, Admission Day: closed
    # for the agency, the last day rolls to Thu 10 Sep (CCP §12a); open, it would stay Wed 9 Sep.
    clock = clocks("US-CA", [LedgerEvent("received", D(2026, 8, 30))], "state").clock("response")
    assert clock.due_on == D(2026, 9, 10)
    assert clock.verify is True
    assert "Wed 9 Sep 2026 (Admission Day) is disputed." in clock.verify_note
    assert "counted as a business day it would be Wed 9 Sep 2026." in clock.verify_note


def test_a_disputed_day_that_cannot_move_the_date_does_not_mark_the_clock():
    # CA response, 10 calendar days after Sat 5 Sep 2026 = Tue 15 Sep: Admission Day (Wed 9 Sep)
    # is inside the period, but every calendar day counts, so both readings give Tue 15 Sep.
    clock = clocks("US-CA", [LedgerEvent("received", D(2026, 9, 5))], "state").clock("response")
    assert clock.due_on == D(2026, 9, 15)
    assert clock.verify is False
    assert clock.verify_note is None


def test_no_disputed_day_no_verify():
    # PA response, 5 business days after Mon 19 Oct 2026: T20 d1 .. F23 d4, M26 d5.
    clock = clocks("US-PA", [LedgerEvent("received", D(2026, 10, 19))]).clock("response")
    assert clock.due_on == D(2026, 10, 26)
    assert (clock.verify, clock.verify_note) == (False, None)


def test_verify_is_in_the_json_and_the_text():
    result = clocks("US-PA", [LedgerEvent("received", D(2026, 10, 30))])
    data = result.clock("response").to_dict()
    assert data["verify"] is True
    assert data["verify_note"].startswith("Tue 3 Nov 2026 (Election Day (local agencies))")
    assert "  VERIFY: Tue 3 Nov 2026 (Election Day (local agencies)) is disputed." in format_text(
        result
    )


def test_cli_shows_verify_in_text_and_json():
    args = ["explain", "--jurisdiction", "US-PA", "--received", "2026-10-30"]
    runner = CliRunner()
    text = runner.invoke(deadlines, [*args, "--today", "2026-11-02"])
    assert text.exit_code == 0, text.output
    assert "VERIFY: Tue 3 Nov 2026 (Election Day (local agencies)) is disputed." in text.output
    payload = json.loads(
        runner.invoke(deadlines, [*args, "--today", "2026-11-02", "--json"]).output
    )
    response = next(c for c in payload["clocks"] if c["kind"] == "response")
    assert response["due_on"] == "2026-11-09"
    assert response["verify"] is True
