"""Agency operations: they change the session and the audit log, flush, and never commit."""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import time
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, joinedload

from foia import audit
from foia.agencies.csvio import ImportPlan
from foia.agencies.models import Agency
from foia.db import built_once
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction

#: Jurisdiction levels an agency may belong to: the ones whose law governs requests.
GOVERNING_LEVELS = ("federal", "state")
#: The fields `create_agency` and `update_agency` take; "jurisdiction" is a code such as US-MA.
FIELDS = (
    "name",
    "jurisdiction",
    "level",
    "kind",
    "county",
    "municipality",
    "records_officer",
    "email",
    "portal_url",
    "address",
    "phone",
    "fax",
    "notes",
    "after_hours_cutoff",
)


class AgencyError(ValueError):
    """An agency change that cannot be made, with a message for people."""


@dataclass(frozen=True)
class ImportCounts:
    """How many agencies an import creates, updates and leaves alone."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


def governing_jurisdictions() -> list[Jurisdiction]:
    """Return the federal, state and DC jurisdictions, by code."""
    return list(
        db.session.scalars(
            select(Jurisdiction)
            .where(Jurisdiction.level.in_(GOVERNING_LEVELS))
            .order_by(Jurisdiction.code)
        )
    )


def governing_choices() -> list[tuple[str, str]]:
    """Return the (code, name) of the federal, state and DC jurisdictions, by code.

    Read as pairs for the forms' state lists: the 53 ORM objects cost the directory about 1 ms
    a view (bench data, 2026-12-03)."""
    return [(code, name) for code, name in db.session.execute(_governing_pairs())]


@built_once
def _governing_pairs() -> Select:
    """Select the (code, name) of the federal, state and DC jurisdictions, by code."""
    return (
        select(Jurisdiction.code, Jurisdiction.name)
        .where(Jurisdiction.level.in_(GOVERNING_LEVELS))
        .order_by(Jurisdiction.code)
    )


def find_jurisdiction(code: str) -> Jurisdiction | None:
    """Return the federal or state jurisdiction with this code, ignoring case."""
    return db.session.scalar(
        select(Jurisdiction).where(
            func.upper(Jurisdiction.code) == code.strip().upper(),
            Jurisdiction.level.in_(GOVERNING_LEVELS),
        )
    )


def find_same_agency(code: str, name: str, *, exclude_id: int | None = None) -> Agency | None:
    """Return an agency of jurisdiction `code` with this name, ignoring case, if any."""
    # Compared in Python: SQLite's lower() only folds ASCII, and imports match with casefold().
    wanted = name.strip().casefold()
    query = select(Agency).join(Agency.jurisdiction).where(Jurisdiction.code == code)
    if exclude_id is not None:
        query = query.where(Agency.id != exclude_id)
    names = db.session.execute(query.with_only_columns(Agency.id, Agency.name))
    for agency_id, agency_name in names:
        if agency_name.casefold() == wanted:
            return db.session.get(Agency, agency_id)
    return None


def agencies_for_export(code: str | None = None) -> list[Agency]:
    """Return the agencies (of one jurisdiction, or all) sorted by jurisdiction, then name."""
    query = (
        select(Agency)
        .join(Agency.jurisdiction)
        .options(contains_eager(Agency.jurisdiction))
        .order_by(Jurisdiction.code, Agency.name, Agency.id)
    )
    if code is not None:
        query = query.where(Jurisdiction.code == code)
    return list(db.session.scalars(query))


def create_agency(data: Mapping[str, Any], actor) -> Agency:
    """Add an agency and record who added it."""
    agency = _new_agency(data, _jurisdiction(data["jurisdiction"]))
    db.session.flush()
    _record_created(agency, data, actor)
    db.session.flush()
    return agency


def update_agency(
    agency: Agency, data: Mapping[str, Any], actor, *, jurisdictions: Mapping | None = None
) -> dict[str, tuple]:
    """Change an agency's fields and record the old and new values; return what changed."""
    changes = _differences(agency, data)
    for field, (_, value) in changes.items():
        if field != "jurisdiction":
            setattr(agency, field, value)
        elif jurisdictions is not None and value in jurisdictions:
            agency.jurisdiction = jurisdictions[value]
        else:
            agency.jurisdiction = _jurisdiction(value)
    if changes:
        audit.record(
            "agency.updated",
            agency,
            f"Changed {agency.name}: {', '.join(changes)}",
            user=actor,
            data={
                "old": _jsonable({k: old for k, (old, _) in changes.items()}),
                "new": _jsonable({k: new for k, (_, new) in changes.items()}),
            },
        )
    db.session.flush()
    return changes


