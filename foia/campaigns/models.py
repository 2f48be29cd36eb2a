"""Campaigns and the agencies each one writes to."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.agencies.models import Agency
from foia.auth.models import User
from foia.db import TimestampMixin, UTCDateTime
from foia.extensions import Model


class Campaign(TimestampMixin, Model):
    """One master request (template and record categories) sent to many agencies."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Name for people: "Press Pause: Massachusetts police, 2026".
    name: Mapped[str] = mapped_column(String(200), unique=True)
    #: What the campaign is for.
    description: Mapped[str] = mapped_column(Text, default="")
    #: The request template it uses (its slug), once chosen.
    template_slug: Mapped[str | None] = mapped_column(String(80))
    #: The lawyer who owns its requests unless a request says otherwise.
    default_owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The volunteer assigned to its requests by default.
    default_volunteer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: The record categories asked for (their slugs); empty: the template's defaults.
    category_slugs: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    #: Start of the period the letters ask about.
    date_from: Mapped[date | None] = mapped_column(Date)
    #: End of the period (none: "to the date this request is processed").
    date_to: Mapped[date | None] = mapped_column(Date)
    #: What its letters fill in for the template's declared fields: {"defendant_name": "..."}.
    field_values: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    #: How the agencies were chosen (the filter, or the uploaded file's name), for people.
    agency_selection: Mapped[str] = mapped_column(Text, default="", server_default="")
    #: Bumped by every edit of the wording; letters of an older revision are regenerated.
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: When a lawyer approved the current revision; generation needs it, an edit clears it.
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Who approved it.
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # --- the public tracker (issue 17 §2, docs/public-tracker.md): off unless a lawyer turns it on
    #: Whether its public pages are on (`/public/<public_slug>`); off by default.
    is_published: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The address of its public pages: lowercase letters, digits and hyphens.
    public_slug: Mapped[str | None] = mapped_column(String(80), unique=True)
    #: The first day (in FOIA_TIMEZONE) its public pages show anything; none: no embargo.
    embargo_on: Mapped[date | None] = mapped_column(Date)

    default_owner: Mapped[User | None] = relationship(foreign_keys=[default_owner_id])
    default_volunteer: Mapped[User | None] = relationship(foreign_keys=[default_volunteer_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    members: Mapped[list["CampaignAgency"]] = relationship(
        back_populates="campaign",
        order_by="CampaignAgency.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_approved(self) -> bool:
        """Return whether a lawyer approved the current wording."""
        return self.approved_at is not None


class CampaignAgency(Model):
    """One agency a campaign writes to, and which revision its letter was last drafted from."""

    __tablename__ = "campaign_agencies"
    __table_args__ = (UniqueConstraint("campaign_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The campaign.
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("campaigns.id", ondelete="CASCADE"), index=True
    )
    #: The agency written to.
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    #: Order of the letters (and of the print-ready PDF).
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: The campaign revision its current letter was drafted from; none until generated.
    letter_revision: Mapped[int | None] = mapped_column(Integer, index=True)
    #: How its request is to be filed: a key of foia.filing.preflight.CHANNEL_LABELS ("email"
    #: unless a lawyer chose post or the agency's portal for it).
    channel: Mapped[str] = mapped_column(String(20), default="email", server_default="email")
    #: When a lawyer left this agency out of the campaign's filing (none: it is filed).
    left_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship(back_populates="members")
    agency: Mapped[Agency] = relationship()
