"""The per-agency request counts the scorecards rank by: kept exact by triggers, on any day."""

from datetime import timedelta

import pytest
from sqlalchemy import case, delete, func, insert, select, text, update
from sqlalchemy.exc import OperationalError

from foia import clock
from foia.agencies.models import Agency
from foia.dashboard import scorecard_queries, scorecards
from foia.extensions import db
from foia.requests import counts
from foia.requests.models import AgencyCountReference, AgencyRequestCount, RecordsRequest
from tests.support.factories import create_agency
from tests.support.reminders import make_request


def kept() -> dict[int, tuple[str, int, int, int]]:
    """Return the counts the triggers keep, per agency."""
    rows = db.session.execute(
        select(
            AgencyRequestCount.agency_id,
            AgencyRequestCount.name,
            AgencyRequestCount.requests,
            AgencyRequestCount.open_requests,
            AgencyRequestCount.late_requests,
        ).where(AgencyRequestCount.requests > 0)
    )
    return {agency_id: tuple(rest) for agency_id, *rest in rows}


def counted() -> dict[int, tuple[str, int, int, int]]:
    """Return the same counted afresh from the requests, late against the reference day."""
    before = db.session.scalar(select(AgencyCountReference.late_before))
    is_open = RecordsRequest.closed_at.is_(None)
    late = is_open & (RecordsRequest.next_agency_due_on < before) if before else None
    rows = db.session.execute(
        select(
            RecordsRequest.agency_id,
            Agency.name,
            func.count(),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(case((late, 1), else_=0)) if late is not None else func.sum(0),
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .group_by(RecordsRequest.agency_id, Agency.name)
    )
    return {agency_id: tuple(rest) for agency_id, *rest in rows}


def test_the_counts_follow_every_write_to_requests_and_agency_names(app):
    today = clock.today()
    first = create_agency(name="Ash Police Department", email="a@example.org")
    second = create_agency(name="Birch Police Department", email="b@example.org")
    # Late against the reference day: the triggers count each write against it.
    db.session.execute(delete(AgencyCountReference))  # the migration's, in a first test
    db.session.add(AgencyCountReference(id=1, late_before=today))
    db.session.commit()
    made = [
        make_request(today, owner=None, agency=first, received_business_days_ago=n) for n in (3, 30)
    ]
    made.append(make_request(today, owner=None, agency=second, received_business_days_ago=25))
    assert kept() == counted() and kept()[first.id][1:3] == (2, 2)
    assert kept()[first.id][3] == 1  # the one received 30 business days ago is past due

    steps = [
        # closed, then reopened, by the app
        lambda: setattr(made[1], "closed_at", clock.now()),
        lambda: setattr(made[1], "closed_at", None),
        # moved to another agency, and its due date changed
        lambda: setattr(made[0], "agency", second),
        lambda: setattr(made[0], "next_agency_due_on", today - timedelta(days=400)),
        lambda: setattr(made[0], "next_agency_due_on", None),
        # written without the ORM: a bulk insert, an update and a delete in SQL
        lambda: db.session.execute(
            insert(RecordsRequest),
            [
                {"agency_id": first.id, "title": "Bulk", "category_slugs": [], "reference": "B1"},
                {
                    "agency_id": first.id,
                    "title": "Bulk late",
                    "category_slugs": [],
                    "reference": "B2",
                    "next_agency_due_on": today - timedelta(days=1),
                },
            ],
        ),
        lambda: db.session.execute(
            update(RecordsRequest)
            .where(RecordsRequest.reference.in_(["B1", "B2"]))
            .values(closed_at=clock.now())
        ),
        lambda: db.session.execute(delete(RecordsRequest).where(RecordsRequest.reference == "B1")),
        lambda: db.session.delete(made[2]),
        lambda: setattr(second, "name", "Birch County Sheriff"),
    ]
    for step in steps:
        step()
        db.session.commit()
        assert kept() == counted()
    assert kept()[second.id][0] == "Birch County Sheriff"
    # Every request of an agency gone: its row stays at zero, and it is no longer ranked.
    db.session.execute(delete(RecordsRequest).where(RecordsRequest.agency_id == second.id))
    db.session.commit()
    assert second.id not in kept() and kept() == counted()


def test_recount_moves_the_reference_day_and_counts_the_same(app, runner):
    today = clock.today()
    agency = create_agency(name="Cedar Police Department", email="c@example.org")
    for ago in (2, 20, 40):
        make_request(today, owner=None, agency=agency, received_business_days_ago=ago)

    result = runner.invoke(args=["requests", "recount"])

    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(AgencyCountReference.late_before)) == today
    assert kept() == counted() and kept()[agency.id][1:] == (3, 3, 2)


