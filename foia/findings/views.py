"""Findings pages: a document's suggestions to review, an agency's findings, a campaign's table.

Volunteers may read every findings page and export (they help read the documents); only a
lawyer confirms, edits or rejects a finding, or asks for suggestions, because a confirmed
finding is what the organisation will say in public.
"""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from foia import downloads
from foia.agencies.models import Agency
from foia.auth.access import Role, require
from foia.campaigns.models import Campaign
from foia.documents.models import Attachment
from foia.extensions import db
from foia.findings import bp, operations, queries
from foia.findings.kinds import CHOICES, KIND_LABELS, WITH_PERIOD
from foia.findings.models import Finding
from foia.requests.models import RecordsRequest


def get_or_404(model: type, object_id: int):
    """Load a row by id or 404."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def _document_page(attachment: Attachment, errors=None, typed=None, status: int = 200):
    findings = queries.document_findings(attachment.id)
    return render_template(
        "findings/document.html",
        a=attachment,
        records_request=db.session.get(RecordsRequest, attachment.request_id)
        if attachment.request_id
        else None,
        findings=findings,
        conflicts=queries.document_conflicts(findings),
        kinds=KIND_LABELS,
        choices=CHOICES,
        with_period=WITH_PERIOD,
        errors=errors or {},
        typed=typed or {},
    ), status


@bp.route("/attachments/<int:attachment_id>/findings")
@require(Role.VOLUNTEER)
def document(attachment_id: int):
    """Show what a document's text suggests and what has been confirmed, page by page."""
    return _document_page(get_or_404(Attachment, attachment_id))


@bp.route("/attachments/<int:attachment_id>/findings/suggest", methods=["POST"])
@require(Role.LAWYER)
def suggest(attachment_id: int):
    """Read the document's text again for findings not suggested before."""
    attachment = get_or_404(Attachment, attachment_id)
    try:
        added = operations.suggest_for_attachment(attachment, user=current_user)
    except operations.FindingRefused as refused:
        flash(str(refused), "error")
        return redirect(url_for("findings.document", attachment_id=attachment.id))
    db.session.commit()
    flash(f"{len(added)} new suggestion{'' if len(added) == 1 else 's'}.", "success")
    return redirect(url_for("findings.document", attachment_id=attachment.id))


@bp.route("/findings/<int:finding_id>/confirm", methods=["POST"])
@require(Role.LAWYER)
def confirm(finding_id: int):
    """Confirm a finding, with the value and period as corrected by the lawyer."""
    finding = get_or_404(Finding, finding_id)
    value, period = request.form.get("value", ""), request.form.get("period", "")
    try:
        operations.confirm(finding, current_user, value, period)
    except operations.FindingRefused as refused:
        db.session.rollback()
        typed = {finding.id: {"value": value, "period": period}}
        return _document_page(finding.attachment, {finding.id: str(refused)}, typed, 400)
    db.session.commit()
    flash(f"Confirmed: {finding.kind_label}, {finding.value_label}.", "success")
    if queries.conflict_with(finding) is not None:
        # Confirmed all the same: the lawyer decides which document is right, we only say so.
        # The page it returns to says which findings disagree, with their documents.
        flash(
            "This answer disagrees with another confirmed finding about the agency: see "
            "“Confirmed findings that disagree” on this page, and reject the one that is wrong.",
            "warning",
        )
    return redirect(_back_to(finding))


@bp.route("/findings/<int:finding_id>/reject", methods=["POST"])
@require(Role.LAWYER)
def reject(finding_id: int):
    """Reject a finding the document does not support."""
    finding = get_or_404(Finding, finding_id)
    operations.reject(finding, current_user)
    db.session.commit()
    flash(f"Rejected: {finding.kind_label}, {finding.value_label}.", "success")
    return redirect(_back_to(finding))


def _back_to(finding: Finding) -> str:
    page = url_for("findings.document", attachment_id=finding.attachment_id)
    return f"{page}#finding-{finding.id}"


@bp.route("/agencies/<int:agency_id>/findings")
@require(Role.VOLUNTEER)
def agency(agency_id: int):
    """Show an agency's confirmed and suggested findings, each with its evidence."""
    found = get_or_404(Agency, agency_id)
    findings = queries.agency_findings(found.id)
    return render_template(
        "findings/agency.html",
        agency=found,
        findings=findings,
        conflicts=queries.conflicts(findings),
    )


@bp.route("/campaigns/<int:campaign_id>/findings")
@require(Role.VOLUNTEER)
def campaign(campaign_id: int):
    """Show a campaign's agencies by finding kind, filtered."""
    found = get_or_404(Campaign, campaign_id)
    filters = queries.Filters.from_args(request.args)
    return render_template(
        "findings/campaign.html",
        campaign=found,
        rows=queries.campaign_table(found.id, filters),
        conflicts=queries.campaign_conflicts(found.id),
        filters=filters,
        kinds=KIND_LABELS,
        showing=queries.SHOWING,
    )


@bp.route("/campaigns/<int:campaign_id>/findings.csv")
@require(Role.VOLUNTEER)
def campaign_csv(campaign_id: int):
    """Download the filtered findings of a campaign as CSV, one line per finding."""
    found = get_or_404(Campaign, campaign_id)
    findings = queries.campaign_findings(found.id, queries.Filters.from_args(request.args))
    data = queries.findings_csv(findings).encode("utf-8-sig")
    return downloads.download(data, f"campaign-{found.id}-findings.csv", "text/csv")


@bp.route("/campaigns/<int:campaign_id>/findings.json")
@require(Role.VOLUNTEER)
def campaign_json(campaign_id: int):
    """Download the filtered findings of a campaign as JSON, each with its evidence."""
    found = get_or_404(Campaign, campaign_id)
    findings = queries.campaign_findings(found.id, queries.Filters.from_args(request.args))
    response = jsonify({"campaign": found.name, "findings": queries.findings_json(findings)})
    response.headers["Content-Disposition"] = (
        f'attachment; filename="campaign-{found.id}-findings.json"'
    )
    return response
