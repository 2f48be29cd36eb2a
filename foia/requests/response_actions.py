"""The request page's thread and outcome sections: log a response, code outcomes, record fees,
notes and tracking numbers, draft an appeal, and download the chronology.

The work is foia/responses' (operations, appeals, chronology); these views only load, check,
call one operation, commit and come back to the request page."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from foia import clock, downloads
from foia.auth.access import Role, require
from foia.deadlines.errors import DeadlineError
from foia.documents import operations as documents
from foia.documents.storage import WriteFailed, store_for
from foia.extensions import db
from foia.letters.models import RecordCategory
from foia.requests import bp, clocks
from foia.requests.access import get_request
from foia.requests.models import RecordsRequest
from foia.responses import appeals, chronology
from foia.responses import operations as responses
from foia.responses.forms import (
    AppealDraftForm,
    FeeForm,
    NoteForm,
    TrackingForm,
    log_response_form,
    outcome_codes,
    outcomes_form,
)


def _max_bytes() -> int:
    return current_app.config.get("DOCUMENT_MAX_BYTES") or current_app.config["MAX_CONTENT_LENGTH"]


def _uploads(files) -> list[documents.Upload]:
    return [
        documents.Upload(f.filename, f.read(_max_bytes() + 1), f.mimetype or "")
        for f in files
        if f is not None and (f.filename or f.content_length)
    ]


def _errors(form) -> str:
    return "; ".join(f"{form[name].label.text}: {' '.join(e)}" for name, e in form.errors.items())


def _back(records_request: RecordsRequest, anchor: str = ""):
    return redirect(url_for("requests.show", request_id=records_request.id) + anchor)


@bp.route("/requests/<int:request_id>/responses/new", methods=["GET", "POST"])
@require(Role.VOLUNTEER)
def log_response(request_id: int):
    """Log a reply from the agency: date, channel, kind, summary, files, tracking numbers, and the
    fields its kind needs (days claimed, a fee, what became of each category)."""
    records_request = get_request(request_id)
    form = log_response_form(
        list(records_request.category_slugs or []),
        _category_names(records_request),
        records_request.agency.jurisdiction.code,
        responses.outcomes_of(records_request),
        received_on=clock.today(),
    )
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        try:
            logged = responses.log_response(
                records_request,
                received_on=form.received_on.data,
                channel=form.channel.data,
                sender=form.sender.data or "",
                kind=form.kind.data,
                summary=form.summary.data or "",
                today=clock.today(),
                actor=current_user,
                store=store_for(current_app.config),
                max_bytes=_max_bytes(),
                uploads=_uploads(request.files.getlist(form.attachments.name)),
                tracking_numbers=responses.parse_tracking_numbers(form.tracking_numbers.data),
                extension_days=form.extension_days.data,
                fee_amount=form.fee(),
                outcomes=form.outcomes(),
            )
        except responses.ResponseError as exc:
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
    return render_template("requests/log_response.html", r=records_request, form=form), status


def _category_names(records_request: RecordsRequest) -> dict[str, str]:
    """Return the names of the categories the request asked for, by slug."""
    slugs = list(records_request.category_slugs or [])
    query = select(RecordCategory.slug, RecordCategory.name).where(RecordCategory.slug.in_(slugs))
    return dict(db.session.execute(query).all())


@bp.route("/requests/<int:request_id>/outcomes", methods=["POST"])
@require(Role.VOLUNTEER)
def code_outcomes(request_id: int):
    """Save the per-category outcomes."""
    records_request = get_request(request_id)
    current = responses.outcomes_of(records_request)
    form = outcomes_form(
        list(records_request.category_slugs or []),
        {},
        records_request.agency.jurisdiction.code,
        current,
    )
    if form.validate_on_submit():
        try:
            responses.code_outcomes(records_request, outcome_codes(form), actor=current_user)
            db.session.commit()
            flash("Outcomes saved.", "success")
        except responses.ResponseError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash("The outcomes could not be saved: " + _errors(form), "error")
    return _back(records_request, "#outcomes-heading")


@bp.route("/requests/<int:request_id>/fees", methods=["POST"])
@require(Role.VOLUNTEER)
def record_fee(request_id: int):
    """Record a fee estimate, waiver decision, invoice or payment."""
    records_request = get_request(request_id)
    form = FeeForm()
    if form.validate_on_submit():
        try:
            responses.record_fee(
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
        except responses.ResponseError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    else:
        flash("The fee could not be recorded: " + _errors(form), "error")
    return _back(records_request, "#fees-heading")


@bp.route("/requests/<int:request_id>/notes", methods=["POST"])
@require(Role.VOLUNTEER)
def add_note(request_id: int):
    """Add a note (a privileged one only as a lawyer)."""
    records_request = get_request(request_id)
    form = NoteForm()
    if form.is_privileged.data and not current_user.has_role(Role.LAWYER):
        abort(403)
    if form.validate_on_submit():
        responses.add_note(
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
@require(Role.VOLUNTEER)
def add_tracking(request_id: int):
    """Record the agency's tracking numbers."""
    records_request = get_request(request_id)
    form = TrackingForm()
    if form.validate_on_submit():
        numbers = responses.parse_tracking_numbers(form.numbers.data)
        added = responses.add_tracking_numbers(records_request, numbers, actor=current_user)
        db.session.commit()
        flash(f"{len(added)} tracking number(s) added.", "success")
    return _back(records_request, "#communications-heading")


@bp.route("/requests/<int:request_id>/chronology.pdf")
@require(Role.VOLUNTEER)
def chronology_pdf(request_id: int):
    """Download the request's whole history as a PDF."""
    records_request = get_request(request_id)
    pdf = chronology.render_pdf(chronology.build(records_request, clock.today()))
    name = f"{records_request.reference}-chronology.pdf"
    return downloads.download(pdf, name, "application/pdf")


@bp.route("/requests/<int:request_id>/chronology.zip")
@require(Role.VOLUNTEER)
def chronology_zip(request_id: int):
    """Download the chronology PDF with every original file, email and letter, in a ZIP."""
    records_request = get_request(request_id)
    built = chronology.build(records_request, clock.today())
    data = chronology.render_zip(built, store_for(current_app.config))
    return downloads.download(
        data, f"{records_request.reference}-chronology.zip", "application/zip"
    )


@bp.route("/requests/<int:request_id>/appeals", methods=["POST"])
@require(Role.VOLUNTEER)
def draft_appeal(request_id: int):
    """Draft an appeal letter from the law's appeal rule."""
    records_request = get_request(request_id)
    grounds = _appeal_grounds(records_request)
    if AppealDraftForm().validate_on_submit():
        try:
            appeal = appeals.draft_appeal(
                records_request, grounds or "", today=clock.today(), actor=current_user
            )
        except appeals.AppealError as exc:
            flash(str(exc), "error")
            return _back(records_request, "#appeals-heading")
        db.session.commit()
        flash("Appeal letter drafted: check it, then a lawyer reviews and files it.", "success")
        return redirect(url_for("responses.appeal", appeal_id=appeal.id))
    return _back(records_request)


def _appeal_grounds(records_request: RecordsRequest) -> str | None:
    """Return the grounds the request page offers an appeal on, by the same rule."""
    try:
        deadlines = clocks.deadlines_for(records_request, clock.today())
    except DeadlineError:
        deadlines = None
    return appeals.new_appeal_grounds(
        records_request.status,
        [o.outcome for o in responses.outcomes_of(records_request).values()],
        deadlines,
        appeals.appeals_of(records_request),
    )
