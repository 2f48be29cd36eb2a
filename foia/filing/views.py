"""Filing pages: compose a single request, approve a letter, file it, download it as sent."""

from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.auth.access import require
from foia.campaigns.views import _offer
from foia.documents.storage import WriteFailed, store_for
from foia.extensions import db
from foia.filing import bp, operations
from foia.filing.forms import FaxForm, MailForm, PortalForm, ReceiptForm, SingleRequestForm
from foia.filing.jobs import file_one_by_email, send_correction_by_email
from foia.inbound import delivery, refile
from foia.inbound.models import DeliveryFailure
from foia.jurisdictions import policies
from foia.letters.compose import LetterError, compose_letter, requester_for
from foia.letters.models import RequestTemplate
from foia.letters.operations import write_letter
from foia.letters.pdf import html_to_pdf
from foia.letters.render import TemplateRefused
from foia.requests.models import RecordsRequest, RequestLetter
from foia.requests.operations import RequestError, create_request


def get_request(request_id: int) -> RecordsRequest:
    """Load a request or 404."""
    records_request = db.session.get(RecordsRequest, request_id)
    if records_request is None:
        abort(404)
    return records_request


def _back(records_request: RecordsRequest):
    return redirect(url_for("requests.show", request_id=records_request.id) + "#letter-heading")


def _compose(form: SingleRequestForm):
    template = db.session.scalar(select(RequestTemplate).filter_by(slug=form.template.data))
    agency = db.session.get(Agency, form.agency.data)
    return agency, compose_letter(
        template,
        agency,
        clock.today(),
        category_slugs=form.categories.data,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        requester=requester_for(current_user),
    )


@bp.route("/requests/compose", methods=["GET", "POST"])
@require("lawyer")
def new_request():
    """Write one request without a campaign: preview it, then create it as a draft."""
    form = SingleRequestForm()
    _offer(form)
    agencies = db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name)).all()
    form.offer_agencies([(a.id, a.name) for a in agencies])
    if request.method == "GET":
        _prefill(form)
    letter, error = None, None
    if form.validate_on_submit():
        try:
            agency, letter = _compose(form)
        except (LetterError, TemplateRefused) as exc:
            error = str(exc)
        action = request.form.get("action", "preview")
        if letter is not None and action == "pdf":
            pdf = html_to_pdf(letter.html)
            return _download(pdf.content, f"preview-agency-{agency.id}.pdf", pdf.sha256)
        if letter is not None and action == "create":
            records_request = _create_single(form, agency, letter)
            db.session.commit()
            flash(
                f"Draft request {records_request.reference} created. Approve it to file it.",
                "success",
            )
            return _back(records_request)
    return render_template(
        "filing/new_request.html",
        form=form,
        letter=letter,
        error=error,
        **_ban_context(form),
    )


def _prefill(form: SingleRequestForm) -> None:
    """Start from ?template=SLUG (its categories ticked) and ?agency=ID when given."""
    chosen = db.session.scalar(
        select(RequestTemplate).filter_by(slug=request.args.get("template", ""))
    )
    if chosen is not None:
        form.template.data, form.categories.data = chosen.slug, list(chosen.default_category_slugs)
    agency_id = request.args.get("agency", type=int)
    if agency_id in {value for value, _ in form.agency.choices}:
        form.agency.data = agency_id


def _ban_context(form: SingleRequestForm) -> dict:
    """Suggest the ban-compliance template when the chosen agency is under a ban."""
    agency = db.session.get(Agency, form.agency.data) if form.agency.data else None
    suggestion = policies.ban_suggestion([agency] if agency else [], form.template.data)
    link = None
    if suggestion:
        link = url_for("filing.new_request", template=suggestion.template, agency=agency.id)
    return {"ban_suggestion": suggestion, "ban_link": link}


def _create_single(form, agency, letter) -> RecordsRequest:
    records_request = create_request(agency, form.name.data, owner=current_user, actor=current_user)
    records_request.template_slug = form.template.data
    records_request.category_slugs = list(form.categories.data)
    records_request.date_from, records_request.date_to = form.date_from.data, form.date_to.data
    write_letter(records_request, letter, html_to_pdf(letter.html), actor=current_user)
    return records_request


def _download(content: bytes, filename: str, sha256: str):
    response = make_response(content)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-SHA256"] = sha256
    return response


@bp.route("/requests/<int:request_id>/letters/<int:letter_id>.pdf")
@require("volunteer")
def letter_pdf(request_id: int, letter_id: int):
    """Download a letter's PDF exactly as stored (as sent, once it went)."""
    records_request = get_request(request_id)
    letter = db.session.get(RequestLetter, letter_id)
    if letter is None or letter.request_id != records_request.id or not letter.pdf_sha256:
        abort(404)
    content = store_for(current_app.config).get(letter.pdf_sha256)
    return _download(content, operations.pdf_filename(records_request, letter), letter.pdf_sha256)


