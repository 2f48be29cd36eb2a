"""Record categories (the codebook of what we ask for) and request templates."""

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from foia.db import TimestampMixin
from foia.extensions import Model


class RecordCategory(TimestampMixin, Model):
    """One kind of record we ask for: policies, contracts, search logs ..."""

    __tablename__ = "record_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key used by templates and seed data: "use-policies".
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    #: Its number in the checklist (statutes.md §7), for ordering.
    number: Mapped[int] = mapped_column(Integer)
    #: Name for people: "Use policies and procedures".
    name: Mapped[str] = mapped_column(String(200))
    #: Our request language for this category, as it appears in the letter.
    wording: Mapped[str] = mapped_column(Text)
    #: Why we ask, and drafting hints for lawyers (never printed in letters).
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Whether it is offered for new letters (retired categories stay for old requests).
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class RequestTemplate(TimestampMixin, Model):
    """A kind of request the app ships: its letter body (Jinja source) and default categories."""

    __tablename__ = "request_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stable key: "use-and-policy", "ban-compliance", "defendant-case", "state-systems".
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    #: Name for people.
    name: Mapped[str] = mapped_column(String(200))
    #: When to use it.
    description: Mapped[str] = mapped_column(Text, default="")
    #: The letter body: Jinja source, rendered in a sandbox (foia.letters.render).
    body: Mapped[str] = mapped_column(Text)
    #: Slugs of the record categories asked for unless a lawyer chooses otherwise (a JSON list).
    default_category_slugs: Mapped[list] = mapped_column(JSON, default=list)
    #: The details a letter needs filled in, in form order: [{"name", "label", "required"}]
    #: (foia.letters.fields; the body says {{ fields.<name> }}).
    fields: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    @property
    def category_count(self) -> int:
        """Return how many categories the template asks for by default."""
        return len(self.default_category_slugs or [])


class OrganisationProfile(TimestampMixin, Model):
    """The organisation letters are written for: the letterhead and the signature block."""

    __tablename__ = "organisation_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Name on the letterhead: "ACLU of Massachusetts".
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Postal address, several lines.
    address: Mapped[str] = mapped_column(Text, default="")
    #: Where agencies reply.
    email: Mapped[str] = mapped_column(String(254), default="")
    #: Telephone.
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Lines printed under the signer's name (title, organisation, bar number ...).
    signature_block: Mapped[str] = mapped_column(Text, default="")
    #: The letterhead logo as a `data:image/png|jpeg;base64,...` URL (letters fetch nothing).
    logo_data_url: Mapped[str | None] = mapped_column(Text)
    #: The licence of the data the public tracker publishes: "CC BY 4.0" ("" until set).
    data_licence: Mapped[str] = mapped_column(String(200), default="", server_default="")


class LawyerSignature(TimestampMixin, Model):
    """A lawyer's own signature line, printed on the letters they sign."""

    __tablename__ = "lawyer_signatures"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The lawyer.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    #: "Jane Roe": the name line under "Sincerely".
    line: Mapped[str] = mapped_column(String(300))
    #: "Staff Attorney": printed under the name (empty on lines saved before the first-run setup).
    title: Mapped[str] = mapped_column(String(200), default="", server_default="")
