"""Campaign forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from foia.agencies.models import KIND_LABELS
from foia.forms import choices

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
        }


class CampaignForm(CampaignWordingForm):
    """A new campaign: its wording and the agencies it writes to."""

    state = SelectField("State", default="")
    county = StringField("County", validators=[Length(max=120)])
    level = SelectField("Level", choices=choices(LEVEL_CHOICES), default="")
    kind = SelectField(
        "Kind of agency", default="", choices=choices([("", "Any kind"), *KIND_LABELS.items()])
    )
    under_ban = BooleanField("Only agencies under a face-surveillance ban or moratorium")
    agency_list = FileField(
        "Or upload a list of agencies (CSV with an “id” or “name” column)",
        validators=[FileAllowed(["csv", "txt"], "Upload a .csv file.")],
    )


class CampaignEditForm(CampaignWordingForm):
    """Change a campaign's wording (the agencies stay)."""
