"""The health check."""

from flask import Response
from sqlalchemy import text

from foia.auth.access import public
from foia.extensions import db
from foia.health import bp


@bp.route("/healthz")
@public
def healthz() -> Response:
    """Answer "ok" when the app and its database respond (no login, no personal data)."""
    db.session.execute(text("SELECT 1"))
    return Response("ok\n", mimetype="text/plain")
