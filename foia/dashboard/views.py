"""The dashboard: what needs attention today, campaign progress, and agency scorecards."""

import csv
import io

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import current_user

from foia import clock, dates
from foia.agencies.csvio import escape_formula
from foia.auth.access import Role, require
from foia.campaigns.models import Campaign
from foia.dashboard import actions, bp, queries, scorecard_queries, scorecards
from foia.extensions import db
from foia.filing import problems
from foia.inbound import delivery

PER_PAGE = 50
COLUMNS = (
    ("agency", "Agency"),
    ("requests", "Requests"),
    ("median", "Median business days to first response"),
    ("on_time", "Answered on time"),
    ("overdue", "Overdue now"),
)


@bp.route("/")
@require(Role.VOLUNTEER)
def index():
    """Show my deadlines and each recent campaign's, derived from today's date."""
    today = clock.today()
    mine, campaigns = queries.home(current_user.id, today)
    filing_problems, failures = problems.open_problems(), _failures()
    listed = [p.request_id for p in filing_problems] + _request_ids(mine, failures)
    return render_template(
        "dashboard/index.html",
        mine=mine,
        campaigns=campaigns,
        today=today,
        filing_problems=filing_problems,
        actions=actions.next_actions(listed, today),
        **failures,
    )


@bp.route("/dashboard/campaigns/<int:campaign_id>")
@require(Role.VOLUNTEER)
def campaign(campaign_id: int):
    """Show one campaign's deadlines and progress."""
    found = db.session.get(Campaign, campaign_id) or abort(404)
    today = clock.today()
    section = queries.campaign_section(found, today)
    failures = _failures(campaign_id=found.id)
    return render_template(
        "dashboard/campaign.html",
        section=section,
        campaign=found,
        today=today,
        actions=actions.next_actions(_request_ids(section, failures), today),
        **failures,
    )


def _request_ids(section: queries.Section, failures: dict) -> list[int | None]:
    """Return the requests of a section's lists and of the failures listed with it."""
    lines = [*section.overdue, *section.due_soon, *section.waiting, *section.appeals]
    return [line.request_id for line in lines] + [f.request_id for f in failures["failures"]]


def _failures(**scope) -> dict:
    """Context for the "Delivery failed" list: every open failure (of a campaign), latest first."""
    # Every one, not only mine: a bounce is rare and needs someone now, even when the request's
    # owner is away.
    failures = delivery.open_failures(**scope)
    # A list shorter than its limit holds them all: counting them again would cost a statement.
    is_whole = len(failures) < delivery.LIST_LIMIT
    count = len(failures) if is_whole else delivery.count_open_failures(**scope)
    return {"failures": failures, "failure_count": count}


def _sorting() -> tuple[str, str, int | None]:
    key = request.args.get("sort", "overdue")
    key = key if key in scorecards.SORT_KEYS else "overdue"
    order = request.args.get("order", "desc" if key in ("overdue", "requests") else "asc")
    order = order if order in ("asc", "desc") else "asc"
    campaign_id = request.args.get("campaign", type=int)
    # Looked up here, in the view: the CSV's queries run after it returns, past its error pages.
    if campaign_id is not None and db.session.get(Campaign, campaign_id) is None:
        abort(404)
    return key, order, campaign_id


@bp.route("/dashboard/agencies")
@require(Role.VOLUNTEER)
def agencies():
    """Show agency scorecards a page at a time, sortable by each column."""
    key, order, campaign_id = _sorting()
    today = clock.today()
    page = max(request.args.get("page", 1, type=int), 1)
    found = scorecard_queries.card_page(today, campaign_id, key, order == "desc", page, PER_PAGE)
    pages = max((found.total + PER_PAGE - 1) // PER_PAGE, 1)
    if page > pages:  # past the end (an old link): the last page
        page = pages
        found = scorecard_queries.card_page(
            today, campaign_id, key, order == "desc", page, PER_PAGE
        )
    return render_template(
        "dashboard/agencies.html",
        cards=found.cards,
        total=found.total,
        page=page,
        pages=pages,
        sort=key,
        order=order,
        campaign_id=campaign_id,
        columns=COLUMNS,
        set_aside=scorecard_queries.set_aside(today, campaign_id),
        earliest=dates.long_date(dates.EARLIEST),
    )


@bp.route("/dashboard/agencies.csv")
@require(Role.VOLUNTEER)
def agencies_csv():
    """Download every agency's scorecard as CSV, streamed (cells neutralised against formulas)."""
    key, order, campaign_id = _sorting()
    cards = scorecard_queries.every_card(clock.today(), campaign_id, key, order == "desc")
    return Response(
        stream_with_context(_csv_lines(cards)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="agency-scorecards.csv"'},
    )


def _csv_lines(cards):
    """Yield the CSV a few hundred rows at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(scorecards.CSV_HEADER)
    for number, card in enumerate(cards, start=1):
        writer.writerow([escape_formula(cell) for cell in card.as_row()])
        if number % scorecard_queries.CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
