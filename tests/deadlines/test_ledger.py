"""Ledger semantics: pauses, extensions, met/missed, appeals, and impossible ledgers."""

import re
from datetime import date, time

import pytest

from foia.deadlines import (
    Closure,
    LedgerError,
    LedgerEvent,
    UnknownCounty,
    UnknownJurisdiction,
    calendar_for,
    compute_clocks,
    explain_from_receipt,
    get_law,
)

E = LedgerEvent
D = date


THANKSGIVING = date(2026, 11, 26)


def run(code, events, today=THANKSGIVING, **kwargs):
    county = kwargs.pop("county", None)
    closures = kwargs.pop("closures", ())
    return compute_clocks(
        get_law(code), calendar_for(code, county, closures), events, today, **kwargs
    )


def test_federal_extension_over_the_cap_is_flagged_and_capped():
    # Received Tue 24 Nov 2026 -> response due Wed 23 Dec 2026 (20 BD, see test_tables).
    # 15 working days claimed on Mon 14 Dec; capped at 10: Th24 d1, F25 Christmas, M28 d2 .. Th31
    # d5, F1 Jan New Year, M4 d6 .. Th7 d9, F8 d10.
    events = [E("received", D(2026, 11, 24)), E("extension_claimed", D(2026, 12, 14), days=15)]
    result = run("US", events, today=D(2026, 12, 15))
    assert result.clock("extended_response").due_on == D(2027, 1, 8)
    assert any(
        "exceeds the 10 working-day cap of 5 U.S.C. 552(a)(6)(B)(i)" in f for f in result.flags
    )
    # The timely notice supersedes the original deadline.
    assert result.clock("response").state == "not applicable"
    assert result.clock("extended_response").state == "running"


def test_late_extension_notice_is_flagged():
    # IL: response due Wed 2 Dec 2026; notice on Thu 3 Dec is after the first period.
    events = [E("received", D(2026, 11, 24)), E("extension_claimed", D(2026, 12, 3), days=5)]
    result = run("US-IL", events, today=D(2026, 12, 4))
    assert any("after the first period ended on 2026-12-02" in f for f in result.flags)
    assert result.clock("response").state == "missed"


def test_federal_clarification_tolls_and_appears_as_skipped_steps():
    # Received Tue 24 Nov 2026. Asked Mon 30 Nov (d3 counts), answered Fri 4 Dec: T1..F4 paused.
    # Then M7 d4 .. F11 d8, M14 d9 .. F18 d13, M21 d14 T22 d15 W23 d16 Th24 d17, F25 Christmas,
    # M28 d18 T29 d19 W30 d20.
    events = [
        E("received", D(2026, 11, 24)),
        E("clarification_requested", D(2026, 11, 30)),
        E("clarification_answered", D(2026, 12, 4)),
    ]
    clock = run("US", events, today=D(2026, 12, 7)).clock("response")
    assert clock.due_on == D(2026, 12, 30)
    paused = [s for s in clock.steps if s.skipped == "clock paused: clarification"]
    assert [s.on for s in paused] == [D(2026, 12, d) for d in (1, 2, 3, 4)]
    assert paused[0].text == "Tue 1 Dec 2026: skipped (clock paused: clarification)"


def test_open_pause_leaves_no_due_date_but_a_provisional_one():
    events = [E("received", D(2026, 11, 24)), E("clarification_requested", D(2026, 11, 30))]
    clock = run("US", events, today=D(2026, 12, 1)).clock("response")
    assert clock.state == "paused"
    assert clock.due_on is None
    # As if answered today (T1 Dec, paused): W25 d1 F27 d2 M30 d3, W2 d4 Th3 d5 F4 d6, M7 d7 ..
    # F11 d11, M14 d12 .. F18 d16, M21 d17 T22 d18 W23 d19 Th24 d20.
    assert clock.provisional_due_on == D(2026, 12, 24)


def test_texas_clarification_restarts_the_clock():
    # Received Tue 1 Sep 2026; asked Th3 Sep, answered Tue 8 Sep: counting restarts at W9 d1,
    # Th10 d2, F11 d3, M14 d4 .. F18 d8, M21 d9, T22 d10.
    events = [
        E("received", D(2026, 9, 1)),
        E("clarification_requested", D(2026, 9, 3)),
        E("clarification_answered", D(2026, 9, 8)),
    ]
    assert run("US-TX", events, today=D(2026, 9, 10)).clock("response").due_on == D(2026, 9, 22)


