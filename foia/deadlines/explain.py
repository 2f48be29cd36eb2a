"""Explanations for people and the CLI: deadlines from a receipt date, and plain text."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from foia.deadlines.calculator import Deadlines, LedgerEvent, compute_clocks, fmt
from foia.deadlines.calendars import calendar_for
from foia.deadlines.errors import LedgerError
from foia.deadlines.model import require_explained
from foia.deadlines.rules import get_law

_STATE_TEXT = {
    "running": "running",
    "paused": "paused",
    "met": "met",
    "missed": "MISSED",
    "not applicable": "not applicable",
}


def explain_from_receipt(
    jurisdiction: str,
    received_on: date,
    *,
    county: str | None = None,
    agency_level: str = "municipal",
    responded_on: date | None = None,
    events: Iterable[LedgerEvent] = (),
    today: date,
) -> Deadlines:
    """Compute the clocks of a request received (and maybe answered) on dates; store nothing.

    `events` adds facts beyond receipt and response, such as a `longer_period` that puts the
    request on a longer statutory track; each such clock's basis says which fact switched it.
    """
    if responded_on is not None and responded_on < received_on:
        raise LedgerError(
            f"the response date {responded_on.isoformat()} is before the receipt date"
            f" {received_on.isoformat()}"
        )
    law = get_law(jurisdiction, on=received_on)
    calendar = calendar_for(law.jurisdiction, county, level=agency_level)
    ledger = [LedgerEvent("received", received_on)]
    if responded_on is not None:
        ledger.append(LedgerEvent("final_response", responded_on))
    return compute_clocks(law, calendar, [*ledger, *events], today, agency_level=agency_level)


def format_text(deadlines: Deadlines) -> str:
    """Return the deadlines as text a person can check day by day."""
    require_explained(deadlines)
    law = deadlines.law
    lines = [
        f"{law.name} ({law.citation}), {law.jurisdiction}",
        f"Received {fmt(deadlines.received_on)}"
        + (
            f", deemed received {fmt(deadlines.deemed_received_on)}"
            if deadlines.deemed_received_on != deadlines.received_on
            else ""
        ),
        f"Confidence: {law.confidence}"
        + (
            " (verify against the current statute before relying on it)"
            if law.needs_verification
            else ""
        ),
    ]
    lines += [f"! {flag}" for flag in deadlines.flags]
    for clock in deadlines.clocks:
        due = fmt(clock.due_on) if clock.due_on else "no date"
        lines += ["", f"{clock.kind.replace('_', ' ')}: {due} [{_STATE_TEXT[clock.state]}]"]
        lines.append(f"  {clock.basis}")
        if clock.verify_note:
            lines.append(f"  VERIFY: {clock.verify_note}")
        if clock.consequence and clock.state == "missed":
            lines.append(f"  If missed: {clock.consequence}")
        lines += [f"    {step.text}" for step in clock.steps]
    return "\n".join(lines)
