"""The dashboard: what needs attention today."""

from flask import render_template
from sqlalchemy import func, select

from foia.agencies.models import Agency
from foia.auth.access import require
from foia.dashboard import bp
from foia.extensions import db
from foia.jurisdictions.models import Jurisdiction


@bp.route("/")
@require("volunteer")
def index():
    """Show the home page."""
    counts = {
        "agencies": db.session.scalar(select(func.count()).select_from(Agency)),
        "jurisdictions": db.session.scalar(
            select(func.count())
            .select_from(Jurisdiction)
            .where(Jurisdiction.level.in_(("federal", "state")))
        ),
    }
    return render_template("dashboard/index.html", counts=counts)
