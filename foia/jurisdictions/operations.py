"""Closure operations: add or remove a closed day, then recompute the affected open requests."""

from datetime import date

from sqlalchemy import select

from foia import audit
from foia.agencies.models import Agency
from foia.extensions import db
from foia.jurisdictions.codes import county_code, municipality_code
from foia.jurisdictions.models import Closure, FacePolicy, Jurisdiction
from foia.requests import batch


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
    return batch.recompute_open_requests(why, today, actor=actor, agencies=agencies)


def _recompute(closure: Closure, why: str, today: date, actor) -> int:
    return batch.recompute_open_requests(
        why, today, actor=actor, agencies=_affected_agencies(closure)
    )


def _affected_agencies(closure: Closure):
    """Return a select of the ids of agencies whose calendar the closure may change."""
    jurisdiction = closure.jurisdiction
    if closure.agency_id or jurisdiction is None:
        return select(Agency.id).where(Agency.id == closure.agency_id)
    return select(Agency.id).where(Agency.jurisdiction_id == jurisdiction.governing.id)


# --- Face-surveillance policies ------------------------------------------------------------------


class FacePolicyError(ValueError):
    """A face-surveillance policy that cannot be stored, with a message for people."""


def place_jurisdiction(
    state_code: str, level: str, place: str = "", county: str | None = None
) -> Jurisdiction:
    """Return the state, county or city jurisdiction named, adding a missing local one."""
    state = db.session.scalar(select(Jurisdiction).filter_by(code=state_code))
    if state is None or state.level != "state":
        raise FacePolicyError(f"Unknown state code {state_code!r}.")
    if level == "state":
        return state
    place = place.strip()
    if not place:
        raise FacePolicyError("Name the city, town or county the policy belongs to.")
    if level == "county":
        bare = place[: -len(" County")] if place.lower().endswith(" county") else place
        code, name, county = county_code(state_code, bare), f"{bare} County", bare
    elif level == "municipal":
        code, name = municipality_code(state_code, place), place
    else:
        raise FacePolicyError(f"Unknown level {level!r}.")
    jurisdiction = db.session.scalar(select(Jurisdiction).filter_by(code=code))
    if jurisdiction is None:
        jurisdiction = Jurisdiction(
            code=code, name=name, level=level, parent=state, county=county or None
        )
        db.session.add(jurisdiction)
        db.session.flush()
    return jurisdiction


POLICY_FIELDS = ("status", "scope", "since_year", "source", "notes")


def save_face_policy(policy: FacePolicy | None, values: dict, *, actor) -> FacePolicy:
    """Add a face-surveillance policy, or change one; either way it is audited."""
    jurisdiction = place_jurisdiction(
        values["state"], values["level"], values.get("place") or "", values.get("county")
    )
    clash = db.session.scalar(
        select(FacePolicy).filter_by(jurisdiction_id=jurisdiction.id, scope=values["scope"])
    )
    if clash is not None and clash is not policy:
        raise FacePolicyError(
            f"{jurisdiction.name} already has a policy on {values['scope'].replace('_', ' ')}; "
            "edit that one instead."
        )
    is_new = policy is None
    before = (
        {}
        if policy is None
        else {"jurisdiction": policy.jurisdiction.code, **_policy_values(policy)}
    )
    if policy is None:
        policy = FacePolicy()
        db.session.add(policy)
    policy.jurisdiction = jurisdiction
    for name in POLICY_FIELDS:
        value = values.get(name)
        setattr(policy, name, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    after = {"jurisdiction": jurisdiction.code, **_policy_values(policy)}
    audit.record(
        "face_policy.created" if is_new else "face_policy.updated",
        policy,
        f"Face-surveillance policy of {jurisdiction.name} ({policy.scope}): {policy.status}",
        user=actor,
        data={"before": before, "after": after},
    )
    db.session.flush()
    return policy


def _policy_values(policy: FacePolicy) -> dict:
    return {name: getattr(policy, name) for name in POLICY_FIELDS}
