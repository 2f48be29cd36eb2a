"""The findings pages: a document's review, the campaign's table with filters, CSV and JSON."""

import csv
import io

import pytest
from sqlalchemy import select

from foia.extensions import db
from foia.findings import operations
from foia.findings.models import Finding
from tests.support.factories import create_agency, create_user
from tests.support.findings import add_document
from tests.support.html import page, text_of
from tests.support.responses import filed_request
from tests.support.sweeps import row_counts


@pytest.fixture
def suggested(attachment):
    operations.suggest_for_attachment(attachment)
    db.session.commit()
    return {f.kind: f for f in db.session.scalars(select(Finding))}


def table_rows(shown) -> dict[str, list[str]]:
    """Return the findings table as {agency: [cell text per kind]}."""
    return {
        text_of(tr.query("th").etree_element): [
            text_of(td.etree_element) for td in tr.query_all("td")
        ]
        for tr in shown.root.query(".findings-table").query_all("tbody tr")
        if tr.query("th") is not None
    }


def test_a_lawyer_asks_for_suggestions_and_sees_them_with_page_and_snippet(
    lawyer_client, attachment
):
    response = lawyer_client.post(f"/attachments/{attachment.id}/findings/suggest")
    assert response.status_code == 302
    shown = page(lawyer_client.get(response.location))
    assert "4 new suggestions." in shown.flashes()
    headings = shown.texts("section.finding h3")
    assert "System or vendor: Clearview AI" in headings
    assert any("Page 2" in t for t in shown.texts("section.finding p"))
    assert any("Clearview AI, Inc." in t for t in shown.texts("blockquote.snippet"))
    again = lawyer_client.post(f"/attachments/{attachment.id}/findings/suggest")
    assert "0 new suggestions." in page(lawyer_client.get(again.location)).flashes()


def test_confirm_with_an_edit_then_reject(lawyer_client, suggested):
    searches = suggested["searches"]
    response = lawyer_client.post(
        f"/findings/{searches.id}/confirm", data={"value": "1,250", "period": "2025"}
    )
    assert response.status_code == 302
    db.session.refresh(searches)
    assert (searches.value, searches.review) == ("1,250", "confirmed")
    lawyer_client.post(f"/findings/{suggested['contract'].id}/reject")
    db.session.refresh(suggested["contract"])
    assert suggested["contract"].review == "rejected"


def test_bad_input_on_the_page_says_why_keeps_what_was_typed_and_changes_nothing(
    lawyer_client, suggested
):
    contract = suggested["contract"]
    before = row_counts()
    response = lawyer_client.post(
        f"/findings/{contract.id}/confirm", data={"value": "lots\x00", "period": "2024"}
    )
    assert response.status_code == 400
    shown = page(response)
    assert "Contract value: an amount in dollars" in shown.texts(f"#finding-{contract.id}-error")[0]
    assert shown.one(f"#value-{contract.id}").get("value") == "lots"
    assert row_counts() == before
    db.session.refresh(contract)
    assert (contract.value, contract.decision) == ("$10,000", None)


@pytest.mark.parametrize("path", ["/findings/999999/confirm", "/findings/999999/reject"])
def test_an_unknown_finding_is_404(lawyer_client, path):
    assert lawyer_client.post(path, data={"value": "yes"}).status_code == 404


def test_a_volunteer_reads_but_cannot_decide(client_for, suggested, attachment):
    volunteer = client_for("volunteer")
    shown = page(volunteer.get(f"/attachments/{attachment.id}/findings"))
    assert "System or vendor: Clearview AI" in shown.texts("section.finding h3")
    assert shown.all("section.finding form") == []
    assert volunteer.post(f"/findings/{suggested['system'].id}/reject").status_code == 403
    assert volunteer.post(f"/attachments/{attachment.id}/findings/suggest").status_code == 403


