"""The campaign page's table of agencies, one line each, shaped here rather than in its template.

A campaign may list hundreds of agencies. Each row's words (its tag, letter, due date, problem)
are decided here, where they can be read and tested, and its links come from one url_for each
(foia.links); the template is a plain loop. With 351 agencies this changed the page's CPU by
less than the noise (bench/bench_campaign_page.py, 2026-12-03): what the page costs is loading
its rows, not rendering them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from foia.campaigns.models import Campaign
from foia.filing.operations import is_filed
from foia.filing.preflight import CHANNEL_LABELS, Gap
from foia.inbound.delivery import FailureLine
from foia.links import id_link
from foia.requests.models import Channel, RecordsRequest


class AgencyLine(NamedTuple):
    """One agency of a campaign as its page's table shows it."""

    agency_id: int
    name: str
    tag: str | None  # "left out", or the channel when it is not email
    preview_href: str | None  # for lawyers
    removable: bool  # for lawyers, until its request is filed
    reference: str | None
    request_href: str | None
    status: str
    letter: str  # "current", "revision N" or "—"
    is_closed: bool
    due_on: date | None
    undelivered: bool  # the problem is a delivery failure
    problem: str


def agency_lines(
    campaign: Campaign,
    requests: Iterable[RecordsRequest],
    *,
    for_lawyer: bool,
    filing_errors: Mapping[int, str],
    not_delivered: Mapping[int, list[FailureLine]],
    gaps: Iterable[Gap],
) -> list[AgencyLine]:
    """Return the table's lines, in the campaign's order of its agencies."""
    by_agency = {r.agency_id: r for r in requests}
    reasons = {gap.member.id: gap.reason for gap in gaps}
    preview = id_link("campaigns.preview", "agency_id", campaign_id=campaign.id)
    request_link = id_link("requests.show", "request_id")
    lines = []
    for member in campaign.members:
        r = by_agency.get(member.agency_id)
        filed = r is not None and is_filed(r)
        failures = not_delivered.get(r.id) if r is not None else None
        if failures:
            problem = f"{failures[0].message.capitalize()} to {failures[0].summary}"
        elif member.left_out_at:
            problem = "Left out of the filing."
        elif r is not None and not filed and filing_errors.get(r.id):
            problem = filing_errors[r.id]
        else:
            problem = reasons.get(member.id, "")
        lines.append(
            AgencyLine(
                member.agency_id,
                member.agency.name,
                _tag(member),
                preview(member.agency_id) if for_lawyer else None,
                for_lawyer and not filed,
                r.reference if r is not None else None,
                request_link(r.id) if r is not None else None,
                r.status if r is not None else "not generated",
                _letter(member.letter_revision, campaign.revision),
                r is not None and r.closed_at is not None,
                r.next_due_on if r is not None else None,
                bool(failures),
                problem,
            )
        )
    return lines


def _tag(member) -> str | None:
    if member.left_out_at:
        return "left out"
    if member.channel != Channel.EMAIL:
        return f"by {CHANNEL_LABELS[member.channel]}"
    return None


def _letter(revision: int | None, current: int) -> str:
    if revision == current:
        return "current"
    return f"revision {revision}" if revision else "—"