def test_pause_kinds_the_law_does_not_know_are_flagged_not_applied():
    events = [
        E("received", D(2026, 11, 24)),
        E("fee_estimate", D(2026, 11, 30)),
        E("fee_paid", D(2026, 12, 4)),
    ]
    result = run("US-MA", events)
    assert result.clock("response").due_on == D(2026, 12, 9)
    assert any("does not pause the clock" in f for f in result.flags)


def test_federal_tolls_for_clarification_only_once():
    events = [
        E("received", D(2026, 11, 24)),
        E("clarification_requested", D(2026, 11, 25)),
        E("clarification_answered", D(2026, 11, 25)),
        E("clarification_requested", D(2026, 11, 30)),
        E("clarification_answered", D(2026, 12, 4)),
    ]
    result = run("US", events, today=D(2026, 12, 7))
    assert result.clock("response").due_on == D(2026, 12, 23)
    assert any("tolled only 1 time" in f for f in result.flags)


def test_met_and_missed():
    received = E("received", D(2026, 11, 24))
    on_time = run("US-MA", [received, E("acknowledged", D(2026, 12, 9))], today=D(2026, 12, 20))
    assert on_time.clock("response").state == "met"
    late = run("US-MA", [received, E("final_response", D(2026, 12, 10))], today=D(2026, 12, 20))
    assert late.clock("response").state == "missed"
    silent = run("US-MA", [received], today=D(2026, 12, 10))
    assert silent.clock("response").state == "missed"
    assert "No fees" in silent.clock("response").consequence
    running = run("US-MA", [received], today=D(2026, 12, 9))
    assert running.clock("response").state == "running"
    withdrawn = run("US-MA", [received, E("withdrawn", D(2026, 12, 1))], today=D(2026, 12, 20))
    assert withdrawn.clock("response").state == "not applicable"


def test_federal_acknowledgement_does_not_meet_the_decision_clock():
    events = [E("received", D(2026, 11, 24)), E("acknowledged", D(2026, 11, 25))]
    assert run("US", events, today=D(2026, 12, 24)).clock("response").state == "missed"


def test_ma_appeal_window_from_the_response_and_from_the_request():
    # Response Wed 9 Dec 2026 + 90 calendar days: Dec 31 is day 22, Jan 31 day 53, Feb 28 day 81,
    # Tue 9 Mar 2027 day 90.
    answered = run(
        "US-MA",
        [E("received", D(2026, 11, 24)), E("denial", D(2026, 12, 9))],
        today=D(2026, 12, 10),
    )
    assert answered.clock("appeal").due_on == D(2027, 3, 9)
    # No response by Wed 9 Dec: 90 days from the request, Tue 24 Nov 2026: Nov 30 is day 6, Dec 31
    # day 37, Jan 31 day 68, Mon 22 Feb 2027 day 90.
    silent = run("US-MA", [E("received", D(2026, 11, 24))], today=D(2027, 1, 15))
    assert silent.clock("appeal").due_on == D(2027, 2, 22)


def test_pa_deemed_denial_opens_a_15_business_day_appeal_window():
    # Deemed denial after Th3 Dec 2026: F4 d1, M7 d2 .. F11 d6, M14 d7 .. F18 d11, M21 d12 T22 d13
    # W23 d14 Th24 d15 (PA keeps 24 Dec open).
    result = run("US-PA", [E("received", D(2026, 11, 24))], today=D(2026, 12, 10))
    assert result.clock("appeal").due_on == D(2026, 12, 24)


def test_appeal_decision_clock_starts_when_the_appeal_is_filed():
    # NY: appeal filed Mon 7 Dec 2026, 10 BD: T8 d1 .. F11 d4, M14 d5 .. F18 d9, M21 d10.
    events = [
        E("received", D(2026, 11, 24)),
        E("denial", D(2026, 12, 1)),
        E("appeal_filed", D(2026, 12, 7)),
    ]
    result = run("US-NY", events, today=D(2026, 12, 8))
    assert result.clock("appeal").state == "met"
    assert result.clock("appeal_decision").due_on == D(2026, 12, 21)


def test_filed_only_ledger_is_estimated():
    result = run("US-MA", [E("filed", D(2026, 11, 24))])
    assert result.is_estimated
    assert all(c.is_estimated for c in result.clocks)
    assert result.clock("response").due_on == D(2026, 12, 9)


