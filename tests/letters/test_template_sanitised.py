"""Saving a template whose body holds markup no letter may hold (#18): the saved body is the
sanitised one, and the editor says in words what was removed; a clean body is saved as typed."""

from sqlalchemy import select

from foia.audit import Action, AuditEvent
from foia.extensions import db
from foia.letters.models import RequestTemplate
from tests.support.html import page, value_of

URL = "/letters/templates/notice/edit"


def _template(body: str = "<p>Dear {{ agency.name }},</p>") -> RequestTemplate:
    template = RequestTemplate(slug="notice", name="Notice", body=body, default_category_slugs=[])
    db.session.add(template)
    db.session.commit()
    return template


def _saved_body() -> str:
    db.session.expire_all()
    return db.session.scalar(select(RequestTemplate.body).filter_by(slug="notice"))


def test_removed_markup_is_named_in_the_editor_and_the_sanitised_body_saved(app, lawyer_client):
    _template()
    body = (
        "<p>Dear {{ agency.name }},</p>"
        '<p>See <a href="https://example.org/policy" onclick="steal()">our policy</a>.</p>'
        "<script>fetch('/x')</script>"
    )
    response = lawyer_client.post(URL, data={"name": "Notice", "body": body})
    assert response.status_code == 302
    assert response.location.endswith(URL)  # back to the editor
    editor = page(lawyer_client.get(response.location))
    assert editor.flashes() == [
        "Template “Notice” saved. Removed before saving: a <script> element; the onclick"
        " attribute of a link."
    ]
    sanitised = (
        "<p>Dear {{ agency.name }},</p>"
        '<p>See <a href="https://example.org/policy">our policy</a>.</p>'
    )
    assert _saved_body() == sanitised
    assert value_of(editor.by_label("Letter body (sandboxed Jinja)")) == sanitised
    (event,) = db.session.scalars(select(AuditEvent).filter_by(action=Action.TEMPLATE_UPDATED))
    assert event.data["removed"] == ["a <script> element", "the onclick attribute of a link"]
    assert event.data["after"]["body"] == sanitised


def test_a_clean_body_is_saved_as_typed_and_nothing_is_said_of_removal(app, lawyer_client):
    _template()
    body = (
        "<p>Dear {{ agency.name }} & staff,</p>\r\n"
        "<ol>{% for c in categories %}<li>{{ c.wording }}</li>{% endfor %}</ol>"
    )
    response = lawyer_client.post(URL, data={"name": "Notice", "body": body})
    assert response.status_code == 302
    assert response.location.endswith("/letters/templates")
    assert page(lawyer_client.get(response.location)).flashes() == ["Template “Notice” saved."]
    assert _saved_body() == body
    (event,) = db.session.scalars(select(AuditEvent).filter_by(action=Action.TEMPLATE_UPDATED))
    assert event.data["removed"] == []


def test_markup_that_would_take_template_code_with_it_is_refused_and_nothing_saved(
    app, lawyer_client
):
    _template()
    body = '<p style="{% if urgent %}color: red{% endif %}">Dear {{ agency.name }}</p>'
    response = lawyer_client.post(URL, data={"name": "Notice", "body": body})
    assert response.status_code == 400
    error = page(response).error_for("Letter body (sandboxed Jinja)")
    assert error.startswith("Not saved: the body has markup a letter may not hold (the style")
    assert "remove it yourself and save again" in error
    assert _saved_body() == "<p>Dear {{ agency.name }},</p>"
    assert db.session.scalar(select(AuditEvent).filter_by(action=Action.TEMPLATE_UPDATED)) is None


def test_a_sanitised_body_that_no_longer_renders_is_refused(app, lawyer_client):
    _template()
    # The script goes, and the body left is still checked in the sandbox like any other.
    body = "<script>x</script><p>{{ agency.name.__class__ }}</p>"
    response = lawyer_client.post(URL, data={"name": "Notice", "body": body})
    assert response.status_code == 400
    assert page(response).error_for("Letter body (sandboxed Jinja)").startswith("Not saved: ")
    assert _saved_body() == "<p>Dear {{ agency.name }},</p>"
