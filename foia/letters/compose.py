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
from foia.letters.context import AgencyInfo, CategoryInfo, RequesterInfo, letter_context
from foia.letters.models import RecordCategory, RequestTemplate
from foia.letters.render import render_body

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
) -> ComposedLetter:
    """Render `template` for `agency` as a complete HTML letter (raises TemplateRefused)."""
    context = letter_context(
        agency_info(agency),
        law_for_agency(agency, today),
        requester_from_config(),
        categories_for(category_slugs or list(template.default_category_slugs)),
        date_from or DEFAULT_DATE_FROM,
        date_to,
        today,
        extra,
    )
    body = Markup(render_body(template.body, context, html=True))  # noqa: S704 - escaped by the sandbox
    subject = f"face recognition records ({template.name})"
    # Straight from the Jinja environment: a letter needs no request and no page globals, so it
    # renders the same from the CLI, a job or a view.
    page = current_app.jinja_env.get_template("letters/letter.html")
    html = page.render(letter=context, body=body, subject=subject)
    return ComposedLetter(html, body, context, subject)
