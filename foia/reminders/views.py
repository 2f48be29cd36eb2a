"""Reminder settings, job runs, the outbox and campaign rules. (Assignment and follow-ups are
actions of the request page: foia/requests/follow_up_actions.py.)"""

from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from foia import clock
from foia import jobs as job_runs
from foia.auth.access import Role, require
from foia.campaigns.models import Campaign
from foia.extensions import db
from foia.feeds import operations as feeds
from foia.inbound.kinds import FETCH_JOB
from foia.mail import OutboundEmail
from foia.reminders import bp, followups, operations
from foia.reminders.forms import (
    ButtonForm,
    FollowUpPolicyForm,
    NotificationSettingsForm,
)
from foia.reminders.models import FollowUpPolicy

OUTBOX_FILTERS = {"waiting": "Waiting or failed", "sent": "Sent", "all": "All"}


@bp.route("/settings/notifications", methods=["GET", "POST"])
@require(Role.VOLUNTEER)
def settings():
    """Show and change how I hear about deadlines, and my calendar address."""
    saved = operations.settings_for(current_user)
    form = NotificationSettingsForm(
        data=None
        if request.method == "POST"
        else {
            "is_enabled": saved.is_enabled,
            "delivery": "digest" if saved.is_digest else "immediate",
            "days_before": saved.days_before,
            "appeal_days": ", ".join(str(d) for d in saved.appeal_days),
        }
    )
    if form.validate_on_submit():
        operations.save_settings(
            current_user,
            is_enabled=form.is_enabled.data,
            is_digest=form.delivery.data == "digest",
            days_before=form.days_before.data,
            appeal_days=form.appeal_days.data or "",
        )
        db.session.commit()
        flash("Your notification settings are saved.", "success")
        return redirect(url_for("reminders.settings"))
    return render_template(
        "reminders/settings.html",
        form=form,
        feeds=feeds.active_feeds(user=current_user),
        button=ButtonForm(),
    ), (400 if form.errors else 200)


@bp.route("/admin/jobs")
@require(Role.ADMIN)
def jobs():
    """Show when the scheduled jobs last ran, warning when reminders or mail fetching stopped."""
    now, config = clock.now(), current_app.config
    last = job_runs.last_success(job_runs.REMINDERS_JOB)
    minutes = config["IMAP_STALE_MINUTES"]
    runs = job_runs.recent_runs()
    return render_template(
        "reminders/jobs.html",
        last=last,
        is_stale=job_runs.is_stale(last, now),
        hours=job_runs.STALE_AFTER_HOURS,
        fetch=job_runs.health(FETCH_JOB, now, timedelta(minutes=minutes)),
        fetch_minutes=minutes,
        is_fetch_set_up=bool(config["IMAP_HOST"]),
        runs=runs,
    )


@bp.route("/admin/outbox")
@require(Role.ADMIN)
def outbox():
    """List outgoing email with its attempts and last error."""
    shown = request.args.get("show", "waiting")
    query = select(OutboundEmail).order_by(OutboundEmail.id.desc())
    if shown == "waiting":
        query = query.where(OutboundEmail.sent_at.is_(None))
    elif shown == "sent":
        query = query.where(OutboundEmail.sent_at.is_not(None))
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template(
        "reminders/outbox.html", page=page, shown=shown, filters=OUTBOX_FILTERS, now=clock.now()
    )


@bp.route("/campaigns/<int:campaign_id>/reminders", methods=["GET", "POST"])
@require(Role.LAWYER)
def campaign(campaign_id: int):
    """Show and change a campaign's follow-up rule and calendar address."""
    found = db.session.get(Campaign, campaign_id) or abort(404)
    policy = db.session.scalar(select(FollowUpPolicy).filter_by(campaign_id=campaign_id))
    form = FollowUpPolicyForm(obj=policy)
    if form.validate_on_submit():
        followups.set_policy(
            campaign_id, is_automatic=form.is_automatic.data, interval_days=form.interval_days.data
        )
        db.session.commit()
        flash("Follow-up rule saved.", "success")
        return redirect(url_for("reminders.campaign", campaign_id=campaign_id))
    return render_template(
        "reminders/campaign.html",
        campaign=found,
        form=form,
        feeds=feeds.active_feeds(campaign=found),
        button=ButtonForm(),
    )
