"""Errors raised by the deadline engine; each message names the problem for a person."""


class DeadlineError(ValueError):
    """Base class: bad input to the deadline engine."""


class UnknownJurisdiction(DeadlineError, LookupError):
    """The jurisdiction code has no law in the data (or none in force on the date asked)."""


class UnknownCounty(DeadlineError, LookupError):
    """The county is not one of the jurisdiction's known counties."""


class LedgerError(DeadlineError):
    """The clock ledger is impossible: events out of order, unmatched, or malformed."""


class DateOutOfRange(DeadlineError):
    """A date lies outside the years the engine counts (foia/deadlines/bounds.py)."""
