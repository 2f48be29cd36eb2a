"""Request pages: list, create, the request with its clocks, and its ledger."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.audit import AuditEvent
from foia.auditlog.operations import ReadPlace, record_privileged_reads
from foia.auth.access import require
from foia.deadlines.errors import DeadlineError
from foia.extensions import db
from foia.inbound.delivery import request_delivery
from foia.requests import bp, clocks, listing, operations
from foia.requests.forms import DeleteForm, EventForm, RequestForm
from foia.requests.models import ClockEvent, RecordsRequest


def get_request(request_id: int) -> RecordsRequest:
    """Load a request or 404."""
    records_request = db.session.get(RecordsRequest, request_id)
    if records_request is None:
        abort(404)
    return records_request


@bp.route("/requests")
@require("volunteer")
def index():
    """List requests, filtered, soonest next deadline first."""
    filters = listing.RequestFilters.from_args(request.args)
    page = listing.list_page(filters, request.args.get("page", 1, type=int))
    return render_template(
        "requests/index.html",
        page=page,
        rows=page.rows,
        filters=filters,
        today=clock.today(),
        **listing_choices(),
    )


def listing_choices() -> dict:
    """Return what the list's filters offer: campaigns, states, statuses, owners."""
    from foia.auth.models import User
    from foia.campaigns.models import Campaign
    from foia.jurisdictions.models import Jurisdiction
    from foia.requests.status import STATUSES

    return {
        "campaigns": db.session.execute(
            select(Campaign.id, Campaign.name).order_by(Campaign.name)
        ).all(),
        "states": db.session.execute(
            select(Jurisdiction.code, Jurisdiction.name)
            .where(Jurisdiction.level.in_(("federal", "state")))
            .order_by(Jurisdiction.name)
        ).all(),
        "statuses": STATUSES,
        "owners": db.session.execute(
            select(User.id, User.name, User.email)
            .where(User.role.in_(("lawyer", "admin")))
            .order_by(User.name)
        ).all(),
    }


@bp.route("/requests/new", methods=["GET", "POST"])
@require("lawyer")
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


@bp.route("/requests/<int:request_id>")
@require("volunteer")
def show(request_id: int):
    """Show a request with its clocks, how each was computed, and its ledger."""
    records_request = get_request(request_id)
    today = clock.today()
    responses = _responses_context(records_request, today)
    page = render_template(
        "requests/show.html",
        r=records_request,
        today=today,
        event_form=EventForm(occurred_on=today),
        delete_form=DeleteForm(),
        **_clock_context(records_request, today),
        **responses,
        delivery=request_delivery(records_request),
    )
    # Rendered first: the privileged notes it shows are recorded, and committed, before it goes.
    shown = (e.item for e in responses["responses"].thread.entries)
    if record_privileged_reads(shown, actor=current_user, place=ReadPlace.REQUEST_PAGE):
        db.session.commit()
    return page


def _responses_context(records_request, today) -> dict:
    """Context for the thread and the responses sections (_thread.html, _outcomes.html)."""
    from foia.responses.page import request_page_context

    return request_page_context(
        records_request, current_user, today, all_messages=request.args.get("messages") == "all"
    )


def _clock_context(records_request, today) -> dict:
    closures = clocks.load_closures()
    try:
        result = clocks.deadlines_for(records_request, today, closures)
        error = None
    except DeadlineError as exc:
        result, error = None, str(exc)
    moves = db.session.scalars(
        select(AuditEvent)
        .where(
            AuditEvent.object_type == "recordsrequest",
            AuditEvent.object_id == records_request.id,
            AuditEvent.action == "deadline.moved",
        )
        .order_by(AuditEvent.at.desc())
    ).all()
    return {
        "deadlines": result,
        "ledger_error": error,
        "moves": moves,
        "law": clocks.law_for(records_request),
        "calendar": clocks.calendar_of(records_request.agency, closures),
        "event_labels": operations.EVENT_LABELS,
    }


@bp.route("/requests/<int:request_id>/events", methods=["POST"])
@require("volunteer")
def add_event(request_id: int):
    """Add a dated event to the request's clock ledger."""
    records_request = get_request(request_id)
    form = EventForm()
    if form.kind.data in operations.LAWYER_EVENTS and not current_user.has_role("lawyer"):
        abort(403)
    if form.validate_on_submit():
        try:
            operations.add_event(
                records_request,
                form.kind.data,
                form.occurred_on.data,
                today=clock.today(),
                actor=current_user,
                days=form.days.data,
                basis=form.basis.data or "",
                at=form.occurred_at_time.data,
                is_estimated=form.is_estimated.data,
            )
            db.session.commit()
            flash("Added to the ledger; the deadlines are recomputed.", "success")
            return redirect(url_for("requests.show", request_id=request_id))
        except operations.RequestError as exc:
            db.session.rollback()
            form.kind.errors.append(str(exc))
    today = clock.today()
    return render_template(
        "requests/show.html",
        r=records_request,
        today=today,
        event_form=form,
        delete_form=DeleteForm(),
        **_clock_context(records_request, today),
    ), 400


@bp.route("/requests/<int:request_id>/events/<int:event_id>/delete", methods=["POST"])
@require("lawyer")
def remove_event(request_id: int, event_id: int):
    """Remove a mistaken ledger event (the audit log keeps it)."""
    records_request = get_request(request_id)
    event = db.session.get(ClockEvent, event_id)
    if event is None or event.request_id != records_request.id:
        abort(404)
    if DeleteForm().validate_on_submit():
        try:
            operations.remove_event(event, today=clock.today(), actor=current_user)
            db.session.commit()
            flash("Event removed; the deadlines are recomputed.", "success")
        except operations.RequestError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("requests.show", request_id=request_id))
