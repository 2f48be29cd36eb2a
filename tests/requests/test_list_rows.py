"""The requests list reads plain columns: each row's reference, title, agency, status, owner and
next deadline are those of its request, the filters offer the campaigns, states and lawyers, and
the page takes the same few statements however many rows it shows."""

from sqlalchemy import event

from foia import clock
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.requests import operations
from tests.support.factories import create_agency, create_user, login_as
from tests.support.html import page
from tests.support.reminders import make_request
from tests.support.statements import statements_sent


def _statements(client, path: str) -> int:
    with statements_sent() as seen:
        assert client.get(path).status_code == 200
    return len(seen)


def test_each_row_shows_its_request_and_the_filters_offer_campaigns_states_and_lawyers(app):
    today = clock.today()
    lawyer = create_user("lawyer", name="Lee Lawyer")
    nameless = create_user("lawyer", email="nameless@example.org")
    nameless.name = ""  # a name left empty: the list shows the email, as User.display_name does
    create_user("volunteer", name="Val Volunteer")
    client = login_as(app.test_client(), lawyer)
    filed = make_request(today, owner=lawyer, received_business_days_ago=30, title="Filed one")
    closed = make_request(today, owner=nameless, title="Closed one")
    operations.close_request(closed, "no_longer_needed", today=today, actor=lawyer)
    draft = operations.create_request(
        create_agency("Draft Town Police"), "Draft one", owner=None, actor=lawyer
    )
    db.session.add_all([Campaign(name="Zeta campaign"), Campaign(name="Alpha campaign")])
    db.session.commit()

    shown = page(client.get("/requests"))
    rows = {row["Reference"]: row for row in shown.table()}
    assert rows[filed.reference]["Title"] == "Filed one"
    assert rows[filed.reference]["Agency"] == filed.agency.name
    assert rows[filed.reference]["Status"] == filed.status
    assert rows[filed.reference]["Owner"] == "Lee Lawyer"
    assert rows[filed.reference]["Next deadline"] not in ("—", "none: closed")
    assert rows[closed.reference]["Status"] == f"{closed.status} closed"
    assert rows[closed.reference]["Owner"] == "nameless@example.org"  # no name: the email
    assert rows[closed.reference]["Next deadline"] == "none: closed"
    assert rows[draft.reference]["Owner"] == "—"
    assert rows[draft.reference]["Next deadline"] == "—"

    assert shown.texts("#f-campaign option")[1:] == ["Alpha campaign", "Zeta campaign"]
    owners = shown.texts("#f-owner option")[1:]
    assert set(owners) == {"Lee Lawyer", "nameless@example.org"}  # lawyers, not volunteers
    assert "Massachusetts" in shown.texts("#f-state option")


def test_the_list_takes_the_same_statements_for_one_row_or_sixty(app):
    today = clock.today()
    lawyer = create_user("lawyer")
    client = login_as(app.test_client(), lawyer)
    make_request(today, owner=lawyer)
    one = _statements(client, "/requests")
    agency = create_agency("Busy Police")
    for n in range(59):
        make_request(today, owner=lawyer, agency=agency, title=f"Request {n}")
    assert _statements(client, "/requests") == one
    # The user and session, the count, the rows and the filters' choices (the events' kinds
    # only for rows after an appeal decision: none here).
    assert one <= 4


def test_the_status_filter_lists_what_each_whole_ledger_gives(app):
    today = clock.today()
    lawyer = create_user("lawyer")
    client = login_as(app.test_client(), lawyer)
    agency = create_agency("Status Police")
    made = [
        make_request(today, owner=lawyer, agency=agency),
        make_request(today, owner=lawyer, agency=agency, extra=(("acknowledged", today),)),
        make_request(today, owner=lawyer, agency=agency, extra=(("denial", today),)),
        operations.create_request(agency, "A draft", owner=lawyer, actor=lawyer),
    ]
    db.session.commit()
    statuses = {r.reference: r.status for r in made}  # derived from each whole ledger
    assert len(set(statuses.values())) == 4
    loaded: list[object] = []
    listen = lambda _session, instance: loaded.append(instance)  # noqa: E731
    from sqlalchemy.orm import Session

    event.listen(Session, "loaded_as_persistent", listen)
    try:
        for status in set(statuses.values()):
            shown = page(client.get("/requests", query_string={"status": status}))
            listed = {row["Reference"] for row in shown.table()}
            assert listed == {ref for ref, s in statuses.items() if s == status}, status
    finally:
        event.remove(Session, "loaded_as_persistent", listen)
    # Only the signed-in user is an object; requests and events are read as columns.
    assert {type(o).__name__ for o in loaded} <= {"User", "UserSession"}


def test_rows_read_their_ledger_only_after_an_appeal_decision(app):
    """A row's status comes from its decisive event; an appeal decision needs the whole ledger."""
    today = clock.today()
    lawyer = create_user("lawyer")
    client = login_as(app.test_client(), lawyer)
    agency = create_agency("Appeals Police")
    denied = make_request(today, owner=lawyer, agency=agency, extra=(("denial", today),))
    make_request(today, owner=lawyer, agency=agency, extra=(("acknowledged", today),))
    with statements_sent() as without_decision:
        assert client.get("/requests").status_code == 200
    decided = make_request(
        today,
        owner=lawyer,
        agency=agency,
        extra=tuple((kind, today) for kind in ("denial", "appeal_filed", "appeal_decided")),
    )
    with statements_sent() as seen:
        shown = page(client.get("/requests"))
    statuses = {row["Reference"]: row["Status"] for row in shown.table()}
    assert statuses[decided.reference] == decided.status  # derived from its whole ledger
    assert statuses[denied.reference] == denied.status
    # The user and session, the count, the rows and the filters' choices; the ledger's kinds
    # only for the appeal-decided row.
    ledger_reads = lambda sent: [s for s in sent if "FROM clock_events" in s]  # noqa: E731
    assert (len(without_decision), ledger_reads(without_decision)) == (4, [])
    assert (len(seen), len(ledger_reads(seen))) == (5, 1)
