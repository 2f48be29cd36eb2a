"""Fill a benchmark database at realistic scale: agencies in every jurisdiction, requests, ledgers.

Runs the migrations and the reference seed, then bulk-inserts (SQLAlchemy Core, in chunks) up to
N agencies across the 52 governing jurisdictions, 200 users, and M records requests to them, each
with a plausible clock ledger filed over the 120 days before 2026-11-26, the audit rows the app
would have written, and the deadline snapshots the app keeps for open requests. Deterministic for
a given --seed. The database is recreated each run.

Usage: python bench/generate.py [--db sqlite|postgresql] [--path FILE | --url URL]
                                [--agencies 20000] [--requests 50000] [--seed 2026]
"""

from __future__ import annotations

import argparse
import math
import random
import time as timer
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from _common import OUT, build_app, database_url, markdown_table, pg_create
from sqlalchemy import func, insert, select, text
from werkzeug.security import generate_password_hash

from foia.agencies import models as agency_models
from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.auth.models import User
from foia.deadlines import DeadlineError, LedgerEvent, calendar_for, compute_clocks, get_law
from foia.extensions import db
from foia.jurisdictions.codes import slug
from foia.jurisdictions.models import Jurisdiction
from foia.requests.clocks import remembered_from
from foia.requests.models import ClockEvent, DeadlineSnapshot, RecordsRequest
from foia.requests.status import decisive_kind, first_dates, waiting_on_us
from foia.seed.loaders import SeedReport, read_csv, seed_reference

TODAY = date(2026, 11, 26)
#: Requests are filed over this many days before TODAY.
SPREAD_DAYS = 120
CHUNK = 5_000
#: Share of requests sent to Massachusetts agencies (the organisation works there in depth).
MA_SHARE = 0.25
USERS = {"admin": 10, "lawyer": 50, "volunteer": 140}

# Approximate 2020 population (millions) and number of counties (boroughs, parishes) per state.
STATES = {
    "US-AL": (5.0, 67),
    "US-AK": (0.7, 30),
    "US-AZ": (7.2, 15),
    "US-AR": (3.0, 75),
    "US-CA": (39.5, 58),
    "US-CO": (5.8, 64),
    "US-CT": (3.6, 8),
    "US-DE": (1.0, 3),
    "US-DC": (0.7, 1),
    "US-FL": (21.5, 67),
    "US-GA": (10.7, 159),
    "US-HI": (1.5, 5),
    "US-ID": (1.8, 44),
    "US-IL": (12.8, 102),
    "US-IN": (6.8, 92),
    "US-IA": (3.2, 99),
    "US-KS": (2.9, 105),
    "US-KY": (4.5, 120),
    "US-LA": (4.7, 64),
    "US-ME": (1.4, 16),
    "US-MD": (6.2, 24),
    "US-MA": (7.0, 14),
    "US-MI": (10.1, 83),
    "US-MN": (5.7, 87),
    "US-MS": (3.0, 82),
    "US-MO": (6.2, 115),
    "US-MT": (1.1, 56),
    "US-NE": (2.0, 93),
    "US-NV": (3.1, 17),
    "US-NH": (1.4, 10),
    "US-NJ": (9.3, 21),
    "US-NM": (2.1, 33),
    "US-NY": (20.2, 62),
    "US-NC": (10.4, 100),
    "US-ND": (0.8, 53),
    "US-OH": (11.8, 88),
    "US-OK": (4.0, 77),
    "US-OR": (4.2, 36),
    "US-PA": (13.0, 67),
    "US-RI": (1.1, 5),
    "US-SC": (5.1, 46),
    "US-SD": (0.9, 66),
    "US-TN": (6.9, 95),
    "US-TX": (29.1, 254),
    "US-UT": (3.3, 29),
    "US-VT": (0.6, 14),
    "US-VA": (8.6, 133),
    "US-WA": (7.7, 39),
    "US-WV": (1.8, 55),
    "US-WI": (5.9, 72),
    "US-WY": (0.6, 23),
}
FEDERAL_SHARE = 0.015

