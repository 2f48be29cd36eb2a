"""The request page's closing actions (issue 16): close a request with a reason, reopen it.

The work is foia.requests.operations' (close_request, reopen_request); these views only load,
check, call one operation, commit and come back to the request page."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from foia import clock
from foia.auth.access import Role, require
from foia.extensions import db
from foia.requests import bp, operations
from foia.requests.access import get_request
from foia.requests.forms import CloseForm, ReopenForm
from foia.requests.models import RecordsRequest
from foia.requests.next_action import STATUS_WORDS
from foia.requests.status import SUGGESTED_CLOSE_REASON
from foia.responses.kinds import Outcome
from foia.responses.operations import outcomes_of


@bp.route("/requests/<int:request_id>/close", methods=["GET", "POST"])
@require(Role.LAWYER)
def close(request_id: int):
    """Ask why a request is closed, then close it (it can be reopened)."""
    records_request = get_request(request_id)
    if records_request.closed_at is not None:
        flash("This request is already closed: reopen it first to close it again.", "info")
        return redirect(url_for("requests.show", request_id=request_id))
    form = CloseForm()
    if request.method == "GET":
        form.reason.data = SUGGESTED_CLOSE_REASON.get(records_request.status, "")
    elif form.validate_on_submit():
        try:
            operations.close_request(
                records_request,
                form.reason.data,
                note=form.note.data or "",
                today=clock.today(),
                actor=current_user,
            )
            db.session.commit()
            flash("Request closed: no more reminders or follow-ups. It can be reopened.", "success")
            return redirect(url_for("requests.show", request_id=request_id))
        except operations.RequestError as exc:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, str(exc)]
    page = render_template("requests/close.html", **_close_context(records_request, form))
    # Back here after a POST means the reason was missing or the closing refused.
    return page, (400 if request.method == "POST" else 200)


@bp.route("/requests/<int:request_id>/reopen", methods=["GET", "POST"])
@require(Role.LAWYER)
def reopen(request_id: int):
    """Ask why a closed request is reopened, then reopen it."""
    records_request = get_request(request_id)
    if records_request.closed_at is None:
        flash("This request is open: there is nothing to reopen.", "info")
        return redirect(url_for("requests.show", request_id=request_id))
    form = ReopenForm()
    if form.validate_on_submit():
        try:
            operations.reopen_request(
                records_request, reason=form.reason.data, today=clock.today(), actor=current_user
            )
            db.session.commit()
            flash("Request reopened: its deadlines and reminders run again.", "success")
            return redirect(url_for("requests.show", request_id=request_id))
        except operations.RequestError as exc:
            db.session.rollback()
            form.reason.errors = [*form.reason.errors, str(exc)]
    page = render_template(
        "requests/close.html",
        r=records_request,
        reopen_form=form,
        withdrawals=operations.withdrawals_of(records_request),
    )
    return page, (400 if request.method == "POST" else 200)


def _close_context(records_request: RecordsRequest, form: CloseForm) -> dict:
    """Return what the closing page shows: the status and the categories not coded yet."""
    slugs = list(records_request.category_slugs or [])
    coded = {
        slug for slug, row in outcomes_of(records_request).items() if row.outcome != Outcome.PENDING
    }
    return {
        "r": records_request,
        "form": form,
        "status": records_request.status,
        "status_words": STATUS_WORDS,
        "uncoded": len([slug for slug in slugs if slug not in coded]),
        "categories": len(slugs),
    }