#: Agencies and their requests' next due dates, in days from today (None: no due date).
DUE = {
    "Alder Police Department": [-30, -5],
    "Beech Police Department": [-1, 0, 3],
    "Cherry Police Department": [0],
    "Dogwood Police Department": [12, None],
    "Elder Police Department": [-2],
    "Fir Police Department": [-40, 1, 2, None],
}


@pytest.mark.parametrize("reference", [None, -60, -3, -1, 0, 1, 7, 90])
@pytest.mark.parametrize("order", ["desc", "asc"])
def test_the_overdue_order_is_exact_whatever_day_the_counts_were_made(app, reference, order):
    today = clock.today()
    for name, dues in DUE.items():
        agency = create_agency(name=name, email="records@example.org")
        for n, due in enumerate(dues):
            made = make_request(today, owner=None, agency=agency, received_business_days_ago=n)
            made.next_agency_due_on = None if due is None else today + timedelta(days=due)
    closed = make_request(today, owner=None, agency=agency, received_business_days_ago=1)
    closed.next_agency_due_on, closed.closed_at = today - timedelta(days=9), clock.now()
    db.session.commit()
    if reference is None:
        db.session.execute(delete(AgencyCountReference))
        db.session.commit()
    else:
        counts.recount(today + timedelta(days=reference))
        db.session.commit()

    found = scorecard_queries.card_page(today, None, "overdue", order == "desc", 1, 50)

    ids = list(db.session.scalars(select(Agency.id)))
    every = scorecards.sort_cards(
        scorecard_queries.cards_for(today, None, ids), "overdue", order == "desc"
    )
    assert [c.agency for c in found.cards] == [c.agency for c in every]
    assert found.total == len(DUE)
    shares = {c.agency: c.overdue for c in every}
    assert shares["Alder Police Department"] == 1.0 and shares["Cherry Police Department"] == 0
    assert shares["Fir Police Department"] == pytest.approx(1 / 4)


def test_the_triggers_are_in_the_database(app):
    # The counts are only as exact as the triggers: a schema made without the migration (say by
    # create_all) would leave them at zero.
    if db.engine.dialect.name == "postgresql":
        found = db.session.scalars(
            text("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'trg_%count%'")
        )
    else:
        found = db.session.scalars(
            text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'trg_%'")
        )
    assert set(found) == {
        "trg_records_requests_count_insert",
        "trg_records_requests_count_update",
        "trg_records_requests_count_delete",
        "trg_agencies_count_name",
    }


@pytest.mark.postgres_only  # CI's SQLite suite deselects it, its PostgreSQL suite runs it
def test_an_update_on_the_same_side_of_the_reference_day_leaves_the_agency_row_unlocked(app):
    if db.engine.dialect.name != "postgresql":  # only when run by hand without -m
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    today = clock.today()
    agency = create_agency(name="Hazel Police Department", email="h@example.org")
    made = make_request(today, owner=None, agency=agency, received_business_days_ago=2)
    counts.recount(today)
    made.next_agency_due_on = today + timedelta(days=5)
    db.session.commit()

    made.next_agency_due_on = today + timedelta(days=9)  # still not late: nothing to count
    db.session.flush()
    with db.engine.connect() as other:
        # Another writer (a filing worker on another request of the agency) is not kept waiting.
        other.execute(
            text("SELECT 1 FROM agency_request_counts WHERE agency_id = :a FOR UPDATE NOWAIT"),
            {"a": agency.id},
        )
        other.rollback()
    made.next_agency_due_on = today - timedelta(days=1)  # now late: the row is written
    db.session.flush()
    with db.engine.connect() as other, pytest.raises(OperationalError):
        other.execute(
            text("SELECT 1 FROM agency_request_counts WHERE agency_id = :a FOR UPDATE NOWAIT"),
            {"a": agency.id},
        )
    db.session.commit()
    assert kept() == counted() and kept()[agency.id][3] == 1
