"""Letter operations: they change the session, write the audit log, flush, and never commit."""

from __future__ import annotations

import base64
from datetime import date

from flask import current_app
from sqlalchemy import select

from foia import audit
from foia.auth.models import Role, User
from foia.deadlines.rules import get_law
from foia.documents.storage import store_for
from foia.extensions import db
from foia.letters.compose import ComposedLetter, organisation_profile
from foia.letters.context import sample_context
from foia.letters.fields import parse_spec, sample_values
from foia.letters.logo import prepare_logo
from foia.letters.models import (
    LawyerSignature,
    OrganisationProfile,
    RecordCategory,
    RequestTemplate,
)
from foia.letters.pdf import RenderedPdf
from foia.letters.render import TemplateRefused, check_template
from foia.letters.sanitise import SanitiseRefused, sanitise_body
from foia.requests.models import RecordsRequest, RequestLetter


class LetterFrozen(ValueError):
    """A letter that was sent cannot change; a correction letter is the way to amend it."""


def logo_data_url(content: bytes) -> str:
    """Return an uploaded logo as a data: URL, checked and scaled down (foia.letters.logo)."""
    logo = prepare_logo(content)
    return f"data:{logo.mime};base64,{base64.b64encode(logo.content).decode('ascii')}"


def save_profile(
    values: dict, *, logo: bytes | None, remove_logo: bool, actor
) -> OrganisationProfile:
    """Update the organisation profile (creating it the first time)."""
    profile = organisation_profile()
    if profile is None:
        profile = OrganisationProfile()
        db.session.add(profile)
    for name in ("name", "address", "email", "phone", "signature_block"):
        setattr(profile, name, (values.get(name) or "").strip())
    if "data_licence" in values:  # the first-run setup does not ask for it: kept as it is
        profile.data_licence = (values.get("data_licence") or "").strip()
    if logo:
        profile.logo_data_url = logo_data_url(logo)
    elif remove_logo:
        profile.logo_data_url = None
    db.session.flush()
    audit.record(
        "organisation.updated",
        profile,
        "Organisation profile updated",
        user=actor,
        data={"name": profile.name, "has_logo": bool(profile.logo_data_url)},
    )
    db.session.flush()
    return profile


def save_setup(values: dict, signers: list[dict], *, logo: bytes | None, actor):
    """Save the first-run setup: the organisation's letterhead and its signers' names and titles."""
    current = organisation_profile()
    keep = {"signature_block": current.signature_block if current else ""}
    profile = save_profile({**keep, **values}, logo=logo, remove_logo=False, actor=actor)
    for signer in signers:
        user = db.session.get(User, int(signer["user_id"]))
        if user is not None and user.has_role(Role.LAWYER) and (signer.get("name") or "").strip():
            save_signature(user, signer["name"], title=signer.get("title") or "", actor=actor)
    return profile


def save_signature(user, line: str, *, actor, title: str | None = None) -> LawyerSignature:
    """Set `user`'s signature line."""
    signature = db.session.scalar(select(LawyerSignature).filter_by(user_id=user.id))
    if signature is None:
        signature = LawyerSignature(user_id=user.id, line="")
        db.session.add(signature)
    signature.line = line.strip()
    if title is not None:
        signature.title = title.strip()
    db.session.flush()
    audit.record("signature.updated", signature, f"Signature line: {signature.line}", user=actor)
    db.session.flush()
    return signature


def update_template(template: RequestTemplate, values: dict, *, today: date, actor) -> list[str]:
    """Change a template's wording after checking that it renders in the sandbox.

    Markup no letter may hold is removed from the body before it is saved; return what was.
    """
    fields = parse_spec(values.get("fields") or "")
    sample = sample_context(get_law("US-MA", today), today, sample_values(fields))
    try:
        sanitised = sanitise_body(values["body"])
    except SanitiseRefused as exc:
        raise TemplateRefused(str(exc)) from exc
    problems = check_template(sanitised.text, sample)
    if problems:
        raise TemplateRefused(problems[0])
    before = {
        "name": template.name,
        "body": template.body,
        "categories": list(template.default_category_slugs or []),
        "fields": list(template.fields or []),
    }
    template.name = values["name"].strip()
    template.description = (values.get("description") or "").strip()
    template.body = sanitised.text
    template.default_category_slugs = list(values["categories"])
    template.fields = [f.as_json() for f in fields]
    db.session.flush()
    audit.record(
        "template.updated",
        template,
        f"Template {template.slug} edited",
        user=actor,
        data={
            "before": before,
            "after": {
                "name": template.name,
                "body": template.body,
                "categories": template.default_category_slugs,
                "fields": template.fields,
            },
            "removed": sanitised.removed,
        },
    )
    db.session.flush()
    return sanitised.removed


def save_category(category: RecordCategory | None, values: dict, *, actor) -> RecordCategory:
    """Add a record category, or change one's name, wording and notes."""
    is_new = category is None
    if category is None:
        last = db.session.scalar(select(db.func.max(RecordCategory.number))) or 0
        category = RecordCategory(slug=values["slug"], number=last + 1)
        db.session.add(category)
    before = {} if is_new else {"name": category.name, "wording": category.wording}
    category.name = values["name"].strip()
    category.wording = values["wording"].strip()
    category.notes = (values.get("notes") or "").strip()
    category.is_active = bool(values.get("is_active", True))
    db.session.flush()
    audit.record(
        "category.created" if is_new else "category.updated",
        category,
        f"Record category {category.slug} {'added' if is_new else 'edited'}",
        user=actor,
        data={"before": before, "after": {"name": category.name, "wording": category.wording}},
    )
    db.session.flush()
    return category


def write_letter(
    records_request: RecordsRequest,
    letter: ComposedLetter,
    pdf: RenderedPdf,
    *,
    kind: str = "request",
    actor=None,
) -> RequestLetter:
    """Store the PDF and put the letter on the request, replacing its unsent letter of `kind`."""
    if kind == "request" and any(
        row.kind == "request" and row.sent_at is not None for row in records_request.letters
    ):
        raise LetterFrozen(f"The letter of {records_request.reference} was sent; it cannot change.")
    sha256 = store_for(current_app.config).put(pdf.content)
    row = next((r for r in records_request.letters if r.kind == kind and r.sent_at is None), None)
    if row is None:
        row = RequestLetter(kind=kind, subject="", body_html="", body_text="")
        records_request.letters.append(row)
    row.subject, row.body_html, row.body_text = letter.subject, letter.article, letter.text
    row.pdf_sha256 = sha256
    db.session.flush()
    audit.record(
        "letter.drafted",
        records_request,
        f"{kind.replace('_', ' ').capitalize()} letter drafted (PDF {sha256[:12]})",
        user=actor,
        data={"letter_id": row.id, "kind": kind, "sha256": sha256},
    )
    return row


def current_letter(records_request: RecordsRequest, kind: str = "request") -> RequestLetter | None:
    """Return the request's latest letter of `kind`."""
    rows = [r for r in records_request.letters if r.kind == kind]
    return rows[-1] if rows else None
