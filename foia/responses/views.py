"""Response pages: log a reply, outcomes, fees, notes, tracking numbers, appeals,
chronology downloads and campaign results."""

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from foia import clock
from foia.auth.access import require
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import WriteFailed, store_for
from foia.extensions import db
from foia.requests.views import get_request
from foia.responses import appeals, bp, chronology, operations, results
from foia.responses.forms import (
    AppealDraftForm,
    AppealEditForm,
    AppealFileForm,
    AppealReviewForm,
    FeeForm,
    LogResponseForm,
    NoteForm,
    TrackingForm,
    outcome_codes,
    outcomes_form,
)
from foia.responses.models import Appeal


def _store():
    return store_for(current_app.config)


def _max_bytes() -> int:
    return current_app.config.get("DOCUMENT_MAX_BYTES") or current_app.config["MAX_CONTENT_LENGTH"]


def _uploads(files) -> list[documents.Upload]:
    return [
        documents.Upload(f.filename, f.read(_max_bytes() + 1), f.mimetype or "")
        for f in files
        if f is not None and (f.filename or f.content_length)
    ]


def _back(records_request, anchor: str = ""):
    return redirect(url_for("requests.show", request_id=records_request.id) + anchor)


@bp.route("/requests/<int:request_id>/responses/new", methods=["GET", "POST"])
@require("volunteer")
def log_response(request_id: int):
    """Log a reply from the agency: date, channel, kind, summary, files, tracking numbers."""
    records_request = get_request(request_id)
    form = LogResponseForm(received_on=clock.today())
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            logged = operations.log_response(
                records_request,
                received_on=form.received_on.data,
                channel=form.channel.data,
                sender=form.sender.data or "",
                kind=form.kind.data,
                summary=form.summary.data or "",
                today=clock.today(),
                actor=current_user,
                store=_store(),
                max_bytes=_max_bytes(),
                uploads=_uploads(request.files.getlist(form.attachments.name)),
                tracking_numbers=operations.parse_tracking_numbers(form.tracking_numbers.data),
                extension_days=form.extension_days.data,
                fee_amount=form.fee_amount.data,
            )
        except operations.ResponseError as exc:
            db.session.rollback()
            form.kind.errors.append(str(exc))
        except WriteFailed as exc:
            # The form comes back as typed: only the files need choosing again.
            db.session.rollback()
            form.attachments.errors.append(str(exc))
            status = 503
        else:
            db.session.commit()
            for message in (*logged.refused, *logged.warnings):
                flash(message, "warning")
            flash(
                f"Response logged with {len(logged.attachments)} file(s); deadlines recomputed.",
                "success",
            )
            return _back(records_request, "#communications-heading")
    return render_template("responses/log.html", r=records_request, form=form), status


@bp.route("/requests/<int:request_id>/outcomes", methods=["POST"])
@require("volunteer")
def code_outcomes(request_id: int):
    """Save the per-category outcomes."""
    records_request = get_request(request_id)
    current = operations.outcomes_of(records_request)
    form = outcomes_form(
        list(records_request.category_slugs or []),
        {},
        records_request.agency.jurisdiction.code,
        current,
    )
    if form.validate_on_submit():
        try:
            operations.code_outcomes(records_request, outcome_codes(form), actor=current_user)
            db.session.commit()
            flash("Outcomes saved.", "success")
        except operations.ResponseError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash("The outcomes could not be saved: " + _errors(form), "error")
    return _back(records_request, "#outcomes-heading")


def _errors(form) -> str:
    return "; ".join(f"{form[name].label.text}: {' '.join(e)}" for name, e in form.errors.items())


@bp.route("/requests/<int:request_id>/fees", methods=["POST"])
@require("volunteer")
def record_fee(request_id: int):
    """Record a fee estimate, waiver decision, invoice or payment."""
    records_request = get_request(request_id)
    form = FeeForm()
    if form.validate_on_submit():
        try:
            operations.record_fee(
                records_request,
                form.fee_kind.data,
                form.fee_on.data,
                today=clock.today(),
                actor=current_user,
                amount=form.amount.data,
                note=form.fee_note.data or "",
            )
            db.session.commit()
            flash("Fee recorded.", "success")
        except operations.ResponseError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash("The fee could not be recorded: " + _errors(form), "error")
    return _back(records_request, "#fees-heading")


@bp.route("/requests/<int:request_id>/notes", methods=["POST"])
@require("volunteer")
def add_note(request_id: int):
    """Add a note (a privileged one only as a lawyer)."""
    records_request = get_request(request_id)
    form = NoteForm()
    if form.is_privileged.data and not current_user.has_role("lawyer"):
        abort(403)
    if form.validate_on_submit():
        operations.add_note(
            records_request,
            form.body.data,
            is_privileged=form.is_privileged.data,
            actor=current_user,
        )
        db.session.commit()
        flash("Note added.", "success")
    else:
        flash("The note could not be added: " + _errors(form), "error")
    return _back(records_request, "#notes-heading")


