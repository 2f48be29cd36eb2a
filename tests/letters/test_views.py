"""The template list and the letter preview, as volunteers and lawyers see them."""

import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.extensions import db
from foia.letters.models import RequestTemplate
from tests.support.html import Page
from tests.support.letters import set_up_organisation


@pytest.fixture
def seeded(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()
    return db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))


@pytest.mark.slow
def test_volunteer_sees_templates_and_categories(seeded, volunteer_client):
    page = Page(volunteer_client.get("/letters/templates").get_data(as_text=True))
    assert "Use and policy" in page.texts("h2")
    assert len(page.all("table tbody tr")) == 17
    assert page.all("a.button") == []  # previews are for lawyers


@pytest.mark.slow
def test_lawyer_previews_a_letter_and_downloads_its_pdf(seeded, lawyer_client):
    response = lawyer_client.get(f"/letters/preview?template=use-and-policy&agency_id={seeded.id}")
    assert response.status_code == 200
    page = Page(response.get_data(as_text=True))
    letter = page.one("article.letter")
    assert letter.get("aria-label") == "Letter to Boston Police Department"
    assert len(page.all("article.letter ol.categories li")) == 11
    link = page.one("a.button[href*='preview.pdf']").get("href")
    pdf = lawyer_client.get(link)
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert pdf.data.startswith(b"%PDF")


@pytest.mark.slow
def test_preview_without_a_choice_shows_the_form(seeded, lawyer_client):
    page = Page(lawyer_client.get("/letters/preview").get_data(as_text=True))
    assert page.all("article.letter") == []
    assert len(page.all("select#template option")) == 4


@pytest.mark.slow
def test_a_broken_template_is_reported_not_rendered(seeded, lawyer_client):
    template = db.session.scalar(select(RequestTemplate).filter_by(slug="use-and-policy"))
    template.body = "{{ ''.__class__.__mro__ }}"
    db.session.commit()
    response = lawyer_client.get(f"/letters/preview?template=use-and-policy&agency_id={seeded.id}")
    assert response.status_code == 422
    assert (
        "tried something a letter may not do"
        in Page(response.get_data(as_text=True)).texts("[role=alert]")[0]
    )
    pdf = lawyer_client.get(f"/letters/preview.pdf?template=use-and-policy&agency_id={seeded.id}")
    assert pdf.status_code == 422


@pytest.mark.slow
def test_unknown_agency_is_404(seeded, lawyer_client):
    assert (
        lawyer_client.get(
            "/letters/preview.pdf?template=use-and-policy&agency_id=999999"
        ).status_code
        == 404
    )
