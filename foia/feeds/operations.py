"""Calendar feed operations: create, revoke, find by token, list the deadlines. Never commit."""

from __future__ import annotations

import secrets
from datetime import date
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import or_, select

from foia import audit, clock
from foia.agencies.models import Agency
from foia.deadlines import bounds
from foia.extensions import db
from foia.feeds import ical
from foia.feeds.models import CalendarFeed, token_digest
from foia.mail.compose import external_url
from foia.reminders.selection import CLOCK_LABELS, REQUESTER_CLOCKS
from foia.requests.models import DeadlineSnapshot, RecordsRequest
from foia.requests.open_deadlines import open_deadline


def create(*, user=None, campaign=None, actor) -> tuple[CalendarFeed, str]:
    """Make a new secret feed (revoking the previous one of the same person or campaign)."""
    for old in active_feeds(user=user, campaign=campaign):
        revoke(old, actor=actor)
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        token_sha256=token_digest(token),
        user_id=getattr(user, "id", None),
        campaign_id=getattr(campaign, "id", None),
        created_by_id=getattr(actor, "id", None),
    )
    db.session.add(feed)
    db.session.flush()
    audit.record("feed.created", feed, f"Calendar feed for {_owner(user, campaign)}", user=actor)
    db.session.flush()
    return feed, token


def _owner(user, campaign) -> str:
    return user.email if user is not None else f"campaign {campaign.name}"


def revoke(feed: CalendarFeed, *, actor) -> None:
    """Stop a feed from answering."""
    if feed.revoked_at is None:
        feed.revoked_at = clock.now()
        audit.record("feed.revoked", feed, "Calendar feed revoked", user=actor)
    db.session.flush()


def active_feeds(*, user=None, campaign=None) -> list[CalendarFeed]:
    """Return the active feeds of a person or a campaign."""
    query = select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None))
    if user is not None:
        query = query.where(CalendarFeed.user_id == user.id)
    else:
        query = query.where(CalendarFeed.campaign_id == campaign.id)
    return list(db.session.scalars(query.order_by(CalendarFeed.id)))


def feed_for_token(token: str) -> CalendarFeed | None:
    """Return the active feed whose secret is `token`, if any."""
    if not token or len(token) > 200:
        return None
    feed = db.session.scalar(select(CalendarFeed).filter_by(token_sha256=token_digest(token)))
    if feed is None or not feed.is_active:
        return None
    if feed.user is not None and not feed.user.is_enabled:
        return None  # a deactivated person's feed stops with their account
    return feed


def feed_url(token: str) -> str:
    """Return the absolute address of a feed."""
    return external_url("feeds.calendar", token=token)


def deadlines(feed: CalendarFeed, today: date) -> list[ical.DeadlineEvent]:
    """Return every open deadline the feed shows, from the last computed due dates."""
    query = (
        select(
            DeadlineSnapshot.request_id,
            DeadlineSnapshot.kind,
            DeadlineSnapshot.due_on,
            RecordsRequest.reference,
            RecordsRequest.title,
            Agency.name,
        )
        .join(RecordsRequest, RecordsRequest.id == DeadlineSnapshot.request_id)
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .where(
            RecordsRequest.closed_at.is_(None),
            DeadlineSnapshot.due_on.is_not(None),
            # A date past the calendars' last day is an old row's typo (its request page says
            # so); kept out, it cannot overflow the event's end date for every subscriber.
            DeadlineSnapshot.due_on <= bounds.LATEST,
            open_deadline(),
        )
        .order_by(DeadlineSnapshot.due_on, DeadlineSnapshot.request_id)
    )
    if feed.user_id is not None:
        query = query.where(
            or_(
                RecordsRequest.owner_id == feed.user_id,
                RecordsRequest.volunteer_id == feed.user_id,
            )
        )
    else:
        query = query.where(RecordsRequest.campaign_id == feed.campaign_id)
    events = []
    for request_id, kind, due_on, reference, title, agency in db.session.execute(query):
        if due_on is None:
            continue  # the query leaves these out; this says so to the type checker
        if kind in REQUESTER_CLOCKS and due_on < today:
            continue  # a closed window of ours is no longer a deadline
        label = CLOCK_LABELS.get(kind, kind.replace("_", " "))
        who = "ours to meet" if kind in REQUESTER_CLOCKS else agency
        events.append(
            ical.DeadlineEvent(
                request_id=request_id,
                clock_kind=kind,
                due_on=due_on,
                summary=f"{reference}: {label} due ({agency})",
                description=f"{title}\nDeadline: {label}, {who}.",
                url=external_url("requests.show", request_id=request_id),
            )
        )
    return events


def render(feed: CalendarFeed, today: date) -> bytes:
    """Return the feed's iCalendar bytes."""
    if feed.user is not None:
        name = f"foia: {feed.user.display_name}"
    elif feed.campaign is not None:
        name = f"foia: {feed.campaign.name}"
    else:
        raise ValueError(f"calendar feed {feed.id} belongs to no one and no campaign")
    domain = urlsplit(current_app.config["BASE_URL"]).hostname or "foia.local"
    return ical.build(name, deadlines(feed, today), clock.now(), domain)
