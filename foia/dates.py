"""Which dates a person may enter, defined once for every form, CSV import and command.

No date before 2000 (the public-records laws in the data start later, and face recognition
requests with them). How far past today a date may lie depends on what it is:

- `PAST`: a response, a ledger event, a fee, a filing: it has happened, so not after today.
- `RECEIVED`: the agency's receipt of a request: at most a year ahead.
- `HYPOTHETICAL`: the deadline calculator and office closures: at most ten years ahead.
- `EMBARGO`: the day a campaign's public tracker may first show: at most ten years ahead.

`problem()` says what is wrong in a sentence (None when nothing is); `InRange` is the WTForms
validator, which takes today from `foia.clock`; commands pass their own `today`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import click
from wtforms import Field, Form
from wtforms.validators import ValidationError

from foia import clock

#: No date a person enters may be earlier.
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class Limit:
    """How many years past today a kind of date may lie, and how to say it is too late."""

    years_ahead: int
    too_late: str  # "{latest}" is replaced by the last day allowed


PAST = Limit(0, "The date cannot be after today ({latest}).")
RECEIVED = Limit(1, "The date of receipt cannot be more than a year ahead (after {latest}).")
HYPOTHETICAL = Limit(10, "The date cannot be more than ten years ahead (after {latest}).")
EMBARGO = Limit(10, "The embargo cannot end more than ten years ahead (after {latest}).")


def long_date(day: date) -> str:
    """Return a date as a sentence shows it: "2 December 2026"."""
    return f"{day.day} {day:%B %Y}"


def latest(limit: Limit, today: date) -> date:
    """Return the last day `limit` allows (29 February moves to the 28th in a common year)."""
    year = min(today.year + limit.years_ahead, date.max.year)
    try:
        return today.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def problem(day: date, today: date, limit: Limit) -> str | None:
    """Return why `day` may not be entered, or None if it may."""
    if day < EARLIEST:
        return f"The date cannot be before {long_date(EARLIEST)}."
    last = latest(limit, today)
    if day > last:
        return limit.too_late.format(latest=long_date(last))
    return None


def is_plausible(day: date | None, today: date) -> bool:
    """Tell whether a stored date could have been entered (from 2000, at most a year ahead)."""
    return day is not None and problem(day, today, RECEIVED) is None


class InRange:
    """WTForms validator: the field's date is allowed by a Limit (or by a function of the form)."""

    def __init__(self, limit: Limit | Callable[[Form], Limit]):
        self.limit = limit

    def __call__(self, form: Form, field: Field) -> None:
        """Raise ValidationError with the reason when the date is not allowed."""
        if field.data is None:
            return  # empty or not a date: DataRequired / Optional / the field say so
        limit = self.limit if isinstance(self.limit, Limit) else self.limit(form)
        reason = problem(field.data, clock.today(), limit)
        if reason:
            raise ValidationError(reason)


class DateType(click.ParamType[date, Any]):
    """A command-line YYYY-MM-DD date that exists on the calendar (2026-02-30 is refused)."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        """Return the value as a date, or fail with a one-line message."""
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a real date in the form YYYY-MM-DD", param, ctx)


DATE = DateType()
