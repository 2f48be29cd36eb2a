"""Campaign pages: build, preview, approve, generate, file and download a campaign's letters."""

import io
import zipfile

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
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
from foia.campaigns import bp, jobs, operations
from foia.campaigns.forms import CampaignEditForm, CampaignForm
from foia.campaigns.models import Campaign
from foia.documents.storage import store_for
from foia.extensions import db
from foia.filing.jobs import filing_errors
from foia.filing.operations import is_filed, pdf_filename
from foia.inbound.delivery import failures_by_request
from foia.jurisdictions import policies
from foia.jurisdictions.models import Jurisdiction
from foia.letters.compose import LetterError
from foia.letters.models import RecordCategory, RequestTemplate
from foia.letters.operations import current_letter
from foia.letters.pdf import html_to_pdf, merge_pdfs
from foia.letters.render import TemplateRefused


def get_campaign(campaign_id: int) -> Campaign:
    """Load a campaign or 404."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


def _offer(form) -> None:
    templates = db.session.scalars(select(RequestTemplate).order_by(RequestTemplate.name)).all()
    categories = db.session.scalars(
        select(RecordCategory).where(RecordCategory.is_active).order_by(RecordCategory.number)
    ).all()
    form.offer([(t.slug, t.name) for t in templates], [(c.slug, c.name) for c in categories])
    if hasattr(form, "state"):
        states = db.session.scalars(
            select(Jurisdiction)
            .where(Jurisdiction.level.in_(("federal", "state")))
            .order_by(Jurisdiction.name)
        ).all()
        form.state.choices = [("", "Any state")] + [(j.code, j.name) for j in states]


@bp.route("/campaigns")
@require("volunteer")
def index():
    """List the campaigns with how far each has got."""
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc())).all()
    rows = [(c, operations.progress(c)) for c in campaigns]
    return render_template("campaigns/index.html", rows=rows)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@require("lawyer")
def new():
    """Build a campaign: wording, period and agencies (nothing is generated until approval)."""
    form = CampaignForm()
    _offer(form)
    chosen = db.session.scalar(
        select(RequestTemplate).filter_by(
            slug=request.args.get("template") or form.template.data or ""
        )
    )
    if request.method == "GET" and chosen is not None:
        form.template.data, form.categories.data = chosen.slug, list(chosen.default_category_slugs)
    problems = []
    if form.validate_on_submit():
        try:
            agencies, selection = _chosen_agencies(form)
            campaign = operations.create_campaign(
                form.values(), agencies, selection=selection, actor=current_user
            )
            db.session.commit()
            flash(
                f"Campaign created for {len(agencies)} agencies. Preview the letters, then "
                "approve.",
                "success",
            )
            return redirect(url_for("campaigns.show", campaign_id=campaign.id))
        except operations.CampaignError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            problems = exc.problems
    status = 400 if request.method == "POST" else 200
    return render_template("campaigns/new.html", form=form, problems=problems), status


def _chosen_agencies(form: CampaignForm) -> tuple[list[Agency], str]:
    upload = form.agency_list.data
    if upload:
        text = upload.read(current_app.config["AGENCY_IMPORT_MAX_BYTES"]).decode("utf-8", "replace")
        return operations.agencies_from_list(text), f"Uploaded list {upload.filename}"
    selection = operations.AgencyFilter(
        form.state.data or "",
        (form.county.data or "").strip(),
        form.level.data or "",
        form.kind.data or "",
        under_ban=bool(form.under_ban.data),
    )
    return operations.agencies_matching(selection), selection.describe()


@bp.route("/campaigns/<int:campaign_id>")
@require("volunteer")
def show(campaign_id: int):
    """Show a campaign: its wording, its agencies and their requests, and its progress."""
    # A constant number of queries, whatever the number of agencies: everything per row is
    # loaded up front (members with their agencies, requests with their ledgers and letters).
    campaign = operations.load_with_members(campaign_id) or abort(404)
    requests = operations.campaign_requests(campaign, with_facts=True)
    return render_template(
        "campaigns/show.html",
        campaign=campaign,
        progress=operations.progress(campaign),
        requests_by_agency={r.agency_id: r for r in requests},
        corrections=operations.needing_correction(campaign, requests),
        is_filed=is_filed,
        filing_errors=filing_errors(requests),
        not_delivered=failures_by_request(r.id for r in requests),
        current_letter=current_letter,
        category_names=dict(
            db.session.execute(select(RecordCategory.slug, RecordCategory.name)).all()
        ),
        **_ban_context(campaign),
    )


def _ban_context(campaign: Campaign) -> dict:
    """Suggest the ban-compliance template when some of the campaign's agencies are under a ban."""
    agencies = [m.agency for m in campaign.members]
    suggestion = policies.ban_suggestion(agencies, campaign.template_slug)
    link = None
    if suggestion and current_user.has_role("lawyer"):
        link = url_for("campaigns.edit", campaign_id=campaign.id, template=suggestion.template)
    return {"ban_suggestion": suggestion, "ban_link": link}


