"""A campaign's agency list after creation: add agencies, remove those not yet filed.

Operations like those in operations.py: they change the session, write the audit log, flush,
and never commit. Removing an agency discards its draft request (and the letter drafted for it)
only while nothing but that letter was recorded on it; the audit entry keeps the request's
reference and the letter's PDF hash (the PDF stays in the document store), so nothing is lost
in silence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, func, or_, select, update

from foia import audit, clock
from foia.agencies.models import Agency
from foia.audit import Action
from foia.campaigns.models import Campaign, CampaignAgency
from foia.campaigns.operations import CampaignError, request_for
from foia.extensions import db
from foia.filing import preflight
from foia.filing.operations import is_filed
from foia.letters.operations import current_letter
from foia.requests.models import RecordsRequest

#: Largest id a database integer column holds: a larger "id" names no agency (and PostgreSQL
#: would refuse to compare with it).
MAX_ID = 2**31 - 1
#: Tables whose rows about a draft request are only its drafted letter and what is derived from
#: it; a row in any other table referencing the request is a fact that removal would lose.
DISCARDABLE = frozenset({"request_letters", "deadline_snapshots", "search_entries"})
#: Said of the agency list once it no longer matches how the agencies were first chosen.
EDITED_NOTE = "; agencies added or removed since"


def parse_agency_id(raw: object) -> int | None:
    """Return the agency number typed or chosen, or None when it is not one."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def agency_to_add(campaign: Campaign, raw: object) -> Agency:
    """Return the agency `raw` names, or raise CampaignError saying why it cannot be added."""
    agency_id = parse_agency_id(raw)
    if agency_id is None:
        raise CampaignError("Choose an agency from the list.")
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        raise CampaignError(f"There is no agency number {agency_id}.")
    if any(m.agency_id == agency.id for m in campaign.members):
        raise CampaignError(f"{agency.name} is in the campaign already.")
    return agency


def add_agencies(campaign: Campaign, agencies: list[Agency], *, actor) -> list[CampaignAgency]:
    """Add the agencies not yet in the campaign, after the others; return the new members."""
    present = {m.agency_id for m in campaign.members}
    fresh = [a for a in dict.fromkeys(agencies) if a.id not in present]
    if not fresh:
        raise CampaignError("Every agency chosen is in the campaign already; nothing was added.")
    last = max((m.position for m in campaign.members), default=-1)
    added = [CampaignAgency(agency=a, position=last + 1 + i) for i, a in enumerate(fresh)]
    campaign.members.extend(added)
    _note_edited(campaign)
    db.session.flush()
    audit.record(
        Action.CAMPAIGN_AGENCIES_ADDED,
        campaign,
        f"Added to the campaign: {_names(fresh)}",
        user=actor,
        data={"agencies": [a.id for a in fresh], "names": [a.name for a in fresh]},
    )
    db.session.flush()
    return added


@dataclass(frozen=True)
class Removal:
    """What removing one agency from a campaign discards, for the confirmation and the log."""

    member: CampaignAgency
    records_request: RecordsRequest | None
    #: The drafted letter's PDF hash, when a letter was generated.
    letter_sha256: str | None
    is_approved: bool

    @property
    def needs_confirmation(self) -> bool:
        """Return whether a letter was generated or approved (so the lawyer must confirm)."""
        return self.letter_sha256 is not None or self.is_approved

    def describe(self) -> str:
        """Return what removal discards, in words."""
        name = self.member.agency.name
        if self.records_request is None:
            return f"{name} has no letter yet: nothing but its place in the campaign goes."
        what = "approved letter" if self.is_approved else "letter"
        if self.letter_sha256 is None:
            what = "approval" if self.is_approved else "draft"
        return (
            f"Removing {name} discards its draft request {self.records_request.reference} and"
            f" its {what}. The audit log keeps the reference and the letter's fingerprint."
        )


def member_to_remove(campaign: Campaign, raw: object) -> CampaignAgency:
    """Return the campaign's member for the agency `raw` names, or raise CampaignError."""
    agency_id = parse_agency_id(raw)
    member = next((m for m in campaign.members if m.agency_id == agency_id), None)
    if member is None:
        raise CampaignError("That agency is not in this campaign; nothing was removed.")
    return member