PREFIXES = (
    "Spring",
    "Green",
    "Oak",
    "Maple",
    "Cedar",
    "Pine",
    "River",
    "Lake",
    "Fair",
    "Clear",
    "West",
    "East",
    "North",
    "South",
    "New",
    "Mount",
    "Glen",
    "Brook",
    "Ash",
    "Elm",
    "Fox",
    "Hill",
    "Rock",
    "Stone",
    "Sand",
    "Red",
    "White",
    "Black",
    "Silver",
    "Gold",
    "Bell",
    "Clay",
    "Wood",
    "Mill",
    "Bridge",
    "Port",
    "Harbor",
    "Union",
    "Liberty",
    "Frank",
    "Jackson",
    "Madison",
    "Lincoln",
    "Monroe",
    "Clinton",
    "Marion",
    "Salem",
    "Chester",
    "Dover",
    "Milton",
    "Ken",
    "Bur",
    "Car",
    "Dan",
    "Ever",
    "Farm",
    "Hamp",
    "Lex",
    "Man",
    "Nor",
    "Wash",
    "Jeffer",
    "Hamil",
    "Warren",
    "Grant",
    "Ridge",
    "Bay",
    "Wells",
    "Cole",
    "Lyn",
)
SUFFIXES = (
    "field",
    "ville",
    "ton",
    "wood",
    "dale",
    "burg",
    "port",
    "ford",
    "view",
    "land",
    "mont",
    "ridge",
    "haven",
    "brook",
    "bury",
    "stead",
    "wick",
    "ham",
    "worth",
    "side",
    " Falls",
    " Heights",
    " Springs",
    " City",
    " Park",
    " Grove",
    " Junction",
    " Valley",
)
FIRST = (
    "Maria",
    "James",
    "Linda",
    "Robert",
    "Patricia",
    "Michael",
    "Jennifer",
    "David",
    "Elizabeth",
    "William",
    "Susan",
    "Carlos",
    "Aisha",
    "Wei",
    "Priya",
    "Kevin",
    "Fatima",
    "Thomas",
    "Grace",
    "Daniel",
    "Rosa",
    "Joseph",
    "Nora",
    "Samuel",
    "Keisha",
    "Brian",
    "Mei",
    "Luis",
    "Hannah",
)
LAST = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Nguyen",
    "Lee",
    "Patel",
    "Kim",
    "Walsh",
    "O'Brien",
    "Murphy",
    "Cohen",
    "Okafor",
    "Silva",
    "Chen",
    "Fitzgerald",
)
FEDERAL_OFFICES = (
    ("Federal Bureau of Investigation – {} Field Office", "police"),
    ("Drug Enforcement Administration – {} Division", "police"),
    ("U.S. Immigration and Customs Enforcement – {} Field Office", "police"),
    ("Homeland Security Investigations – {}", "police"),
    ("U.S. Attorney's Office – {}", "prosecutor"),
    ("U.S. Marshals Service – {}", "police"),
    ("Bureau of Alcohol, Tobacco, Firearms and Explosives – {} Field Division", "police"),
    ("U.S. Secret Service – {} Field Office", "police"),
    ("U.S. Customs and Border Protection – {} Field Office", "police"),
)
FEDERAL_CITIES = (
    "Albany",
    "Albuquerque",
    "Anchorage",
    "Atlanta",
    "Baltimore",
    "Birmingham",
    "Boston",
    "Buffalo",
    "Charlotte",
    "Chicago",
    "Cincinnati",
    "Cleveland",
    "Columbia",
    "Dallas",
    "Denver",
    "Detroit",
    "El Paso",
    "Honolulu",
    "Houston",
    "Indianapolis",
    "Jackson",
    "Jacksonville",
    "Kansas City",
    "Knoxville",
    "Las Vegas",
    "Little Rock",
    "Los Angeles",
    "Louisville",
    "Memphis",
    "Miami",
    "Milwaukee",
    "Minneapolis",
    "Mobile",
    "New Haven",
    "New Orleans",
    "New York",
    "Newark",
    "Norfolk",
    "Oklahoma City",
    "Omaha",
    "Philadelphia",
    "Phoenix",
    "Pittsburgh",
    "Portland",
    "Richmond",
    "Sacramento",
    "Salt Lake City",
    "San Antonio",
    "San Diego",
    "San Francisco",
    "San Juan",
    "Seattle",
    "Springfield",
    "St. Louis",
    "Tampa",
    "Washington",
)
TITLES = (
    "Face recognition policies and procedures",
    "Contracts and invoices with Clearview AI",
    "Face recognition search logs, 2020–2026",
    "Requests to the RMV for face searches",
    "Training materials on facial recognition",
    "Communications with face recognition vendors",
    "Audit reports on face recognition use",
    "Body-worn camera footage retention and analytics",
    "Memoranda of understanding with the fusion center",
    "Grant applications mentioning biometric surveillance",
    "Records of arrests where face recognition was used",
    "Procurement records for video analytics software",
)
BASES = ("", "", "", "volume of records", "need to consult another office", "search in progress")


