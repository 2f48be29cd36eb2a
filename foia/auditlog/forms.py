"""The audit log's filters (GET, no CSRF: they change nothing)."""

from datetime import date

from flask_wtf import FlaskForm
from wtforms.validators import Length, Optional, ValidationError

from foia.audit import Action
from foia.auditlog.queries import NOBODY, AuditFilters, find_request
from foia.forms import DateField, SelectField, StringField, choices

_ACTIONS = frozenset(action.value for action in Action)
#: Dates the filter takes: beyond them a local day no longer converts to a UTC datetime.
EARLIEST_ON, LATEST_ON = date(1900, 1, 1), date(2999, 12, 31)


class _DateField(DateField):
    """A date field whose refusal says what to type."""

    def process_formdata(self, valuelist) -> None:
        """Read the date, or fail with a message a person can act on."""
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a date as year-month-day, e.g. 2026-03-31.") from None


class AuditFilterForm(FlaskForm):
    """Who, which request, which action, and between which days (all optional)."""

    class Meta:
        csrf = False

    person = SelectField("Person", choices=[], validate_choice=False)
    request_ref = StringField(
        "Request (reference or number)",
        validators=[
            Optional(),
            Length(max=40, message="A request reference is at most 40 characters."),
        ],
    )
    action = SelectField("Action", choices=[], validate_choice=False)
    date_from = _DateField("From date", validators=[Optional()])
    date_to = _DateField("To date", validators=[Optional()])

    def __init__(self, formdata, people: list[tuple[str, str]]):
        super().__init__(formdata)
        self.person.choices = choices(
            [("", "Anyone"), (NOBODY, "System (commands and cron jobs)"), *people]
        )
        self.action.choices = choices([("", "Any action")] + [(a.value, a.label) for a in Action])
        self._people = {value for value, _ in people}
        #: The request the filter names, once validated.
        self.request_id: int | None = None

    def validate_person(self, field) -> None:
        """Refuse a person who is not in the list."""
        if field.data and field.data != NOBODY and field.data not in self._people:
            raise ValidationError("Choose a person from the list.")

    def validate_action(self, field) -> None:
        """Refuse an action that is not in the list."""
        if field.data and field.data not in _ACTIONS:
            raise ValidationError("Choose an action from the list.")

    def validate_request_ref(self, field) -> None:
        """Find the request by its reference or number, or say that none has it."""
        text = (field.data or "").strip()
        if not text or field.errors:
            return
        found = find_request(text)
        if found is None:
            raise ValidationError(f"No request has the reference or number “{text}”.")
        self.request_id = found

    def validate_date_from(self, field) -> None:
        """Keep the date within the years the log can hold."""
        _check_range(field.data)

    def validate_date_to(self, field) -> None:
        """Keep the date within range and not before the from date."""
        _check_range(field.data)
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The to date is before the from date.")

    def filters(self) -> AuditFilters:
        """Return the validated filters."""
        person = self.person.data or ""
        return AuditFilters(
            user_id=int(person) if person in self._people else None,
            is_nobody=person == NOBODY,
            request_id=self.request_id,
            action=self.action.data or "",
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


def _check_range(day: date | None) -> None:
    if day is not None and not EARLIEST_ON <= day <= LATEST_ON:
        raise ValidationError(f"Enter a date between {EARLIEST_ON.year} and {LATEST_ON.year}.")
