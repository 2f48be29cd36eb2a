"""The smallest letter set-up: one category, one template using it, one agency."""

from foia.agencies.models import Agency
from foia.extensions import db
from foia.letters.models import RecordCategory, RequestTemplate
from tests.conftest import create_agency


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
