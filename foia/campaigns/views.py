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

from foia import clock, downloads
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.campaigns import (
    agency_pages,  # noqa: F401 - attaches adding and removing agencies to bp
    bp,
    jobs,
    operations,
    publishing,
    publishing_pages,  # noqa: F401 - attaches the public tracker's settings to bp
    table,
)
from foia.campaigns.forms import (
    CampaignEditForm,
    CampaignForm,
    ChannelForm,
    ContactForm,
    PreflightBulkForm,
    PublishingForm,
    offer_wording_choices,
)
from foia.campaigns.models import Campaign
from foia.documents.storage import store_for
from foia.extensions import db
from foia.filing import preflight
from foia.filing.jobs import filing_errors
from foia.filing.operations import is_filed, pdf_filename
from foia.inbound.delivery import failures_by_request
from foia.jurisdictions import policies
from foia.letters.compose import LetterError
from foia.letters.models import RecordCategory, RequestTemplate
from foia.letters.operations import current_letter
from foia.letters.pdf import html_to_pdf, merge_pdfs
from foia.letters.render import TemplateRefused
from foia.responses import results as outcomes


def get_campaign(campaign_id: int) -> Campaign:
    """Load a campaign or 404."""
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        abort(404)
    return campaign


@bp.route("/campaigns")
@require(Role.VOLUNTEER)
def index():
    """List the campaigns with how far each has got."""
    campaigns = db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc())).all()
    rows = [(c, operations.progress(c)) for c in campaigns]
    return render_template("campaigns/index.html", rows=rows)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@require(Role.LAWYER)
def new():
    """Build a campaign: wording, period and agencies (nothing is generated until approval)."""
    form = CampaignForm()
    offer_wording_choices(form)
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
@require(Role.VOLUNTEER)
def show(campaign_id: int):
    """Show a campaign: its wording, its agencies and their requests, and its progress."""
    return campaign_page(campaign_id)


def campaign_page(campaign_id: int, publishing_form: PublishingForm | None = None) -> str:
    """Render a campaign's page; `publishing_form` is one sent back with its errors."""
    # A constant number of queries, whatever the number of agencies: everything per row is
    # loaded up front (members with their agencies, requests with their ledgers and letters).
    campaign = operations.load_with_members(campaign_id) or abort(404)
    requests = operations.campaign_requests(campaign, with_facts=True)
    not_delivered = failures_by_request(r.id for r in requests)
    gaps = preflight.gaps(campaign.members, {r.agency_id for r in requests if is_filed(r)})
    lines = table.agency_lines(
        campaign,
        requests,
        for_lawyer=current_user.has_role("lawyer"),
        filing_errors=filing_errors(requests),
        not_delivered=not_delivered,
        gaps=gaps,
    )
    return render_template(
        "campaigns/show.html",
        campaign=campaign,
        progress=operations.progress(campaign),
        corrections=operations.needing_correction(campaign, requests),
        not_delivered=not_delivered,
        preflight=gaps,
        lines=lines,
        remove_url=url_for("campaigns.remove_agency", campaign_id=campaign.id),
        channel_labels=preflight.CHANNEL_LABELS,
        category_names=dict(
            db.session.execute(select(RecordCategory.slug, RecordCategory.name)).all()
        ),
        **_ban_context(campaign),
        data_licence=publishing.data_licence(),
        today=clock.today(),
        publishing_form=publishing_form
        or PublishingForm(
            is_published=campaign.is_published,
            public_slug=campaign.public_slug or publishing.suggested_slug(campaign.name),
            embargo_on=campaign.embargo_on,
        ),
    )


def _ban_context(campaign: Campaign) -> dict:
    """Suggest the ban-compliance template when some of the campaign's agencies are under a ban."""
    agencies = [m.agency for m in campaign.members]
    suggestion = policies.ban_suggestion(agencies, campaign.template_slug)
    link = None
    if suggestion and current_user.has_role(Role.LAWYER):
        link = url_for("campaigns.edit", campaign_id=campaign.id, template=suggestion.template)
    return {"ban_suggestion": suggestion, "ban_link": link}


