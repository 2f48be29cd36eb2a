"""`flask seed` loads the reference data, idempotently, and `--demo` adds the demo organisation."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction, Law
from foia.seed.loaders import read_csv

STATE_CODES = {row["code"] for row in read_csv("jurisdictions.csv")}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.slow
def test_seed_is_idempotent(runner):
    first = runner.invoke(args=["seed"])
    assert first.exit_code == 0, first.output
    counts = {m: count(m) for m in (Jurisdiction, Law, Agency)}
    second = runner.invoke(args=["seed"])
    assert second.exit_code == 0, second.output
    assert "nothing new" in second.output
    assert {m: count(m) for m in (Jurisdiction, Law, Agency)} == counts


@pytest.mark.slow
def test_federal_states_and_dc_each_have_a_law(runner):
    runner.invoke(args=["seed"])
    assert len(STATE_CODES) == 52
    rows = db.session.scalars(
        select(Jurisdiction).where(Jurisdiction.level.in_(("federal", "state")))
    ).all()
    assert {j.code for j in rows} == STATE_CODES
    for jurisdiction in rows:
        assert jurisdiction.laws, f"{jurisdiction.code} has no law"
        assert jurisdiction.laws[-1].citation
    ma = db.session.scalar(select(Jurisdiction).filter_by(code="US-MA"))
    assert "c.66" in ma.laws[-1].citation


@pytest.mark.slow
def test_every_massachusetts_municipality_has_its_police_department(runner):
    runner.invoke(args=["seed"])
    expected = {(r["municipality"], r["county"]) for r in read_csv("ma_municipalities.csv")}
    assert len(expected) == 351
    police = db.session.scalars(select(Agency).filter_by(level="municipal", kind="police")).all()
    assert {(a.municipality, a.county) for a in police} == expected
    assert all(a.name == f"{a.municipality} Police Department" for a in police)
    boston = db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))
    assert boston.county == "Suffolk" and boston.jurisdiction.code == "US-MA"
    state_level = {a.name for a in db.session.scalars(select(Agency).filter_by(level="state"))}
    assert state_level == {"Massachusetts State Police", "Registry of Motor Vehicles"}


@pytest.mark.slow
def test_export_lists_all_massachusetts_agencies(runner):
    runner.invoke(args=["seed"])
    result = runner.invoke(args=["agencies", "export", "--jurisdiction", "US-MA"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 353
    by_name = {r["name"]: r for r in rows}
    assert by_name["Cambridge Police Department"]["county"] == "Middlesex"
    assert by_name["Nantucket Police Department"]["county"] == "Nantucket"
    assert by_name["Massachusetts State Police"]["level"] == "state"
    assert by_name["Registry of Motor Vehicles"]["level"] == "state"
    assert {r["jurisdiction"] for r in rows} == {"US-MA"}
    municipal = [r for r in rows if r["level"] == "municipal"]
    assert len(municipal) == 351


@pytest.mark.slow
def test_demo_flag_adds_one_user_per_role_and_prints_passwords(runner):
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    roles = {u.role for u in db.session.scalars(select(User))}
    assert roles == {"admin", "lawyer", "volunteer"}
    for row in read_csv("demo_users.csv"):
        assert f"password: {row['password']}" in result.output
        user = db.session.scalar(select(User).filter_by(email=row["email"]))
        assert user.check_password(row["password"])
    again = runner.invoke(args=["seed", "--demo"])
    assert again.exit_code == 0 and count(User) == 3


@pytest.mark.slow
def test_plain_seed_creates_no_users(runner):
    runner.invoke(args=["seed"])
    assert count(User) == 0


@pytest.mark.slow
def test_demo_campaign_has_requests_around_today(runner):
    from foia import clock
    from foia.requests.models import DeadlineSnapshot, RecordsRequest

    runner.invoke(args=["seed", "--demo"])
    requests = db.session.scalars(select(RecordsRequest)).all()
    assert len(requests) == 6 and all(r.campaign for r in requests)
    today = clock.today()
    dues = {r.agency.municipality: {s.kind: s.due_on for s in r.snapshots} for r in requests}
    assert dues["Springfield"]["response"] < today, "one demo request is overdue"
    assert today <= dues["Worcester"]["response"] <= today + timedelta(days=5)
    assert today < dues["Somerville"]["appeal"] <= today + timedelta(days=10)
    assert dues["Pittsfield"] == {}, "the draft has no clock"
    runner.invoke(args=["seed", "--demo"])
    assert db.session.scalar(select(func.count()).select_from(RecordsRequest)) == 6
    assert db.session.scalar(select(func.count()).select_from(DeadlineSnapshot)) > 0
