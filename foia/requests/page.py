"""The request page: the request with its clocks, letters, thread, outcomes and ledger, and the
ledger's actions. The actions of the other sections are in filing_actions.py and
response_actions.py; every one of them comes back to this page."""

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from foia import clock
from foia.auditlog.operations import ReadPlace, record_privileged_reads
from foia.auth.access import Role, require
from foia.deadlines.errors import DeadlineError
from foia.extensions import db
from foia.inbound.delivery import request_delivery
from foia.requests import bp, clocks, follow_up_actions, operations
from foia.requests.access import get_request
from foia.requests.forms import EventForm, RemoveEventForm, RestoreEventForm
from foia.requests.models import ClockEvent, RecordsRequest
from foia.requests.next_action import HINTS, STATUS_WORDS
from foia.requests.page_rows import PageRows, load_page_rows
from foia.responses.sections import request_sections


@bp.route("/requests/<int:request_id>")
@require(Role.VOLUNTEER)
def show(request_id: int):
    """Show a request with its clocks, how each was computed, and its ledger."""
    rows = _load(request_id)
    records_request, today = rows.request, clock.today()
    context = _clock_context(rows, today)
    responses = request_sections(
        records_request,
        current_user,
        today,
        context["deadlines"],
        rows.sections,
        page=request.args.get("messages", 1, type=int),
    )
    page = render_template(
        "requests/show.html",
        r=records_request,
        today=today,
        event_form=EventForm(occurred_on=today),
        restore_form=RestoreEventForm(),
        **context,
        responses=responses,
        delivery=request_delivery(records_request, rows.failures),
        unsent=rows.unsent,
        **follow_up_actions.assignment_section(records_request, today),
    )
    # Rendered first: the privileged notes it shows are recorded, and committed, before it goes.
    shown = (e.item for e in responses.thread.entries)
    if record_privileged_reads(shown, actor=current_user, place=ReadPlace.REQUEST_PAGE):
        db.session.commit()
    return page


def _load(request_id: int) -> PageRows:
    """Load the request and its page's rows, or 404."""
    rows = load_page_rows(request_id)
    if rows is None:
        abort(404)
    return rows


def _clock_context(rows: PageRows, today: date) -> dict:
    """Return the clock sections' context, the deadlines computed once for the whole page."""
    records_request = rows.request
    try:
        deadlines, error = clocks.deadlines_for(records_request, today, rows.closures), None
    except DeadlineError as exc:
        deadlines, error = None, str(exc)
    return {
        "deadlines": deadlines,
        "ledger_error": error,
        "moves": rows.moves,
        "law": clocks.law_for(records_request),
        "calendar": clocks.calendar_of(records_request.agency, rows.closures),
        "event_labels": operations.EVENT_LABELS,
        "status_words": STATUS_WORDS,
        "next_action_hints": HINTS,
        "ledger": rows.ledger,
    }


@bp.route("/requests/<int:request_id>/events", methods=["POST"])
@require(Role.VOLUNTEER)
def add_event(request_id: int):
    """Add a dated event to the request's clock ledger."""
    records_request = get_request(request_id)
    form = EventForm()
    if form.kind.data in operations.LAWYER_EVENTS and not current_user.has_role(Role.LAWYER):
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
    today, rows = clock.today(), _load(request_id)
    # The page again with the form's errors: its clock sections, not the thread and outcomes.
    return render_template(
        "requests/show.html",
        r=rows.request,
        today=today,
        event_form=form,
        restore_form=RestoreEventForm(),
        **_clock_context(rows, today),
        unsent=rows.unsent,
        **follow_up_actions.assignment_section(rows.request, today),
    ), 400


@bp.route("/requests/<int:request_id>/events/<int:event_id>/remove", methods=["GET", "POST"])
@require(Role.LAWYER)
def remove_event(request_id: int, event_id: int):
    """Ask why a ledger event is removed, then mark it removed (it can be restored)."""
    records_request, event = _get_event(request_id, event_id)
    if event.is_removed:
        return redirect(url_for("requests.show", request_id=request_id))
    form = RemoveEventForm()
    if form.validate_on_submit():
        try:
            operations.remove_event(
                event, reason=form.reason.data, today=clock.today(), actor=current_user
            )
            db.session.commit()
            flash("Event removed; the deadlines are recomputed. It can be restored.", "success")
            return redirect(url_for("requests.show", request_id=request_id))
        except operations.RequestError as exc:
            db.session.rollback()
            form.reason.errors.append(str(exc))
    page = render_template(
        "requests/remove_event.html",
        r=records_request,
        event=event,
        form=form,
        label=operations.EVENT_LABELS.get(event.kind, event.kind),
        changes=operations.removal_preview(event, clock.today()),
    )
    # Back here after a POST means the reason was missing or the removal refused.
    return page, (400 if request.method == "POST" else 200)


@bp.route("/requests/<int:request_id>/events/<int:event_id>/restore", methods=["POST"])
@require(Role.LAWYER)
def restore_event(request_id: int, event_id: int):
    """Put a removed ledger event back."""
    _, event = _get_event(request_id, event_id)
    if RestoreEventForm().validate_on_submit():
        try:
            operations.restore_event(event, today=clock.today(), actor=current_user)
            db.session.commit()
            flash("Event restored; the deadlines are recomputed.", "success")
        except operations.RequestError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    return redirect(url_for("requests.show", request_id=request_id))


def _get_event(request_id: int, event_id: int) -> tuple[RecordsRequest, ClockEvent]:
    """Return the request and one event of its ledger (removed or not), or 404."""
    records_request = get_request(request_id)
    event = db.session.get(ClockEvent, event_id)
    if event is None or event.request_id != records_request.id:
        abort(404)
    return records_request, event
