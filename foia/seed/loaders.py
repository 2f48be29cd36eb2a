"""Load the seed files into the database, idempotently: natural keys decide insert or update.

Each loader flushes and returns how many rows it created; the `flask seed` command commits once.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from foia.agencies.models import Agency
from foia.auth import operations as accounts
from foia.deadlines.rules import load_law_versions
from foia.extensions import db
from foia.jurisdictions.codes import county_code, municipality_code
from foia.jurisdictions.models import FacePolicy, Jurisdiction, Law

DATA = Path(__file__).with_name("data")
#: A model class, for the helpers that look a row up or add it.
M = TypeVar("M")


@dataclass
class SeedReport:
    """What a seed run created, per kind of row."""

    created: dict[str, int] = field(default_factory=dict)
    passwords: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, kind: str, count: int) -> None:
        """Count `count` new rows of `kind`."""
        self.created[kind] = self.created.get(kind, 0) + count


def read_csv(name: str) -> Iterator[dict[str, str]]:
    """Yield the rows of a seed CSV, skipping its leading '#' comment lines."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines)


def _upsert(model: type[M], key: dict, values: dict) -> tuple[M, bool]:
    row = db.session.scalar(select(model).filter_by(**key))
    created = row is None
    if row is None:
        row = model(**key)
        db.session.add(row)
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
    return row, created


def load_jurisdictions(report: SeedReport) -> dict[str, Jurisdiction]:
    """Load federal, the states and DC."""
    rows = {}
    for item in read_csv("jurisdictions.csv"):
        row, created = _upsert(
            Jurisdiction, {"code": item["code"]}, {"name": item["name"], "level": item["level"]}
        )
        report.add("jurisdictions", int(created))
        rows[item["code"]] = row
    db.session.flush()
    return rows


def load_laws(jurisdictions: dict[str, Jurisdiction], report: SeedReport) -> None:
    """Load every version of every law from the deadline rules (one source of citations)."""
    for law in (law for versions in load_law_versions().values() for law in versions):
        jurisdiction = jurisdictions[law.jurisdiction]
        _, created = _upsert(
            Law,
            {"jurisdiction_id": jurisdiction.id, "effective_on": law.effective_on},
            {
                "name": law.name,
                "citation": law.citation,
                "confidence": law.confidence,
                "source": getattr(law, "source", "") or "",
            },
        )
        report.add("laws", int(created))
    db.session.flush()


def load_massachusetts(state: Jurisdiction, report: SeedReport) -> None:
    """Load MA's counties, its 351 cities and towns, a police department for each, MSP and RMV."""
    municipalities = list(read_csv("ma_municipalities.csv"))
    for county in sorted({m["county"] for m in municipalities}):
        _, created = _upsert(
            Jurisdiction,
            {"code": county_code("US-MA", county)},
            {
                "name": f"{county} County",
                "level": "county",
                "parent_id": state.id,
                "county": county,
            },
        )
        report.add("jurisdictions", int(created))
    for item in municipalities:
        name, county = item["municipality"], item["county"]
        _, created = _upsert(
            Jurisdiction,
            {"code": municipality_code("US-MA", name)},
            {"name": name, "level": "municipal", "parent_id": state.id, "county": county},
        )
        report.add("jurisdictions", int(created))
        _, created = _upsert(
            Agency,
            {"jurisdiction_id": state.id, "name": f"{name} Police Department"},
            {"level": "municipal", "kind": "police", "county": county, "municipality": name},
        )
        report.add("agencies", int(created))
    for item in read_csv("ma_state_agencies.csv"):
        _, created = _upsert(
            Agency,
            {"jurisdiction_id": state.id, "name": item["name"]},
            {"level": item["level"], "kind": item["kind"], "county": item["county"] or None},
        )
        report.add("agencies", int(created))
    db.session.flush()


def load_demo_users(report: SeedReport) -> None:
    """Create one demo user per role, remembering the passwords to print."""
    for item in read_csv("demo_users.csv"):
        if accounts.find_user(item["email"]) is None:
            accounts.create_user(
                item["email"], item["role"], name=item["name"], password=item["password"]
            )
            report.add("users", 1)
        report.passwords.append((item["role"], item["email"], item["password"]))
    db.session.flush()


