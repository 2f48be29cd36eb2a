"""Face-surveillance policies read from the database, for the directory, campaigns and letters.

The rule itself is pure (foia.jurisdictions.coverage); this module only loads its inputs, a
handful of policy rows, with a constant number of queries whatever the number of agencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_, select

from foia.agencies.models import Agency
from foia.extensions import db
from foia.jurisdictions.coverage import AgencyPlace, PolicyFact, by_code, covering_policy
from foia.jurisdictions.models import FacePolicy, Jurisdiction

#: The request template suggested for agencies under a ban or moratorium.
BAN_TEMPLATE = "ban-compliance"


def policy_facts() -> dict[str, list[PolicyFact]]:
    """Return every stored policy as a pure fact, grouped by its jurisdiction's code."""
    rows = db.session.execute(
        select(Jurisdiction.code, FacePolicy.status, FacePolicy.scope, FacePolicy.since_year)
        .join(Jurisdiction, FacePolicy.jurisdiction_id == Jurisdiction.id)
        .order_by(FacePolicy.id)
    ).all()
    return by_code(PolicyFact(*row) for row in rows)


def covered_agencies(agencies: Iterable[Agency]) -> dict[int, PolicyFact]:
    """Return {agency id: the ban or moratorium binding it} for the agencies under one."""
    agencies = list(agencies)
    facts = policy_facts()
    if not agencies or not facts:
        return {}
    found = {}
    for agency in agencies:
        # The directory and the agency page load each agency with its jurisdiction; a many-to-one
        # not loaded yet is found in the session or read once per jurisdiction.
        code = agency.jurisdiction.code
        place = AgencyPlace(code, agency.level, agency.county, agency.municipality)
        if (policy := covering_policy(place, facts)) is not None:
            found[agency.id] = policy
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
