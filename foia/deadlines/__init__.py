"""Statutory deadline engine: pure functions of (law, calendar, ledger, today).

Imports neither Flask nor SQLAlchemy and never reads the clock; `cli.py` (not imported here)
is the edge that the app registers.
"""

from foia.deadlines.calculator import (
    CLOCK_KINDS,
    CLOCK_STATES,
    EVENT_KINDS,
    REQUESTER_CLOCK_KINDS,
    Clock,
    ClockKind,
    Deadlines,
    EventKind,
    Ledger,
    LedgerEvent,
    Step,
    compute_clocks,
    compute_due_dates,
    count_span,
    validate_ledger,
)
from foia.deadlines.calendars import BusinessCalendar, Closure, calendar_for
from foia.deadlines.errors import DeadlineError, LedgerError, UnknownCounty, UnknownJurisdiction
from foia.deadlines.explain import explain_from_receipt, format_text
from foia.deadlines.rules import (
    AppealRule,
    ClockRule,
    ExtensionRule,
    LawRule,
    ProductionLimit,
    get_law,
    load_law_versions,
    load_laws,
)

__all__ = [
    "CLOCK_KINDS",
    "CLOCK_STATES",
    "EVENT_KINDS",
    "REQUESTER_CLOCK_KINDS",
    "AppealRule",
    "BusinessCalendar",
    "Clock",
    "ClockKind",
    "ClockRule",
    "Closure",
    "DeadlineError",
    "Deadlines",
    "EventKind",
    "ExtensionRule",
    "LawRule",
    "Ledger",
    "LedgerError",
    "LedgerEvent",
    "ProductionLimit",
    "Step",
    "UnknownCounty",
    "UnknownJurisdiction",
    "calendar_for",
    "compute_clocks",
    "compute_due_dates",
    "count_span",
    "explain_from_receipt",
    "format_text",
    "get_law",
    "load_law_versions",
    "load_laws",
    "validate_ledger",
]
