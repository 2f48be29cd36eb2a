"""The public exports: findings as CSV and JSON under the organisation's licence, and the feed."""

import csv
import io
import json
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from foia.extensions import db
from foia.findings.models import Finding
from foia.letters.models import OrganisationProfile
from foia.public.exports import NO_LICENCE
from tests.support.public import SLUG

ATOM = "{http://www.w3.org/2005/Atom}"


def _licence(text: str) -> None:
    db.session.add(OrganisationProfile(name="Digital Rights Project", data_licence=text))
    db.session.commit()


def test_the_csv_holds_each_confirmed_finding_with_the_licence(tracker, client):
    _licence("CC BY 4.0")
    response = client.get(f"/public/{SLUG}/findings.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f"attachment; filename={SLUG}-findings.csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [(r["Agency"], r["Finding"], r["Value"]) for r in rows] == [
        ("Springfield Tracker Police", "System or vendor", "Clearview AI"),
        ("Springfield Tracker Police", "Uses face recognition", "Yes"),
    ]
    assert rows[0]["Document"] == "released-contract.txt"
    assert rows[0]["Page"] == "1"
    assert rows[1]["Document"] == rows[1]["Page"] == rows[1]["Words on the page"] == ""
    assert {r["Licence"] for r in rows} == {"CC BY 4.0"}


def test_a_cell_starting_like_a_formula_gets_a_quote(tracker, client):
    db.session.add(
        Finding(
            agency_id=tracker["overdue_agency_id"],
            attachment_id=tracker["released_id"],
            kind="system",
            value="=HYPERLINK(1)",
            snippet="@SUM(1)",
            decision="confirmed",
            decided_at=datetime(2026, 12, 1, tzinfo=UTC),
        )
    )
    db.session.commit()
    text = client.get(f"/public/{SLUG}/findings.csv").get_data(as_text=True)
    row = next(
        r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))) if "HYPER" in r["Value"]
    )
    assert (row["Value"], row["Words on the page"]) == ("'=HYPERLINK(1)", "'@SUM(1)")


def test_the_json_holds_the_licence_and_each_findings_evidence_if_released(tracker, client):
    _licence("CC BY 4.0")
    data = json.loads(client.get(f"/public/{SLUG}/findings.json").get_data(as_text=True))
    assert data["licence"] == "CC BY 4.0"
    assert data["publisher"] == "Digital Rights Project"
    assert data["campaign"] == "Tracker test campaign"
    first, second = data["findings"]
    assert (first["kind"], first["value"], first["kind_label"]) == (
        "system",
        "Clearview AI",
        "System or vendor",
    )
    assert first["evidence"] == {
        "document_id": tracker["released_id"],
        "document": "released-contract.txt",
        "page": 1,
    }
    assert second["value_label"] == "Yes"
    assert second["evidence"] is None
    assert datetime.fromisoformat(first["confirmed_at"]).tzinfo is not None


def test_without_a_licence_the_exports_say_to_ask(tracker, client):
    data = json.loads(client.get(f"/public/{SLUG}/findings.json").get_data(as_text=True))
    assert data["licence"] == NO_LICENCE


def test_the_feed_is_atom_of_released_documents_and_confirmed_findings(tracker, client):
    _licence("CC BY-SA 4.0")
    response = client.get(f"/public/{SLUG}/feed.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 - our own output, parsed to check it
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}rights") == "CC BY-SA 4.0"
    assert feed.findtext(f"{ATOM}title") == "Tracker test campaign: released documents and findings"
    entries = feed.findall(f"{ATOM}entry")
    titles = sorted(entry.findtext(f"{ATOM}title") for entry in entries)
    assert titles == [
        "Document released: released-contract.txt",
        "Springfield Tracker Police: System or vendor: Clearview AI",
        "Springfield Tracker Police: Uses face recognition: Yes",
    ]
    stamps = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert stamps == sorted(stamps, reverse=True)  # newest first
    assert feed.findtext(f"{ATOM}updated") == stamps[0]
    for entry in entries:  # RFC 4287 requires an id, a title and an updated time per entry
        assert entry.findtext(f"{ATOM}id").startswith(f"http://127.0.0.1:5000/public/{SLUG}/")
        datetime.strptime(entry.findtext(f"{ATOM}updated"), "%Y-%m-%dT%H:%M:%SZ")
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == 3
