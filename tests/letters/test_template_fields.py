"""Template fields: a template declares the details it needs, the forms ask for them, and a
letter with an unfilled one is highlighted in the preview and cannot be approved (issue #16 §2)."""

import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.letters.fields import FieldSpecError, TemplateField, parse_spec
from foia.letters.models import RequestTemplate
from foia.requests.models import RecordsRequest
from tests.support.campaigns import agency_csv, inline_worker, seeded
from tests.support.html import page

__all__ = ["inline_worker", "seeded"]

FILLED = {
    "field-defendant_name": "John Doe",
    "field-case_reference": "Docket 2584CR001234, arrested 3 March 2025",
}


def test_a_field_is_declared_as_name_and_label_and_may_be_optional():
    assert parse_spec("defendant_name: defendant's name; date_of_birth?: date of birth") == [
        TemplateField("defendant_name", "defendant's name", True),
        TemplateField("date_of_birth", "date of birth", False),
    ]
    assert parse_spec("case_reference: case or docket number, arrest date\n\n") == [
        TemplateField("case_reference", "case or docket number, arrest date", True)
    ]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("defendant_name", "write a field as"),
        ("Defendant Name: x", "lower-case letters"),
        ("a: one; a: two", "declared twice"),
    ],
)
def test_a_bad_declaration_is_refused_with_a_reason(spec, message):
    with pytest.raises(FieldSpecError, match=message):
        parse_spec(spec)


def test_the_seeded_defendant_template_declares_its_fields(seeded):
    template = db.session.scalar(select(RequestTemplate).filter_by(slug="defendant-case"))
    assert [f["name"] for f in template.fields] == [
        "defendant_name",
        "case_reference",
        "date_of_birth",
    ]
    assert "[defendant's name]" not in template.body


def _boston() -> Agency:
    return db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))


def test_the_preview_highlights_every_unfilled_field(seeded, lawyer_client):
    response = lawyer_client.get(
        f"/letters/preview?template=defendant-case&agency_id={_boston().id}"
    )
    assert response.status_code == 200
    shown = page(response)
    marks = shown.texts("article.letter mark.unfilled-field")
    assert marks == ["[defendant's name]", "[case or docket number, arrest date]"]
    assert "defendant's name, case or docket number" in shown.texts("#unfilled-note")[0]


def _compose(client, action: str, **extra):
    data = {
        "name": "FR searches in Commonwealth v. Doe",
        "agency": _boston().id,
        "template": "defendant-case",
        "categories": ["case-documentation"],
        "date_from": "2025-01-01",
        "action": action,
        **extra,
    }
    return client.post("/requests/compose", data=data)


def test_the_compose_form_asks_for_the_fields_and_prints_them(seeded, lawyer_client):
    form = page(lawyer_client.get("/requests/compose?template=defendant-case"))
    assert form.by_label("Defendant's name").get("name") == "field-defendant_name"
    assert form.by_label("Case or docket number, arrest date").get("name") == "field-case_reference"
    assert form.by_label("Date of birth (optional)").get("name") == "field-date_of_birth"
    preview = page(_compose(lawyer_client, "preview", **FILLED))
    letter = preview.texts("article.letter .letter-body")[0]
    assert "prosecution of John Doe, Docket 2584CR001234, arrested 3 March 2025." in letter
    assert preview.all("mark.unfilled-field") == []
    assert preview.by_label("Defendant's name").get("value") == "John Doe"


def test_a_letter_with_an_unfilled_field_cannot_be_approved(seeded, lawyer_client):
    assert _compose(lawyer_client, "create").status_code == 302
    records_request = db.session.scalar(select(RecordsRequest))
    shown = page(lawyer_client.get(f"/requests/{records_request.id}"))
    assert "[defendant's name]" in shown.texts("mark.unfilled-field")
    response = lawyer_client.post(f"/requests/{records_request.id}/approve", follow_redirects=True)
    assert any(
        "cannot be approved: fill in “defendant's name”" in f for f in page(response).flashes()
    )
    db.session.expire_all()
    assert records_request.approved_at is None


def test_a_filled_letter_is_approved(seeded, lawyer_client):
    assert _compose(lawyer_client, "create", **FILLED).status_code == 302
    records_request = db.session.scalar(select(RecordsRequest))
    lawyer_client.post(f"/requests/{records_request.id}/approve")
    db.session.expire_all()
    assert records_request.approved_at is not None


def _new_campaign(client, **fields):
    data = {
        "name": "Doe case",
        "template": "defendant-case",
        "categories": ["case-documentation", "audit-logs"],
        "agency_list": agency_csv(["Boston Police Department", "Cambridge Police Department"]),
        **fields,
    }
    response = client.post("/campaigns/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return db.session.scalar(select(Campaign).filter_by(name="Doe case"))


def test_a_campaign_asks_for_the_fields_and_refuses_approval_until_filled(seeded, lawyer_client):
    form = page(lawyer_client.get("/campaigns/new?template=defendant-case"))
    assert form.by_label("Defendant's name").get("name") == "field-defendant_name"
    campaign = _new_campaign(lawyer_client)
    response = lawyer_client.post(f"/campaigns/{campaign.id}/approve", follow_redirects=True)
    assert any("fill in “defendant's name”" in f for f in page(response).flashes())
    db.session.expire_all()
    assert campaign.approved_at is None
    preview = lawyer_client.get(f"/campaigns/{campaign.id}/preview?agency_id={_boston().id}")
    assert len(page(preview).all("mark.unfilled-field")) == 2

    edit = {
        "name": "Doe case",
        "template": "defendant-case",
        "categories": ["case-documentation", "audit-logs"],
        **FILLED,
    }
    edit_page = page(lawyer_client.get(f"/campaigns/{campaign.id}/edit"))
    assert edit_page.by_label("Defendant's name").get("value") == ""
    assert lawyer_client.post(f"/campaigns/{campaign.id}/edit", data=edit).status_code == 302
    edit_page = page(lawyer_client.get(f"/campaigns/{campaign.id}/edit"))
    assert edit_page.by_label("Defendant's name").get("value") == "John Doe"
    lawyer_client.post(f"/campaigns/{campaign.id}/approve")
    db.session.expire_all()
    assert campaign.approved_at is not None
    assert campaign.field_values["defendant_name"] == "John Doe"
    preview = page(lawyer_client.get(f"/campaigns/{campaign.id}/preview?agency_id={_boston().id}"))
    assert preview.all("mark.unfilled-field") == []
    assert "prosecution of John Doe" in preview.texts("article.letter .letter-body")[0]


def test_a_template_edit_declares_fields_and_a_body_using_an_undeclared_one_is_refused(
    seeded, lawyer_client
):
    url = "/letters/templates/use-and-policy/edit"
    data = {
        "name": "Use and policy",
        "body": "<p>About {{ fields.officer_name }}.</p>",
        "categories": ["use-policies"],
        "fields": "",
    }
    refused = page(lawyer_client.post(url, data=data))
    assert "Not saved" in refused.error_for("Letter body (sandboxed Jinja)")
    data["fields"] = "officer_name: officer's name"
    assert lawyer_client.post(url, data=data).status_code == 302
    template = db.session.scalar(select(RequestTemplate).filter_by(slug="use-and-policy"))
    assert template.fields == [
        {"name": "officer_name", "label": "officer's name", "required": True}
    ]
    shown = page(lawyer_client.get(url))
    assert shown.by_label("Fields the letter needs filled in").text.strip() == (
        "officer_name: officer's name"
    )
