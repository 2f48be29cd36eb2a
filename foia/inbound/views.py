"""The inbox: every message received, one message's page with what it seems to mean, filing it
under a request and taking it off again."""

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy import func, select

from foia import clock
from foia.auth.access import Role, require
from foia.campaigns.models import Campaign
from foia.documents import operations as documents
from foia.documents.storage import WriteFailed, store_for
from foia.extensions import db
from foia.inbound import bp, operations, parse, review
from foia.inbound.forms import (
    AssignForm,
    DismissForm,
    EmailUploadForm,
    SuggestionForm,
    UnassignForm,
    suggestion_form,
)
from foia.inbound.kinds import MailKind
from foia.inbound.models import InboundEmail
from foia.requests.models import RecordsRequest


def _store():
    return store_for(current_app.config)


def _max_bytes() -> int:
    return current_app.config.get("DOCUMENT_MAX_BYTES") or current_app.config["MAX_CONTENT_LENGTH"]


@bp.route("/inbox", methods=["GET", "POST"])
@require(Role.VOLUNTEER)
def index():
    """List received mail, filtered, 50 to a page, and take a forwarded .eml or .mbox."""
    form = EmailUploadForm()
    status = 200
    if form.validate_on_submit():
        try:
            return _upload(form)
        except WriteFailed as exc:
            db.session.rollback()
            form.message.errors.append(str(exc))
            status = 503
    filters = review.InboxFilters.from_args(request.args)
    page = db.paginate(
        filters.query(),
        page=request.args.get("page", 1, type=int),
        per_page=review.PER_PAGE,
        max_per_page=review.PER_PAGE,
        error_out=False,
    )
    return render_template(
        "inbox/index.html",
        form=form,
        page=page,
        filters=filters,
        shows=review.SHOWS,
        kinds=list(MailKind),
        campaigns=db.session.execute(select(Campaign.id, Campaign.name).order_by(Campaign.name)),
    ), status


def _upload(form: EmailUploadForm):
    """Keep the uploaded message (or each message of an mbox), matched where possible."""
    upload = request.files.get(form.message.name)
    raw = upload.read(_max_bytes() + 1) if upload else b""
    try:
        documents.check_upload(
            documents.Upload(upload.filename if upload else None, raw), _max_bytes()
        )
    except documents.UploadRefused as exc:
        flash(str(exc), "error")
        return redirect(url_for("inbox.index"))
    # Only a file named as a mailbox is split: a saved .eml may start with "From " too.
    is_mbox = parse.looks_like_mbox_name((upload.filename if upload else None) or "")
    kept = [
        operations.import_email(
            m, store=_store(), max_bytes=_max_bytes(), actor=current_user, today=clock.today()
        ).inbound
        for m in (parse.split_mbox(raw) if is_mbox else [raw])
    ]
    db.session.commit()
    matched = sum(1 for m in kept if m.request_id)
    flash(
        f"{len(kept)} message(s) kept: {matched} filed under their request, "
        f"{len(kept) - matched} waiting here.",
        "success",
    )
    return redirect(url_for("inbox.index"))


def _inbound(email_id: int) -> InboundEmail:
    inbound = db.session.get(InboundEmail, email_id)
    if inbound is None:
        abort(404)
    return inbound


def _message_page(inbound: InboundEmail, *, form=None, posted=None, status: int = 200):
    """Render the message page; `posted` is (number, form) of a suggestion card sent back."""
    found = review.review_of(inbound)
    cards = [suggestion_form(s, n, found.received_on) for n, s in enumerate(found.suggestions)]
    if posted is not None and posted[0] < len(cards):
        cards[posted[0]] = posted[1]
    return render_template(
        "inbox/message.html",
        m=inbound,
        review=found,
        cards=list(zip(found.suggestions, cards, strict=True)),
        kind_labels=review.KIND_LABELS,
        form=form or AssignForm(formdata=None),
        unassign_form=UnassignForm(formdata=None),
    ), status


@bp.route("/inbox/<int:email_id>", methods=["GET", "POST"])
@require(Role.VOLUNTEER)
def message(email_id: int):
    """Show one received email as received, with its suggestions, and file it under a request."""
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
    return _message_page(inbound, form=form, status=400 if form.errors else 200)


@bp.route("/inbox/<int:email_id>/suggestions/<int:number>", methods=["POST"])
@require(Role.VOLUNTEER)
def suggestion(email_id: int, number: int):
    """Record a suggestion as shown or edited, or dismiss it."""
    inbound = _inbound(email_id)
    if number >= len(review.suggestions_for(inbound)):
        abort(404)
    form = SuggestionForm(prefix=f"s{number}")
    if form.dismiss.data:
        return _dismiss(inbound, number)
    if form.validate_on_submit():
        try:
            logged = review.confirm(
                inbound,
                form.key.data or "",
                **form.values(),
                actor=current_user,
                today=clock.today(),
            )
        except review.ReviewError as exc:
            db.session.rollback()
            form.kind.errors.append(str(exc))
        else:
            db.session.commit()
            flash(
                f"Recorded as {review.KIND_LABELS[logged.kind].lower()}; deadlines recomputed.",
                "success",
            )
            return redirect(
                url_for("requests.show", request_id=inbound.request_id) + "#communications-heading"
            )
    return _message_page(inbound, posted=(number, form), status=400)


def _dismiss(inbound: InboundEmail, number: int):
    form = DismissForm(prefix=f"s{number}")
    if form.validate_on_submit():
        try:
            review.dismiss(inbound, form.key.data or "", actor=current_user)
        except review.ReviewError as exc:
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash("Suggestion dismissed.", "success")
    return redirect(url_for("inbox.message", email_id=inbound.id))


@bp.route("/inbox/<int:email_id>/unassign", methods=["POST"])
@require(Role.VOLUNTEER)
def unassign(email_id: int):
    """Take a message off the request it was filed under; it waits in the inbox again."""
    inbound = _inbound(email_id)
    if UnassignForm().validate_on_submit():
        try:
            records_request = review.unassign(inbound, actor=current_user)
        except review.ReviewError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(f"Taken off {records_request.reference}: it waits in the inbox.", "success")
    return redirect(url_for("inbox.message", email_id=email_id))


@bp.route("/inbox/<int:email_id>/original")
@require(Role.VOLUNTEER)
def original(email_id: int):
    """Download the email exactly as received."""
    inbound = _inbound(email_id)
    return send_file(
        _store().open(inbound.raw_sha256),
        mimetype="message/rfc822",
        as_attachment=True,
        download_name=f"email-{inbound.id}.eml",
    )