@bp.route("/campaigns/<int:campaign_id>/progress.json")
@require("volunteer")
def progress(campaign_id: int):
    """Return the campaign's progress counts (polled by the campaign page)."""
    return jsonify(operations.progress(get_campaign(campaign_id)).as_dict())


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@require("lawyer")
def edit(campaign_id: int):
    """Change the campaign's wording; unfiled letters are regenerated after a new approval."""
    campaign = get_campaign(campaign_id)
    form = CampaignEditForm(obj=None if request.method == "POST" else campaign)
    _offer(form)
    if request.method == "GET":
        form.template.data, form.categories.data = campaign.template_slug, campaign.category_slugs
        if request.args.get("template") in {value for value, *_ in form.template.choices}:
            form.template.data = request.args["template"]
    if form.validate_on_submit():
        corrections = operations.update_campaign(campaign, form.values(), actor=current_user)
        db.session.commit()
        note = (
            f" {len(corrections)} filed request(s) will get a correction letter."
            if corrections
            else ""
        )
        flash(f"Campaign saved. Approve it again to regenerate its letters.{note}", "success")
        return redirect(url_for("campaigns.show", campaign_id=campaign.id))
    return render_template(
        "campaigns/edit.html",
        form=form,
        campaign=campaign,
        ban_suggestion=policies.ban_suggestion(
            [m.agency for m in campaign.members], form.template.data
        ),
    )


@bp.route("/campaigns/<int:campaign_id>/approve", methods=["POST"])
@require("lawyer")
def approve(campaign_id: int):
    """Approve the campaign's current wording."""
    campaign = get_campaign(campaign_id)
    operations.approve_campaign(campaign, actor=current_user)
    db.session.commit()
    flash("Campaign approved: its letters can now be generated.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/generate", methods=["POST"])
@require("lawyer")
def generate(campaign_id: int):
    """Start the worker that drafts the campaign's letters."""
    campaign = get_campaign(campaign_id)
    if not campaign.is_approved:
        flash("Approve the campaign before generating its letters.", "error")
    elif problem := _letter_problem(campaign):
        # Checked here, within the render time limit, rather than failing in the worker's log.
        flash(f"The letters cannot be generated: {problem}", "error")
    else:
        how = jobs.start_worker(current_app._get_current_object(), "generate", campaign.id)
        flash(f"Generating the letters ({how}); this page shows the progress.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/file", methods=["POST"])
@require("lawyer")
def file_all(campaign_id: int):
    """Start the worker that files every approved, unfiled request by email."""
    campaign = get_campaign(campaign_id)
    how = jobs.start_worker(current_app._get_current_object(), "file", campaign.id)
    flash(f"Filing by email ({how}); this page shows the progress.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


def _letter_problem(campaign: Campaign) -> str | None:
    """Return why the campaign's letter cannot be rendered (for its first agency), if it cannot."""
    if not campaign.members:
        return None
    try:
        operations.compose_for(campaign, campaign.members[0].agency, clock.today())
    except (LetterError, TemplateRefused, operations.CampaignError) as exc:
        return str(exc)
    return None


def _preview_letter(campaign: Campaign):
    agency = db.session.get(Agency, request.args.get("agency_id", type=int) or 0)
    if agency is None or agency.id not in {m.agency_id for m in campaign.members}:
        abort(404)
    try:
        return agency, operations.compose_for(campaign, agency, clock.today()), None
    except (LetterError, TemplateRefused, operations.CampaignError) as exc:
        return agency, None, str(exc)


@bp.route("/campaigns/<int:campaign_id>/preview")
@require("lawyer")
def preview(campaign_id: int):
    """Show the campaign's letter to one of its agencies, as it would be generated now."""
    campaign = get_campaign(campaign_id)
    agency, letter, error = _preview_letter(campaign)
    return render_template(
        "campaigns/preview.html", campaign=campaign, agency=agency, letter=letter, error=error
    ), 422 if error else 200


@bp.route("/campaigns/<int:campaign_id>/preview.pdf")
@require("lawyer")
def preview_pdf(campaign_id: int):
    """Download the campaign's letter to one agency as a PDF, as it would be generated now."""
    campaign = get_campaign(campaign_id)
    agency, letter, error = _preview_letter(campaign)
    if error:
        # The preview page says why (not a bare error for a download link).
        return render_template(
            "campaigns/preview.html", campaign=campaign, agency=agency, letter=None, error=error
        ), 422
    pdf = html_to_pdf(letter.html)
    return _pdf_response(
        pdf.content, f"preview-campaign-{campaign.id}-agency-{agency.id}.pdf", pdf.sha256
    )


def _pdf_response(content: bytes, filename: str, sha256: str, mimetype="application/pdf"):
    response = make_response(content)
    response.headers["Content-Type"] = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-SHA256"] = sha256
    return response


def _stored_letters(campaign: Campaign) -> list[tuple]:
    store = store_for(current_app.config)
    found = []
    for records_request in operations.campaign_requests(campaign):
        letter = current_letter(records_request)
        if letter is not None and letter.pdf_sha256:
            found.append((records_request, letter, store.get(letter.pdf_sha256)))
    return found


@bp.route("/campaigns/<int:campaign_id>/letters.zip")
@require("volunteer")
def letters_zip(campaign_id: int):
    """Download every letter of the campaign, one PDF per agency, in a ZIP."""
    campaign = get_campaign(campaign_id)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for records_request, letter, content in _stored_letters(campaign):
            archive.writestr(pdf_filename(records_request, letter), content)
    return _pdf_response(
        buffer.getvalue(), f"campaign-{campaign.id}-letters.zip", "", mimetype="application/zip"
    )


@bp.route("/campaigns/<int:campaign_id>/letters-print.pdf")
@require("volunteer")
def letters_print(campaign_id: int):
    """Download one print-ready PDF of every letter, in order, for window envelopes."""
    campaign = get_campaign(campaign_id)
    letters = _stored_letters(campaign)
    if not letters:
        abort(404)
    pdf = merge_pdfs([content for _, _, content in letters])
    return _pdf_response(pdf.content, f"campaign-{campaign.id}-print.pdf", pdf.sha256)
