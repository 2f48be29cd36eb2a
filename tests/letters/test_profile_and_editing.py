"""The letterhead and signatures in letters; editing templates and categories safely."""

import base64
import io

import pytest
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.extensions import db
from foia.letters.models import RecordCategory, RequestTemplate
from tests.support.campaigns import pdf_text
from tests.support.html import page
from tests.support.letters import set_up_organisation

# The smallest valid PNG: one transparent pixel.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def boston(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    set_up_organisation()
    return db.session.scalar(select(Agency).filter_by(name="Boston Police Department"))


def _save_profile(client, **extra):
    data = {
        "name": "Digital Rights Project",
        "address": "1 Liberty Sq\nBoston, MA 02109",
        "email": "records@drp.example.org",
        "phone": "617-555-0199",
        "signature_block": "Staff Attorney\nDigital Rights Project",
        **extra,
    }
    return client.post("/letters/profile", data=data, content_type="multipart/form-data")


@pytest.mark.slow
def test_profile_logo_and_signature_are_used_in_letters(boston, lawyer_client):
    assert _save_profile(lawyer_client, logo=(io.BytesIO(PNG), "logo.png")).status_code == 302
    lawyer_client.post("/letters/signature", data={"line": "Jane Roe, Esq."})
    response = lawyer_client.get(f"/letters/preview?template=use-and-policy&agency_id={boston.id}")
    letter = page(response).one("article.letter")
    logo = page(response).one("article.letter img.org-logo")
    assert logo.get("src").startswith("data:image/png;base64,")
    text = " ".join("".join(letter.itertext()).split())
    assert "Digital Rights Project" in text and "Jane Roe, Esq." in text
    pdf = lawyer_client.get(f"/letters/preview.pdf?template=use-and-policy&agency_id={boston.id}")
    printed = pdf_text(pdf.data)
    assert "Jane Roe, Esq." in printed and "Staff Attorney" in printed
    assert "records@drp.example.org" in printed
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"organisation.updated", "signature.updated"} <= actions


@pytest.mark.slow
@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"GIF89a" + b"\0" * 20, "must be a PNG or JPEG"),
        (b"<svg onload=alert(1)>", "must be a PNG or JPEG"),
        (PNG[:8] + b"\0" * (200 * 1024), "limit is 200 KB"),
    ],
)
def test_a_logo_is_checked_by_its_content_and_size(boston, lawyer_client, content, problem):
    response = _save_profile(lawyer_client, logo=(io.BytesIO(content), "logo.png"))
    assert response.status_code == 400
    assert problem in page(response).error_for("Logo (PNG or JPEG, up to 200 KB)")


@pytest.mark.slow
@pytest.mark.parametrize(
    "body",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ agency.name.format.__globals__ }}",
        "{% include '/etc/passwd' %}",
        "{{ cycler.__init__.__globals__.os }}",
        "{% for x in categories %}{{ undefined_thing.x }}{% endfor %}",
        "{{ 'x' * 100000000 }}",
        "{% if %}",
    ],
)
def test_template_injection_is_refused_and_not_saved(boston, lawyer_client, body):
    before = db.session.scalar(select(RequestTemplate.body).filter_by(slug="use-and-policy"))
    response = lawyer_client.post(
        "/letters/templates/use-and-policy/edit",
        data={"name": "Use and policy", "body": body, "categories": ["use-policies"]},
    )
    assert response.status_code == 400
    error = page(response).error_for("Letter body (sandboxed Jinja)")
    assert error.startswith("Not saved: ")
    db.session.expire_all()
    assert (
        db.session.scalar(select(RequestTemplate.body).filter_by(slug="use-and-policy")) == before
    )
    assert db.session.scalar(select(AuditEvent).filter_by(action="template.updated")) is None


@pytest.mark.slow
def test_a_lawyer_edits_wording_and_adds_a_category(boston, lawyer_client):
    response = lawyer_client.post(
        "/letters/categories/new",
        data={
            "slug": "drone-footage",
            "name": "Drone footage matched by face recognition",
            "wording": "Records of any face recognition search run on drone footage.",
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    category = db.session.scalar(select(RecordCategory).filter_by(slug="drone-footage"))
    assert category.number == 18
    body = (
        "<p>Request to {{ agency.name }} under {{ law.citation }}.</p>"
        "<ol>{% for c in categories %}<li>{{ c.wording }}</li>{% endfor %}</ol>"
    )
    response = lawyer_client.post(
        "/letters/templates/use-and-policy/edit",
        data={
            "name": "Use and policy",
            "body": body,
            "categories": ["use-policies", "drone-footage"],
        },
    )
    assert response.status_code == 302
    preview = lawyer_client.get(f"/letters/preview?template=use-and-policy&agency_id={boston.id}")
    text = " ".join(page(preview).texts("article.letter .letter-body"))
    assert "drone footage" in text and "Boston Police Department" in text
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"category.created", "template.updated"} <= actions


@pytest.mark.slow
def test_volunteers_cannot_edit_letters(boston, volunteer_client):
    for url in (
        "/letters/profile",
        "/letters/templates/use-and-policy/edit",
        "/letters/categories/new",
    ):
        assert volunteer_client.get(url).status_code == 403
