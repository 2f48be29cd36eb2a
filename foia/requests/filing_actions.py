"""The request page's letter section: download a letter, approve it, file it (email, portal,
mail, fax), send a correction, confirm the return receipt, file again after a bounce.

The filing itself is foia/filing's (operations and jobs); these views only load, check, call one
operation, commit and come back to the request page."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from foia import clock, downloads
from foia.auth.access import Role, require
from foia.documents.storage import WriteFailed, store_for
from foia.extensions import db
from foia.filing import operations as filing
from foia.filing.forms import FaxForm, MailForm, PortalForm, ReceiptForm
from foia.filing.jobs import file_one_by_email, send_correction_by_email
from foia.inbound import refile
from foia.requests import bp
from foia.requests.access import get_request
from foia.requests.models import RecordsRequest, RequestLetter
from foia.requests.operations import RequestError


def _back(records_request: RecordsRequest):
    return redirect(url_for("requests.show", request_id=records_request.id) + "#letter-heading")


@bp.route("/requests/<int:request_id>/letters/<int:letter_id>.pdf")
@require(Role.VOLUNTEER)
def letter_pdf(request_id: int, letter_id: int):
    """Download a letter's PDF exactly as stored (as sent, once it went)."""
    records_request = get_request(request_id)
    letter = db.session.get(RequestLetter, letter_id)
    if letter is None or letter.request_id != records_request.id or not letter.pdf_sha256:
        abort(404)
    content = store_for(current_app.config).get(letter.pdf_sha256)
    filename = filing.pdf_filename(records_request, letter)
    return downloads.letter_pdf(content, filename, letter.pdf_sha256)


def _act(records_request, operation, success: str, **kwargs):
    """Run one filing operation, commit, and say how it went."""
    try:
        operation(records_request, actor=current_user, **kwargs)
        db.session.commit()
        flash(success, "success")
    except (filing.FilingError, RequestError) as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return _back(records_request)


@bp.route("/requests/<int:request_id>/approve", methods=["POST"])
@require(Role.LAWYER)
def approve(request_id: int):
    """Approve the request's letter as drafted."""
    records_request = get_request(request_id)
    return _act(records_request, filing.approve_request, "Letter approved.")


@bp.route("/requests/<int:request_id>/file/email", methods=["POST"])
@require(Role.LAWYER)
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
@require(Role.LAWYER)
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
@require(Role.LAWYER)
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
            filing.file_by_portal,
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
@require(Role.LAWYER)
def file_mail(request_id: int):
    """Record a request posted by certified mail (receipt estimated until confirmed)."""
    records_request, form = get_request(request_id), MailForm()
    if not form.validate_on_submit():
        flash(f"Not filed: {_form_errors(form)}", "error")
        return _back(records_request)
    return _act(
        records_request,
        filing.file_by_mail,
        "Mailing recorded; the receipt is estimated until the return receipt comes back.",
        mailed_on=form.mailed_on.data,
        certified_number=form.certified_number.data.strip(),
        today=clock.today(),
    )


@bp.route("/requests/<int:request_id>/return-receipt", methods=["POST"])
@require(Role.LAWYER)
def return_receipt(request_id: int):
    """Replace the estimated receipt of a posted request by the return receipt's date."""
    records_request, form = get_request(request_id), ReceiptForm()
    if not form.validate_on_submit():
        flash(_form_errors(form), "error")
        return _back(records_request)
    return _act(
        records_request,
        filing.record_return_receipt,
        "Receipt confirmed; the deadlines are recomputed.",
        received_on=form.received_on.data,
        today=clock.today(),
    )


@bp.route("/requests/<int:request_id>/file/fax", methods=["POST"])
@require(Role.LAWYER)
def file_fax(request_id: int):
    """Record a faxed request."""
    records_request, form = get_request(request_id), FaxForm()
    if not form.validate_on_submit():
        flash(f"Not filed: {_form_errors(form)}", "error")
        return _back(records_request)
    return _act(
        records_request,
        filing.file_by_fax,
        "Fax filing recorded.",
        sent_on=form.sent_on.data,
        fax_number=form.fax_number.data.strip(),
        confirmation=(form.confirmation.data or "").strip(),
        today=clock.today(),
    )


@bp.route("/requests/<int:request_id>/file/again", methods=["POST"])
@require(Role.LAWYER)
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
