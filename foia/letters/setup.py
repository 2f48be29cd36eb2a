"""The first-run setup: what letters need from the organisation before the first is generated.

An admin enters the organisation's name, postal address, telephone and email (and a logo) and
each signer's name and title at /setup. Until then nothing that drafts or approves a letter
runs: it raises SetupIncomplete, which every page answers with a link to the setup page
(foia.letters.views) and the CLI with a one-line message.
"""

from __future__ import annotations

from sqlalchemy import select

from foia.extensions import db
from foia.letters.models import LawyerSignature, OrganisationProfile

#: What a complete profile has, as people name it, by attribute.
REQUIRED = {
    "name": "the organisation's name",
    "address": "its postal address",
    "phone": "its telephone",
    "email": "its email",
}


class SetupIncomplete(Exception):
    """Letters cannot be drafted or approved until an admin completes the first-run setup."""

    def __init__(self, missing: list[str]) -> None:
        self.missing = missing
        super().__init__(
            "The organisation's letterhead is not set up yet: an admin must enter "
            + ", ".join(missing)
            + " on the setup page (/setup) before letters are drafted or approved."
        )


def missing_setup() -> list[str]:
    """Return what the first-run setup still lacks (empty once it is complete)."""
    profile = db.session.scalar(select(OrganisationProfile).order_by(OrganisationProfile.id))
    missing = [
        what
        for name, what in REQUIRED.items()
        if profile is None or not (getattr(profile, name) or "").strip()
    ]
    signer = db.session.scalar(
        select(LawyerSignature.id).where(LawyerSignature.line != "", LawyerSignature.title != "")
    )
    if signer is None:
        missing.append("a signer's name and title")
    return missing


def require_setup() -> None:
    """Raise SetupIncomplete unless the organisation profile and a signer are set up."""
    missing = missing_setup()
    if missing:
        raise SetupIncomplete(missing)