def seed_reference(report: SeedReport) -> None:
    """Load everything that is public fact: jurisdictions, laws, Massachusetts in depth."""
    jurisdictions = load_jurisdictions(report)
    load_laws(jurisdictions, report)
    load_massachusetts(jurisdictions["US-MA"], report)
    load_face_policies(jurisdictions, report)
    load_letters(report)


def load_face_policies(jurisdictions: dict[str, Jurisdiction], report: SeedReport) -> None:
    """Add the places of the seeded face-surveillance policies and the policies not yet stored.

    The places are public fact (upserted); the policies are ours to edit, so an existing one is
    never overwritten: only a missing (jurisdiction, scope) is inserted.
    """
    for item in read_csv("face_policies.csv"):
        place = _policy_place(jurisdictions[item["state"]], item, report)
        exists = db.session.scalar(
            select(FacePolicy.id).filter_by(jurisdiction_id=place.id, scope=item["scope"])
        )
        if exists is None:
            db.session.add(
                FacePolicy(
                    jurisdiction=place,
                    status=item["status"],
                    scope=item["scope"],
                    since_year=int(item["since_year"]) if item["since_year"] else None,
                    source=item["source"],
                    notes=item["notes"],
                )
            )
            report.add("face policies", 1)
    db.session.flush()


def _policy_place(state: Jurisdiction, item: dict[str, str], report: SeedReport) -> Jurisdiction:
    if item["level"] == "state":
        return state
    if item["level"] == "county":
        key = {"code": county_code(state.code, item["place"])}
        values: dict[str, str | None] = {"name": f"{item['place']} County", "county": item["place"]}
    else:
        key = {"code": municipality_code(state.code, item["place"])}
        values = {"name": item["place"], "county": item["county"] or None}
    row, created = _upsert(
        Jurisdiction, key, {**values, "level": item["level"], "parent_id": state.id}
    )
    report.add("jurisdictions", int(created))
    db.session.flush()
    return row


# --- Letters: record categories and request templates (owned by foia.letters) -------------------
# Unlike the public facts above, these rows are ours to edit: lawyers reword categories and
# templates in the app. So the loaders only INSERT missing slugs and never update an existing
# row; a changed seed file reaches an existing database through a migration or by hand, never by
# silently overwriting a lawyer's wording.

TEMPLATE_DIR = DATA / "templates"


def parse_template_file(path: Path) -> dict:
    """Split a template file into its front matter (name, categories, fields ...) and body."""
    from foia.letters.fields import parse_spec

    text = path.read_text("utf-8")
    head, sep, body = text.partition("-#}")
    if not (text.startswith("{#-") and sep):
        raise ValueError(f"{path.name}: expected a '{{#- name: ... -#}}' front matter block")
    meta = {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in head[3:].splitlines())
        if key.strip()
    }
    return {
        "slug": path.stem,
        "name": meta["name"],
        "description": meta.get("description", ""),
        "default_category_slugs": [s.strip() for s in meta["categories"].split(",") if s.strip()],
        "fields": [f.as_json() for f in parse_spec(meta.get("fields", ""))],
        "body": body.lstrip("\n"),
    }


def _insert_missing(model, slug_value: str, values: dict) -> bool:
    if db.session.scalar(select(model.id).filter_by(slug=slug_value)) is not None:
        return False
    db.session.add(model(slug=slug_value, **values))
    return True


def load_letters(report: SeedReport) -> None:
    """Insert the record categories and request templates that are not in the database yet."""
    from foia.letters.models import RecordCategory, RequestTemplate

    for item in read_csv("categories.csv"):
        values = {
            "number": int(item["number"]),
            "name": item["name"],
            "wording": item["wording"],
            "notes": item["notes"],
            "is_active": True,
        }
        report.add("record categories", int(_insert_missing(RecordCategory, item["slug"], values)))
    for path in sorted(TEMPLATE_DIR.glob("*.html")):
        template = parse_template_file(path)
        slug_value = template.pop("slug")
        report.add("request templates", int(_insert_missing(RequestTemplate, slug_value, template)))
    db.session.flush()
