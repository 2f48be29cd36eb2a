"""The inbox: every message received, one message's page, and filing it under a request."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import func, select

from foia import clock
from foia.auth.access import require
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound import bp, operations, parse
from foia.inbound.forms import AssignForm, EmailUploadForm
from foia.inbound.models import InboundEmail
from foia.requests.models import RecordsRequest


def _store():
    return store_for(current_app.config)


def _max_bytes() -> int:
    return current_app.config.get("DOCUMENT_MAX_BYTES") or current_app.config["MAX_CONTENT_LENGTH"]


@bp.route("/inbox", methods=["GET", "POST"])
@require("volunteer")
def index():
    """List unmatched emails and take a forwarded .eml or .mbox."""
    form = EmailUploadForm()
    if form.validate_on_submit():
        upload = request.files.get(form.message.name)
        raw = upload.read(_max_bytes() + 1) if upload else b""
        try:
            documents.check_upload(documents.Upload(upload and upload.filename, raw), _max_bytes())
        except documents.UploadRefused as exc:
            flash(str(exc), "error")
            return redirect(url_for("inbox.index"))
        messages = parse.split_mbox(raw) if parse.is_mbox(raw) else [raw]
        kept = [
            operations.import_email(
                m, store=_store(), max_bytes=_max_bytes(), actor=current_user, today=clock.today()
            ).inbound
            for m in messages
        ]
        db.session.commit()
        matched = sum(1 for m in kept if m.request_id)
        flash(
            f"{len(kept)} message(s) kept: {matched} filed under their request, "
            f"{len(kept) - matched} waiting here.",
            "success",
        )
        return redirect(url_for("inbox.index"))
    return render_template("inbox/index.html", form=form, waiting=operations.unmatched())


def _inbound(email_id: int) -> InboundEmail:
    inbound = db.session.get(InboundEmail, email_id)
    if inbound is None:
        abort(404)
    return inbound


@bp.route("/inbox/<int:email_id>", methods=["GET", "POST"])
@require("volunteer")
def message(email_id: int):
    """Show one received email as received, and file it under a request."""
    inbound = _inbound(email_id)
    form = AssignForm()
    if form.validate_on_submit():
        reference = form.reference.data.strip().upper()
        target = db.session.scalar(
            select(RecordsRequest).where(func.upper(RecordsRequest.reference) == reference)
        )
        if target is None:
            form.reference.errors.append("No request has that reference.")
        else:
            try:
                operations.assign(
                    inbound, target, matched_by="person", actor=current_user, today=clock.today()
                )
            except documents.UploadRefused as exc:
                flash(str(exc), "error")
                return redirect(url_for("inbox.message", email_id=email_id))
            db.session.commit()
            flash(f"Filed under {target.reference}.", "success")
            return redirect(url_for("requests.show", request_id=target.id))
    from foia.documents.models import Attachment

    files = db.session.scalars(select(Attachment).filter_by(inbound_email_id=inbound.id)).all()
    status = 400 if form.errors else 200
    return render_template("inbox/message.html", m=inbound, form=form, files=files), status


@bp.route("/inbox/<int:email_id>/original")
@require("volunteer")
def original(email_id: int):
    """Download the email exactly as received."""
    inbound = _inbound(email_id)
    return send_file(
        _store().open(inbound.raw_sha256),
        mimetype="message/rfc822",
        as_attachment=True,
        download_name=f"email-{inbound.id}.eml",
    )
