"""The dates-only path (compute_due_dates) agrees with the full path on every jurisdiction.

The full path (compute_clocks) counts day by day and says why; the dates-only path jumps to the
last day. For every version of every jurisdiction's law, over random start dates, ledgers
(extensions, tolling pauses open and answered, fee estimates, clarifications, responses,
appeals, conditions, withdrawals, same-day and out-of-order events), closures, counties, agency
levels, after-hours cut-offs and todays, both give the same clocks, dates, states, flags and
errors; only the basis and the steps are left out of the dates-only clocks.
"""

from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia.deadlines import (
    EVENT_KINDS,
    Closure,
    DeadlineError,
    LedgerEvent,
    calendar_for,
    compute_clocks,
    compute_due_dates,
    format_text,
    load_law_versions,
)
from foia.deadlines.calculator import _ORDER
from foia.deadlines.counting import count_due, count_span
from foia.deadlines.holidays import holiday_law
from foia.deadlines.kinds import ClockKind

#: Every version of every jurisdiction's law, as (code, law).
LAWS = [(code, law) for code, versions in sorted(load_law_versions().items()) for law in versions]
# Counties with days of their own: county closures (M.G.L. c.136 §12) and county holidays.
COUNTIES = {"US-MA": ("Suffolk", "Middlesex")}


def counties_of(code: str) -> tuple[str, ...]:
    """Return the counties whose calendars differ from the state's, for this jurisdiction."""
    named = {county for entry in holiday_law(code).entries for county in entry.counties}
    return tuple(sorted(named | set(COUNTIES.get(code, ()))))


# Episodes of a request's life after it is filed: each becomes one or two ledger events.
PAIRS = {
    "fee": ("fee_estimate", ("fee_paid", "fee_waived")),
    "clarification": ("clarification_requested", ("clarification_answered",)),
    "appeal": ("appeal_filed", ("appeal_decided",)),
}
# Mostly days apart, as the first deadlines are; sometimes weeks.
gaps = st.integers(0, 6) | st.integers(0, 45)
episode = st.one_of(
    # A question and its answer (or none yet: an open pause), a fee, an appeal and its decision.
    st.tuples(st.sampled_from(sorted(PAIRS)), gaps, st.none() | gaps, st.integers(0, 1)),
    # An extension of a number of days, or of the law's cap (no number).
    st.tuples(st.just("extension_claimed"), gaps, st.none() | st.integers(1, 90)),
    # Any other fact, alone: responses, acknowledgements, conditions, withdrawals, rulings.
    st.tuples(st.just("event"), gaps, st.sampled_from(EVENT_KINDS)),
)


@st.composite
def ledgers(draw, start: date) -> list[LedgerEvent]:
    """Return a ledger starting on `start`: filed and/or received, then a few episodes."""
    filed = draw(st.booleans())
    received_after = draw(st.integers(0, 4))
    at = draw(st.none() | st.sampled_from([time(9, 0), time(16, 59), time(17, 0), time(23, 30)]))
    events = [LedgerEvent("filed", start)] if filed else []
    if not filed or draw(st.booleans()):
        events.append(LedgerEvent("received", start + timedelta(received_after), at=at))
    day = start
    for item in draw(st.lists(episode, max_size=6)):
        day += timedelta(days=item[1])
        if item[0] in PAIRS:
            opener, closers = PAIRS[item[0]]
            events.append(LedgerEvent(opener, day))
            if item[2] is not None:
                day += timedelta(days=item[2])
                events.append(LedgerEvent(closers[item[3] % len(closers)], day))
        elif item[0] == "extension_claimed":
            events.append(LedgerEvent("extension_claimed", day, days=item[2]))
        else:
            events.append(LedgerEvent(item[2], day))
    # The engine orders the ledger itself: hand it over shuffled, as a database might.
    return draw(st.permutations(events))


@st.composite
def cases(draw, code: str, law):
    """Return (calendar, events, today, agency level, after-hours cut-off) for one law."""
    first = max(law.effective_on, date(2001, 1, 1))
    start = draw(st.dates(min_value=first, max_value=max(first, date(2098, 12, 31))))
    counties = counties_of(code)
    county = draw(st.none() | st.sampled_from(counties)) if counties else None
    level = draw(st.sampled_from(["state", "municipal", "county"]))
    closed = draw(st.lists(st.integers(0, 120), max_size=3))
    closures = [Closure(start + timedelta(days=d), f"agency closed: day {d}") for d in closed]
    calendar = calendar_for(code, county, closures, level=level)
    events = draw(ledgers(start))
    today = start + timedelta(days=draw(st.integers(-10, 500)))
    cutoff = draw(st.none() | st.just(time(17, 0)))
    return calendar, events, today, level, cutoff


