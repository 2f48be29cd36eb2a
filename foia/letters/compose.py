"""Compose one letter from the database rows: copy them into the pure context, render, wrap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app
from markupsafe import Markup
from sqlalchemy import select

from foia.agencies.models import Agency
from foia.deadlines.rules import LawRule, get_law
from foia.extensions import db
from foia.letters import fields as template_fields
from foia.letters.context import AgencyInfo, CategoryInfo, RequesterInfo, letter_context
from foia.letters.models import (
    LawyerSignature,
    OrganisationProfile,
    RecordCategory,
    RequestTemplate,
)
from foia.letters.render import render_body
from foia.letters.setup import require_setup
from foia.letters.text import html_to_text

#: The start of the period asked about unless a lawyer says otherwise (statutes.md §7).
DEFAULT_DATE_FROM = date(2019, 1, 1)


class LetterError(Exception):
    """A letter cannot be composed (unknown category, missing law ...)."""


@dataclass(frozen=True)
class ComposedLetter:
    """A rendered letter: the full HTML document, its body, and the values it was built from."""

    html: str
    body: Markup
    context: dict[str, Any]
    subject: str
    #: The letter itself (letterhead to signature) as HTML, as stored with the request.
    article: str = ""
    #: The same letter as plain text, for the body of an email.
    text: str = ""
    #: Labels of the template's required fields left empty (highlighted; blocks approval).
    unfilled: tuple[str, ...] = ()


def requester_from_config() -> RequesterInfo:
    """Return who signs letters, from the LETTER_* settings (placeholders until set)."""
    config = current_app.config
    return RequesterInfo(
        name=config.get("LETTER_REQUESTER_NAME", "Requester name"),
        organisation=config.get("LETTER_ORGANISATION", ""),
        address=config.get("LETTER_ADDRESS", ""),
        email=config.get("LETTER_EMAIL", ""),
        phone=config.get("LETTER_PHONE", ""),
    )


def organisation_profile() -> OrganisationProfile | None:
    """Return the organisation profile, if one was saved."""
    return db.session.scalar(select(OrganisationProfile).order_by(OrganisationProfile.id))


def requester_for(user=None) -> RequesterInfo:
    """Return who signs: the organisation profile and `user`'s signature line, else LETTER_*."""
    fallback = requester_from_config()
    profile = organisation_profile()
    signature = (
        db.session.scalar(select(LawyerSignature).filter_by(user_id=user.id))
        if getattr(user, "id", None)
        else None
    )
    if signature is None and user is None:
        # No one in particular signs (an automatic follow-up of a request without an owner):
        # the first signer of the first-run setup does, never the "Requester name" placeholder.
        signature = db.session.scalar(
            select(LawyerSignature).where(LawyerSignature.title != "").order_by(LawyerSignature.id)
        )
    name = signature.line if signature else (getattr(user, "name", "") or fallback.name)
    if profile is None:
        return RequesterInfo(
            name, fallback.organisation, fallback.address, fallback.email, fallback.phone
        )
    return RequesterInfo(
        name=name,
        title=signature.title if signature else "",
        organisation=profile.name,
        address=profile.address,
        email=profile.email,
        phone=profile.phone,
        signature_block=profile.signature_block,
        logo_data_url=profile.logo_data_url or "",
    )


def agency_info(agency: Agency) -> AgencyInfo:
    """Copy what a letter needs from an agency row."""
    return AgencyInfo(
        agency.name, agency.address or "", agency.records_officer or "", agency.email or ""
    )


def law_for_agency(agency: Agency, on: date) -> LawRule:
    """Return the public-records law that governs `agency` on `on`."""
    return get_law(agency.jurisdiction.state_code, on)


def categories_for(slugs: list[str]) -> list[CategoryInfo]:
    """Return the active categories with these slugs, in checklist order; refuse unknown ones."""
    rows = db.session.scalars(
        select(RecordCategory).where(RecordCategory.slug.in_(slugs), RecordCategory.is_active)
    ).all()
    missing = sorted(set(slugs) - {row.slug for row in rows})
    if missing:
        raise LetterError(f"unknown or inactive record categories: {', '.join(missing)}")
    return [CategoryInfo(r.slug, r.name, r.wording) for r in sorted(rows, key=lambda r: r.number)]


def compose_letter(
    template: RequestTemplate,
    agency: Agency,
    today: date,
    *,
    category_slugs: list[str] | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    extra: Mapping[str, Any] | None = None,
    requester: RequesterInfo | None = None,
    preamble: str = "",
    subject: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> ComposedLetter:
    """Render `template` for `agency` as a complete HTML letter (raises TemplateRefused)."""
    require_setup()
    declared = template_fields.from_json(template.fields)
    context = letter_context(
        agency_info(agency),
        law_for_agency(agency, today),
        requester or requester_for(None),
        categories_for(category_slugs or list(template.default_category_slugs)),
        date_from or DEFAULT_DATE_FROM,
        date_to,
        today,
        extra,
        fields=template_fields.context_values(declared, fields),
    )
    # Marked after the sandbox's sanitiser, which lets no <mark> of a template's own through.
    rendered = render_body(template.body, context, html=True)
    body = Markup(template_fields.mark_unfilled(rendered))  # noqa: S704 - escaped by the sandbox
    subject = subject or f"face recognition records ({template.name})"
    # Straight from the Jinja environment: a letter needs no request and no page globals, so it
    # renders the same from the CLI, a job or a view.
    env = current_app.jinja_env
    values = {"letter": context, "body": body, "subject": subject, "preamble": preamble}
    article = env.get_template("letters/_letter.html").render(**values)
    text = env.get_template("letters/letter.txt").render(body_text=html_to_text(body), **values)
    unfilled = tuple(template_fields.found_unfilled(rendered))
    return ComposedLetter(document_html(article), body, context, subject, article, text, unfilled)


def document_html(article: str) -> str:
    """Wrap a stored letter (its article HTML) in the page the PDF renderer takes."""
    page = current_app.jinja_env.get_template("letters/letter.html")
    return page.render(article=Markup(article))  # noqa: S704 - our own rendered letter