@bp.route("/requests/<int:request_id>/tracking", methods=["POST"])
@require("volunteer")
def add_tracking(request_id: int):
    """Record the agency's tracking numbers."""
    records_request = get_request(request_id)
    form = TrackingForm()
    if form.validate_on_submit():
        numbers = operations.parse_tracking_numbers(form.numbers.data)
        added = operations.add_tracking_numbers(records_request, numbers, actor=current_user)
        db.session.commit()
        flash(f"{len(added)} tracking number(s) added.", "success")
    return _back(records_request, "#communications-heading")


@bp.route("/requests/<int:request_id>/chronology.pdf")
@require("volunteer")
def chronology_pdf(request_id: int):
    """Download the request's whole history as a PDF."""
    records_request = get_request(request_id)
    pdf = chronology.render_pdf(chronology.build(records_request, clock.today()))
    return _download(pdf, f"{records_request.reference}-chronology.pdf", "application/pdf")


@bp.route("/requests/<int:request_id>/chronology.zip")
@require("volunteer")
def chronology_zip(request_id: int):
    """Download the chronology PDF with every original file, email and letter, in a ZIP."""
    records_request = get_request(request_id)
    data = chronology.render_zip(chronology.build(records_request, clock.today()), _store())
    return _download(data, f"{records_request.reference}-chronology.zip", "application/zip")


def _download(data: bytes, name: str, media_type: str) -> Response:
    response = Response(data, mimetype=media_type)
    response.headers.set("Content-Disposition", "attachment", filename=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- appeals --------------------------------------------------------------------------------


@bp.route("/requests/<int:request_id>/appeals", methods=["POST"])
@require("volunteer")
def draft_appeal(request_id: int):
    """Draft an appeal letter from the law's appeal rule."""
    records_request = get_request(request_id)
    page = _appeal_grounds(records_request)
    if AppealDraftForm().validate_on_submit():
        try:
            appeal = appeals.draft_appeal(
                records_request, page or "", today=clock.today(), actor=current_user
            )
        except appeals.AppealError as exc:
            flash(str(exc), "error")
            return _back(records_request, "#appeals-heading")
        db.session.commit()
        flash("Appeal letter drafted: check it, then a lawyer reviews and files it.", "success")
        return redirect(url_for("responses.appeal", appeal_id=appeal.id))
    return _back(records_request)


def _appeal_grounds(records_request) -> str | None:
    from foia.responses.page import request_page_context

    return request_page_context(records_request, current_user, clock.today())[
        "responses"
    ].appeal_grounds


def _appeal(appeal_id: int) -> Appeal:
    appeal = db.session.get(Appeal, appeal_id)
    if appeal is None:
        abort(404)
    return appeal


@bp.route("/appeals/<int:appeal_id>", methods=["GET", "POST"])
@require("volunteer")
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
@require("lawyer")
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
@require("lawyer")
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
                store=_store(),
                channel=form.channel.data,
            )
            db.session.commit()
            flash("Appeal filed; the appeal-decision clock is running.", "success")
            return _back(item.records_request, "#clocks-heading")
        except (appeals.AppealError, operations.ResponseError) as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash("The appeal could not be filed: " + _errors(form), "error")
    return redirect(url_for("responses.appeal", appeal_id=appeal_id))


@bp.route("/appeals/<int:appeal_id>/appeal.pdf")
@require("volunteer")
def appeal_pdf(appeal_id: int):
    """Download the appeal as filed, or a preview of the draft."""
    from foia.letters.pdf import html_to_pdf

    item = _appeal(appeal_id)
    if item.pdf_sha256:
        data = _store().get(item.pdf_sha256)
    else:
        data = html_to_pdf(appeals.appeal_pdf_html(item)).content
    return _download(data, f"appeal-{item.records_request.reference}.pdf", "application/pdf")


# --- campaign results -----------------------------------------------------------------------


def _campaign(campaign_id: int) -> Campaign:
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


@bp.route("/campaigns/<int:campaign_id>/results")
@require("volunteer")
def campaign_results(campaign_id: int):
    """Show a campaign's outcomes: categories by agency, as a table and a chart."""
    found = results.campaign_results(_campaign(campaign_id))
    return render_template("responses/results.html", res=found, labels=results.OUTCOME_LABELS)


@bp.route("/campaigns/<int:campaign_id>/results.csv")
@require("volunteer")
def campaign_results_csv(campaign_id: int):
    """Download a campaign's outcomes as CSV."""
    campaign = _campaign(campaign_id)
    data = results.results_csv(results.campaign_results(campaign)).encode("utf-8-sig")
    return _download(data, f"campaign-{campaign.id}-results.csv", "text/csv")
