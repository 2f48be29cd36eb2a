"""The per-agency request counts that triggers keep (AgencyRequestCount), counted afresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, delete, func, insert, select, text

from foia.agencies.models import Agency
from foia.extensions import db
from foia.requests.models import AgencyCountReference, AgencyRequestCount, RecordsRequest


def recount(today: date) -> int:
    """Count every agency's requests afresh, late against `today`; return the agencies counted.

    The triggers keep the counts exact; this moves the day that `late_requests` is counted
    against, so that the scorecards have no requests fallen due since to add (run daily).
    """
    if db.session.get_bind().dialect.name == "postgresql":
        # No request or agency name may change between the count and its writing (the
        # triggers of a concurrent writer would add to counts about to be replaced).
        db.session.execute(text("LOCK TABLE records_requests, agencies IN SHARE MODE"))
    is_open = RecordsRequest.closed_at.is_(None)
    late = case((is_open & (RecordsRequest.next_agency_due_on < today), 1), else_=0)
    counted = (
        select(
            RecordsRequest.agency_id,
            Agency.name,
            func.count(),
            func.sum(case((is_open, 1), else_=0)),
            func.sum(late),
        )
        .join(Agency, Agency.id == RecordsRequest.agency_id)
        .group_by(RecordsRequest.agency_id, Agency.name)
    )
    db.session.execute(delete(AgencyCountReference))
    db.session.execute(delete(AgencyRequestCount))
    db.session.add(AgencyCountReference(id=1, late_before=today))
    db.session.flush()
    columns = ["agency_id", "name", "requests", "open_requests", "late_requests"]
    db.session.execute(insert(AgencyRequestCount).from_select(columns, counted))
    db.session.flush()
    return db.session.scalar(select(func.count()).select_from(AgencyRequestCount)) or 0
