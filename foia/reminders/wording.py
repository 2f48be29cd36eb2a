"""What a reminder email says, in words (pure: plain values in, strings out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from foia.reminders import selection


@dataclass(frozen=True, slots=True)
class Item:
    """A reminder with the words and links its email shows (plain strings: cheap to render)."""

    reminder: selection.Reminder
    reference: str
    title: str
    agency: str
    clock_label: str
    headline: str
    due_label: str  # "due Tue 24 Nov 2026" or "agency letter of Fri 20 Nov 2026"
    due_iso: str
    days_text: str
    step: selection.NextStep
    request_url: str
    action_url: str
    #: "Overdue: response deadline passed, due Tue 3 Nov 2026 (17 business days overdue)":
    #: a long digest's one-line entries print it whole (one value to escape, not three).
    summary: str


@lru_cache(maxsize=4096)
def days_text(left: int | None, on: date) -> str:
    """Return how far a deadline is, in business days ("3 business days left")."""
    if left is None:
        return f"since {day(on)}"
    if left == 0:
        return "due today"
    if left > 0:
        return f"{left} business day{'s' if left != 1 else ''} left"
    return f"{-left} business day{'s' if left != -1 else ''} overdue"


def headline(kind: str, clock_label: str) -> str:
    """Return the first words of a reminder of this kind."""
    if kind == "overdue":
        return f"Overdue: {clock_label} deadline passed"
    if kind.startswith("appeal_closing"):
        return "Appeal window closing"
    if kind.startswith("ours_closing"):
        return f"Our deadline closing: {clock_label}"
    if kind == "due_soon":
        return f"Coming up: {clock_label} deadline"
    if kind == "fee_waiting":
        return "Waiting on us: a fee estimate"
    return "Waiting on us: a clarification request"


@lru_cache(maxsize=4096)
def day(on: date) -> str:
    """Return a date as reminders write it ("Tue 24 Nov 2026")."""
    # Memoised: strftime is the costly part of describing 50,000 reminders, over a few dates.
    return f"{on:%a} {on.day} {on:%b %Y}"


def digest_subject(items: list[Item], today: date) -> str:
    """Return the subject of a digest of these items."""
    overdue = sum(item.reminder.kind == "overdue" for item in items)
    head = f"{len(items)} deadline reminder{'s' if len(items) != 1 else ''}"
    tail = f" ({overdue} overdue)" if overdue else ""
    return f"{head}{tail} for {day(today)}"
