"""The CSV export: every filtered event (not one page), streamed, and no cell a formula."""

import csv
import io
import json

import pytest

from foia.audit import Action
from foia.extensions import db
from foia.requests import operations as requests
from tests.auditlog.helpers import add_event, add_events
from tests.support.factories import create_agency, create_user

DANGEROUS_START = ("=", "+", "-", "@")


def export(client, **args) -> tuple[list[str], list[dict[str, str]]]:
    response = client.get("/admin/audit.csv", query_string=args)
    assert response.status_code == 200
    assert response.is_streamed  # written as it is read, not built whole in memory first
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=audit-log-")
    reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
    return list(reader.fieldnames or []), list(reader)


def test_the_export_holds_every_filtered_event_newest_first(admin_client):
    alice = create_user("lawyer", name="Alice")
    add_events(130, user=alice, action=Action.CLOSURE_ADDED)
    add_events(5, action=Action.AGENCY_UPDATED)
    header, rows = export(admin_client, person=alice.id)
    assert header == [
        "When (UTC)",
        "Person",
        "Email",
        "Action",
        "Request",
        "Object",
        "Summary",
        "Details",
    ]
    assert len(rows) == 130
    assert [r["Summary"] for r in rows[:2]] == ["Event 129", "Event 128"]
    assert {(r["Person"], r["Email"], r["Action"]) for r in rows} == {
        ("Alice", alice.email, "closure.added")
    }
    assert rows[0]["When (UTC)"] == "2026-03-11T15:00:00+00:00"


def test_the_export_names_the_request_and_the_details(admin_client):
    records_request = requests.create_request(create_agency(), "Logs", owner=None, actor=None)
    db.session.commit()
    _, [row] = export(admin_client, request_ref=records_request.reference)
    assert row["Request"] == records_request.reference
    assert row["Person"] == "System"
    assert row["Object"] == f"recordsrequest {records_request.id}"
    assert json.loads(row["Details"]) == {}


@pytest.mark.parametrize("start", DANGEROUS_START)
def test_a_cell_starting_like_a_formula_gets_a_quote(admin_client, start):
    formula = f'{start}HYPERLINK("https://evil.example","x")'
    person = create_user("lawyer", name=formula)
    add_event(user=person, summary=formula)
    _, [row] = export(admin_client)
    assert row["Summary"] == "'" + formula
    assert row["Person"] == "'" + formula
    cells = [cell for r in export(admin_client)[1] for cell in r.values()]
    assert [cell for cell in cells if cell.startswith(DANGEROUS_START)] == []


def test_an_empty_selection_gives_only_the_header(admin_client):
    add_event(Action.AGENCY_UPDATED)
    header, rows = export(admin_client, action="closure.added")
    assert header and rows == []


def test_the_page_links_the_export_of_its_filters(admin_client):
    from tests.support.html import Page

    alice = create_user("lawyer", name="Alice")
    add_event(user=alice)
    page = Page(admin_client.get(f"/admin/audit?person={alice.id}&action=agency.updated").text)
    link = page.link("Download as CSV (1 event)").get("href")
    assert link == f"/admin/audit.csv?person={alice.id}&action=agency.updated"