def count_import(plan: ImportPlan) -> ImportCounts:
    """Say what importing `plan` would do, changing nothing."""
    existing = _existing_for(plan)
    created = updated = 0
    for row in plan.rows:
        agency = existing.get(row.key)
        if agency is None:
            created += 1
        elif _differences(agency, row.values):
            updated += 1
    return ImportCounts(created, updated, len(plan.rows) - created - updated)


def import_agencies(plan: ImportPlan, actor) -> ImportCounts:
    """Create or update every agency of a checked plan, all in this one transaction."""
    if not plan.is_valid:
        raise AgencyError("The file has problems; nothing was imported.")
    existing = _existing_for(plan)
    jurisdictions = {j.code: j for j in governing_jurisdictions()}
    created: list[tuple[Agency, dict[str, Any]]] = []
    updated = 0
    for row in plan.rows:
        agency = existing.get(row.key)
        if agency is None:
            data = {"kind": "police", **row.values}
            created.append((_new_agency(data, jurisdictions[data["jurisdiction"]]), data))
        elif update_agency(agency, row.values, actor, jurisdictions=jurisdictions):
            updated += 1
    db.session.flush()  # one flush for every new row gives them ids for the audit log
    for agency, data in created:
        _record_created(agency, data, actor)
    counts = ImportCounts(len(created), updated, len(plan.rows) - len(created) - updated)
    audit.record(
        "agency.imported",
        None,
        f"Imported agencies: {counts.created} created, {counts.updated} updated, "
        f"{counts.unchanged} unchanged",
        user=actor,
        data=asdict(counts),
    )
    db.session.flush()
    return counts


def _existing_for(plan: ImportPlan) -> dict[tuple[str, str], Agency]:
    codes = {row.values["jurisdiction"] for row in plan.rows}
    if not codes:
        return {}
    agencies = db.session.scalars(
        select(Agency)
        .join(Agency.jurisdiction)
        .options(contains_eager(Agency.jurisdiction))
        .where(Jurisdiction.code.in_(codes))
        .order_by(Agency.id)
    )
    found: dict[tuple[str, str], Agency] = {}
    for agency in agencies:
        found.setdefault((agency.jurisdiction.code, agency.name.casefold()), agency)
    return found


def _new_agency(data: Mapping[str, Any], jurisdiction: Jurisdiction) -> Agency:
    agency = Agency(jurisdiction=jurisdiction, **_values(data))
    db.session.add(agency)
    return agency


def _record_created(agency: Agency, data: Mapping[str, Any], actor) -> None:
    values = {"jurisdiction": agency.jurisdiction.code, **_values(data)}
    audit.record(
        "agency.created",
        agency,
        f"Added {agency.name}",
        user=actor,
        data={"new": _jsonable(values)},
    )


def _jurisdiction(code: str) -> Jurisdiction:
    jurisdiction = find_jurisdiction(code)
    if jurisdiction is None:
        raise AgencyError(f"Unknown jurisdiction {code!r}.")
    return jurisdiction


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    """Return the column values in `data` (everything but the jurisdiction)."""
    return {k: v for k, v in data.items() if k in FIELDS and k != "jurisdiction"}


def _current(agency: Agency, field: str) -> Any:
    if field == "jurisdiction":
        return agency.jurisdiction.code if agency.jurisdiction else None
    return getattr(agency, field)


def _differences(agency: Agency, data: Mapping[str, Any]) -> dict[str, tuple]:
    return {
        field: (_current(agency, field), value)
        for field, value in data.items()
        if field in FIELDS and _current(agency, field) != value
    }


def agency_values(agency: Agency) -> dict[str, Any]:
    """Return an agency's FIELDS, the jurisdiction as its code."""
    return {field: _current(agency, field) for field in FIELDS}


def _jsonable(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, time) else v for k, v in values.items()}


def load_agency(agency_id: int) -> Agency | None:
    """Return the agency with its jurisdiction, or None."""
    return db.session.get(Agency, agency_id, options=[joinedload(Agency.jurisdiction)])
