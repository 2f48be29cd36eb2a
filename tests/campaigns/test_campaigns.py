"""Campaigns: choose agencies, preview any letter, approve, generate, edit, download."""

import io
import zipfile

import pytest
from sqlalchemy import func, select

from foia.campaigns import operations
from foia.campaigns.models import Campaign
from foia.documents.storage import store_for
from foia.extensions import db
from foia.letters.models import RecordCategory
from foia.requests.models import RecordsRequest, RequestLetter
from tests.support.campaigns import TOWNS, agency_csv, create_via_page, five_agencies, pdf_text
from tests.support.html import page


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.slow
def test_filter_selects_all_massachusetts_municipal_police(seeded):
    chosen = operations.agencies_matching(
        operations.AgencyFilter(state="US-MA", level="municipal", kind="police")
    )
    assert len(chosen) == 351
    assert {a.kind for a in chosen} == {"police"}
    suffolk = operations.agencies_matching(operations.AgencyFilter(state="US-MA", county="suffolk"))
    assert "Boston Police Department" in {a.name for a in suffolk}


@pytest.mark.slow
def test_campaign_by_filter_from_the_page(seeded, lawyer_client):
    form = lawyer_client.get("/campaigns/new?template=ban-compliance")
    ticked = page(form).all("input[name=categories][checked]")
    assert ticked, "the template's default categories are preselected"
    response = lawyer_client.post(
        "/campaigns/new",
        data={
            "name": "All MA municipal police",
            "template": "use-and-policy",
            "categories": ["use-policies"],
            "state": "US-MA",
            "level": "municipal",
            "kind": "police",
        },
    )
    assert response.status_code == 302
    campaign = db.session.scalar(select(Campaign))
    assert len(campaign.members) == 351
    assert _count(RecordsRequest) == 0  # nothing is created before approval


@pytest.mark.slow
def test_a_list_with_bad_rows_lists_them_and_creates_nothing(seeded, lawyer_client):
    upload = agency_csv(
        ["Boston Police Department", "Atlantis Police Department", "Boston Police Department"]
    )
    response = lawyer_client.post(
        "/campaigns/new",
        content_type="multipart/form-data",
        data={
            "name": "Bad list",
            "template": "use-and-policy",
            "categories": ["use-policies"],
            "agency_list": upload,
        },
    )
    assert response.status_code == 400
    problems = page(response).texts("section[aria-labelledby=problems-heading] li")
    assert problems == [
        "Line 3: there is no agency named “Atlantis Police Department”.",
        "Line 4: Boston Police Department is listed already on line 2.",
    ]
    assert _count(Campaign) == 0


@pytest.mark.slow
def test_preview_approve_generate_with_frozen_pdfs_and_no_duplicates(seeded, lawyer_client, app):
    agencies = five_agencies()
    campaign = create_via_page(lawyer_client)
    # Any letter can be previewed, as HTML and as PDF, before anything is created.
    html = lawyer_client.get(f"/campaigns/{campaign.id}/preview?agency_id={agencies[2].id}")
    assert (
        page(html).one("article.letter").get("aria-label")
        == "Letter to Somerville Police Department"
    )
    pdf = lawyer_client.get(f"/campaigns/{campaign.id}/preview.pdf?agency_id={agencies[2].id}")
    text = pdf_text(pdf.data)
    assert "Somerville Police Department" in text
    assert "M.G.L. c.66" in text
    for slug in ("use-policies", "contracts", "audit-logs"):
        name = db.session.scalar(select(RecordCategory.name).filter_by(slug=slug))
        assert name in text
    assert _count(RecordsRequest) == 0

    # Generation waits for a lawyer's approval.
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    assert _count(RecordsRequest) == 0
    assert lawyer_client.post(f"/campaigns/{campaign.id}/approve").status_code == 302
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")  # retried: nothing new
    requests = operations.campaign_requests(campaign)
    assert [r.agency.name for r in requests] == [f"{t} Police Department" for t in TOWNS]
    assert _count(RequestLetter) == 5
    store = store_for(app.config)
    for records_request in requests:
        (letter,) = records_request.letters
        assert records_request.status == "approved"
        assert letter.sent_at is None
        assert records_request.agency.name in letter.body_html
        assert records_request.agency.name in letter.body_text
        assert "M.G.L. c.66" in pdf_text(store.get(letter.pdf_sha256))
    assert operations.progress(campaign).generated == 5


