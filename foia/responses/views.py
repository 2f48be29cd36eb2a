"""The appeal page: an appeal letter, edited until a lawyer reviews and files it, and its PDF.

An appeal is drafted from the request page (foia/requests/response_actions.py)."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from foia import clock, downloads
from foia.auth.access import Role, require
from foia.documents.storage import store_for
from foia.extensions import db
from foia.responses import appeals, bp, operations
from foia.responses.forms import AppealEditForm, AppealFileForm, AppealReviewForm
from foia.responses.models import Appeal


def _appeal(appeal_id: int) -> Appeal:
    appeal = db.session.get(Appeal, appeal_id)
    if appeal is None:
        abort(404)
    return appeal


def _errors(form) -> str:
    return "; ".join(f"{form[name].label.text}: {' '.join(e)}" for name, e in form.errors.items())


@bp.route("/appeals/<int:appeal_id>", methods=["GET", "POST"])
@require(Role.VOLUNTEER)
def appeal(appeal_id: int):
    """Show an appeal letter and edit it until it is filed."""
    item = _appeal(appeal_id)
    form = AppealEditForm(body=item.body)
    if form.validate_on_submit():
        try:
            appeals.edit_appeal(item, form.body.data, actor=current_user)
            db.session.commit()
            flash("Letter saved.", "success")
        except appeals.AppealError as exc:
            flash(str(exc), "error")
        return redirect(url_for("responses.appeal", appeal_id=appeal_id))
    return render_template(
        "responses/appeal.html",
        a=item,
        r=item.records_request,
        form=form,
        review_form=AppealReviewForm(formdata=None),
        file_form=AppealFileForm(formdata=None, filed_on=clock.today()),
    )


@bp.route("/appeals/<int:appeal_id>/review", methods=["POST"])
@require(Role.LAWYER)
def review_appeal(appeal_id: int):
    """Mark the appeal letter reviewed."""
    item = _appeal(appeal_id)
    if AppealReviewForm().validate_on_submit():
        try:
            appeals.review_appeal(item, actor=current_user)
            db.session.commit()
            flash("Reviewed: it can be filed.", "success")
        except appeals.AppealError as exc:
            flash(str(exc), "error")
    return redirect(url_for("responses.appeal", appeal_id=appeal_id))


@bp.route("/appeals/<int:appeal_id>/file", methods=["POST"])
@require(Role.LAWYER)
def file_appeal(appeal_id: int):
    """File the reviewed appeal: the appeal_filed event starts the decision clock."""
    item = _appeal(appeal_id)
    form = AppealFileForm()
    if form.validate_on_submit():
        try:
            appeals.file_appeal(
                item,
                form.filed_on.data,
                today=clock.today(),
                actor=current_user,
                store=store_for(current_app.config),
                channel=form.channel.data,
            )
            db.session.commit()
            flash("Appeal filed; the appeal-decision clock is running.", "success")
            return redirect(
                url_for("requests.show", request_id=item.records_request.id) + "#clocks-heading"
            )
        except (appeals.AppealError, operations.ResponseError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash("The appeal could not be filed: " + _errors(form), "error")
    return redirect(url_for("responses.appeal", appeal_id=appeal_id))


@bp.route("/appeals/<int:appeal_id>/appeal.pdf")
@require(Role.VOLUNTEER)
def appeal_pdf(appeal_id: int):
    """Download the appeal as filed, or a preview of the draft."""
    from foia.letters.pdf import html_to_pdf

    item = _appeal(appeal_id)
    if item.pdf_sha256:
        data = store_for(current_app.config).get(item.pdf_sha256)
    else:
        data = html_to_pdf(appeals.appeal_pdf_html(item)).content
    name = f"appeal-{item.records_request.reference}.pdf"
    return downloads.download(data, name, "application/pdf")
