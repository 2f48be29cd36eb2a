"""Calendar feeds: the secret .ics address, and making or revoking one."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from foia import clock
from foia.auth.access import Role, public, require
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.feeds import bp, operations
from foia.feeds.models import CalendarFeed
from foia.reminders.forms import ButtonForm


@bp.route("/calendar/<token>.ics")
@public
def calendar(token: str):
    """Serve a feed's deadlines as iCalendar to whoever holds its secret token."""
    feed = operations.feed_for_token(token)
    if feed is None:
        abort(404)
    body = operations.render(feed, clock.today())
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/settings/calendar", methods=["POST"])
@require(Role.VOLUNTEER)
def create_personal():
    """Make a new secret address for my deadlines (the old one stops working)."""
    if not ButtonForm().validate_on_submit():
        abort(400)
    _, token = operations.create(user=current_user, actor=current_user)
    db.session.commit()
    return render_template("feeds/created.html", url=operations.feed_url(token), what="your")


@bp.route("/campaigns/<int:campaign_id>/calendar", methods=["POST"])
@require(Role.LAWYER)
def create_campaign(campaign_id: int):
    """Make a new secret address for a campaign's deadlines (the old one stops working)."""
    campaign = db.session.get(Campaign, campaign_id) or abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    _, token = operations.create(campaign=campaign, actor=current_user)
    db.session.commit()
    return render_template(
        "feeds/created.html", url=operations.feed_url(token), what=f"the {campaign.name}"
    )


@bp.route("/calendar-feeds/<int:feed_id>/revoke", methods=["POST"])
@require(Role.VOLUNTEER)
def revoke(feed_id: int):
    """Revoke a feed: mine, or a campaign's (lawyers)."""
    feed = db.session.get(CalendarFeed, feed_id) or abort(404)
    is_mine = feed.user_id == current_user.id
    if not is_mine and not (feed.campaign_id and current_user.has_role(Role.LAWYER)):
        abort(403)
    if ButtonForm().validate_on_submit():
        operations.revoke(feed, actor=current_user)
        db.session.commit()
        flash("The calendar address is revoked: calendars using it stop updating.", "success")
    if is_mine:
        return redirect(url_for("reminders.settings"))
    return redirect(url_for("reminders.campaign", campaign_id=feed.campaign_id))
