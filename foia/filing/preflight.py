"""Preflight: which of a campaign's agencies lack what their filing channel needs (issue 16).

Checked before approval, generation and filing, so that a campaign never files short in
silence: the campaign page lists each agency without an email address (for email), a postal
address (for post) or a portal address (for its portal), and the lawyer adds the contact,
switches the channel, or leaves the agency out. Filing is refused while any remains.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from foia.agencies.models import Agency, is_web_url
from foia.extensions import db
from foia.requests.models import Channel, ClockEvent, RecordsRequest

if TYPE_CHECKING:  # campaigns import preflight, so only the type checker imports them back
    from foia.campaigns.models import CampaignAgency


#: The channels a campaign files by: foia.requests.models.Channel's first three (the
#: vocabulary is defined once there), with the words the campaign page uses for them.
CHANNEL_LABELS: dict[str, str] = {
    Channel.EMAIL: "email",
    Channel.MAIL: "post (print-ready PDF)",
    Channel.PORTAL: "the agency's portal",
}
#: The agency field each channel needs, and what it is called.
NEEDS: dict[str, tuple[str, str]] = {
    Channel.EMAIL: ("email", "an email address"),
    Channel.MAIL: ("address", "a postal address"),
    Channel.PORTAL: ("portal_url", "a portal address"),
}


def campaign_channel(value: str) -> Channel:
    """Return the campaign channel named `value`; ValueError for any other channel."""
    if value not in CHANNEL_LABELS:
        raise ValueError(f"{value!r} is not a channel a campaign files by")
    return Channel(value)


def lacking(agency: Agency, channel: str) -> str:
    """Return why `agency` cannot be reached by `channel`, in plain words ("" if it can)."""
    channel = campaign_channel(channel)
    field, need = NEEDS[channel]
    value = (getattr(agency, field) or "").strip()
    if channel is Channel.PORTAL and value and not is_web_url(value):
        return f"{agency.name}'s portal address on file is not a web address."
    if channel is Channel.EMAIL and value and ("@" not in value or len(value.split()) > 1):
        return f"{agency.name}'s email address on file, {value}, is not an email address."
    if not value:
        return f"{agency.name} has no {need.split(' ', 1)[1]} on file."
    return ""


@dataclass(frozen=True)
class Gap:
    """One campaign agency that cannot be filed as planned, and why."""

    #: The campaign's CampaignAgency row.
    member: CampaignAgency
    channel: Channel
    reason: str

    @property
    def agency(self) -> Agency:
        """Return the agency."""
        return self.member.agency

    @property
    def channel_label(self) -> str:
        """Return the channel in the campaign page's words."""
        return CHANNEL_LABELS[self.channel]

    @property
    def need(self) -> str:
        """Return what the channel needs, in words ("an email address")."""
        return NEEDS[self.channel][1]


def gaps(members: Iterable, filed_agency_ids: set[int]) -> list[Gap]:
    """Return the members, neither left out nor filed, that lack what their channel needs."""
    found = []
    for member in members:
        if member.left_out_at is not None or member.agency_id in filed_agency_ids:
            continue
        reason = lacking(member.agency, member.channel)
        if reason:
            found.append(Gap(member, campaign_channel(member.channel), reason))
    return found


def filed_agency_ids(campaign_id: int) -> set[int]:
    """Return the ids of the campaign's agencies whose request is filed (one query)."""
    return set(
        db.session.scalars(
            select(RecordsRequest.agency_id)
            .join(ClockEvent, ClockEvent.request_id == RecordsRequest.id)
            .where(
                RecordsRequest.campaign_id == campaign_id,
                ClockEvent.kind == "filed",
                ClockEvent.active(),
            )
            .distinct()
        )
    )


def campaign_gaps(campaign) -> list[Gap]:
    """Return the campaign's unresolved agencies (members and agencies already loaded)."""
    return gaps(campaign.members, filed_agency_ids(campaign.id))


def refusal(found: list[Gap]) -> str:
    """Return why filing may not start while `found` remain ("" when none do)."""
    if not found:
        return ""
    names = "; ".join(gap.reason for gap in found[:3])
    more = f"; and {len(found) - 3} more" if len(found) > 3 else ""
    agencies = "agency lacks" if len(found) == 1 else "agencies lack"
    return (
        f"Nothing was filed: {len(found)} {agencies} what their channel needs ({names}{more})."
        " Add the contact, switch the channel, or leave them out, then file again."
    )
