"""Campaign forms."""

from flask import request
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from foia import dates
from foia.agencies.models import KIND_LABELS
from foia.extensions import db
from foia.filing.preflight import CHANNEL_LABELS
from foia.forms import (
    BooleanField,
    DateField,
    FileField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    choices,
)
from foia.jurisdictions.models import Jurisdiction
from foia.letters import fields as template_fields
from foia.letters.models import RecordCategory, RequestTemplate

LEVEL_CHOICES = [
    ("", "Any level"),
    ("federal", "Federal"),
    ("state", "State"),
    ("county", "County"),
    ("municipal", "Municipal"),
]


class CampaignWordingForm(FlaskForm):
    """What every letter of a campaign says."""

    name = StringField("Campaign name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("Description (for us, not printed)", validators=[Length(max=5000)])
    template = SelectField("Request template", validators=[DataRequired()])
    categories = SelectMultipleField(
        "Record categories asked for",
        validators=[DataRequired(message="Choose at least one record category.")],
    )
    date_from = DateField("Records from", validators=[Optional()])
    date_to = DateField(
        "Records up to (empty: to the date the request is processed)", validators=[Optional()]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The template's fields are inputs of their own (letters/_template_fields.html), named
        # field-<name>: which ones depends on the template chosen, so they are not form fields.
        self.saved_field_values = dict(getattr(kwargs.get("obj"), "field_values", None) or {})

    def template_fields(self) -> list[template_fields.TemplateField]:
        """Return the fields the chosen template declares."""
        template = db.session.scalar(select(RequestTemplate).filter_by(slug=self.template.data))
        return template_fields.from_json(template.fields) if template else []

    def field_value(self, name: str) -> str:
        """Return what was typed for a template field (or saved, before the form is sent)."""
        if request.method == "POST":
            return request.form.get(f"field-{name}", "")
        return self.saved_field_values.get(name, "")

    def field_values(self) -> dict[str, str]:
        """Return the chosen template's fields as typed, trimmed."""
        declared = self.template_fields()
        return template_fields.clean_values(
            declared, {f.name: self.field_value(f.name) for f in declared}
        )

    def offer(self, templates: list[tuple[str, str]], categories: list[tuple[str, str]]) -> None:
        """Offer these (slug, name) templates and categories."""
        self.template.choices = choices(templates)
        self.categories.choices = choices(categories)

    def validate_date_to(self, field):
        """The period must not end before it starts."""
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the period is before its start.")

    def values(self) -> dict:
        """Return the wording as operations take it."""
        return {
            "name": self.name.data,
            "description": self.description.data,
            "template_slug": self.template.data,
            "category_slugs": self.categories.data,
            "date_from": self.date_from.data,
            "date_to": self.date_to.data,
            "field_values": self.field_values(),
        }


class AgencyFilterFields:
    """The filters that choose agencies, for a new campaign and for adding to one."""

    state = SelectField("State", default="")
    county = StringField("County", validators=[Length(max=120)])
    level = SelectField("Level", choices=choices(LEVEL_CHOICES), default="")
    kind = SelectField(
        "Kind of agency", default="", choices=choices([("", "Any kind"), *KIND_LABELS.items()])
    )
    under_ban = BooleanField("Only agencies under a face-surveillance ban or moratorium")


class CampaignForm(CampaignWordingForm, AgencyFilterFields):
    """A new campaign: its wording and the agencies it writes to."""

    agency_list = FileField(
        "Or upload a list of agencies (CSV with an “id” or “name” column)",
        validators=[FileAllowed(["csv", "txt"], "Upload a .csv file.")],
    )


class CampaignEditForm(CampaignWordingForm):
    """Change a campaign's wording (the agencies stay)."""


def offer_wording_choices(form: CampaignWordingForm) -> None:
    """Offer the request templates, the active record categories and, where asked, the states."""
    templates = db.session.scalars(select(RequestTemplate).order_by(RequestTemplate.name)).all()
    categories = db.session.scalars(
        select(RecordCategory).where(RecordCategory.is_active).order_by(RecordCategory.number)
    ).all()
    form.offer([(t.slug, t.name) for t in templates], [(c.slug, c.name) for c in categories])
    if isinstance(form, AgencyFilterFields):
        offer_states(form)


def offer_states(form: AgencyFilterFields) -> None:
    """Offer the federal government and the states in the form's state filter."""
    states = db.session.scalars(
        select(Jurisdiction)
        .where(Jurisdiction.level.in_(("federal", "state")))
        .order_by(Jurisdiction.name)
    ).all()
    form.state.choices = [("", "Any state")] + [(j.code, j.name) for j in states]


class AddAgencyForm(FlaskForm):
    """One agency to add to a campaign, picked by typing part of its name."""

    # Not validated against its choices: the operation says why a number cannot be added.
    agency = SelectField("Agency to add", validate_choice=False)

    def offer(self, pairs: list[tuple[int, str]]) -> None:
        """Offer these (id, name) agencies, after a "choose one" placeholder."""
        self.agency.choices = [("", "Choose an agency")] + [(str(i), n) for i, n in pairs]


class AddMatchingForm(FlaskForm, AgencyFilterFields):
    """Every agency matching the filters, to add to a campaign."""

    def validate(self, extra_validators=None) -> bool:
        """Refuse no filter at all: that would add every agency in the directory."""
        if not super().validate(extra_validators):
            return False
        chosen = (self.state.data, (self.county.data or "").strip(), self.level.data)
        if not any(chosen) and not self.kind.data and not self.under_ban.data:
            self.state.errors = [*self.state.errors, "Choose at least one filter."]
            return False
        return True


class RemoveAgencyForm(FlaskForm):
    """One agency to remove from a campaign (a drafted letter needs `confirmed`)."""

    agency_id = HiddenField("Agency")
    confirmed = HiddenField("Confirmed")


class ContactForm(FlaskForm):
    """What one campaign agency lacks for its channel: its email, postal or portal address."""

    value = TextAreaField(
        "Contact",
        filters=[lambda value: (value or "").strip()],
        validators=[DataRequired(message="Enter the contact."), Length(max=500)],
    )


class ChannelForm(FlaskForm):
    """How one campaign agency's request is to be filed."""

    channel = SelectField("Channel", choices=choices(list(CHANNEL_LABELS.items())))


class PreflightBulkForm(FlaskForm):
    """One answer for every agency the preflight lists: another channel, or leave them out."""

    action = SelectField(
        "For every agency listed",
        choices=choices([*CHANNEL_LABELS.items(), ("leave_out", "leave out")]),
    )


class PublishingForm(FlaskForm):
    """A campaign's public tracker: on or off, its address, and the day it may first show."""

    is_published = BooleanField("Publish the public tracker")
    public_slug = StringField("Address of the public pages", validators=[Length(max=80)])
    embargo_on = DateField(
        "Embargo: show nothing before", validators=[Optional(), dates.InRange(dates.EMBARGO)]
    )