@bp.route("/campaigns/<int:campaign_id>/progress.json")
@require(Role.VOLUNTEER)
def progress(campaign_id: int):
    """Return the campaign's progress counts (polled by the campaign page)."""
    return jsonify(operations.progress(get_campaign(campaign_id)).as_dict())


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@require(Role.LAWYER)
def edit(campaign_id: int):
    """Change the campaign's wording; unfiled letters are regenerated after a new approval."""
    campaign = get_campaign(campaign_id)
    form = CampaignEditForm(obj=None if request.method == "POST" else campaign)
    offer_wording_choices(form)
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
@require(Role.LAWYER)
def approve(campaign_id: int):
    """Approve the campaign's current wording."""
    campaign = get_campaign(campaign_id)
    try:
        operations.approve_campaign(campaign, actor=current_user)
        db.session.commit()
        flash("Campaign approved: its letters can now be generated.", "success")
    except operations.CampaignError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/generate", methods=["POST"])
@require(Role.LAWYER)
def generate(campaign_id: int):
    """Start the worker that drafts the campaign's letters."""
    campaign = get_campaign(campaign_id)
    if not campaign.is_approved:
        flash("Approve the campaign before generating its letters.", "error")
    elif problem := _letter_problem(campaign):
        # Checked here, within the render time limit, rather than failing in the worker's log.
        flash(f"The letters cannot be generated: {problem}", "error")
    else:
        # The worker's process id is for the log, not for the person who pressed the button.
        jobs.start_worker(current_app, "generate", campaign.id)
        flash("Generating the letters; this page shows the progress.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


@bp.route("/campaigns/<int:campaign_id>/file", methods=["POST"])
@require(Role.LAWYER)
def file_all(campaign_id: int):
    """Start the worker that files every approved, unfiled request by email."""
    campaign = get_campaign(campaign_id)
    if refused := preflight.refusal(preflight.campaign_gaps(campaign)):
        # Never short in silence: the lawyer resolves each agency, or leaves it out, first.
        flash(refused, "error")
        return _to_preflight(campaign)
    jobs.start_worker(current_app, "file", campaign.id)
    flash("Filing by email; this page shows the progress.", "success")
    return redirect(url_for("campaigns.show", campaign_id=campaign.id))


def _to_preflight(campaign: Campaign):
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="preflight"))


def _member(campaign_id: int):
    campaign = get_campaign(campaign_id)
    member_id = (request.view_args or {})["member_id"]  # every route that calls this has one
    member = operations.member_of(campaign, member_id) or abort(404)
    return campaign, member


def _commit_or_flash(campaign: Campaign, success: str):
    """Commit the change and say so, or roll it back and say why; back to the preflight."""
    db.session.commit()
    flash(success, "success")
    return _to_preflight(campaign)


@bp.route("/campaigns/<int:campaign_id>/agencies/<int:member_id>/contact", methods=["POST"])
@require(Role.LAWYER)
def add_contact(campaign_id: int, member_id: int):
    """Give one agency what its channel needs (email, postal or portal address), inline."""
    campaign, member = _member(campaign_id)
    form = ContactForm()
    try:
        if not form.validate_on_submit():
            raise operations.CampaignError(" ".join(form.value.errors))
        operations.add_contact(member, form.value.data, actor=current_user)
    except operations.CampaignError as exc:
        db.session.rollback()
        flash(f"{member.agency.name}: {exc}", "error")
        return _to_preflight(campaign)
    return _commit_or_flash(campaign, f"{member.agency.name}'s contact saved.")


@bp.route("/campaigns/<int:campaign_id>/agencies/<int:member_id>/channel", methods=["POST"])
@require(Role.LAWYER)
def set_channel(campaign_id: int, member_id: int):
    """File one agency's request by another channel."""
    campaign, member = _member(campaign_id)
    form = ChannelForm()
    if not form.validate_on_submit():
        abort(400)
    operations.set_channel(campaign, [member], form.channel.data, actor=current_user)
    label = preflight.CHANNEL_LABELS[form.channel.data]
    return _commit_or_flash(campaign, f"{member.agency.name} is to be filed by {label}.")


