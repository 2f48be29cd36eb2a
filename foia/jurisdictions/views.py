"""Jurisdiction pages: laws, the deadline calculator, and closures."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from foia import clock
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.deadlines import explain as deadline_explain
from foia.deadlines.calendars import calendar_for
from foia.deadlines.errors import DeadlineError
from foia.deadlines.rules import get_law
from foia.extensions import db
from foia.jurisdictions import bp, operations
from foia.jurisdictions.coverage import SCOPE_LABELS, STATUS_LABELS
from foia.jurisdictions.forms import (
    CalculatorForm,
    ClosureForm,
    DeleteClosureForm,
    FacePolicyForm,
)
from foia.jurisdictions.models import Closure, FacePolicy, Jurisdiction


@bp.route("/jurisdictions")
@require(Role.VOLUNTEER)
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
@require(Role.VOLUNTEER)
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
                agency_level=form.engine_level(),
                responded_on=form.responded.data,
                today=clock.today(),
            )
            law = get_law(form.jurisdiction.data, form.received.data)
            calendar = calendar_for(
                form.jurisdiction.data,
                county=(form.county.data or "").strip() or None,
                level=form.engine_level(),
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
@require(Role.ADMIN)
def closures():
    """List closures and add one; adding moves the affected running deadlines."""
    form = ClosureForm()
    agencies = dict(db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all())
    form.offer_agencies(list(agencies.items()))
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
        "jurisdictions/closures.html",
        form=form,
        closures=rows,
        agencies=agencies,
        delete_form=DeleteClosureForm(),
    ), status


@bp.route("/admin/closures/<int:closure_id>/delete", methods=["POST"])
@require(Role.ADMIN)
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


@bp.route("/face-policies")
@require(Role.VOLUNTEER)
def face_policies():
    """List the face-surveillance policies: bans, moratoriums and restrictions by place."""
    rows = db.session.scalars(
        select(FacePolicy)
        .join(FacePolicy.jurisdiction)
        .options(contains_eager(FacePolicy.jurisdiction))
        .order_by(Jurisdiction.code, FacePolicy.scope)
    ).all()
    return render_template(
        "jurisdictions/face_policies.html",
        policies=rows,
        status_labels=STATUS_LABELS,
        scope_labels=SCOPE_LABELS,
    )


@bp.route("/face-policies/new", methods=["GET", "POST"])
@require(Role.LAWYER)
def new_face_policy():
    """Add a face-surveillance policy (a new city or county is added as a jurisdiction)."""
    return _face_policy_page(None)


@bp.route("/face-policies/<int:policy_id>/edit", methods=["GET", "POST"])
@require(Role.LAWYER)
def edit_face_policy(policy_id: int):
    """Change a face-surveillance policy."""
    policy = db.session.get(FacePolicy, policy_id)
    if policy is None:
        abort(404)
    return _face_policy_page(policy)


def _face_policy_page(policy: FacePolicy | None):
    form = FacePolicyForm(data=_policy_form_data(policy) if policy else None)
    states = db.session.execute(
        select(Jurisdiction.code, Jurisdiction.name)
        .where(Jurisdiction.level == "state")
        .order_by(Jurisdiction.name)
    ).all()
    form.offer_states([(code, name) for code, name in states])
    if form.validate_on_submit():
        try:
            saved = operations.save_face_policy(policy, form.values(), actor=current_user)
            db.session.commit()
            flash(f"Saved the policy of {saved.jurisdiction.name}.", "success")
            return redirect(url_for("jurisdictions.face_policies"))
        except operations.FacePolicyError as exc:
            db.session.rollback()
            form.place.errors = [*form.place.errors, str(exc)]
    status = 400 if form.is_submitted() else 200
    return render_template("jurisdictions/face_policy_form.html", form=form, policy=policy), status


def _policy_form_data(policy: FacePolicy) -> dict:
    place = policy.jurisdiction
    state = place.governing
    name = place.county if place.level == "county" else place.name
    return {
        "state": state.code,
        "level": place.level,
        "place": name if place.level != "state" else "",
        **{f: getattr(policy, f) for f in operations.POLICY_FIELDS},
    }