def test_the_campaign_table_shows_confirmed_findings_by_agency_and_filters(
    app, lawyer_client, suggested, campaign
):
    lawyer = create_user("lawyer")
    operations.confirm(suggested["system"], lawyer, "Clearview AI")
    other = filed_request(
        suggested["system"].created_at.date(),
        agency=create_agency("Boston Police Department"),
        campaign=campaign,
    )
    second = add_document(app, other, "The department does not use facial recognition.")
    [uses] = operations.suggest_for_attachment(second)
    operations.confirm(uses, lawyer, "no")
    db.session.commit()
    url = f"/campaigns/{campaign.id}/findings"
    rows = table_rows(page(lawyer_client.get(url)))
    assert rows["Springfield Police Department"][1] == "Clearview AI"
    assert rows["Springfield Police Department"][2] == "—"  # the contract is only suggested
    assert rows["Boston Police Department"][0] == "No"
    rows = table_rows(page(lawyer_client.get(url, query_string={"showing": "open"})))
    assert rows["Springfield Police Department"][2].startswith("$10,000")
    rows = table_rows(page(lawyer_client.get(url, query_string={"text": "clearview"})))
    assert list(rows) == ["Springfield Police Department"]
    rows = table_rows(page(lawyer_client.get(url, query_string={"kind": "uses_face_recognition"})))
    assert list(rows) == ["Boston Police Department"]
    bad = lawyer_client.get(url, query_string={"kind": "nonsense", "showing": "x\x00"})
    assert bad.status_code == 200


def test_the_campaign_and_agency_pages_link_to_findings(lawyer_client, suggested, campaign):
    shown = page(lawyer_client.get(f"/campaigns/{campaign.id}"))
    link = shown.link("Findings: what each agency disclosed, with its evidence")
    assert link.get("href") == f"/campaigns/{campaign.id}/findings"
    agency_id = suggested["system"].agency_id
    shown = page(lawyer_client.get(f"/agencies/{agency_id}"))
    link = shown.link("Findings about this agency, with their evidence")
    listed = page(lawyer_client.get(link.get("href")))
    assert "System or vendor" in listed.texts("tbody th")


def test_csv_is_one_line_per_finding_with_its_evidence_and_formulas_escaped(
    app, lawyer_client, suggested, campaign
):
    lawyer = create_user("lawyer")
    operations.confirm(suggested["system"], lawyer, '=HYPERLINK("http://x")')
    db.session.commit()
    response = lawyer_client.get(f"/campaigns/{campaign.id}/findings.csv")
    assert response.headers["Content-Disposition"].startswith("attachment")
    lines = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert len(lines) == 1
    [line] = lines
    assert line["Value"] == '\'=HYPERLINK("http://x")'
    assert (line["Agency"], line["Page"], line["Document"]) == (
        "Springfield Police Department",
        "2",
        "response.txt",
    )
    assert "Clearview AI, Inc." in line["Words on the page"]


def test_json_carries_evidence_and_follows_the_filters(lawyer_client, suggested, campaign):
    lawyer = create_user("lawyer", name="Lee Lawyer")
    operations.confirm(suggested["contract"], lawyer, "$10,000", "2024")
    db.session.commit()
    url = f"/campaigns/{campaign.id}/findings.json"
    data = lawyer_client.get(url).get_json()
    [finding] = data["findings"]
    assert finding["kind"] == "contract"
    assert finding["evidence"]["page"] == 2
    assert finding["decided_by"] == "Lee Lawyer"
    assert lawyer_client.get(url, query_string={"kind": "system"}).get_json()["findings"] == []
    everything = lawyer_client.get(url, query_string={"showing": "open"}).get_json()
    assert len(everything["findings"]) == 4


def test_suggesting_on_a_document_on_no_request_says_why(app, lawyer_client):
    from foia.documents import operations as documents
    from foia.documents.storage import store_for

    loose = documents.attach(
        documents.Upload("loose.txt", b"Clearview AI", "text/plain"),
        store=store_for(app.config),
        max_bytes=10**7,
        actor=None,
    )
    db.session.commit()
    before = row_counts()
    response = lawyer_client.post(f"/attachments/{loose.id}/findings/suggest")
    shown = page(lawyer_client.get(response.location))
    assert any("not on a request yet" in text for text in shown.flashes())
    assert row_counts() == before
    assert lawyer_client.get("/attachments/999999/findings").status_code == 404