@bp.route("/campaigns/<int:campaign_id>/agencies/<int:member_id>/leave-out", methods=["POST"])
@require(Role.LAWYER)
def leave_out(campaign_id: int, member_id: int):
    """Leave one agency out of the campaign's filing."""
    campaign, member = _member(campaign_id)
    try:
        operations.leave_out(campaign, [member], actor=current_user)
    except operations.CampaignError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _to_preflight(campaign)
    return _commit_or_flash(campaign, f"{member.agency.name} is left out of the filing.")


@bp.route("/campaigns/<int:campaign_id>/agencies/<int:member_id>/put-back", methods=["POST"])
@require(Role.LAWYER)
def put_back(campaign_id: int, member_id: int):
    """Put an agency that was left out back into the campaign's filing."""
    campaign, member = _member(campaign_id)
    operations.put_back(campaign, member, actor=current_user)
    return _commit_or_flash(campaign, f"{member.agency.name} is back in the filing.")


@bp.route("/campaigns/<int:campaign_id>/preflight", methods=["POST"])
@require(Role.LAWYER)
def resolve_all(campaign_id: int):
    """Give every agency the preflight lists one answer: another channel, or leave it out."""
    campaign = get_campaign(campaign_id)
    form = PreflightBulkForm()
    if not form.validate_on_submit():
        abort(400)
    members = [gap.member for gap in preflight.campaign_gaps(campaign)]
    if form.action.data == "leave_out":
        changed = operations.leave_out(campaign, members, actor=current_user)
        done = f"{len(changed)} agencies left out of the filing."
    else:
        changed = operations.set_channel(campaign, members, form.action.data, actor=current_user)
        label = preflight.CHANNEL_LABELS[form.action.data]
        done = f"{len(changed)} agencies to be filed by {label}."
    return _commit_or_flash(campaign, done)


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
@require(Role.LAWYER)
def preview(campaign_id: int):
    """Show the campaign's letter to one of its agencies, as it would be generated now."""
    campaign = get_campaign(campaign_id)
    agency, letter, error = _preview_letter(campaign)
    return render_template(
        "campaigns/preview.html", campaign=campaign, agency=agency, letter=letter, error=error
    ), 422 if error else 200


@bp.route("/campaigns/<int:campaign_id>/preview.pdf")
@require(Role.LAWYER)
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
@require(Role.VOLUNTEER)
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
@require(Role.VOLUNTEER)
def letters_print(campaign_id: int):
    """Download one print-ready PDF of every letter (?channel=mail: those to post), in order."""
    campaign = get_campaign(campaign_id)
    letters = _stored_letters(campaign)
    if channel := request.args.get("channel"):
        chosen = {
            m.agency_id for m in campaign.members if m.channel == channel and not m.left_out_at
        }
        letters = [item for item in letters if item[0].agency_id in chosen]
    if not letters:
        abort(404)
    pdf = merge_pdfs([content for _, _, content in letters])
    return _pdf_response(pdf.content, f"campaign-{campaign.id}-print.pdf", pdf.sha256)


@bp.route("/campaigns/<int:campaign_id>/results")
@require(Role.VOLUNTEER)
def results(campaign_id: int):
    """Show a campaign's outcomes: categories by agency, as a table and a chart."""
    found = outcomes.campaign_results(get_campaign(campaign_id))
    return render_template("campaigns/results.html", res=found, labels=outcomes.OUTCOME_LABELS)


@bp.route("/campaigns/<int:campaign_id>/results.csv")
@require(Role.VOLUNTEER)
def results_csv(campaign_id: int):
    """Download a campaign's outcomes as CSV."""
    campaign = get_campaign(campaign_id)
    data = outcomes.results_csv(outcomes.campaign_results(campaign)).encode("utf-8-sig")
    return downloads.download(data, f"campaign-{campaign.id}-results.csv", "text/csv")
