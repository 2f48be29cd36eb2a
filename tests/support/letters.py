"""The smallest letter set-up: one category, one template using it, one agency."""

from foia.agencies.models import Agency
from foia.extensions import db
from foia.letters.models import (
    LawyerSignature,
    OrganisationProfile,
    RecordCategory,
    RequestTemplate,
)
from tests.support.factories import create_agency, create_user


def one_template_and_agency() -> Agency:
    """Add the "use-and-policy" template with its category; return a Boston agency."""
    db.session.add(
        RecordCategory(slug="use-policies", number=1, name="Use policies", wording="Policies.")
    )
    db.session.add(
        RequestTemplate(
            slug="use-and-policy",
            name="Use and policy",
            body="<p>To {{ agency.name }}</p>",
            default_category_slugs=["use-policies"],
        )
    )
    return create_agency("Boston Police Department", county="Suffolk")


def set_up_organisation(signer=None) -> OrganisationProfile:
    """Complete the first-run setup (letterhead and one signer) that letters need; commit.

    Safe to call twice: an existing profile and signature line are kept.
    """
    profile = db.session.scalar(db.select(OrganisationProfile))
    if profile is None:
        profile = OrganisationProfile(
            name="Digital Rights Clinic",
            address="12 Court Street\nBoston, MA 02108",
            phone="617-555-0100",
            email="records@clinic.example.org",
        )
        db.session.add(profile)
    signer = signer or create_user("lawyer", name="Lee Lawyer")
    if db.session.scalar(db.select(LawyerSignature).filter_by(user_id=signer.id)) is None:
        line = LawyerSignature(user_id=signer.id, line="Lee Lawyer", title="Staff Attorney")
        db.session.add(line)
    db.session.commit()
    return profile
