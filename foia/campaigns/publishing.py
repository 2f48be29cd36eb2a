"""A campaign's public tracker settings: published or not, its address, its embargo date.

Off by default; only a lawyer changes them (docs/public-tracker.md). The public pages themselves
are foia/public's.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from foia import audit
from foia.campaigns.models import Campaign
from foia.campaigns.operations import CampaignError
from foia.extensions import db
from foia.letters.models import OrganisationProfile

#: A public address: lowercase letters and digits, words joined by single hyphens.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80


def suggested_slug(name: str) -> str:
    """Return an address made of a campaign's name: "Press Pause, 2026" -> "press-pause-2026"."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))[:SLUG_MAX].strip("-")


def set_publishing(
    campaign: Campaign, *, is_published: bool, slug: str, embargo_on: date | None, actor
) -> None:
    """Change whether and where a campaign's public tracker is published, and its embargo."""
    slug = slug.strip()
    if slug and not SLUG_PATTERN.match(slug):
        raise CampaignError(
            "The address may hold lowercase letters, digits and single hyphens between them."
        )
    if is_published and not slug:
        raise CampaignError("Give the public pages an address before publishing them.")
    taken = db.session.scalar(
        select(Campaign.id).where(Campaign.public_slug == slug, Campaign.id != campaign.id)
    )
    if slug and taken is not None:
        raise CampaignError(f"Another campaign's public pages are at “{slug}” already.")
    campaign.is_published = is_published
    campaign.public_slug = slug or None
    campaign.embargo_on = embargo_on
    db.session.flush()
    audit.record(
        audit.Action.CAMPAIGN_PUBLISHING_CHANGED,
        campaign,
        ("Public tracker published" if is_published else "Public tracker not published")
        + (f" at {slug}" if slug else "")
        + (f", embargoed until {embargo_on.isoformat()}" if embargo_on else ""),
        user=actor,
        data={
            "is_published": is_published,
            "slug": slug,
            "embargo_on": embargo_on.isoformat() if embargo_on else None,
        },
    )
    db.session.flush()


def data_licence() -> str:
    """Return the licence the organisation publishes tracker data under ("" until one is set)."""
    # The first profile, as the public pages read it (foia.public.queries).
    first = select(OrganisationProfile.data_licence).order_by(OrganisationProfile.id).limit(1)
    return db.session.scalar(first) or ""
