"""Filing pages: compose a single request, and mark a failed delivery as dealt with.

Approving and filing a request's letter are actions of the request page (foia/requests/
filing_actions.py), which call the operations and jobs of this package."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from foia import clock, downloads
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.campaigns.forms import offer_wording_choices
from foia.extensions import db
from foia.filing import bp, problems
from foia.filing.forms import SingleRequestForm
from foia.inbound import delivery
from foia.inbound.models import DeliveryFailure
from foia.jurisdictions import policies
from foia.letters.compose import LetterError, compose_letter, requester_for
from foia.letters.models import RequestTemplate
from foia.letters.operations import write_letter
from foia.letters.pdf import html_to_pdf
from foia.letters.render import TemplateRefused
from foia.requests.models import RecordsRequest
from foia.requests.operations import create_request


def _back(records_request: RecordsRequest):
    return redirect(url_for("requests.show", request_id=records_request.id) + "#letter-heading")


def _compose(form: SingleRequestForm):
    # Both exist: the form's choices are the active templates and the agencies.
    template = db.session.scalars(select(RequestTemplate).filter_by(slug=form.template.data)).one()
    agency = db.session.get_one(Agency, form.agency.data)
    return agency, compose_letter(
        template,
        agency,
        clock.today(),
        category_slugs=form.categories.data,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        requester=requester_for(current_user),
        fields=form.field_values(),
    )


@bp.route("/requests/compose", methods=["GET", "POST"])
@require(Role.LAWYER)
def new_request():
    """Write one request without a campaign: preview it, then create it as a draft."""
    form = SingleRequestForm()
    offer_wording_choices(form)
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
            return downloads.letter_pdf(pdf.content, f"preview-agency-{agency.id}.pdf", pdf.sha256)
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
    if suggestion and agency is not None:
        link = url_for("filing.new_request", template=suggestion.template, agency=agency.id)
    return {"ban_suggestion": suggestion, "ban_link": link}


def _create_single(form, agency, letter) -> RecordsRequest:
    records_request = create_request(agency, form.name.data, owner=current_user, actor=current_user)
    records_request.template_slug = form.template.data
    records_request.category_slugs = list(form.categories.data)
    records_request.date_from, records_request.date_to = form.date_from.data, form.date_to.data
    write_letter(records_request, letter, html_to_pdf(letter.html), actor=current_user)
    return records_request


@bp.route("/delivery-failures/<int:failure_id>/resolve", methods=["POST"])
@require(Role.LAWYER)
def resolve_failure(failure_id: int):
    """Mark a delivery failure as dealt with (the message was sent another way, say)."""
    failure = db.session.get(DeliveryFailure, failure_id) or abort(404)
    delivery.resolve(failure, actor=current_user)
    db.session.commit()
    flash(f"The failed delivery to {failure.address} is marked as dealt with.", "success")
    if failure.request_id is None:
        return redirect(url_for("dashboard.index"))
    return redirect(url_for("requests.show", request_id=failure.request_id))


@bp.app_context_processor
def filing_problem_helpers() -> dict:
    """Give the request page why its last filing attempt failed (requests/_filing_problem.html)."""
    return {"filing_problem": problems.unqueued_failure}
