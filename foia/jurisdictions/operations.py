"""Closure operations: add or remove a closed day, then recompute the affected open requests."""

from datetime import date

from sqlalchemy import select

from foia import audit
from foia.agencies.models import Agency
from foia.extensions import db
from foia.jurisdictions.models import Closure, Jurisdiction
from foia.requests import clocks


class ClosureError(ValueError):
    """A closure that cannot be stored, with a message for people."""


def add_closure(
    closed_on: date,
    reason: str,
    *,
    today: date,
    actor,
    jurisdiction_code: str | None = None,
    agency_id: int | None = None,
) -> tuple[Closure, int]:
    """Store a closure and move the deadlines it affects; return it and how many dates moved."""
    closure = Closure(closed_on=closed_on, reason=reason.strip())
    if agency_id:
        agency = db.session.get(Agency, agency_id)
        if agency is None:
            raise ClosureError(f"There is no agency number {agency_id}.")
        closure.agency_id, scope = agency.id, agency.name
    else:
        jurisdiction = db.session.scalar(
            select(Jurisdiction).filter_by(code=(jurisdiction_code or "").strip())
        )
        if jurisdiction is None:
            raise ClosureError(f"Unknown jurisdiction code {jurisdiction_code!r}.")
        closure.jurisdiction, scope = jurisdiction, jurisdiction.name
    db.session.add(closure)
    db.session.flush()
    audit.record(
        "closure.added", closure, f"{scope} closed on {closed_on:%a %d %b %Y}: {reason}", user=actor
    )
    why = f"closure added: {reason} on {closed_on:%a %d %b %Y} ({scope})"
    return closure, _recompute(closure, why, today, actor)


def remove_closure(closure: Closure, *, today: date, actor) -> int:
    """Delete a closure and move the deadlines back; return how many dates moved."""
    scope = closure.jurisdiction.name if closure.jurisdiction else f"agency {closure.agency_id}"
    audit.record(
        "closure.removed",
        closure,
        f"{scope}: closure of {closure.closed_on:%a %d %b %Y} ({closure.reason}) removed",
        user=actor,
    )
    why = f"closure removed: {closure.reason} on {closure.closed_on:%a %d %b %Y} ({scope})"
    agencies = _affected_agencies(closure)
    db.session.delete(closure)
    db.session.flush()
    return clocks.recompute_open_requests(why, today, actor=actor, agencies=agencies)


def _recompute(closure: Closure, why: str, today: date, actor) -> int:
    return clocks.recompute_open_requests(
        why, today, actor=actor, agencies=_affected_agencies(closure)
    )


def _affected_agencies(closure: Closure):
    """Return a select of the ids of agencies whose calendar the closure may change."""
    if closure.agency_id:
        return select(Agency.id).where(Agency.id == closure.agency_id)
    jurisdiction = closure.jurisdiction
    state = jurisdiction.parent if jurisdiction.level in ("county", "municipal") else jurisdiction
    return select(Agency.id).where(Agency.jurisdiction_id == state.id)
