"""Deadline calculator and closure forms."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from foia.dates import HYPOTHETICAL, InRange
from foia.deadlines.rules import load_laws
from foia.forms import DateField, IntegerField, SelectField, StringField, SubmitField, choices
from foia.jurisdictions.coverage import SCOPE_LABELS, STATUS_LABELS

LEVEL_CHOICES = choices(
    [("municipal", "Municipal"), ("county", "County"), ("state", "State agency")]
)
#: A federal request goes to a federal agency: no town or county level to pick.
FEDERAL_LEVEL_CHOICES = [("federal", "Federal agency")]


def jurisdiction_choices():
    """Return (code, label) for every jurisdiction with a law, federal first."""
    laws = load_laws()
    return choices(
        sorted(
            ((code, f"{code}: {law.name}") for code, law in laws.items()),
            key=lambda item: (item[0] != "US", item[0]),
        )
    )


class CalculatorForm(FlaskForm):
    """Compute the statutory deadlines for a date of receipt."""

    class Meta:
        csrf = False  # a read-only GET form: nothing is changed

    jurisdiction = SelectField("Jurisdiction", validators=[DataRequired()])
    county = StringField("County (optional)", validators=[Optional(), Length(max=120)])
    agency_level = SelectField("Agency level", choices=LEVEL_CHOICES, default="municipal")
    received = DateField(
        "Received by the agency",
        validators=[DataRequired(message="Enter a valid date."), InRange(HYPOTHETICAL)],
    )
    responded = DateField(
        "Agency responded (optional, starts the appeal window)",
        validators=[Optional(), InRange(HYPOTHETICAL)],
    )
    submit = SubmitField("Calculate")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.jurisdiction.choices = jurisdiction_choices()
        if self.jurisdiction.data == "US":
            self.agency_level.choices = FEDERAL_LEVEL_CHOICES
            self.agency_level.data = "federal"

    def engine_level(self) -> str:
        """Return the level the deadline engine counts for (a federal agency's law has one)."""
        # As foia.requests.clocks.engine_level: the federal calendar does not depend on level.
        return "state" if self.agency_level.data == "federal" else self.agency_level.data

    def validate_responded(self, field):
        """A response cannot come before receipt."""
        if field.data and self.received.data and field.data < self.received.data:
            raise ValidationError("The response date is before the date of receipt.")


class ClosureForm(FlaskForm):
    """A day an office is closed."""

    closed_on = DateField(
        "Closed on",
        validators=[DataRequired(message="Enter a valid date."), InRange(HYPOTHETICAL)],
    )
    reason = StringField("Reason", validators=[DataRequired(), Length(max=200)])
    jurisdiction = StringField(
        "Jurisdiction code (e.g. US-MA, US-MA:boston, US-MA:suffolk-county)",
        validators=[Optional(), Length(max=80)],
    )
    # Picked by name (the view offers every agency), not typed as an internal number.
    agency_id = SelectField("Or one agency", coerce=lambda v: int(v) if v else None)
    submit = SubmitField("Add closure")

    def offer_agencies(self, agencies: list[tuple[int, str]]) -> None:
        """Offer these (id, name) agencies, after a choice of none."""
        self.agency_id.choices = [("", "None: the whole jurisdiction"), *agencies]

    def validate_agency_id(self, field):
        """Exactly one of jurisdiction and agency."""
        if bool(field.data) == bool((self.jurisdiction.data or "").strip()):
            raise ValidationError("Give either a jurisdiction code or an agency.")


class DeleteClosureForm(FlaskForm):
    """Carries the CSRF token for a delete button."""

    submit = SubmitField("Remove")


PLACE_LEVELS = [
    ("state", "The whole state"),
    ("county", "A county"),
    ("municipal", "A city or town"),
]


class FacePolicyForm(FlaskForm):
    """A jurisdiction's face-surveillance policy: where, what, since when, and the source."""

    state = SelectField("State", validators=[DataRequired()])
    level = SelectField("Applies to", choices=choices(PLACE_LEVELS), default="municipal")
    place = StringField(
        "City, town or county (empty for the whole state)", validators=[Length(max=120)]
    )
    status = SelectField("Status", choices=choices(list(STATUS_LABELS.items())))
    scope = SelectField("Scope", choices=choices(list(SCOPE_LABELS.items())))
    since_year = IntegerField(
        "In force since (year, if the source gives one)",
        validators=[Optional(), NumberRange(min=1990, max=2100)],
    )
    source = TextAreaField("Source (ordinance, statute or list)", validators=[DataRequired()])
    notes = TextAreaField("Notes", validators=[Length(max=5000)])
    submit = SubmitField("Save the policy")

    def offer_states(self, pairs: list[tuple[str, str]]) -> None:
        """Offer these (code, name) states."""
        self.state.choices = choices(pairs)

    def validate_place(self, field):
        """A county or city policy names its place; a state-wide one does not."""
        place = (field.data or "").strip()
        if self.level.data != "state" and not place:
            raise ValidationError("Name the city, town or county.")
        if self.level.data == "state" and place:
            raise ValidationError("Leave this empty for a state-wide policy.")

    def values(self) -> dict:
        """Return the policy as operations take it."""
        return {
            name: getattr(self, name).data
            for name in ("state", "level", "place", "status", "scope", "since_year")
        } | {"source": self.source.data or "", "notes": self.notes.data or ""}
