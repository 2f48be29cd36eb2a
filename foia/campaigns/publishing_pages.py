"""A campaign's public tracker settings (lawyers only), attached to the campaigns blueprint."""

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from foia import dates
from foia.auth.access import Role, require
from foia.campaigns import bp, publishing, views
from foia.campaigns.forms import PublishingForm
from foia.campaigns.models import Campaign
from foia.campaigns.operations import CampaignError
from foia.extensions import db


@bp.route("/campaigns/<int:campaign_id>/publishing", methods=["POST"])
@require(Role.LAWYER)
def publishing_settings(campaign_id: int):
    """Turn a campaign's public tracker on or off, and set its address and embargo date."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    form = PublishingForm()
    if not form.validate_on_submit():
        return _again(campaign_id, form)
    try:
        publishing.set_publishing(
            campaign,
            is_published=bool(form.is_published.data),
            slug=form.public_slug.data or "",
            embargo_on=form.embargo_on.data,
            actor=current_user,
        )
    except CampaignError as exc:
        db.session.rollback()
        # Every refusal of set_publishing is about the address: shaped wrong, missing, or taken.
        form.public_slug.errors.append(str(exc))
        return _again(campaign_id, form)
    db.session.commit()
    flash(_saved(campaign), "success")
    return redirect(
        url_for("campaigns.show", campaign_id=campaign.id, _anchor="publishing-heading")
    )


def _again(campaign_id: int, form: PublishingForm):
    """Answer the campaign page again with the form as typed and its errors beside its fields."""
    return views.campaign_page(campaign_id, publishing_form=form), 400


def _saved(campaign: Campaign) -> str:
    if not campaign.is_published:
        return "The public tracker is not published."
    when = f" from {dates.long_date(campaign.embargo_on)}" if campaign.embargo_on else ""
    return f"The public tracker is published at /public/{campaign.public_slug}{when}."