@pytest.mark.slow
def test_the_database_refuses_a_second_request_per_agency(seeded, lawyer_client):
    import pytest
    from sqlalchemy.exc import IntegrityError

    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    first = operations.campaign_requests(campaign)[0]
    db.session.add(RecordsRequest(title="dup", agency_id=first.agency_id, campaign_id=campaign.id))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@pytest.mark.slow
def test_editing_regenerates_unfiled_letters_and_drafts_corrections(seeded, lawyer_client):
    from datetime import date

    from foia.filing import operations as filing

    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    filed, *unfiled = operations.campaign_requests(campaign)
    filing.file_by_fax(
        filed,
        sent_on=date(2026, 11, 2),
        fax_number="617-555-0100",
        confirmation="OK",
        today=date(2026, 11, 2),
        actor=None,
    )
    db.session.commit()
    sent = filed.letters[0]
    sent_sha, sent_text = sent.pdf_sha256, sent.body_text

    response = lawyer_client.post(
        f"/campaigns/{campaign.id}/edit",
        data={
            "name": campaign.name,
            "template": "use-and-policy",
            "categories": ["use-policies", "contracts", "audit-logs", "training"],
            "date_from": "2019-01-01",
        },
    )
    assert response.status_code == 302
    shown = page(lawyer_client.get(f"/campaigns/{campaign.id}"))
    assert shown.texts("section[aria-labelledby=corrections-heading] li") == [
        f"{filed.reference}: {filed.agency.name}"
    ]
    assert not campaign.is_approved
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")

    training = db.session.scalar(select(RecordCategory.name).filter_by(slug="training"))
    for records_request in unfiled:
        assert training in records_request.letters[-1].body_text
        assert len(records_request.letters) == 1
    kinds = [letter.kind for letter in filed.letters]
    assert kinds == ["request", "correction"]
    assert (sent.pdf_sha256, sent.body_text) == (sent_sha, sent_text)  # frozen
    assert filed.reference in filed.letters[1].body_text
    assert training in filed.letters[1].body_text


@pytest.mark.slow
def test_zip_and_print_ready_pdf(seeded, lawyer_client, volunteer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    lawyer_client.post(f"/campaigns/{campaign.id}/generate")
    response = volunteer_client.get(f"/campaigns/{campaign.id}/letters.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = archive.namelist()
    assert len(names) == 5
    assert names[0].startswith("Boston-Police-Department-FR-")
    assert "Boston Police Department" in pdf_text(archive.read(names[0]))
    printed = volunteer_client.get(f"/campaigns/{campaign.id}/letters-print.pdf")
    assert printed.headers["Content-Disposition"].startswith("attachment;")
    text = pdf_text(printed.data)
    positions = [text.index(f"{t} Police Department") for t in TOWNS]
    assert positions == sorted(positions)  # in campaign order


@pytest.mark.slow
def test_volunteer_cannot_build_approve_generate_or_file(seeded, lawyer_client, volunteer_client):
    five_agencies()
    campaign = create_via_page(lawyer_client)
    for action in ("approve", "generate", "file"):
        assert volunteer_client.post(f"/campaigns/{campaign.id}/{action}").status_code == 403
    assert volunteer_client.get("/campaigns/new").status_code == 403
    assert volunteer_client.get(f"/campaigns/{campaign.id}").status_code == 200
    assert not db.session.get(Campaign, campaign.id).is_approved
