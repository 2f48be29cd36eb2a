"""Which reminders are due today: a pure function of deadlines, what was sent, and `today`.

Imports neither Flask nor SQLAlchemy and never reads the clock. The edge (`operations.py`) loads
the facts (last computed due dates, open fee and clarification requests, who is assigned, each
person's settings, the keys already sent) and records what this returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from foia.deadlines.calendars import BusinessCalendar
from foia.deadlines.kinds import ClockKind
from foia.deadlines.rules import LawRule
from foia.requests.status import REQUESTER_CLOCKS, waiting_on_us


class ReminderKind(StrEnum):
    """What a reminder is about, in the order a digest lists them.

    An appeal-window reminder, and one for another deadline of ours, is stored with the threshold
    it reached ("appeal_closing_3", "ours_closing_10"), so that each threshold is its own key; the
    others are stored as the value itself.
    """

    OVERDUE = "overdue"
    APPEAL_CLOSING = "appeal_closing"
    #: Another deadline the requester must meet, not answered by a "waiting on us" reminder:
    #: taking a decided appeal further, paying a deposit, answering a voluminous-request notice.
    OURS_CLOSING = "ours_closing"
    DUE_SOON = "due_soon"
    FEE_WAITING = "fee_waiting"  # "<waiting name>_waiting": see select_reminders
    CLARIFICATION_WAITING = "clarification_waiting"


#: Reminder kinds, in the order a digest lists them.
KIND_ORDER: tuple[ReminderKind, ...] = tuple(ReminderKind)
_RANK: dict[str, int] = {kind: rank for rank, kind in enumerate(KIND_ORDER)}
#: Largest warning period people may choose, in business days (bounds the look-ahead).
MAX_DAYS_BEFORE = 30
#: Calendar days that surely hold MAX_DAYS_BEFORE business days (holidays included).
LOOK_AHEAD = timedelta(days=MAX_DAYS_BEFORE * 2 + 14)

CLOCK_LABELS = {
    "acknowledge": "acknowledgement",
    "response": "response",
    "production": "production",
    "extended_response": "extended response",
    "production_limit": "production limit",
    "expedited_decision": "expedited-processing decision",
    "appeal": "appeal window",
    "appeal_decision": "appeal decision",
    "follow_up": "follow-up",
    "final_decision": "final decision",
    "completion": "completion",
    "fee_estimate_answer": "time to answer the fee estimate",
    "clarification_answer": "time to answer the clarification request",
    "ruling_brief": "brief to the attorney general",
    "ruling_decision": "attorney general ruling",
    "ruling_information": "further information to the attorney general",
    "deposit_payment": "time to pay the deposit",
    "voluminous_answer": "time to answer the voluminous-request notice",
    "voluminous_response": "response to the voluminous request",
    "further_appeal": "time to take the appeal further",
    "fee": "fee estimate",
    "clarification": "clarification request",
}


@dataclass(frozen=True, slots=True)
class Preferences:
    """One person's reminder settings."""

    user_id: int
    is_enabled: bool = True
    is_digest: bool = True
    days_before: int = 3
    appeal_days: tuple[int, ...] = (10, 3)


@dataclass(frozen=True, slots=True)
class OpenClock:
    """An unsettled clock of an open request with a due date (a DeadlineSnapshot row)."""

    request_id: int
    kind: str
    due_on: date
    calendar: BusinessCalendar


