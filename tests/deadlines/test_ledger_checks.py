"""validate_ledger checks each event one by one only when something needs it, and still names
the first bad event in date order (the fast check of issue #18 must refuse what it always did).
"""

from datetime import date

import pytest

from foia.deadlines import LedgerError, LedgerEvent, validate_ledger
from foia.deadlines.errors import DateOutOfRange

E, D = LedgerEvent, date


def test_a_plain_ledger_is_kept_in_date_order_by_kind():
    events = [
        E("final_response", D(2026, 11, 30)),
        E("received", D(2026, 11, 24)),
        E("acknowledged", D(2026, 11, 25)),
        E("acknowledged", D(2026, 11, 26)),
        E("filed", D(2026, 11, 24)),
    ]
    ledger = validate_ledger(events)
    # Sorted by date, same-day events in the order given (filed came after received here).
    assert [e.kind for e in ledger.events] == [
        "received",
        "filed",
        "acknowledged",
        "acknowledged",
        "final_response",
    ]
    assert [e.on for e in ledger.by_kind["acknowledged"]] == [D(2026, 11, 25), D(2026, 11, 26)]


def test_a_positive_day_count_passes_and_a_zero_one_is_refused():
    ok = [E("received", D(2026, 11, 24)), E("extension_claimed", D(2026, 11, 25), days=10)]
    assert validate_ledger(ok).by_kind["extension_claimed"][0].days == 10
    bad = [E("received", D(2026, 11, 24)), E("extension_claimed", D(2026, 11, 25), days=0)]
    with pytest.raises(LedgerError, match="has 0 days: must be positive"):
        validate_ledger(bad)


def test_the_earliest_bad_event_is_named_whatever_the_order_given():
    # An unknown kind on the 25th and a negative day count on the 26th, handed over backwards:
    # the check walks them in date order, so the unknown kind is the one named.
    events = [
        E("extension_claimed", D(2026, 11, 26), days=-3),
        E("granted", D(2026, 11, 25)),
        E("received", D(2026, 11, 24)),
    ]
    with pytest.raises(LedgerError, match="unknown ledger event 'granted'"):
        validate_ledger(events)


@pytest.mark.parametrize(
    ("day", "what"),
    [(D(1899, 12, 31), "Received"), (D(2200, 1, 1), "Denial")],
)
def test_a_date_outside_the_engine_span_is_refused_naming_its_event(day, what):
    # The first and the last event carry the bounds (1900-01-01 to 2199-12-31, bounds.py).
    if what == "Received":
        events = [E("received", day), E("denial", D(2026, 11, 30))]
    else:
        events = [E("received", D(2026, 11, 24)), E("denial", day)]
    with pytest.raises(DateOutOfRange, match=f"{what}.* event on {day.isoformat()}"):
        validate_ledger(events)
