"""A campaign's agency list after creation: add agencies (one by name, or all matching filters)
and remove those not yet filed, attached to the campaigns blueprint."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from foia import clock
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.campaigns import bp, jobs, membership, operations
from foia.campaigns.forms import AddAgencyForm, AddMatchingForm, RemoveAgencyForm, offer_states
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.letters.compose import LetterError
from foia.letters.render import TemplateRefused


def _campaign(campaign_id: int) -> Campaign:
    return operations.load_with_members(campaign_id) or abort(404)


def _to_campaign(campaign: Campaign):
    return redirect(url_for("campaigns.show", campaign_id=campaign.id, _anchor="agencies-heading"))


def _offered(campaign: Campaign) -> list[tuple[int, str]]:
    """Return (id, name) of every agency not yet in the campaign, by name."""
    present = {m.agency_id for m in campaign.members}
    rows = db.session.execute(select(Agency.id, Agency.name).order_by(Agency.name, Agency.id))
    return [(i, n) for i, n in rows if i not in present]


def _page(campaign: Campaign, add_form: AddAgencyForm, matching_form: AddMatchingForm):
    add_form.offer(_offered(campaign))
    offer_states(matching_form)
    status = 400 if add_form.errors or matching_form.errors else 200
    return render_template(
        "campaigns/agencies.html", campaign=campaign, form=add_form, matching=matching_form
    ), status


@bp.route("/campaigns/<int:campaign_id>/agencies")
@require(Role.LAWYER)
def agencies(campaign_id: int):
    """Offer to add agencies to a campaign: one by name, or every one matching filters."""
    return _page(_campaign(campaign_id), AddAgencyForm(), AddMatchingForm(formdata=None))


@bp.route("/campaigns/<int:campaign_id>/agencies/add", methods=["POST"])
@require(Role.LAWYER)
def add_agency(campaign_id: int):
    """Add one agency to the campaign."""
    campaign = _campaign(campaign_id)
    form = AddAgencyForm()
    try:
        if not form.validate_on_submit():
            raise operations.CampaignError("The form has expired; add the agency again.")
        agency = membership.agency_to_add(campaign, form.agency.data)
        return _added(campaign, [agency])
    except operations.CampaignError as exc:
        db.session.rollback()
        form.agency.errors = [str(exc)]
        return _page(_campaign(campaign_id), form, AddMatchingForm(formdata=None))


@bp.route("/campaigns/<int:campaign_id>/agencies/add-matching", methods=["POST"])
@require(Role.LAWYER)
def add_matching(campaign_id: int):
    """Add every agency matching the filters that is not in the campaign yet."""
    campaign = _campaign(campaign_id)
    form = AddMatchingForm()
    offer_states(form)
    if not form.validate_on_submit():
        return _page(campaign, AddAgencyForm(formdata=None), form)
    selection = operations.AgencyFilter(
        form.state.data or "",
        (form.county.data or "").strip(),
        form.level.data or "",
        form.kind.data or "",
        under_ban=bool(form.under_ban.data),
    )
    try:
        return _added(campaign, operations.agencies_matching(selection))
    except operations.CampaignError as exc:
        db.session.rollback()
        form.state.errors = [str(exc)]
        return _page(_campaign(campaign_id), AddAgencyForm(formdata=None), form)


def _added(campaign: Campaign, agencies: list[Agency]):
    """Add the agencies, commit, and draft their letters where the others' are drafted."""
    added = membership.add_agencies(campaign, agencies, actor=current_user)
    problem = _letter_problem(campaign, added[0].agency)
    db.session.commit()
    names = ", ".join(m.agency.name for m in added[:3]) + (
        f" and {len(added) - 3} more" if len(added) > 3 else ""
    )
    said = f"Added {names}."
    if not campaign.is_approved:
        said += " Their letters are generated with the others, after approval."
    elif problem:
        said += f" Their letters cannot be generated: {problem}"
    elif operations.progress(campaign).generated:
        # The wording is approved and the others' letters exist: draft theirs now, alike.
        jobs.start_worker(current_app, "generate", campaign.id)
        said += " Their letters, in the approved wording, are being generated."
    else:
        said += " Their letters are generated with the others."
    flash(said, "success")
    return _to_campaign(campaign)


def _letter_problem(campaign: Campaign, agency: Agency) -> str | None:
    """Return why the campaign's letter to `agency` cannot be rendered, if it cannot."""
    if not campaign.is_approved:
        return None
    try:
        operations.compose_for(campaign, agency, clock.today())
    except (LetterError, TemplateRefused, operations.CampaignError) as exc:
        return str(exc)
    return None


@bp.route("/campaigns/<int:campaign_id>/agencies/remove", methods=["POST"])
@require(Role.LAWYER)
def remove_agency(campaign_id: int):
    """Remove an agency whose request is not filed; one with a drafted letter asks first."""
    campaign = _campaign(campaign_id)
    form = RemoveAgencyForm()
    try:
        if not form.validate_on_submit():
            raise operations.CampaignError("The form has expired; remove the agency again.")
        member = membership.member_to_remove(campaign, form.agency_id.data)
        found = membership.removal(campaign, member)
        if found.needs_confirmation and form.confirmed.data != "yes":
            return render_template(
                "campaigns/remove_agency.html", campaign=campaign, removal=found, form=form
            )
        name = member.agency.name
        membership.remove_agency(campaign, member, confirmed=True, actor=current_user)
        db.session.commit()
    except operations.CampaignError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return _to_campaign(campaign)
    flash(f"{name} is removed from the campaign.", "success")
    return _to_campaign(campaign)
