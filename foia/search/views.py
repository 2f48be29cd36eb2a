"""The search page."""

from flask import jsonify, render_template, request
from flask_login import current_user
from sqlalchemy import select

from foia.auditlog.operations import ReadPlace, record_privileged_reads_of
from foia.auth.access import Role, require
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.forms import choices
from foia.jurisdictions.models import Jurisdiction
from foia.letters.models import RecordCategory
from foia.requests.status import STATUSES
from foia.search import bp
from foia.search import index as _index  # noqa: F401 - installs the listener keeping it in step
from foia.search.backends import SearchQuery, agency_suggestions, search
from foia.search.forms import SearchForm

PER_PAGE = 50


def _fill_choices(form: SearchForm) -> None:
    any_ = [("", "Any")]
    form.campaign.choices = choices(
        any_
        + [
            (str(i), n)
            for i, n in db.session.execute(
                select(Campaign.id, Campaign.name).order_by(Campaign.name)
            )
        ]
    )
    form.state.choices = choices(
        any_
        + [
            (c, n)
            for c, n in db.session.execute(
                select(Jurisdiction.code, Jurisdiction.name)
                .where(Jurisdiction.level.in_(("state", "federal")))
                .order_by(Jurisdiction.name)
            )
        ]
    )
    form.status.choices = choices(any_ + [(s, s.capitalize()) for s in STATUSES])
    form.category.choices = choices(
        any_
        + [
            (s, n)
            for s, n in db.session.execute(
                select(RecordCategory.slug, RecordCategory.name).order_by(RecordCategory.number)
            )
        ]
    )


def _query(form: SearchForm, page: int) -> SearchQuery:
    return SearchQuery(
        text=form.q.data or "",
        campaign_id=int(form.campaign.data) if form.campaign.data else None,
        agency=form.agency.data or None,
        state=form.state.data or None,
        category=form.category.data or None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        kind=form.kind.data or None,
        status=form.status.data or None,
        include_privileged=current_user.has_role(Role.LAWYER),
        limit=PER_PAGE + 1,
        offset=(page - 1) * PER_PAGE,
    )


@bp.route("/search")
@require(Role.VOLUNTEER)
def index():
    """Search messages, notes and document text, with filters and highlighted snippets."""
    form = SearchForm(request.args)
    _fill_choices(form)
    page = max(request.args.get("page", 1, type=int), 1)
    hits = []
    if form.q.data and form.validate():
        hits = search(db.session, _query(form, page))
    html = render_template(
        "search/index.html",
        form=form,
        hits=hits[:PER_PAGE],
        page=page,
        has_next=len(hits) > PER_PAGE,
    )
    # A privileged note's snippet is a read of it: recorded, and committed, before it goes.
    note_ids = [h.source_id for h in hits[:PER_PAGE] if h.source == "note"]
    if record_privileged_reads_of(note_ids, actor=current_user, place=ReadPlace.SEARCH_RESULTS):
        db.session.commit()
    return html


@bp.route("/search/agency-names")
@require(Role.VOLUNTEER)
def agency_names():
    """Return, as JSON, the names of the first agencies matching `q` (the Agency field's list)."""
    return jsonify(agency_suggestions(db.session, request.args.get("q", "")[:200]))
