"""What an open deadline is: one definition for reminders, follow-ups and the calendar feeds.

A deadline snapshot's `is_settled` is True once its clock needs nothing more, False while it
runs, and unknown (NULL) on rows written before the fact existed, until the next recomputation
(`flask reminders send` fills them first). An unknown counts as open: the safe reading for a
requester, since a deadline shown or reminded once too often costs a glance, and one left out
can cost an appeal.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement

from foia.requests.models import DeadlineSnapshot


def is_open(is_settled: bool | None) -> bool:
    """Return whether a clock with this `is_settled` is an open deadline (unknown: open)."""
    return is_settled is not True


def open_deadline(snapshot=DeadlineSnapshot) -> ColumnElement[bool]:
    """Return the SQL condition that a snapshot (or an alias of it) is open, as `is_open`."""
    return snapshot.is_settled.is_not(True)
