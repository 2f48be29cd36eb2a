"""Agency forms: edit one agency, filter the directory, upload a CSV file."""

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileRequired
from wtforms import TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from foia.agencies import csvio, operations
from foia.agencies.models import KIND_LABELS, KINDS, Agency, is_web_url
from foia.forms import (
    BooleanField,
    EmailField,
    FileField,
    SearchField,
    SelectField,
    StringField,
    SubmitField,
    TimeField,
    URLField,
)
from foia.jurisdictions.models import LEVELS

LEVEL_CHOICES = [SelectChoice(level, level.capitalize()) for level in LEVELS]
KIND_CHOICES = [SelectChoice(kind, KIND_LABELS[kind]) for kind in KINDS]
ANY = [SelectChoice("", "Any")]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _none_if_empty(value: Any) -> Any:
    return value or None


def _jurisdiction_choices() -> list[tuple[str, str]]:
    return [SelectChoice(code, f"{code} · {name}") for code, name in operations.governing_choices()]


def _limit(column: str) -> Length:
    return Length(max=csvio.MAX_LENGTHS[column])


class AgencyForm(FlaskForm):
    """An agency's name, jurisdiction and contact details."""

    name = StringField("Name", filters=[_strip], validators=[DataRequired(), _limit("name")])
    jurisdiction = SelectField("Jurisdiction (whose law applies)", validators=[DataRequired()])
    level = SelectField(
        "Level", choices=LEVEL_CHOICES, default="municipal", validators=[DataRequired()]
    )
    kind = SelectField("Kind", choices=KIND_CHOICES, default="police", validators=[DataRequired()])
    county = StringField("County", filters=[_strip, _none_if_empty], validators=[_limit("county")])
    municipality = StringField(
        "City or town", filters=[_strip, _none_if_empty], validators=[_limit("municipality")]
    )
    records_officer = StringField(
        "Records access officer", filters=[_strip], validators=[_limit("records_officer")]
    )
    email = EmailField("Email", filters=[_strip], validators=[Optional(), Email(), _limit("email")])
    portal_url = URLField(
        "Request portal URL", filters=[_strip], validators=[Optional(), _limit("portal_url")]
    )
    address = TextAreaField("Postal address", filters=[_strip])
    phone = StringField("Phone", filters=[_strip], validators=[_limit("phone")])
    fax = StringField("Fax", filters=[_strip], validators=[_limit("fax")])
    notes = TextAreaField("Notes", filters=[_strip])
    after_hours_cutoff = TimeField("After-hours cut-off", validators=[Optional()])
    submit = SubmitField("Save agency")

    def __init__(self, *args: Any, agency: Agency | None = None, **kwargs: Any):
        if agency is not None:
            kwargs.setdefault("data", operations.agency_values(agency))
        super().__init__(*args, **kwargs)
        self._agency_id = agency.id if agency is not None else None
        self.jurisdiction.choices = _jurisdiction_choices()

    def validate_name(self, field: StringField) -> None:
        """Refuse a second agency with the same name in the same jurisdiction."""
        code = self.jurisdiction.data
        if code and operations.find_same_agency(code, field.data, exclude_id=self._agency_id):
            raise ValidationError(f"{code} already has an agency called “{field.data}”.")

    def validate_county(self, field: StringField) -> None:
        """Accept only a county the deadline calendar knows (an unknown one breaks its pages)."""
        from foia.deadlines.calendars import resolve_county
        from foia.deadlines.errors import UnknownCounty

        try:
            resolve_county(self.jurisdiction.data or "", field.data)
        except UnknownCounty as exc:
            raise ValidationError(str(exc)) from exc

    def validate_portal_url(self, field: URLField) -> None:
        """Accept only web addresses (http or https)."""
        if field.data and not is_web_url(field.data):
            raise ValidationError("Enter a web address starting with http:// or https://.")

    def agency_data(self) -> dict[str, Any]:
        """Return the submitted values, keyed as the operations expect."""
        return {name: getattr(self, name).data for name in operations.FIELDS}


class AgencyFilterForm(FlaskForm):
    """Search and filters for the directory (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField("Search", filters=[_strip], validators=[Length(max=200)])
    state = SelectField("State", validators=[Optional()])
    county = StringField("County", filters=[_strip], validators=[Length(max=120)])
    level = SelectField("Level", choices=ANY + LEVEL_CHOICES, validators=[Optional()])
    kind = SelectField("Kind", choices=ANY + KIND_CHOICES, validators=[Optional()])
    under_ban = BooleanField("Under a ban or moratorium")

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.state.choices = ANY + [
            SelectChoice(code, f"{code} · {name}") for code, name in operations.governing_choices()
        ]

    def criteria(self) -> dict[str, str]:
        """Return the filters that are set and valid, for the query and the page links."""
        self.validate()
        return {
            name: field.data
            for name, field in self._fields.items()
            if field.data and not field.errors
        }


class ImportForm(FlaskForm):
    """A CSV file of agencies and whether only to check it."""

    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file to import.")])
    dry_run = BooleanField("Check only (dry run)", default=True)
    submit = SubmitField("Import")