def test_after_hours_receipt_counts_from_the_next_business_day():
    # Tue 24 Nov 2026 at 18:00 after a 17:00 cut-off: deemed Wed 25; F27 d1 M30 d2 T1 d3 W2 d4
    # Th3 d5 F4 d6 M7 d7 T8 d8 W9 d9 Th10 d10.
    events = [E("received", D(2026, 11, 24), at=time(18, 0))]
    result = run("US-MA", events, after_hours_cutoff=time(17, 0))
    assert result.deemed_received_on == D(2026, 11, 25)
    assert result.clock("response").due_on == D(2026, 12, 10)


def test_caller_closures_are_skipped_with_their_reason():
    snow = Closure(D(2026, 12, 1), "agency closed: snow day")
    result = run("US-MA", [E("received", D(2026, 11, 24))], closures=[snow])
    clock = result.clock("response")
    assert clock.due_on == D(2026, 12, 10)
    assert "Tue 1 Dec 2026: skipped (agency closed: snow day)" in [s.text for s in clock.steps]


def test_no_fixed_deadline_says_so_plainly():
    result = run("US-FL", [E("received", D(2026, 11, 24))])
    response = result.clock("response")
    assert response.due_on is None and response.state == "not applicable"
    assert response.basis.startswith("No statutory deadline")
    assert "not a legal deadline" in result.clock("follow_up").basis


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ([E("received", D(2026, 11, 24)), E("denial", D(2026, 11, 20))], "before the request"),
        (
            [E("filed", D(2026, 11, 20)), E("extension_claimed", D(2026, 11, 19), days=5)],
            "before the request was filed",
        ),
        (
            [E("received", D(2026, 11, 24)), E("clarification_answered", D(2026, 11, 25))],
            "no earlier “Clarification asked”",
        ),
        (
            [E("received", D(2026, 11, 24)), E("fee_paid", D(2026, 11, 25))],
            "no earlier “Fee estimate”",
        ),
        (
            [E("received", D(2026, 11, 24)), E("appeal_decided", D(2026, 12, 1))],
            "no earlier “Appeal filed”",
        ),
        ([E("acknowledged", D(2026, 11, 24))], "no “Filed” or “Received by the agency” event"),
        ([E("received", D(2026, 11, 24)), E("granted", D(2026, 11, 25))], "unknown ledger event"),
        (
            [
                E("filed", D(2026, 11, 20)),
                E("received", D(2026, 11, 24)),
                E("denial", D(2026, 11, 23)),
            ],
            "before the agency received",
        ),
        ([E("received", D(2026, 11, 24)), E("received", D(2026, 11, 25))], "more than one"),
    ],
)
def test_impossible_ledgers_are_refused(events, message):
    with pytest.raises(LedgerError, match=message) as refused:
        run("US-MA", events)
    # People read these on the request page: event names in words, never internal codes
    # (an unknown kind is quoted back as it was given).
    if "unknown" not in message:
        assert not re.search(r"\b[a-z]+_[a-z_]+\b", str(refused.value)), refused.value


def test_unknown_jurisdiction_and_county():
    with pytest.raises(UnknownJurisdiction, match="unknown jurisdiction 'US-ZZ'"):
        get_law("US-ZZ")
    with pytest.raises(UnknownCounty, match="unknown county 'Gotham' for US-MA"):
        calendar_for("US-MA", "Gotham")
    # A jurisdiction without county data accepts any county, with no extra closures.
    assert calendar_for("US-NY", "Kings").county == "Kings"
    assert calendar_for("US-MA", "suffolk county").county == "Suffolk"


def test_versions_pick_the_law_in_force():
    assert get_law("US-AL", on=D(2024, 9, 30)).has_fixed_deadline is False
    assert get_law("US-AL", on=D(2024, 10, 1)).clock("response").days == 10
    assert get_law("AL").effective_on == D(2024, 10, 1)
    with pytest.raises(UnknownJurisdiction, match="no version"):
        get_law("US-TX", on=D(1990, 1, 1))


def test_explain_refuses_a_response_before_receipt():
    with pytest.raises(LedgerError, match="before the receipt date"):
        explain_from_receipt(
            "US-MA", D(2026, 11, 24), responded_on=D(2026, 11, 1), today=D(2026, 11, 26)
        )


def test_needs_verification_follows_confidence():
    assert get_law("US-MA").needs_verification is False
    assert get_law("US-AL").needs_verification is True
