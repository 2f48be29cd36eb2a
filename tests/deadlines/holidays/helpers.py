"""Shared helper for the per-jurisdiction holiday tests: a clock's due date, nothing stored."""

from __future__ import annotations

from datetime import date

from foia.deadlines import LedgerEvent, calendar_for, compute_clocks, get_law

# A fixed "today" far enough ahead that no pinned clock is cut short by it.
TODAY = date(2031, 1, 1)


def due(
    code: str,
    received: date,
    kind: str = "response",
    *,
    level: str = "municipal",
    county: str | None = None,
    events: tuple[LedgerEvent, ...] = (),
) -> date | None:
    """Return the due date of the clock `kind` for a request received on `received`."""
    law = get_law(code, on=received)
    calendar = calendar_for(code, county, level=level)
    ledger = [LedgerEvent("received", received), *events]
    result = compute_clocks(law, calendar, ledger, TODAY, agency_level=level)
    clock = result.clock(kind)
    assert clock is not None, f"{code} has no {kind} clock"
    return clock.due_on
