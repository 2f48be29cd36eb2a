"""Jurisdiction pages: laws, the deadline calculator, and closures."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from foia import clock
from foia.auth.access import require
from foia.deadlines import explain as deadline_explain
from foia.deadlines.calendars import calendar_for
from foia.deadlines.errors import DeadlineError
from foia.deadlines.rules import get_law
from foia.extensions import db
from foia.jurisdictions import bp, operations
from foia.jurisdictions.forms import CalculatorForm, ClosureForm, DeleteClosureForm
from foia.jurisdictions.models import Closure, Jurisdiction


@bp.route("/jurisdictions")
@require("volunteer")
def index():
    """List the federal, state and DC jurisdictions with their laws."""
    rows = (
        db.session.scalars(
            select(Jurisdiction)
            .where(Jurisdiction.level.in_(("federal", "state")))
            .options(joinedload(Jurisdiction.laws))
            .order_by(Jurisdiction.level, Jurisdiction.name)
        )
        .unique()
        .all()
    )
    return render_template("jurisdictions/index.html", jurisdictions=rows)


@bp.route("/deadlines")
@require("volunteer")
def calculator():
    """Compute and explain the deadlines for any jurisdiction, county, level and date."""
    form = CalculatorForm(request.args, meta={"csrf": False})
    result = law = calendar = None
    if request.args and form.validate():
        try:
            result = deadline_explain.explain_from_receipt(
                form.jurisdiction.data,
                form.received.data,
                county=(form.county.data or "").strip() or None,
                agency_level=form.agency_level.data,
                responded_on=form.responded.data,
                today=clock.today(),
            )
            law = get_law(form.jurisdiction.data, form.received.data)
            calendar = calendar_for(
                form.jurisdiction.data, county=(form.county.data or "").strip() or None
            )
        except DeadlineError as exc:
            form.county.errors = [*form.county.errors, str(exc)]
    return render_template(
        "jurisdictions/calculator.html",
        form=form,
        result=result,
        law=law,
        calendar=calendar,
        today=clock.today(),
    )


@bp.route("/admin/closures", methods=["GET", "POST"])
@require("admin")
def closures():
    """List closures and add one; adding moves the affected running deadlines."""
    form = ClosureForm()
    if form.validate_on_submit():
        try:
            _, moved = operations.add_closure(
                form.closed_on.data,
                form.reason.data,
                today=clock.today(),
                actor=current_user,
                jurisdiction_code=form.jurisdiction.data,
                agency_id=form.agency_id.data,
            )
            db.session.commit()
            flash(f"Closure added; {moved} deadline{'' if moved == 1 else 's'} moved.", "success")
            return redirect(url_for("jurisdictions.closures"))
        except operations.ClosureError as exc:
            db.session.rollback()
            form.reason.errors.append(str(exc))
    rows = db.session.scalars(
        select(Closure).options(joinedload(Closure.jurisdiction)).order_by(Closure.closed_on.desc())
    ).all()
    status = 400 if form.errors else 200
    return render_template(
        "jurisdictions/closures.html", form=form, closures=rows, delete_form=DeleteClosureForm()
    ), status


@bp.route("/admin/closures/<int:closure_id>/delete", methods=["POST"])
@require("admin")
def delete_closure(closure_id: int):
    """Remove a closure; the deadlines it moved move back."""
    closure = db.session.get(Closure, closure_id)
    if closure is None:
        abort(404)
    if DeleteClosureForm().validate_on_submit():
        moved = operations.remove_closure(closure, today=clock.today(), actor=current_user)
        db.session.commit()
        flash(f"Closure removed; {moved} deadline{'' if moved == 1 else 's'} moved.", "success")
    return redirect(url_for("jurisdictions.closures"))
