"""Periods the statutes set in months (MCA §2-6-1006's 6 months, CPLR 217's 4 months).

A month is a calendar month. N months after a day end on the day of the same number N months
later; when that month has no such day (31 August + 6 months), they end on its last day (28 or
29 February). New York writes the rule down (Gen. Constr. Law §30); it is the usual reading of
"calendar month" where a statute says no more. The counter counts days, so a rule in months is
handed to it as the calendar days it spans from its start: each day is then shown, skipped or
paused like any calendar-day period's, and an agency's last day on a closed day rolls forward.
"""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from functools import lru_cache

from foia.deadlines.counting import fmt
from foia.deadlines.rules import ClockRule

MONTH = "month"


def months_after(start: date, months: int) -> date:
    """Return the day `months` calendar months after `start` (a shorter month's last day)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def in_days(rule: ClockRule, start: date) -> ClockRule:
    """Return a rule in months as the calendar days it spans from `start`; others unchanged."""
    return rule if rule.unit != MONTH else spanned(rule, start)


@lru_cache(maxsize=16_384)
def spanned(rule: ClockRule, start: date) -> ClockRule:
    """Return the rule in months as calendar days from `start` (memoised; see in_days)."""
    # Memoised (emptied with the counts, model.forget_counts): a new rule and its words cost
    # 5 µs, on every request of a law with a period in months (MCA §2-6-1006).
    end = months_after(start, rule.days)
    day = (
        f"on {fmt(end)}, the last day of that month, which has no day {start.day}"
        if end.day != start.day
        else f"on the same day of the month, {fmt(end)}"
    )
    note = f"the {rule.days} calendar months after {fmt(start)} end {day}"
    described = f"{note}; {rule.description}" if rule.description else note
    return replace(rule, days=(end - start).days, unit="calendar", description=described)