def outcome(compute, law, calendar, events, today, level, cutoff):
    """Return what a path computed, without the explanation, or the error it raised."""
    try:
        result = compute(
            law, calendar, events, today, agency_level=level, after_hours_cutoff=cutoff
        )
    except DeadlineError as error:
        return type(error).__name__, str(error)
    clocks = tuple(clock._replace(basis="", steps=()) for clock in result.clocks)
    facts = (result.received_on, result.deemed_received_on, result.flags, result.is_estimated)
    return result.law, facts, result.today, clocks


@pytest.mark.parametrize(("code", "law"), LAWS, ids=[f"{c}-{law.effective_on}" for c, law in LAWS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_paths_give_the_same_dates_states_and_errors(code, law, data):
    calendar, events, today, level, cutoff = data.draw(cases(code, law))
    full = outcome(compute_clocks, law, calendar, events, today, level, cutoff)
    dates = outcome(compute_due_dates, law, calendar, events, today, level, cutoff)
    assert dates == full


@pytest.mark.parametrize(("code", "law"), LAWS, ids=[f"{c}-{law.effective_on}" for c, law in LAWS])
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_explanation_ends_on_the_date_the_dates_only_path_gives(code, law, data):
    calendar, events, today, level, cutoff = data.draw(cases(code, law))
    kwargs = {"agency_level": level, "after_hours_cutoff": cutoff}
    try:
        full = compute_clocks(law, calendar, events, today, **kwargs)
    except DeadlineError:
        return  # the first test compares the errors
    dates = compute_due_dates(law, calendar, events, today, **kwargs)
    for explained, bare in zip(full.clocks, dates.clocks, strict=True):
        assert bare.steps == () and bare.basis == ""
        if explained.steps:  # a clock without a statutory date has no steps on either path
            assert explained.steps[-1].on == (bare.due_on or bare.provisional_due_on)


@settings(max_examples=400, deadline=None)
@given(
    code=st.sampled_from(sorted(load_law_versions())),
    start=st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)),
    days=st.integers(min_value=1, max_value=200),  # every statutory period has a day
    unit=st.sampled_from(["business", "calendar"]),
    roll=st.booleans(),
    pauses=st.lists(st.tuples(st.integers(-20, 120), st.integers(0, 60)), max_size=3),
    restart=st.booleans(),
)
def test_a_period_ends_on_the_same_day_counted_either_way(
    code, start, days, unit, roll, pauses, restart
):
    # Overlapping and back-to-back pauses, pauses before the start, and Texas's restart.
    calendar = calendar_for(code)
    paused = tuple(
        sorted((start + timedelta(a), start + timedelta(a + length), "fee") for a, length in pauses)
    )
    walked = count_span(calendar, start, days, unit, roll, paused, restart)
    jumped = count_due(calendar, start, days, unit, roll, paused, restart)
    assert jumped.due == walked.due
    assert jumped.steps == () and jumped.summary == ""


def test_dates_only_deadlines_refuse_to_be_explained():
    law = load_law_versions()["US-MA"][-1]
    events = [LedgerEvent("received", date(2026, 11, 24))]
    dates = compute_due_dates(law, calendar_for("US-MA"), events, date(2026, 11, 26))
    full = compute_clocks(law, calendar_for("US-MA"), events, date(2026, 11, 26))
    assert not dates.explained and full.explained
    assert [c.due_on for c in dates.clocks] == [c.due_on for c in full.clocks]
    assert all(c.steps for c in full.clocks if c.due_on)
    with pytest.raises(ValueError, match="no explanation"):
        dates.to_dict()
    with pytest.raises(ValueError, match="no explanation"):
        format_text(dates)


@settings(max_examples=300, deadline=None)
@given(
    versions=st.sampled_from([v for _, v in sorted(load_law_versions().items())]),
    kinds=st.lists(st.sets(st.sampled_from(EVENT_KINDS)), min_size=1, max_size=6),
)
def test_the_rules_that_apply_are_the_same_when_remembered(versions, kinds):
    # LawRule.clocks_for keeps one answer per combination of the kinds that switch a rule on
    # or off: asked again and again, in any order, it gives what the rules themselves say.
    for law in versions:
        for present in map(frozenset, kinds):
            expected = tuple(rule for rule in law.clocks if rule.applies(present))
            assert law.clocks_for(present) == expected


def test_every_kind_of_clock_has_its_place_in_the_order():
    # The clocks are ordered by kind with no default rank: a new kind must be given one.
    assert set(ClockKind) <= set(_ORDER)