def weekday_on_or_after(day: date) -> date:
    """Return `day`, or the Monday after it if it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def add_weekdays(day: date, count: int) -> date:
    """Return the date `count` weekdays after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def at_utc(day: date, hour: int) -> datetime:
    """Return `day` at `hour`:00 UTC."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


# Agencies ------------------------------------------------------------------------------------


@dataclass
class Directory:
    """Agencies being generated for one jurisdiction, with the names already taken."""

    jurisdiction_id: int
    code: str
    name: str
    taken: set[str] = field(default_factory=set)
    rows: list[dict] = field(default_factory=list)

    def add(
        self,
        rng: random.Random,
        name: str,
        kind: str,
        level: str,
        county: str | None = None,
        municipality: str | None = None,
    ) -> bool:
        """Add an agency unless the name is taken; return whether it was added."""
        if name in self.taken:
            return False
        self.taken.add(name)
        self.rows.append(agency_row(rng, self, name, kind, level, county, municipality))
        return True


def agency_row(rng, directory, name, kind, level, county, municipality) -> dict:
    """Return the column values of one agency, with contact details for most."""
    state = directory.code.removeprefix("US-") if directory.code != "US" else "DC"
    place = municipality or county or directory.name
    domain = (
        f"foia-{slug(place)}.usdoj.gov"
        if directory.code == "US"
        else f"{slug(place).replace('-', '')}{'pd' if kind == 'police' else ''}.{state.lower()}.gov"
    )
    created = at_utc(date(2026, 1, 5) + timedelta(days=rng.randrange(180)), 12)
    has_contact = rng.random() < 0.8
    return {
        "name": name,
        "jurisdiction_id": directory.jurisdiction_id,
        "level": level,
        "kind": kind,
        "county": county,
        "municipality": municipality,
        "records_officer": f"{rng.choice(FIRST)} {rng.choice(LAST)}" if has_contact else "",
        "email": f"records@{domain}" if has_contact else "",
        "portal_url": f"https://{slug(place)}-{state.lower()}.nextrequest.com"
        if rng.random() < 0.3
        else "",
        "address": f"{rng.randrange(1, 999)} Main Street\n{place}, {state} "
        f"{rng.randrange(10000, 99999)}",
        "phone": f"({rng.randrange(200, 999)}) 555-{rng.randrange(10000):04d}",
        "fax": f"({rng.randrange(200, 999)}) 555-{rng.randrange(10000):04d}"
        if rng.random() < 0.3
        else "",
        "notes": "Requests by email only." if rng.random() < 0.05 else "",
        "after_hours_cutoff": time(17) if rng.random() < 0.05 else None,
        "created_at": created,
        "updated_at": created,
    }


def with_derived_columns(row: dict) -> dict:
    """Add what the model's flush hooks would set (Core inserts bypass ORM events)."""
    if "search_text" in Agency.__table__.c:
        # foia.agencies.models keeps the directory's search key up to date on every flush.
        fields = getattr(agency_models, "SEARCHED", ())
        row["search_text"] = agency_models.search_key(*(row.get(name) for name in fields))
    return row


def place_names(rng: random.Random) -> Iterator[str]:
    """Yield made-up American place names in a random order, then numbered ones."""
    names = [p + s for p in PREFIXES for s in SUFFIXES]
    rng.shuffle(names)
    yield from names
    for n in range(1, 10**6):
        yield f"{names[n % len(names)]} {n // len(names) + 1}"


def quotas(total: int) -> dict[str, int]:
    """Split `total` agencies between federal and the states by population (largest remainder)."""
    federal = round(total * FEDERAL_SHARE)
    weights = {code: 0.5 + pop for code, (pop, _) in STATES.items()}
    exact = {code: (total - federal) * w / sum(weights.values()) for code, w in weights.items()}
    shares = {code: math.floor(x) for code, x in exact.items()}
    short = total - federal - sum(shares.values())
    for code in sorted(exact, key=lambda c: shares[c] - exact[c])[:short]:
        shares[code] += 1
    return {"US": federal, **shares}


