"""Agency directory pages."""

from typing import NamedTuple

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, func, select

from foia import clock, paging
from foia.agencies import bp, csvio, operations
from foia.agencies.forms import AgencyFilterForm, AgencyForm, ImportForm
from foia.agencies.models import KINDS, Agency, kind_label, search_key
from foia.agencies.record import agency_record
from foia.auth.access import Role, require
from foia.extensions import db
from foia.inbound.delivery import bouncing_addresses
from foia.jurisdictions import policies
from foia.jurisdictions.models import LEVELS, Jurisdiction
from foia.links import id_link
from foia.public import queries as public_queries
from foia.requests.next_action import STATUS_WORDS

PER_PAGE = 50


def directory_query(criteria: dict[str, str]) -> Select:
    """Return the directory's query for a search and filters, sorted by name: the shown columns."""
    return _shown(directory_filter(criteria))


def _shown(conditions: list[ColumnElement[bool]]) -> Select:
    shown = select(
        Agency.id,
        Agency.name,
        Jurisdiction.code.label("jurisdiction_code"),
        Agency.level,
        Agency.kind,
        Agency.county,
        Agency.municipality,
        Agency.email,
    ).join(Jurisdiction, Jurisdiction.id == Agency.jurisdiction_id)
    return shown.where(*conditions).order_by(Agency.name, Agency.id)


def _counted(conditions: list[ColumnElement[bool]]) -> Select:
    # Every agency has a jurisdiction, so the join the shown columns need changes no count;
    # PostgreSQL keeps an inner join all the same (0.3-0.5 ms a view on the bench data).
    return select(Agency.id).where(*conditions)


def directory_filter(criteria: dict[str, str]) -> list[ColumnElement[bool]]:
    """Return the conditions of a directory search and its filters, on agencies alone."""
    conditions: list[ColumnElement[bool]] = []
    if text := criteria.get("q"):
        # In the name's order: SQLite walks ix_agencies_name_id_search_text and tests LIKE on
        # its entries, reading only the page's rows (migration f3a8c1d9e7b2); PostgreSQL
        # walks its name index for a common word, the trigram index for a rare one.
        conditions.append(Agency.search_text.contains(search_key(text), autoescape=True))
    if code := criteria.get("state"):
        chosen = select(Jurisdiction.id).where(Jurisdiction.code == code)
        conditions.append(Agency.jurisdiction_id.in_(chosen.scalar_subquery()))
    if county := criteria.get("county"):
        conditions.append(func.lower(Agency.county) == county.lower())
    for column in ("level", "kind"):
        if value := criteria.get(column):
            conditions.append(getattr(Agency, column) == value)
    if criteria.get("under_ban"):
        conditions.append(policies.under_ban_condition())
    return conditions


def get_agency(agency_id: int) -> Agency:
    """Return the agency or stop with 404."""
    agency = operations.load_agency(agency_id)
    if agency is None:
        abort(404)
    return agency


@bp.route("/agencies")
@require(Role.VOLUNTEER)
def index():
    """List, search and filter the agencies, 50 to a page."""
    form = AgencyFilterForm(formdata=request.args)
    criteria = form.criteria()
    wanted = request.args.get("page", 1, type=int)
    conditions = directory_filter(criteria)  # the ban filter reads the database: once
    page = paging.paginate(_shown(conditions), wanted, PER_PAGE, count=_counted(conditions))
    if page.page < wanted:
        abort(404)  # past the last page, as Flask-SQLAlchemy's pagination answers
    return render_template(
        "agencies/index.html", form=form, page=page, criteria=criteria, lines=_lines(page.items)
    )


class DirectoryLine(NamedTuple):
    """One row of the directory as the page shows it."""

    href: str
    name: str
    jurisdiction: str
    level: str
    kind: str
    county: str
    email: str
    ban: str | None  # the status of the ban or moratorium binding the agency, if any
    bouncing: str | None  # the summary of its address's latest open delivery failure, if any


