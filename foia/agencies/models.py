"""Agencies: who receives requests."""

from datetime import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import ForeignKey, String, Text, Time, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.db import TimestampMixin
from foia.extensions import Model

if TYPE_CHECKING:
    # Imported for typing only: foia.jurisdictions imports this module (closures per agency).
    from foia.jurisdictions.models import Jurisdiction

#: What an agency is, for filters and templates.
KINDS = (
    "police",
    "sheriff",
    "state_police",
    "prosecutor",
    "registry",
    "fusion_center",
    "other",
)

KIND_LABELS = {
    "police": "Police department",
    "sheriff": "Sheriff",
    "state_police": "State police",
    "prosecutor": "Prosecutor",
    "registry": "Motor vehicle registry",
    "fusion_center": "Fusion center",
    "other": "Other",
}


def kind_label(kind: str) -> str:
    """Return an agency kind as people say it (the directory's rows have no Agency to ask)."""
    return KIND_LABELS.get(kind, kind)


class Agency(TimestampMixin, Model):
    """A police department, sheriff, prosecutor or registry that receives requests."""

    __tablename__ = "agencies"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Official name: "Boston Police Department" (indexed: the directory is sorted by it).
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: The state (or federal) jurisdiction whose law governs requests to it.
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    #: federal, state, county or municipal: decides e.g. Massachusetts' 15/25-day cap.
    level: Mapped[str] = mapped_column(String(20), index=True)
    #: One of KINDS.
    kind: Mapped[str] = mapped_column(String(30), default="police", index=True)
    #: County it sits in (decides county closures such as Suffolk's Evacuation Day).
    county: Mapped[str | None] = mapped_column(String(120), index=True)
    #: City or town, for municipal agencies.
    municipality: Mapped[str | None] = mapped_column(String(120))
    #: Records access officer's name.
    records_officer: Mapped[str] = mapped_column(String(200), default="")
    #: Where requests are emailed.
    email: Mapped[str] = mapped_column(String(254), default="")
    #: Online request portal.
    portal_url: Mapped[str] = mapped_column(String(500), default="")
    #: Postal address, several lines.
    address: Mapped[str] = mapped_column(Text, default="")
    #: Telephone.
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Fax.
    fax: Mapped[str] = mapped_column(String(40), default="")
    #: Anything else worth knowing.
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Requests received after this local time count as received the next business day.
    after_hours_cutoff: Mapped[time | None] = mapped_column(Time)
    #: Derived, kept for the directory search: the SEARCHED fields case-folded, one a line
    #: (one LIKE on one column instead of five lower() calls per row). Set on every flush.
    search_text: Mapped[str] = mapped_column(Text, default="")

    jurisdiction: Mapped["Jurisdiction"] = relationship()

    @property
    def kind_label(self) -> str:
        """Return the kind as people say it."""
        return kind_label(self.kind)

    @property
    def portal_link(self) -> str | None:
        """Return the portal URL if it is safe to link to (http or https), else None."""
        return self.portal_url if is_web_url(self.portal_url) else None


#: The fields the directory's search looks in.
SEARCHED = ("name", "municipality", "county", "records_officer", "email")


def search_key(*values: str | None) -> str:
    """Return values as the directory search compares them: case-folded, one a line."""
    return "\n".join((value or "").casefold() for value in values)


@event.listens_for(Agency, "before_insert")
@event.listens_for(Agency, "before_update")
def _refresh_search_text(mapper, connection, agency: Agency) -> None:
    agency.search_text = search_key(*(getattr(agency, name) for name in SEARCHED))


def is_web_url(value: str | None) -> bool:
    """Tell whether `value` is an absolute http(s) URL with a host and no spaces."""
    if not value or any(ch.isspace() or not ch.isprintable() for ch in value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
