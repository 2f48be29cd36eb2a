"""Request pages: the list and a new request. The request page and every action on it are in
page.py, filing_actions.py, response_actions.py and follow_up_actions.py, attached to the same
blueprint."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import CompoundSelect, String, cast, literal, select, text, union_all

from foia import clock
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.db import built_once
from foia.extensions import db
from foia.links import id_link
from foia.requests import (
    bp,
    closing_actions,  # noqa: F401 - attaches closing and reopening a request to bp
    filing_actions,  # noqa: F401 - attaches the request page's filing actions to bp
    follow_up_actions,  # noqa: F401 - attaches assignment and the follow-up letter to bp
    listing,
    operations,
    page,  # noqa: F401 - attaches the request page and its ledger actions to bp
    response_actions,  # noqa: F401 - attaches the request page's response actions to bp
)
from foia.requests.forms import RequestForm


@bp.route("/requests")
@require(Role.VOLUNTEER)
def index():
    """List requests, filtered, soonest next deadline first."""
    filters = listing.RequestFilters.from_args(request.args)
    found = listing.list_page(filters, request.args.get("page", 1, type=int))
    link = id_link("requests.show", "request_id")
    return render_template(
        "requests/index.html",
        page=found,
        rows=[(link(row.id), row) for row in found.items],
        filters=filters,
        today=clock.today(),
        **listing_choices(),
    )


def listing_choices() -> dict:
    """Return what the list's filters offer: campaigns, states, statuses, owners.

    One statement for the three lists (a UNION ALL): three took 1.5 ms of the list's 15 on the
    bench data (PostgreSQL, 2026-12-03), most of it in round trips.
    """
    from foia.requests.status import STATUSES

    found: dict[str, list] = {"campaign": [], "state": [], "owner": []}
    for group, key, name, email in db.session.execute(_choices_query()):
        found[group].append((key, name, email))
    return {
        "campaigns": [(int(key), name) for key, name, _ in found["campaign"]],
        "states": [(key, name) for key, name, _ in found["state"]],
        "statuses": STATUSES,
        "owners": [(int(key), name, email) for key, name, email in found["owner"]],
    }


@built_once
def _choices_query() -> CompoundSelect:
    """Select (group, key, name, email) of every campaign, state and lawyer, by name."""
    from foia.auth.models import User
    from foia.campaigns.models import Campaign
    from foia.jurisdictions.models import Jurisdiction

    empty = literal(None, String)
    return union_all(
        select(literal("campaign"), cast(Campaign.id, String), Campaign.name, empty),
        select(literal("state"), Jurisdiction.code, Jurisdiction.name, empty).where(
            Jurisdiction.level.in_(("federal", "state"))
        ),
        select(literal("owner"), cast(User.id, String), User.name, User.email).where(
            User.role.in_(("lawyer", "admin"))
        ),
    ).order_by(text("3"))


@bp.route("/requests/new", methods=["GET", "POST"])
@require(Role.LAWYER)
def new():
    """Create a request to one agency."""
    agency = db.session.get(Agency, request.args.get("agency_id", type=int) or 0)
    if agency is None:
        flash("Choose the agency first, then use “New request” on its page.", "info")
        return redirect(url_for("agencies.index"))
    form = RequestForm()
    if form.validate_on_submit():
        records_request = operations.create_request(
            agency,
            form.title.data,
            owner=current_user,
            actor=current_user,
            is_expedited=form.is_expedited.data,
        )
        db.session.commit()
        flash(f"Request {records_request.reference} created.", "success")
        return redirect(url_for("requests.show", request_id=records_request.id))
    return render_template("requests/new.html", form=form, agency=agency)
