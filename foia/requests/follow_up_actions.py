"""The request page's assignment and follow-up actions: set who works on a request, and draft
and send the follow-up letter of an overdue request.

The work is foia.requests.assignment's and foia/reminders' (followups); these views only load,
check, call one operation, commit and come back to the request page."""

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from foia import clock
from foia.auth.access import Role, require
from foia.auth.models import User
from foia.extensions import db
from foia.reminders import followups
from foia.reminders.forms import AssignmentForm, ButtonForm
from foia.requests import assignment, bp
from foia.requests.access import get_request
from foia.requests.models import RecordsRequest


def _user(value: str | None) -> User | None:
    return db.session.get(User, int(value)) if value and value.isdigit() else None


@bp.route("/requests/<int:request_id>/assignment", methods=["POST"])
@require(Role.LAWYER)
def assign(request_id: int):
    """Set the owning lawyer and the volunteer of a request."""
    records_request = get_request(request_id)
    lawyers, people = assignment.assignable_people()
    form = AssignmentForm(lawyers=lawyers, people=people)
    if not form.validate_on_submit():
        flash("Choose the owner and volunteer from the lists.", "error")
        return redirect(url_for("requests.show", request_id=request_id))
    try:
        owner, volunteer = _user(form.owner_id.data), _user(form.volunteer_id.data)
        assignment.assign(records_request, owner, volunteer, actor=current_user)
        db.session.commit()
        flash("Assignment saved: reminders go to the new people.", "success")
    except assignment.AssignmentError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("requests.show", request_id=request_id, _anchor="assignment"))


@bp.route("/requests/<int:request_id>/follow-up")
@require(Role.LAWYER)
def follow_up(request_id: int):
    """Show the follow-up letter drafted for an overdue request, ready to send."""
    records_request = get_request(request_id)
    today = clock.today()
    try:
        draft, problem = followups.draft(records_request, today), None
    except followups.FollowUpError as exc:
        draft, problem = None, str(exc)
    return render_template(
        "requests/follow_up.html",
        r=records_request,
        draft=draft,
        problem=problem,
        overdue=followups.overdue_clock(records_request, today),
        channel=followups.channel_of(records_request),
        last=followups.last_follow_up_on(records_request),
        form=ButtonForm(),
    )


@bp.route("/requests/<int:request_id>/follow-up", methods=["POST"])
@require(Role.LAWYER)
def send_follow_up(request_id: int):
    """Send the follow-up letter by the request's channel."""
    records_request = get_request(request_id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        followups.send(records_request, clock.today(), actor=current_user)
        db.session.commit()
        flash("Follow-up sent and recorded in the communications.", "success")
    except followups.FollowUpError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("requests.follow_up", request_id=request_id))
    return redirect(url_for("requests.show", request_id=request_id))


def assignment_section(records_request: RecordsRequest, today: date) -> dict:
    """Return what the page's assignment section shows a lawyer: its form and the late clock."""
    if not current_user.has_role(Role.LAWYER):
        return {"assignment_form": None, "late_clock": None}
    lawyers, people = assignment.assignable_people()
    form = AssignmentForm(
        lawyers=lawyers,
        people=people,
        data={
            "owner_id": str(records_request.owner_id or ""),
            "volunteer_id": str(records_request.volunteer_id or ""),
        },
    )
    return {
        "assignment_form": form,
        "late_clock": followups.overdue_clock(records_request, today),
    }
