"""Face-surveillance policies read from the database, for the directory, campaigns and letters.

The rule itself is pure (foia.jurisdictions.coverage); this module only loads its inputs, a
handful of policy rows, with a constant number of queries whatever the number of agencies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, false, or_, select

from foia.agencies.models import Agency
from foia.db import built_once
from foia.extensions import db
from foia.jurisdictions.coverage import AgencyPlace as AgencyPlace  # for callers with rows
from foia.jurisdictions.coverage import PolicyFact, by_code, covering_policy
from foia.jurisdictions.models import FacePolicy, Jurisdiction

#: The request template suggested for agencies under a ban or moratorium.
BAN_TEMPLATE = "ban-compliance"


def policy_facts() -> dict[str, list[PolicyFact]]:
    """Return every stored policy as a pure fact, grouped by its jurisdiction's code."""
    return by_code(PolicyFact(*row) for row in db.session.execute(_policy_rows()))


@built_once
def _policy_rows() -> Select:
    """Select every policy's (jurisdiction code, status, scope, since year), oldest first."""
    return (
        select(Jurisdiction.code, FacePolicy.status, FacePolicy.scope, FacePolicy.since_year)
        .join(Jurisdiction, FacePolicy.jurisdiction_id == Jurisdiction.id)
        .order_by(FacePolicy.id)
    )


def covered_agencies(agencies: Iterable[Agency]) -> dict[int, PolicyFact]:
    """Return {agency id: the ban or moratorium binding it} for the agencies under one."""
    agencies = list(agencies)
    if not agencies or not (facts := policy_facts()):
        return {}
    # The directory and the agency page load each agency with its jurisdiction; a many-to-one
    # not loaded yet is found in the session or read once per jurisdiction.
    places = (
        (a.id, AgencyPlace(a.jurisdiction.code, a.level, a.county, a.municipality))
        for a in agencies
    )
    return _covering(places, facts)


def covered_places(places: Mapping[int, AgencyPlace]) -> dict[int, PolicyFact]:
    """Return {agency id: the ban or moratorium binding it} for the agencies' places under one."""
    if not places or not (facts := policy_facts()):
        return {}
    return _covering(places.items(), facts)


def _covering(
    places: Iterable[tuple[int, AgencyPlace]], facts: dict[str, list[PolicyFact]]
) -> dict[int, PolicyFact]:
    """Return {agency id: its covering policy} for the (id, place) pairs under one."""
    found = {}
    for agency_id, place in places:
        if (policy := covering_policy(place, facts)) is not None:
            found[agency_id] = policy
    return found


def under_ban_condition() -> ColumnElement[bool]:
    """Return a WHERE condition on Agency: under a ban or moratorium on police use."""
    facts = policy_facts()
    stopping = {code for code, rows in facts.items() if any(p.stops_police_use for p in rows)}
    statewide = {code for code in stopping if ":" not in code}
    local_states = {code.split(":", 1)[0] for code in stopping if ":" in code} - statewide
    conditions = []
    if statewide:
        conditions.append(
            Agency.jurisdiction_id.in_(
                select(Jurisdiction.id).where(Jurisdiction.code.in_(statewide))
            )
        )
    if local_states:
        candidates = db.session.execute(
            select(Agency.id, Jurisdiction.code, Agency.level, Agency.county, Agency.municipality)
            .join(Jurisdiction, Agency.jurisdiction_id == Jurisdiction.id)
            .where(Jurisdiction.code.in_(local_states), Agency.level.in_(("municipal", "county")))
        ).all()
        ids = [
            row[0]
            for row in candidates
            if covering_policy(AgencyPlace(*row[1:]), facts) is not None
        ]
        if ids:
            conditions.append(Agency.id.in_(ids))
    return or_(*conditions) if conditions else false()


@dataclass(frozen=True)
class BanSuggestion:
    """The agencies of a letter or campaign under a ban, and the template that fits them."""

    agency_names: list[str]
    template: str = BAN_TEMPLATE


def ban_suggestion(agencies: Iterable[Agency], template_slug: str | None) -> BanSuggestion | None:
    """Suggest the ban-compliance template when some agencies are under a ban and it is unused."""
    if template_slug == BAN_TEMPLATE:
        return None
    agencies = list(agencies)
    covered = covered_agencies(agencies)
    if not covered:
        return None
    return BanSuggestion([a.name for a in agencies if a.id in covered])
