"""Document pages: what we know about a file, and its download (always as an attachment)."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from foia.auth.access import Role, require
from foia.documents import bp, operations
from foia.documents.detect import serving_type
from foia.documents.extract import METHOD_WORDS, STATE_WORDS
from foia.documents.models import Attachment
from foia.documents.storage import StorageError, store_for
from foia.extensions import db
from foia.requests.models import RecordsRequest


def get_attachment(attachment_id: int) -> Attachment:
    """Load an attachment or 404."""
    attachment = db.session.get(Attachment, attachment_id)
    if attachment is None:
        abort(404)
    return attachment


@bp.route("/attachments/<int:attachment_id>")
@require(Role.VOLUNTEER)
def show(attachment_id: int):
    """Show a file's type, size, pages, hash, extraction result and text."""
    attachment = get_attachment(attachment_id)
    return render_template(
        "documents/show.html",
        a=attachment,
        d=attachment.document,
        records_request=db.session.get(RecordsRequest, attachment.request_id)
        if attachment.request_id
        else None,
        state_words=STATE_WORDS,
        method_words=METHOD_WORDS,
    )


@bp.route("/attachments/<int:attachment_id>/download")
@require(Role.VOLUNTEER)
def download(attachment_id: int):
    """Send the file as received: as an attachment, never rendered inline."""
    attachment = get_attachment(attachment_id)
    try:
        handle = store_for(current_app.config).open(attachment.document.sha256)
    except StorageError:
        abort(404)
    response = send_file(
        handle,
        mimetype=serving_type(attachment.document.media_type),
        as_attachment=True,
        download_name=attachment.filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were talked into rendering it, it would run nothing.
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.route("/attachments/<int:attachment_id>/public", methods=["POST"])
@require(Role.LAWYER)
def set_public(attachment_id: int):
    """Make a request's document public on its campaign's public pages, or not public."""
    attachment = get_attachment(attachment_id)
    is_public = request.form.get("public") == "yes"
    try:
        operations.set_public(attachment, is_public, actor=current_user)
        db.session.commit()
        flash(_public_message(attachment, is_public), "success")
    except operations.UploadRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
    if attachment.request_id is None:
        return redirect(url_for("documents.show", attachment_id=attachment.id))
    return redirect(
        url_for("requests.show", request_id=attachment.request_id, _anchor="communications-heading")
    )


def _public_message(attachment: Attachment, is_public: bool) -> str:
    if not is_public:
        return f"{attachment.filename} is no longer public."
    records_request = db.session.get(RecordsRequest, attachment.request_id)
    campaign = records_request.campaign if records_request else None
    if campaign is None or not campaign.is_published:
        # Released, but shown nowhere yet: say so rather than let "public" mislead.
        return (
            f"{attachment.filename} is public, but nobody sees it yet: the campaign's public "
            "tracker is not published (turn it on on the campaign's page)."
        )
    return f"{attachment.filename} is public on /public/{campaign.public_slug}."