def _act(records_request, operation, success: str, **kwargs):
    """Run one filing operation, commit, and say how it went."""
    try:
        operation(records_request, actor=current_user, **kwargs)
        db.session.commit()
        flash(success, "success")
    except (operations.FilingError, RequestError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _back(records_request)


@bp.route("/requests/<int:request_id>/approve", methods=["POST"])
@require("lawyer")
def approve(request_id: int):
    """Approve the request's letter as drafted."""
    records_request = get_request(request_id)
    return _act(records_request, operations.approve_request, "Letter approved.")


@bp.route("/requests/<int:request_id>/file/email", methods=["POST"])
@require("lawyer")
def file_email(request_id: int):
    """Send the approved letter to the agency by email now and record the filing."""
    records_request = get_request(request_id)
    outcome = file_one_by_email(records_request.id, today=clock.today(), actor=current_user)
    if outcome.is_filed:
        flash(f"{records_request.reference} filed by email.", "success")
    else:
        flash(f"Not filed: {outcome.error}", "error")
    return _back(records_request)


@bp.route("/requests/<int:request_id>/correction/email", methods=["POST"])
@require("lawyer")
def send_correction(request_id: int):
    """Send the drafted correction letter of a filed request to the agency by email."""
    records_request = get_request(request_id)
    outcome = send_correction_by_email(records_request.id, today=clock.today(), actor=current_user)
    if outcome.is_filed:
        flash(f"Correction letter of {records_request.reference} sent by email.", "success")
    else:
        flash(f"Not sent: {outcome.error}", "error")
    return _back(records_request)


def _form_errors(form) -> str:
    return " ".join(
        f"{getattr(form, name).label.text}: {' '.join(errors)}"
        for name, errors in form.errors.items()
    )


@bp.route("/requests/<int:request_id>/file/portal", methods=["POST"])
@require("lawyer")
def file_portal(request_id: int):
    """Record a request filed through the agency's portal."""
    records_request, form = get_request(request_id), PortalForm()
    if not form.validate_on_submit():
        flash(f"Not filed: {_form_errors(form)}", "error")
        return _back(records_request)
    upload = form.confirmation.data
    try:
        return _act(
            records_request,
            operations.file_by_portal,
            "Filing through the portal recorded.",
            portal=form.portal.data.strip(),
            submitted_on=form.submitted_on.data,
            confirmation_number=form.confirmation_number.data.strip(),
            confirmation=upload.read() if upload else None,
            confirmation_name=upload.filename if upload else "",
            today=clock.today(),
        )
    except WriteFailed as exc:
        # The form comes back as typed on its own page: only the file needs choosing again.
        db.session.rollback()
        form.confirmation.errors.append(str(exc))
        return render_template("filing/portal.html", r=records_request, form=form), 503


@bp.route("/requests/<int:request_id>/file/mail", methods=["POST"])
@require("lawyer")
def file_mail(request_id: int):
    """Record a request posted by certified mail (receipt estimated until confirmed)."""
    records_request, form = get_request(request_id), MailForm()
    if not form.validate_on_submit():
        flash(f"Not filed: {_form_errors(form)}", "error")
        return _back(records_request)
    return _act(
        records_request,
        operations.file_by_mail,
        "Mailing recorded; the receipt is estimated until the return receipt comes back.",
        mailed_on=form.mailed_on.data,
        certified_number=form.certified_number.data.strip(),
        today=clock.today(),
    )


@bp.route("/requests/<int:request_id>/return-receipt", methods=["POST"])
@require("lawyer")
def return_receipt(request_id: int):
    """Replace the estimated receipt of a posted request by the return receipt's date."""
    records_request, form = get_request(request_id), ReceiptForm()
    if not form.validate_on_submit():
        flash(_form_errors(form), "error")
        return _back(records_request)
    return _act(
        records_request,
        operations.record_return_receipt,
        "Receipt confirmed; the deadlines are recomputed.",
        received_on=form.received_on.data,
        today=clock.today(),
    )


@bp.route("/requests/<int:request_id>/file/fax", methods=["POST"])
@require("lawyer")
def file_fax(request_id: int):
    """Record a faxed request."""
    records_request, form = get_request(request_id), FaxForm()
    if not form.validate_on_submit():
        flash(f"Not filed: {_form_errors(form)}", "error")
        return _back(records_request)
    return _act(
        records_request,
        operations.file_by_fax,
        "Fax filing recorded.",
        sent_on=form.sent_on.data,
        fax_number=form.fax_number.data.strip(),
        confirmation=(form.confirmation.data or "").strip(),
        today=clock.today(),
    )


@bp.route("/requests/<int:request_id>/file/again", methods=["POST"])
@require("lawyer")
def file_again(request_id: int):
    """File again by email, to the corrected address, a request whose filing email bounced."""
    records_request = get_request(request_id)
    outcome = refile.file_again(records_request.id, today=clock.today(), actor=current_user)
    if outcome.is_filed:
        flash(
            f"{records_request.reference} filed again by email to {records_request.agency.email};"
            " the deadlines now run from today's send.",
            "success",
        )
    else:
        flash(f"Not filed again: {outcome.error}", "error")
    return redirect(url_for("requests.show", request_id=records_request.id))


@bp.route("/delivery-failures/<int:failure_id>/resolve", methods=["POST"])
@require("lawyer")
def resolve_failure(failure_id: int):
    """Mark a delivery failure as dealt with (the message was sent another way, say)."""
    failure = db.session.get(DeliveryFailure, failure_id) or abort(404)
    delivery.resolve(failure, actor=current_user)
    db.session.commit()
    flash(f"The failed delivery to {failure.address} is marked as dealt with.", "success")
    if failure.request_id is None:
        return redirect(url_for("dashboard.index"))
    return redirect(url_for("requests.show", request_id=failure.request_id))
