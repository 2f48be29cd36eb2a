"""Reminder operations: load the facts, ask the pure selection, record and queue. Never commit.

The job (`cli.py`) commits once per person, so that one person's reminders and the email that
carries them are recorded together or not at all.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from sqlalchemy import and_, exists, func, insert, or_, select
from sqlalchemy.orm import aliased

from foia import clock, mail
from foia.agencies.models import Agency
from foia.auth.models import User
from foia.deadlines.errors import DeadlineError
from foia.deadlines.rules import LawRule, get_law
from foia.extensions import db
from foia.inbound import delivery
from foia.jurisdictions.models import Jurisdiction
from foia.mail.compose import external_url, render_email
from foia.reminders import selection, wording
from foia.reminders.models import NotificationSettings, SentReminder, parse_days
from foia.requests import clocks
from foia.requests.calendars import AGENCY_COLUMNS, CalendarBook
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from foia.requests.open_deadlines import open_deadline
from foia.requests.status import WAITING_KINDS

# --- facts ----------------------------------------------------------------------------------


@dataclass
class Facts:
    """What selection needs, loaded with a fixed number of queries."""

    clocks: list[selection.OpenClock] = field(default_factory=list)
    waiting: list[selection.WaitingOnUs] = field(default_factory=list)
    assigned: dict[int, tuple[int, ...]] = field(default_factory=dict)
    preferences: dict[int, selection.Preferences] = field(default_factory=dict)
    already_sent: set[str] = field(default_factory=set)


def open_clock_rows(today: date, request_filter=None):
    """Return a select of (request id, kind, due on, owner, volunteer, agency columns)."""
    query = (
        select(
            DeadlineSnapshot.request_id,
            DeadlineSnapshot.kind,
            DeadlineSnapshot.due_on,
            RecordsRequest.owner_id,
            RecordsRequest.volunteer_id,
            *AGENCY_COLUMNS,
        )
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .where(
            RecordsRequest.closed_at.is_(None),
            open_deadline(),
            DeadlineSnapshot.due_on.is_not(None),
            DeadlineSnapshot.due_on <= today + selection.LOOK_AHEAD,
        )
    )
    return query.where(request_filter) if request_filter is not None else query


def waiting_rows(request_filter=None):
    """Return a select of (request id, event kind, latest date, owner, volunteer)."""
    query = (
        select(
            ClockEvent.request_id,
            ClockEvent.kind,
            func.max(ClockEvent.occurred_on),
            RecordsRequest.owner_id,
            RecordsRequest.volunteer_id,
        )
        .join(RecordsRequest, RecordsRequest.id == ClockEvent.request_id)
        .where(
            RecordsRequest.closed_at.is_(None),
            ClockEvent.kind.in_(WAITING_KINDS),
            ClockEvent.active(),
        )
        .group_by(
            ClockEvent.request_id,
            ClockEvent.kind,
            RecordsRequest.owner_id,
            RecordsRequest.volunteer_id,
        )
    )
    return query.where(request_filter) if request_filter is not None else query


def load_facts(today: date, book: CalendarBook | None = None, user_id: int | None = None) -> Facts:
    """Load every fact reminder selection needs (or one person's), in six queries."""
    book = book or CalendarBook()
    facts = Facts()
    assigned: dict[int, set[int]] = defaultdict(set)
    mine = None
    if user_id is not None:
        mine = or_(RecordsRequest.owner_id == user_id, RecordsRequest.volunteer_id == user_id)
    connection = db.session.connection()  # Core rows: no ORM bookkeeping for 100,000 rows
    # .all() fetches in one driver call; iterating the result fetches row by row.
    for request_id, kind, due_on, owner, volunteer, *agency in connection.execute(
        open_clock_rows(today, mine)
    ).all():
        calendar = book.for_agency(*agency)
        facts.clocks.append(selection.OpenClock(request_id, kind, due_on, calendar))
        assigned[request_id].update(p for p in (owner, volunteer) if p)
    waiting_events = []
    for request_id, kind, on, owner, volunteer in connection.execute(waiting_rows(mine)).all():
        waiting_events.append((request_id, kind, on))
        assigned[request_id].update(p for p in (owner, volunteer) if p)
    facts.waiting = selection.open_waiting(waiting_events)
    facts.assigned = {k: tuple(sorted(v)) for k, v in assigned.items()}
    facts.preferences = load_preferences(user_id)
    facts.already_sent = sent_keys(user_id)
    return facts


def load_preferences(user_id: int | None = None) -> dict[int, selection.Preferences]:
    """Return every person's settings (defaults where none are saved); disabled users are off."""
    query = select(User.id, User.is_enabled, NotificationSettings).outerjoin(
        NotificationSettings, NotificationSettings.user_id == User.id
    )
    if user_id is not None:
        query = query.where(User.id == user_id)
    found = {}
    for uid, is_enabled, settings in db.session.execute(query):
        if settings is None:
            found[uid] = selection.Preferences(uid, is_enabled=is_enabled)
            continue
        found[uid] = selection.Preferences(
            uid,
            is_enabled=is_enabled and settings.is_enabled,
            is_digest=settings.is_digest,
            days_before=settings.days_before,
            appeal_days=settings.appeal_days,
        )
    return found


def sent_keys(user_id: int | None = None) -> set[str]:
    """Return the keys of reminders already decided about open requests."""
    query = (
        select(SentReminder.key)
        .join(RecordsRequest, RecordsRequest.id == SentReminder.request_id)
        .where(RecordsRequest.closed_at.is_(None))
    )
    if user_id is not None:
        query = query.where(SentReminder.user_id == user_id)
    return set(db.session.connection().scalars(query).all())


def due_reminders(today: date, book: CalendarBook | None = None) -> list[selection.Reminder]:
    """Return every reminder due today and not decided before."""
    facts = load_facts(today, book)
    return selection.select_reminders(
        facts.clocks,
        facts.waiting,
        facts.assigned,
        facts.preferences,
        facts.already_sent,
        today,
    )


def due_reminders_for(user_id: int, today: date, book: CalendarBook) -> list[selection.Reminder]:
    """Return one person's reminders due today, reloading what was sent (after a conflict)."""
    facts = load_facts(today, book, user_id=user_id)
    found = selection.select_reminders(
        facts.clocks, facts.waiting, facts.assigned, facts.preferences, facts.already_sent, today
    )
    return [r for r in found if r.user_id == user_id]


# --- filling facts that older versions did not store ------------------------------------------


def missing_fact_ids(today: date) -> list[int]:
    """Return open requests whose clocks lack a fact selection relies on.

    Two cases: snapshots written before `is_settled` existed, and a response missed today whose
    deemed-denial appeal window (MA 950 CMR 32.08(1)) only appears once the deadline has passed.
    Once recomputed (`recheck`), a request no longer matches.
    """
    ids = set(db.session.scalars(_unsettled_unknown()))
    for request_id, code in db.session.execute(_missed_without_appeal(today)):
        law = _law(code)
        if law is not None and law.appeal is not None and law.appeal.if_no_response:
            ids.add(request_id)
    return sorted(ids)


def recheck(ids: list[int], today: date) -> None:
    """Recompute the clocks of these requests."""
    query = clocks.open_requests_query().where(RecordsRequest.id.in_(ids))
    clocks.recompute(db.session.scalars(query).all(), "daily reminder check", today)


def _unsettled_unknown():
    return (
        select(DeadlineSnapshot.request_id)
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .where(RecordsRequest.closed_at.is_(None), DeadlineSnapshot.is_settled.is_(None))
        .distinct()
    )


def _missed_without_appeal(today: date):
    appeal = aliased(DeadlineSnapshot)
    return (
        select(DeadlineSnapshot.request_id, Jurisdiction.code)
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
        .where(
            RecordsRequest.closed_at.is_(None),
            DeadlineSnapshot.kind.in_(("response", "extended_response")),
            open_deadline(),
            DeadlineSnapshot.due_on < today,
            ~exists().where(
                and_(appeal.request_id == DeadlineSnapshot.request_id, appeal.kind == "appeal")
            ),
        )
        .distinct()
    )


@lru_cache(maxsize=256)
def _law(code: str) -> LawRule | None:
    try:
        return get_law(code)
    except DeadlineError:
        return None


# --- recording and queueing -------------------------------------------------------------------


#: Items a digest shows in full; the rest are listed one line each.
DIGEST_DETAILED = 50


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """What a reminder email says about a request."""

    reference: str
    title: str
    agency: str
    law_code: str


def request_infos(ids: Iterable[int] | None = None) -> dict[int, RequestInfo]:
    """Return reference, title, agency and law of the given requests (or every open one)."""
    query = (
        select(
            RecordsRequest.id,
            RecordsRequest.reference,
            RecordsRequest.title,
            Agency.name,
            Jurisdiction.code,
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
    )
    if ids is None:
        query = query.where(RecordsRequest.closed_at.is_(None))
    else:
        query = query.where(RecordsRequest.id.in_(set(ids)))
    return {
        rid: RequestInfo(ref or f"#{rid}", title, agency, code)
        for rid, ref, title, agency, code in db.session.connection().execute(query).all()
    }


@lru_cache(maxsize=16384)
def _next_step(kind: str, clock_kind: str, law_code: str, due_on: date) -> selection.NextStep:
    # Memoised by the jurisdiction's code: a first run describes 50,000 reminders with a few
    # thousand distinct steps, and hashing a LawRule (nested dataclasses) costs more than wording.
    return selection.next_step(kind, clock_kind, _law(law_code), due_on)


class Links:
    """Absolute links for emails, built once per run (URL building is the costly part)."""

    def __init__(self) -> None:
        self.request = external_url("requests.show", request_id=0).removesuffix("/0")
        self.follow_up = external_url("requests.follow_up", request_id=0)
        self.settings = external_url("reminders.settings")
        self.dashboard = external_url("dashboard.index")

    def for_request(self, request_id: int) -> str:
        """Return the request page's address."""
        return f"{self.request}/{request_id}"

    def for_follow_up(self, request_id: int) -> str:
        """Return the follow-up page's address."""
        return self.follow_up.replace("/0/", f"/{request_id}/", 1)


def describe(
    reminders: Iterable[selection.Reminder],
    infos: dict[int, RequestInfo] | None = None,
    links: Links | None = None,
) -> list[wording.Item]:
    """Return the reminders with their request, agency, next step and links."""
    reminders = list(reminders)
    infos = infos if infos is not None else request_infos(r.request_id for r in reminders)
    links = links or Links()
    items = []
    for reminder in reminders:
        info = infos[reminder.request_id]
        step = _next_step(reminder.kind, reminder.clock_kind, info.law_code, reminder.due_on)
        request_url = links.for_request(reminder.request_id)
        action_url = request_url
        if step.action == "appeal":
            action_url = request_url + "#letters"
        elif step.action == "follow_up":
            action_url = links.for_follow_up(reminder.request_id)
        label = selection.CLOCK_LABELS.get(
            reminder.clock_kind, reminder.clock_kind.replace("_", " ")
        )
        is_waiting = reminder.kind.endswith("_waiting")
        headline = wording.headline(reminder.kind, label)
        due_label = ("agency letter of " if is_waiting else "due ") + wording.day(reminder.due_on)
        days_text = wording.days_text(reminder.business_days_left, reminder.due_on)
        items.append(
            wording.Item(
                reminder=reminder,
                reference=info.reference,
                title=info.title,
                agency=info.agency,
                clock_label=label,
                headline=headline,
                due_label=due_label,
                due_iso=reminder.due_on.isoformat(),
                days_text=days_text,
                step=step,
                request_url=request_url,
                action_url=action_url,
                summary=f"{headline}, {due_label} ({days_text})",
            )
        )
    return items


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a reminder email goes to, as plain values (no row for each commit to expire)."""

    id: int
    email: str
    display_name: str


def recipients(user_ids: Iterable[int]) -> dict[int, Recipient]:
    """Return the given people as recipients, by id."""
    people = db.session.scalars(select(User).where(User.id.in_(set(user_ids))))
    return {user.id: Recipient(user.id, user.email, user.display_name) for user in people}


def record(
    user: Recipient,
    reminders: list[selection.Reminder],
    today: date,
    is_digest: bool,
    infos: dict[int, RequestInfo] | None = None,
    links: Links | None = None,
) -> int:
    """Record one person's reminders and queue the email(s) that carry them; return emails."""
    if not reminders:
        return 0
    links = links or Links()
    items = describe(reminders, infos, links)
    context = {
        "user": user,
        "today": wording.day(today),
        "settings_url": links.settings,
        "dashboard_url": links.dashboard,
        # A bounce needs the person too: their digest lists every message still undelivered.
        "not_delivered": delivery.open_failures(user_id=user.id) if is_digest else [],
        "request_url": links.for_request,
    }
    batches = [items] if is_digest else [[item] for item in items]
    rows: list[dict] = []
    decided_at = clock.now()  # one decision, one time: the rows are written in one transaction
    for batch in batches:
        keys = sorted(item.reminder.key for item in batch)
        if is_digest:
            digest = hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]
            key, template = f"digest:{user.id}:{today.isoformat()}:{digest}", "reminder_digest"
            subject = wording.digest_subject(batch, today)
        else:
            key, template = f"reminder:{keys[0]}", "reminder"
            subject = f"{batch[0].headline}: {batch[0].reference}, {batch[0].agency}"
        # A long digest details the most urgent items and lists the rest one line each.
        shown = {"items": batch[:DIGEST_DETAILED], "more": batch[DIGEST_DETAILED:], **context}
        email = mail.queue_email(
            user.email,
            subject[:300],
            render_email(f"{template}.txt", **shown),
            kind="digest" if is_digest else "reminder",
            body_html=render_email(f"{template}.html", **shown),
            key=key,
            request_id=None if is_digest else batch[0].reminder.request_id,
            user_id=user.id,
        )
        rows.extend(_sent_row(item.reminder, today, email.id, decided_at) for item in batch)
    # All the person's rows in one executemany; the unique keys make a clashing run fail here.
    # Plain ORM insert: raw per-database INSERTs saved under 10% of the first run (issue #15).
    db.session.execute(insert(SentReminder), rows)
    db.session.flush()
    return len(batches)


def _sent_row(r: selection.Reminder, today: date, email_id: int, decided_at: datetime) -> dict:
    return {
        "key": r.key,
        "user_id": r.user_id,
        "request_id": r.request_id,
        "kind": r.kind,
        "clock_kind": r.clock_kind,
        "due_on": r.due_on,
        "decided_on": today,
        "email_id": email_id,
        "created_at": decided_at,
    }


def settings_for(user: User) -> NotificationSettings:
    """Return the person's saved settings, or a new row with the defaults (not yet added)."""
    found = db.session.scalar(select(NotificationSettings).filter_by(user_id=user.id))
    return found or NotificationSettings(
        user_id=user.id, is_digest=True, days_before=3, appeal_days_before="10,3", is_enabled=True
    )


def save_settings(
    user: User, *, is_enabled: bool, is_digest: bool, days_before: int, appeal_days: str
) -> NotificationSettings:
    """Store a person's reminder settings."""
    settings = settings_for(user)
    settings.is_enabled, settings.is_digest = is_enabled, is_digest
    settings.days_before = days_before
    settings.appeal_days_before = ",".join(str(d) for d in parse_days(appeal_days))
    db.session.add(settings)
    db.session.flush()
    return settings