def fill_state(
    rng: random.Random, d: Directory, quota: int, counties_total: int, ma_municipalities: list[dict]
) -> None:
    """Add state agencies, a sheriff and prosecutor per county, then police departments."""
    for name, kind in (
        (f"{d.name} State Police", "state_police"),
        (f"{d.name} Registry of Motor Vehicles", "registry"),
        (f"{d.name} Fusion Center", "fusion_center"),
        (f"{d.name} Office of the Attorney General", "prosecutor"),
        (f"{d.name} Department of Correction", "other"),
        (f"University of {d.name} Police Department", "police"),
    ):
        if len(d.rows) < quota:
            d.add(rng, name, kind, "state")
    places = place_names(rng)
    if d.code == "US-MA":
        counties = sorted({m["county"] for m in ma_municipalities})
    else:
        # A county for every ~4 agencies at most, so that small quotas still have towns.
        counties = [next(places) for _ in range(min(counties_total, max(1, quota // 4)))]
    for county in counties:
        if len(d.rows) + 2 > quota:
            break
        d.add(rng, f"{county} County Sheriff's Office", "sheriff", "county", county)
        d.add(rng, f"{county} County District Attorney's Office", "prosecutor", "county", county)
    towns = (
        ((m["municipality"], m["county"]) for m in ma_municipalities)
        if d.code == "US-MA"
        else ((name, rng.choice(counties)) for name in places)
    )
    for town, county in towns:
        if len(d.rows) >= quota:
            break
        roll = rng.random()
        if roll < 0.85 or d.code == "US-MA":
            name, kind = f"{town} Police Department", "police"
        elif roll < 0.93:
            name, kind = f"{town} Housing Authority Police", "police"
        else:
            name, kind = f"{town} Public Schools Police", "other"
        d.add(rng, name, kind, "municipal", county, town)
    if d.code == "US-MA":
        # Every town already has its police department (the seed); add campus and transit police.
        labels = ("Campus Police", "Housing Authority Police", "Public Schools Police")
        for n in range(10**6):
            if len(d.rows) >= quota:
                break
            town = ma_municipalities[n % len(ma_municipalities)]
            lap = n // (len(labels) * len(ma_municipalities))
            name = f"{town['municipality']} {labels[n % len(labels)]}" + (
                f" ({lap + 1})" if lap else ""
            )
            d.add(rng, name, "police", "municipal", town["county"], town["municipality"])


def fill_federal(rng: random.Random, d: Directory, quota: int) -> None:
    """Add federal field offices in big cities."""
    for n in range(10**6):
        if len(d.rows) >= quota:
            break
        template, kind = FEDERAL_OFFICES[n % len(FEDERAL_OFFICES)]
        city = FEDERAL_CITIES[(n // len(FEDERAL_OFFICES)) % len(FEDERAL_CITIES)]
        lap = n // (len(FEDERAL_OFFICES) * len(FEDERAL_CITIES))
        name = template.format(city) + (f" ({lap + 1})" if lap else "")
        d.add(rng, name, kind, "federal", None, city)


def generate_agencies(rng: random.Random, total: int) -> int:
    """Insert agencies so that the directory holds `total`; return how many were inserted."""
    existing = db.session.execute(select(Agency.jurisdiction_id, Agency.name)).all()
    jurisdictions = db.session.scalars(
        select(Jurisdiction).where(Jurisdiction.level.in_(("federal", "state")))
    ).all()
    scale = total / 20_000
    wanted = quotas(total)
    ma_municipalities = list(read_csv("ma_municipalities.csv"))
    rows: list[dict] = []
    for j in sorted(jurisdictions, key=lambda j: j.code):
        d = Directory(j.id, j.code, j.name)
        d.taken = {name for jid, name in existing if jid == j.id}
        quota = max(0, wanted.get(j.code, 0) - len(d.taken))
        if j.code == "US":
            fill_federal(rng, d, quota)
        else:
            counties = max(1, round(STATES[j.code][1] * min(1.0, scale)))
            fill_state(rng, d, quota, counties, ma_municipalities)
        rows.extend(d.rows)
    rows = rows[: max(0, total - len(existing))]
    bulk_insert(Agency.__table__, [with_derived_columns(row) for row in rows])
    return len(rows)


# Users ---------------------------------------------------------------------------------------


def generate_users(rng: random.Random) -> dict[str, list[int]]:
    """Insert the organisation's users; return their ids by role."""
    cheap = generate_password_hash("correct horse battery", method="pbkdf2:sha256:1")
    rows = []
    for role, count in USERS.items():
        for n in range(1, count + 1):
            rows.append(
                {
                    "email": f"bench-{role}-{n:03d}@example.org",
                    "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    "role": role,
                    "password_hash": cheap,
                    "is_enabled": True,
                    "session_version": 1,
                    "created_at": at_utc(date(2026, 1, 2), 9),
                    "updated_at": at_utc(date(2026, 1, 2), 9),
                }
            )
    bulk_insert(User.__table__, rows)
    by_role: dict[str, list[int]] = {role: [] for role in USERS}
    for user_id, role in db.session.execute(select(User.id, User.role).order_by(User.id)):
        by_role[role].append(user_id)
    return by_role


# Requests ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyInfo:
    """What a request needs to know about its agency to compute its clocks."""

    id: int
    code: str
    level: str
    county: str | None
    cutoff: time | None


def ledger(rng: random.Random, filed_on: date, is_closed: bool) -> list[tuple]:
    """Return (kind, on, days, basis, is_estimated) tuples in date order."""
    last = TODAY - timedelta(days=1)
    by_mail = rng.random() < 0.2
    received = add_weekdays(filed_on, rng.randint(1, 4)) if by_mail else filed_on
    events = [("filed", filed_on, None, "", False), ("received", received, None, "", by_mail)]
    day = received

    def step(kind, low, high, days=None, basis=""):
        nonlocal day
        day = add_weekdays(day, rng.randint(low, high))
        events.append((kind, day, days, basis, False))

    if rng.random() < 0.55:
        step("acknowledged", 0, 4)
    if rng.random() < 0.10:
        step("clarification_requested", 1, 5, basis="which date range?")
        if rng.random() < 0.75:
            step("clarification_answered", 1, 8)
    if rng.random() < 0.20:
        step(
            "extension_claimed",
            1,
            8,
            days=rng.choice((10, 14, 15, 20, 30)),
            basis=rng.choice(BASES),
        )
    if rng.random() < 0.08:
        step("fee_estimate", 2, 10, basis="search and segregation time")
        if rng.random() < 0.6:
            step(rng.choice(("fee_paid", "fee_waived")), 1, 10)
    if rng.random() < 0.10:
        step("partial_release", 3, 15)
    if is_closed:
        step(rng.choice(("final_response", "final_response", "denial", "no_records")), 1, 20)
    elif rng.random() < 0.12:
        step(rng.choice(("final_response", "denial")), 1, 20)
        if rng.random() < 0.4:
            step("appeal_filed", 1, 10, basis="improper withholding")
    return [(k, min(on, last), days, basis, est) for k, on, days, basis, est in events]


def snapshots_for(agency: AgencyInfo, is_expedited: bool, events: list[tuple]) -> list[tuple]:
    """Return (kind, due_on, is_settled) per clock, as foia.requests.clocks computes them."""
    ledger_events = [
        LedgerEvent(kind=k, on=on, days=days, basis=basis or None)
        for k, on, days, basis, _ in events
    ]
    level = "state" if agency.level in ("federal", "state") else agency.level
    try:
        result = compute_clocks(
            get_law(agency.code, events[0][1]),
            calendar_for(agency.code, county=agency.county),
            ledger_events,
            TODAY,
            agency_level=level,
            after_hours_cutoff=agency.cutoff,
        )
    except DeadlineError:
        return []
    # is_settled as foia.requests.clocks._sync_snapshots stores it (for the reminders).
    return [
        (c.kind, c.due_on, c.state in ("met", "not applicable") or c.met_on is not None)
        for c in result.clocks
        if is_expedited or c.kind != "expedited_decision"
    ]


def generate_requests(rng: random.Random, count: int, users: dict[str, list[int]]) -> dict:
    """Insert `count` requests with ledgers, audit rows and snapshots; return row counts."""
    agencies = [
        AgencyInfo(*row)
        for row in db.session.execute(
            select(
                Agency.id, Jurisdiction.code, Agency.level, Agency.county, Agency.after_hours_cutoff
            )
            .join(Jurisdiction, Agency.jurisdiction_id == Jurisdiction.id)
            .order_by(Agency.id)
        )
    ]
    in_ma = [a for a in agencies if a.code == "US-MA"]
    first_id = (db.session.scalar(select(func.max(RecordsRequest.id))) or 0) + 1
    requests, events, audits, snapshots = [], [], [], []
    counts = {
        "records_requests": 0,
        "clock_events": 0,
        "audit_events": 0,
        "deadline_snapshots": 0,
        "closed": 0,
    }
    for request_id in range(first_id, first_id + count):
        agency = rng.choice(in_ma if rng.random() < MA_SHARE else agencies)
        filed_on = weekday_on_or_after(TODAY - timedelta(days=rng.randint(1, SPREAD_DAYS)))
        filed_on = min(filed_on, TODAY - timedelta(days=1))
        is_closed = rng.random() < 0.10
        is_expedited = rng.random() < 0.05
        ledger_rows = ledger(rng, filed_on, is_closed)
        owner = rng.choice(users["lawyer"])
        volunteer = rng.choice(users["volunteer"]) if rng.random() < 0.6 else None
        created = at_utc(filed_on - timedelta(days=rng.randint(1, 6)), 14)
        closed_at = at_utc(ledger_rows[-1][1], 20) if is_closed else None
        reference = f"FR-2026-{request_id:05d}"
        requests.append(
            {
                "id": request_id,
                "reference": reference,
                "title": rng.choice(TITLES),
                "agency_id": agency.id,
                "owner_id": owner,
                "volunteer_id": volunteer,
                "is_expedited": is_expedited,
                "approved_at": at_utc(filed_on, 13),
                "closed_at": closed_at,
                "created_at": created,
                "updated_at": closed_at or at_utc(ledger_rows[-1][1], 18),
            }
            | remembered_from([])
        )
        audits.append(
            audit_row(
                "request.created", request_id, owner, created, f"Request {reference} created", {}
            )
        )
        for kind, on, days, basis, is_estimated in ledger_rows:
            recorder = volunteer if volunteer and kind not in ("filed", "appeal_filed") else owner
            events.append(
                {
                    "request_id": request_id,
                    "kind": kind,
                    "occurred_on": on,
                    "occurred_at_time": None,
                    "days": days,
                    "basis": basis,
                    "is_estimated": is_estimated,
                    "recorded_by_id": recorder,
                    "created_at": at_utc(on, 18),
                    "updated_at": at_utc(on, 18),
                }
            )
            audits.append(
                audit_row(
                    "request.event_added",
                    request_id,
                    recorder,
                    at_utc(on, 18),
                    f"{kind.replace('_', ' ').capitalize()} on {on:%a %d %b %Y}",
                    {"kind": kind, "on": on.isoformat(), "days": days, "basis": basis},
                )
            )
        if not is_closed:
            computed = at_utc(ledger_rows[-1][1], 18)
            clocks = snapshots_for(agency, is_expedited, ledger_rows)
            snapshots.extend(
                {"request_id": request_id, "kind": kind, "due_on": due_on, "computed_at": computed}
                | ({"is_settled": settled} if "is_settled" in DeadlineSnapshot.__table__.c else {})
                for kind, due_on, settled in clocks
            )
            requests[-1].update(remembered_from(clocks))
        requests[-1].update(remembered_ledger(ledger_rows))
        counts["closed"] += is_closed
        if len(requests) >= CHUNK:
            flush_requests(requests, events, audits, snapshots, counts)
    flush_requests(requests, events, audits, snapshots, counts)
    return counts


def remembered_ledger(ledger_rows: list[tuple]) -> dict:
    """Return what a request row remembers of its ledger, as foia.requests.operations keeps it."""
    # Events are inserted in ledger order, so the position stands for the id.
    waiting = waiting_on_us((kind, on) for kind, on, *_ in ledger_rows)
    return {
        "decisive_kind": decisive_kind(
            (kind, on, position) for position, (kind, on, *_) in enumerate(ledger_rows)
        ),
        "fee_waiting_since": waiting.get("fee"),
        "clarification_waiting_since": waiting.get("clarification"),
        **first_dates((kind, on) for kind, on, *_ in ledger_rows),
    }


def audit_row(action, request_id, user_id, at, summary, data) -> dict:
    """Return an audit row as foia.audit.record writes it."""
    return {
        "at": at,
        "user_id": user_id,
        "action": action,
        "object_type": "recordsrequest",
        "object_id": request_id,
        "summary": summary,
        "data": data,
    }


def flush_requests(requests, events, audits, snapshots, counts) -> None:
    """Insert the buffered rows, parents first, and empty the buffers."""
    for model, rows in (
        (RecordsRequest, requests),
        (ClockEvent, events),
        (AuditEvent, audits),
        (DeadlineSnapshot, snapshots),
    ):
        bulk_insert(model.__table__, rows)
        counts[model.__tablename__] += len(rows)
        rows.clear()


def bulk_insert(table, rows: list[dict]) -> None:
    """Insert rows with Core executemany, CHUNK at a time."""
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(table), rows[start : start + CHUNK])


def reset_sequences() -> None:
    """Move PostgreSQL's id sequences past the explicit ids inserted."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c:
            # Table names come from our own metadata, not from input.
            db.session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                )
            )


# Running -------------------------------------------------------------------------------------


def recreate(url: str) -> None:
    """Start from an empty database at `url`."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
    else:
        pg_create(url)


def generate(url: str, agencies: int = 20_000, requests: int = 50_000, seed: int = 2026) -> dict:
    """Recreate `url` and fill it; return the row counts and timings."""
    from flask_migrate import upgrade

    rng = random.Random(seed)
    recreate(url)
    app = build_app(url)
    timings: dict[str, float] = {}
    with app.app_context():
        started = timer.perf_counter()
        upgrade()
        seed_reference(SeedReport())
        db.session.commit()
        timings["migrate + seed"] = timer.perf_counter() - started
        started = timer.perf_counter()
        users = generate_users(rng)
        generate_agencies(rng, agencies)
        db.session.commit()
        timings["users + agencies"] = timer.perf_counter() - started
        started = timer.perf_counter()
        generate_requests(rng, requests, users)
        reset_sequences()
        db.session.commit()
        timings["requests, ledgers, audit, snapshots"] = timer.perf_counter() - started
        started = timer.perf_counter()
        if db.engine.dialect.name == "postgresql":
            # Autovacuum would vacuum and analyse the new tables within a minute, but it is off
            # on these machines' server (`SHOW autovacuum`): without a vacuum no page is marked
            # all-visible, so no count or index-only scan can skip the table's rows.
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM (ANALYZE)"))
        timings["vacuum and analyze"] = timer.perf_counter() - started
        totals = {
            table: db.session.scalar(select(func.count()).select_from(db.metadata.tables[table]))
            for table in (
                "jurisdictions",
                "laws",
                "users",
                "agencies",
                "records_requests",
                "clock_events",
                "deadline_snapshots",
                "audit_events",
            )
        }
        totals["open requests"] = db.session.scalar(
            select(func.count())
            .select_from(RecordsRequest)
            .where(RecordsRequest.closed_at.is_(None))
        )
        db.session.remove()
        db.engine.dispose()
    return {"totals": totals, "timings": timings}


def report(kind: str, url: str, result: dict) -> str:
    """Return the Markdown for one generated database."""
    totals, timings = result["totals"], result["timings"]
    rows = [(f"rows: {name}", f"{count:,}") for name, count in totals.items()]
    rows += [(f"seconds: {name}", f"{seconds:.1f}") for name, seconds in timings.items()]
    rows.append(("seconds: total", f"{sum(timings.values()):.1f}"))
    return f"### Generated {kind} database (`{url}`)\n\n" + markdown_table(("what", "value"), rows)


def main() -> None:
    """Parse the options, generate, print a table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--path", help=f"SQLite file (default {OUT}/foia_bench.sqlite3)")
    parser.add_argument("--url", help="PostgreSQL URL (default .../foia_bench)")
    parser.add_argument("--agencies", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    url = database_url(args.db, args.path, args.url)
    print(report(args.db, url, generate(url, args.agencies, args.requests, args.seed)))


if __name__ == "__main__":
    main()
