"""Load a request for a page or an action on it."""

from flask import abort

from foia.extensions import db
from foia.requests.models import RecordsRequest


def get_request(request_id: int) -> RecordsRequest:
    """Load a request or 404."""
    records_request = db.session.get(RecordsRequest, request_id)
    if records_request is None:
        abort(404)
    return records_request