@dataclass(frozen=True, slots=True)
class WaitingOnUs:
    """A fee estimate or clarification request of the agency that we have not answered."""

    request_id: int
    kind: str  # "fee" or "clarification"
    since: date


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing to tell one person about one request."""

    user_id: int
    request_id: int
    kind: str
    clock_kind: str
    due_on: date
    business_days_left: int | None = None
    #: The idempotency key (computed once): the same reminder is never decided twice.
    key: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        key = reminder_key(self.user_id, self.request_id, self.clock_kind, self.due_on, self.kind)
        object.__setattr__(self, "key", key)

    @property
    def sort_key(self) -> tuple:
        """Order within a digest: most urgent kind first, then soonest date."""
        return (_RANK[_family(self.kind)], self.due_on, self.request_id, self.clock_kind)


def reminder_key(user_id: int, request_id: int, clock_kind: str, due_on: date, kind: str) -> str:
    """Return "<user>:<request>:<clock>:<due date>:<kind>"."""
    return f"{user_id}:{request_id}:{clock_kind}:{due_on.isoformat()}:{kind}"


def _family(kind: str) -> str:
    for family in (ReminderKind.APPEAL_CLOSING, ReminderKind.OURS_CLOSING):
        if kind.startswith(family):
            return family
    return kind


#: Requester clocks the "waiting on us" reminders cover (an open fee estimate or question).
_WAITING_CLOCKS = frozenset({ClockKind.FEE_ESTIMATE_ANSWER, ClockKind.CLARIFICATION_ANSWER})


def clock_reminder(clock: OpenClock, prefs: Preferences, today: date) -> tuple[str, int] | None:
    """Return (reminder kind, business days left) if `clock` warrants a reminder today."""
    if clock.due_on > today + LOOK_AHEAD:
        return None  # cheap early exit: far in the future for any setting
    left = clock.calendar.business_days_between(today, clock.due_on)
    if clock.kind in REQUESTER_CLOCKS:
        if clock.kind in _WAITING_CLOCKS:
            return None  # our answer to a fee or question: the "waiting on us" reminders cover it
        if clock.due_on < today:
            return None  # the window has closed: nothing left to remind
        reached = [days for days in prefs.appeal_days if left <= days]
        # Only the tightest threshold reached: a late first run does not send "10 days" and
        # "3 days" at once, and each threshold is its own key so both arrive when runs are daily.
        family = (
            ReminderKind.APPEAL_CLOSING
            if clock.kind == ClockKind.APPEAL
            else ReminderKind.OURS_CLOSING
        )
        return (f"{family}_{min(reached)}", left) if reached else None
    if clock.due_on < today:
        return ReminderKind.OVERDUE, left
    if prefs.days_before > 0 and left <= prefs.days_before:
        return ReminderKind.DUE_SOON, left
    return None


def select_reminders(
    clocks: Iterable[OpenClock],
    waiting: Iterable[WaitingOnUs],
    assigned: Mapping[int, Iterable[int]],
    preferences: Mapping[int, Preferences],
    already_sent: Set[str],
    today: date,
) -> list[Reminder]:
    """Return the reminders due today that were not decided before, one per key."""
    found: dict[str, Reminder] = {}

    def people(request_id: int) -> list[Preferences]:
        chosen = (
            preferences.get(user_id) or Preferences(user_id)
            for user_id in dict.fromkeys(assigned.get(request_id, ()))
        )
        return [prefs for prefs in chosen if prefs.is_enabled]

    for clock in clocks:
        for prefs in people(clock.request_id):
            decided = clock_reminder(clock, prefs, today)
            if decided is None:
                continue
            kind, left = decided
            reminder = Reminder(
                prefs.user_id, clock.request_id, kind, clock.kind, clock.due_on, left
            )
            if reminder.key not in already_sent:
                found.setdefault(reminder.key, reminder)
    for item in waiting:
        for prefs in people(item.request_id):
            reminder = Reminder(
                prefs.user_id, item.request_id, f"{item.kind}_waiting", item.kind, item.since
            )
            if reminder.key not in already_sent:
                found.setdefault(reminder.key, reminder)
    return sorted(found.values(), key=lambda r: (r.user_id, r.sort_key))


def open_waiting(events: Iterable[tuple[int, str, date]]) -> list[WaitingOnUs]:
    """Return the unanswered fee estimates and clarification requests from (request, kind, on).

    Per request as foia.requests.status.waiting_on_us decides: an estimate is open when no
    payment or waiver is as late as it, a clarification when no answer is.
    """
    ledgers: dict[int, list[tuple[str, date]]] = {}
    for request_id, kind, on in events:
        ledgers.setdefault(request_id, []).append((kind, on))
    found = [
        WaitingOnUs(request_id, kind, since)
        for request_id, ledger in ledgers.items()
        for kind, since in waiting_on_us(ledger).items()
    ]
    return sorted(found, key=lambda w: (w.request_id, w.kind))


@dataclass(frozen=True, slots=True)
class NextStep:
    """What the person should do next, and which page helps ("appeal", "follow_up", "request")."""

    text: str
    action: str


def appeal_step(law: LawRule | None) -> str | None:
    """Return "you may petition the Supervisor of Records" (or the law's equivalent)."""
    if law is None or law.appeal is None:
        return None
    to_whom = law.appeal.to_whom
    # Massachusetts' word for the appeal to the Supervisor is a petition (950 CMR 32.08).
    verb = "petition" if "Supervisor of Records" in to_whom else "appeal to"
    return f"you may {verb} the {to_whom.removeprefix('the ')}"


def next_step(kind: str, clock_kind: str, law: LawRule | None, due_on: date) -> NextStep:
    """Return the next legal step for a reminder, in words for the digest."""
    appeal = appeal_step(law)
    when = f"{due_on:%a} {due_on.day} {due_on:%b %Y}"
    if kind == ReminderKind.OVERDUE and clock_kind == ClockKind.APPEAL_DECISION:
        return NextStep(
            "the appeal is undecided past its deadline: consider court review", "request"
        )
    if kind == ReminderKind.OVERDUE and clock_kind != ClockKind.FOLLOW_UP and appeal:
        return NextStep(f"{appeal}; draft the appeal", "appeal")
    if kind == ReminderKind.OVERDUE:
        return NextStep("send the agency a follow-up letter", "follow_up")
    if kind.startswith(ReminderKind.APPEAL_CLOSING):
        where = law.appeal.to_whom if law is not None and law.appeal is not None else "the agency"
        return NextStep(f"file the appeal with {where} by {when}; draft the appeal", "appeal")
    if kind.startswith(ReminderKind.OURS_CLOSING):
        label = CLOCK_LABELS.get(clock_kind, clock_kind.replace("_", " "))
        return NextStep(f"act by {when}: our {label} ends then", "request")
    if kind == ReminderKind.DUE_SOON:
        return NextStep(f"nothing yet: if no answer arrives by {when}, follow up", "request")
    if kind == ReminderKind.FEE_WAITING:
        return NextStep("pay, narrow or contest the fee estimate", "request")
    return NextStep("answer the agency's request for clarification", "request")