def removal(campaign: Campaign, member: CampaignAgency) -> Removal:
    """Return what removing `member` would discard, or raise CampaignError if it may not go."""
    records_request = request_for(campaign, member.agency)
    name = member.agency.name
    if records_request is not None and is_filed(records_request):
        raise CampaignError(
            f"{name}'s request {records_request.reference} was filed: it cannot be removed"
            " from the campaign. Nothing was changed."
        )
    if len(campaign.members) == 1:
        raise CampaignError(f"{name} is the campaign's only agency; add another first.")
    if records_request is None:
        return Removal(member, None, None, False)
    if kept := _recorded_on(records_request):
        raise CampaignError(
            f"{name}'s request {records_request.reference} has {kept} recorded on it: it cannot"
            " be removed. Leave it out of the filing instead. Nothing was changed."
        )
    letter = current_letter(records_request)
    sha256 = letter.pdf_sha256 if letter is not None else None
    return Removal(member, records_request, sha256, records_request.approved_at is not None)


def remove_agency(campaign: Campaign, member: CampaignAgency, *, confirmed: bool, actor) -> Removal:
    """Remove an unfiled agency (and its draft request); a drafted letter needs `confirmed`."""
    found = removal(campaign, member)
    if found.needs_confirmation and not confirmed:
        raise CampaignError(found.describe() + " Confirm to remove it.")
    if found.records_request is not None:
        _hold(found.records_request, member.agency.name, clock.now())
        # Asked again once held: a worker may have filed it, or a reply come, since it was read.
        if member.agency_id in preflight.filed_agency_ids(campaign.id) or _recorded_on(
            found.records_request
        ):
            raise CampaignError(
                f"{member.agency.name}'s request changed meanwhile; nothing was removed."
            )
        db.session.delete(found.records_request)
    campaign.members.remove(member)
    _note_edited(campaign)
    db.session.flush()
    request_ = found.records_request
    audit.record(
        Action.CAMPAIGN_AGENCY_REMOVED,
        campaign,
        f"Removed from the campaign: {member.agency.name}"
        + (f"; its draft request {request_.reference} discarded" if request_ else ""),
        user=actor,
        data={
            "agency": member.agency_id,
            "name": member.agency.name,
            "request": request_.reference if request_ else None,
            "request_id": request_.id if request_ else None,
            "letter_sha256": found.letter_sha256,
            "was_approved": found.is_approved,
        },
    )
    db.session.flush()
    return found


def _hold(records_request: RecordsRequest, name: str, now: datetime) -> None:
    """Hold the request as a filing worker would, or refuse: one that is being filed stays."""
    # The same conditional UPDATE as foia.filing.jobs.claim_filing, left uncommitted: a worker
    # that claims the request after it waits on this row and then finds it gone, and one that
    # claimed it first makes this match nothing (claim_filing commits, which an operation may not).
    result = db.session.execute(
        update(RecordsRequest)
        .where(
            RecordsRequest.id == records_request.id,
            or_(
                RecordsRequest.filing_claimed_until.is_(None),
                RecordsRequest.filing_claimed_until < now,
            ),
        )
        .values(filing_claimed_until=now + timedelta(days=1))
        .execution_options(synchronize_session=False)
    )
    if cast(CursorResult[Any], result).rowcount != 1:
        raise CampaignError(
            f"{name}'s request {records_request.reference} is being filed right now: it cannot"
            " be removed. Nothing was changed."
        )


def _recorded_on(records_request: RecordsRequest) -> str:
    """Return what, besides its drafted letter, is recorded on the request ("" when nothing)."""
    found = []
    for table in db.metadata.sorted_tables:
        if table.name in DISCARDABLE:
            continue
        for key in table.foreign_keys:
            if key.column.table.name == "records_requests" and key.column.name == "id":
                count = db.session.scalar(
                    select(func.count()).select_from(table).where(key.parent == records_request.id)
                )
                if count:
                    found.append(table.name)
    # Table names are not for people: one phrase covers them all.
    return "messages, events, notes or files" if found else ""


def _note_edited(campaign: Campaign) -> None:
    if not campaign.agency_selection.endswith(EDITED_NOTE):
        campaign.agency_selection += EDITED_NOTE


def _names(agencies: list[Agency]) -> str:
    names = [a.name for a in agencies]
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
