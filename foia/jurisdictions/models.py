"""Jurisdictions, their public-records laws, and the closures that make a day a non-business day."""

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from foia.db import TimestampMixin
from foia.extensions import Model

#: Government levels, for jurisdictions and agencies alike.
LEVELS = ("federal", "state", "county", "municipal")


class Jurisdiction(TimestampMixin, Model):
    """Federal (US), a state or DC (US-MA), or a local government (a county or a city)."""

    __tablename__ = "jurisdictions"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "US", an ISO 3166-2 code such as "US-MA", or "US-MA:boston" for a local government.
    code: Mapped[str] = mapped_column(String(80), unique=True)
    #: Name for people: "Massachusetts", "Boston".
    name: Mapped[str] = mapped_column(String(200))
    #: One of LEVELS.
    level: Mapped[str] = mapped_column(String(20), index=True)
    #: The state (or federal) jurisdiction a local government belongs to.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"))
    #: For a municipality, its county ("Suffolk"); for a county, its own name.
    county: Mapped[str | None] = mapped_column(String(120))

    parent: Mapped["Jurisdiction | None"] = relationship(remote_side=[id])
    laws: Mapped[list["Law"]] = relationship(
        back_populates="jurisdiction", order_by="Law.effective_on"
    )

    @property
    def governing(self) -> "Jurisdiction":
        """Return the jurisdiction whose law governs: the parent of a local government."""
        return self.parent if self.level in ("county", "municipal") and self.parent else self

    @property
    def state_code(self) -> str:
        """Return the code whose law governs: the parent's for a local government."""
        return (
            self.parent.code if self.level in ("county", "municipal") and self.parent else self.code
        )


class Law(TimestampMixin, Model):
    """A version of a jurisdiction's public-records statute (the clocks are in foia.deadlines)."""

    __tablename__ = "laws"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "effective_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The jurisdiction whose law this is.
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"))
    #: Short name: "Massachusetts Public Records Law".
    name: Mapped[str] = mapped_column(String(300))
    #: Citation: "M.G.L. c.66 §§10, 10A; 950 CMR 32.00".
    citation: Mapped[str] = mapped_column(String(500))
    #: When this version took effect.
    effective_on: Mapped[date] = mapped_column(Date)
    #: Confidence noted in the legal reference: high, medium-high, medium or low.
    confidence: Mapped[str] = mapped_column(String(20), default="high")
    #: Where the facts come from.
    source: Mapped[str] = mapped_column(Text, default="")

    jurisdiction: Mapped[Jurisdiction] = relationship(back_populates="laws")


class Closure(TimestampMixin, Model):
    """A day an office is closed beyond the legal holidays: a snow day, an executive order."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The closed day.
    closed_on: Mapped[date] = mapped_column(Date, index=True)
    #: Why, as shown in deadline explanations ("snow day").
    reason: Mapped[str] = mapped_column(String(200))
    #: Closed for every agency of this jurisdiction (state or local) ...
    jurisdiction_id: Mapped[int | None] = mapped_column(ForeignKey("jurisdictions.id"))
    #: ... or for this one agency only.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"))

    jurisdiction: Mapped[Jurisdiction | None] = relationship()


class FacePolicy(TimestampMixin, Model):
    """A jurisdiction's policy on government face surveillance: a ban, a moratorium, a rule."""

    __tablename__ = "face_policies"
    __table_args__ = (UniqueConstraint("jurisdiction_id", "scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The state, county or city whose policy it is.
    jurisdiction_id: Mapped[int] = mapped_column(ForeignKey("jurisdictions.id"), index=True)
    #: One of foia.jurisdictions.coverage.STATUS_LABELS: ban, moratorium, restriction, none.
    status: Mapped[str] = mapped_column(String(20))
    #: One of foia.jurisdictions.coverage.SCOPE_LABELS: police, government, schools ...
    scope: Mapped[str] = mapped_column(String(30))
    #: The year it took effect, when the source gives it (no invented days or months).
    since_year: Mapped[int | None] = mapped_column(Integer)
    #: Where the facts come from (a statute, an ordinance, a list we trust).
    source: Mapped[str] = mapped_column(Text, default="")
    #: Anything else worth knowing (exceptions, sunset dates, what is not yet checked).
    notes: Mapped[str] = mapped_column(Text, default="")

    jurisdiction: Mapped[Jurisdiction] = relationship()

    def fact(self):
        """Return the policy as the pure coverage rule takes it."""
        from foia.jurisdictions.coverage import PolicyFact

        return PolicyFact(self.jurisdiction.code, self.status, self.scope, self.since_year)
