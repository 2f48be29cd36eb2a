"""Public tracker pages: a published campaign, one agency, its findings as CSV and JSON, its feed.

Open to anyone (`@public`). Everything shown comes from foia/public/queries.py; an unknown,
unpublished or embargoed campaign is "not found", whatever is asked of it.
"""

from flask import abort, current_app, jsonify, render_template, send_file

from foia import clock, downloads
from foia.auth.access import public
from foia.documents.detect import serving_type
from foia.documents.storage import StorageError, store_for
from foia.public import bp, cache, exports, figures, limits, queries

bp.before_request(limits.limit_public_requests)


def _campaign(public_slug: str) -> queries.PublicCampaign:
    """Return the public campaign at that address, or 404 (unknown, unpublished or embargoed)."""
    return queries.find_campaign(public_slug, clock.today()) or abort(404)


@bp.route("/public/<public_slug>")
@public
def campaign(public_slug: str):
    """Show a published campaign: every agency's status, findings and public documents."""
    found, today = _campaign(public_slug), clock.today()
    key = (found, today, queries.fingerprint(found.id))
    return cache.pages().page(found.id, key, lambda: _render_campaign(found, today))


def _render_campaign(found: queries.PublicCampaign, today) -> str:
    """Render the campaign page (kept by foia/public/cache.py until what it shows changes)."""
    agencies = queries.agencies(found, today)
    area_name, areas = queries.areas(agencies)
    return render_template(
        "public/campaign.html",
        campaign=found,
        agencies=agencies,
        area_name=area_name,
        areas=areas,
        maps=figures.maps(agencies),
        bare=True,
    )


@bp.route("/public/<public_slug>/agencies/<int:agency_id>")
@public
def agency(public_slug: str, agency_id: int):
    """Show one agency of a published campaign: its request's status, findings and documents."""
    found = _campaign(public_slug)
    rows = [a for a in queries.agencies(found, clock.today()) if a.id == agency_id]
    if not rows:
        abort(404)
    return render_template("public/agency.html", campaign=found, agency=rows[0], bare=True)


@bp.route("/public/<public_slug>/documents/<int:attachment_id>/download")
@public
def document(public_slug: str, attachment_id: int):
    """Send a document a lawyer made public, as an attachment, never rendered inline."""
    stored = queries.public_document(_campaign(public_slug), attachment_id) or abort(404)
    sha256, filename, media_type = stored
    try:
        handle = store_for(current_app.config).open(sha256)
    except StorageError:
        abort(404)
    response = send_file(
        handle,
        mimetype=serving_type(media_type),
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@bp.route("/public/<public_slug>/findings.csv")
@public
def findings_csv(public_slug: str):
    """Download a published campaign's confirmed findings as CSV, with its licence."""
    found = _campaign(public_slug)
    data = exports.findings_csv(found, queries.findings(found)).encode("utf-8-sig")
    return downloads.download(data, f"{found.slug}-findings.csv", "text/csv")


@bp.route("/public/<public_slug>/findings.json")
@public
def findings_json(public_slug: str):
    """Return a published campaign's confirmed findings as JSON, with its licence."""
    found = _campaign(public_slug)
    return jsonify(exports.findings_json(found, queries.findings(found)))


@bp.route("/public/<public_slug>/feed.atom")
@public
def feed(public_slug: str):
    """Return an Atom feed of the campaign's newly released documents and confirmed findings."""
    found = _campaign(public_slug)
    xml = exports.atom_feed(
        found,
        queries.documents(found),
        queries.findings(found),
        base_url=current_app.config["BASE_URL"],
    )
    return current_app.response_class(xml, mimetype="application/atom+xml")