def _lines(rows) -> list[DirectoryLine]:
    """Return the page's rows of directory_query() with their links, kinds, bans and bounces."""
    # Shaped here, not in the template: with the template calling url_for, kind_label and two
    # dict look-ups for each row, rendering a page of 50 took 3.6-3.8 ms of CPU; with these
    # lines 2.9-3.1 ms (the same HTML; fastest of 300 renders each, alternated, bench data on
    # PostgreSQL, 2026-12-03).
    bans = policies.covered_places({row.id: _place(row) for row in rows})
    bouncing = bouncing_addresses(rows)
    link = id_link("agencies.show", "agency_id")
    return [
        DirectoryLine(
            link(row.id),
            row.name,
            row.jurisdiction_code,
            row.level,
            kind_label(row.kind),
            row.county or "",
            row.email or "",
            ban.status if (ban := bans.get(row.id)) else None,
            failure.summary if (failure := bouncing.get(row.id)) else None,
        )
        for row in rows
    ]


def _place(row) -> policies.AgencyPlace:
    """Return where a row of directory_query() sits, for the ban rule."""
    return policies.AgencyPlace(row.jurisdiction_code, row.level, row.county, row.municipality)


@bp.route("/agencies/<int:agency_id>")
@require(Role.VOLUNTEER)
def show(agency_id: int):
    """Show an agency, how to reach it, its requests and how it answers them."""
    agency = get_agency(agency_id)
    return render_template(
        "agencies/show.html",
        agency=agency,
        record=agency_record(agency, clock.today()),
        status_words=STATUS_WORDS,
        ban=policies.covered_agencies([agency]).get(agency.id),
        ban_template=policies.BAN_TEMPLATE,
        bounce=bouncing_addresses([agency]).get(agency.id),
        public_pages=public_queries.public_pages_of(agency.id, clock.today()),
    )


@bp.route("/agencies/new", methods=["GET", "POST"])
@require(Role.LAWYER)
def new():
    """Add an agency to the directory."""
    form = AgencyForm()
    if form.validate_on_submit():
        agency = operations.create_agency(form.agency_data(), current_user)
        db.session.commit()
        flash(f"Added {agency.name}.", "success")
        return redirect(url_for("agencies.show", agency_id=agency.id))
    return render_template("agencies/form.html", form=form, agency=None), _status(form)


@bp.route("/agencies/<int:agency_id>/edit", methods=["GET", "POST"])
@require(Role.LAWYER)
def edit(agency_id: int):
    """Change an agency's details."""
    agency = get_agency(agency_id)
    form = AgencyForm(agency=agency)
    if form.validate_on_submit():
        changes = operations.update_agency(agency, form.agency_data(), current_user)
        db.session.commit()
        flash(f"Saved {agency.name}." if changes else "Nothing changed.", "success")
        return redirect(url_for("agencies.show", agency_id=agency.id))
    return render_template("agencies/form.html", form=form, agency=agency), _status(form)


@bp.route("/agencies/import", methods=["GET", "POST"])
@require(Role.LAWYER)
def import_():
    """Check a CSV file of agencies and, unless it is a dry run, import it in one go."""
    form = ImportForm()
    if not form.validate_on_submit():
        return _import_page(form, _status(form))
    limit = current_app.config["AGENCY_IMPORT_MAX_BYTES"]
    raw = csvio.read_limited(form.file.data.stream, limit)
    if raw is None:
        form.file.errors.append(csvio.size_message(limit))
        return _import_page(form, 413)
    codes = {j.code for j in operations.governing_jurisdictions()}
    plan = csvio.parse_agencies_csv(raw, codes)
    if plan.problems:
        return render_template("agencies/import_result.html", plan=plan, dry_run=True), 400
    if form.dry_run.data:
        counts = operations.count_import(plan)
    else:
        counts = operations.import_agencies(plan, current_user)
        db.session.commit()
    return render_template(
        "agencies/import_result.html", plan=plan, counts=counts, dry_run=form.dry_run.data
    )


def _import_page(form: ImportForm, status: int):
    return render_template("agencies/import.html", form=form, levels=LEVELS, kinds=KINDS), status


def _status(form) -> int:
    return 400 if form.is_submitted() else 200
