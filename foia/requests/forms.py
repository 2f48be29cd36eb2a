"""Request forms."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from foia import dates
from foia.forms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TimeField,
    choices,
)
from foia.requests.operations import EVENT_LABELS, MAX_CLOSE_NOTE
from foia.requests.status import CloseReason


class RequestForm(FlaskForm):
    """A request to one agency."""

    title = StringField("Title", validators=[DataRequired(), Length(max=300)])
    is_expedited = BooleanField("Expedited processing requested")
    submit = SubmitField("Create request")


def _limit_of_kind(form) -> dates.Limit:
    # The agency's receipt may be entered ahead (up to a year); anything else has happened.
    return dates.RECEIVED if form.kind.data == "received" else dates.PAST


class EventForm(FlaskForm):
    """Record something that happened to the request."""

    kind = SelectField("What happened", choices=choices(EVENT_LABELS.items()))
    occurred_on = DateField(
        "Date",
        validators=[DataRequired(message="Enter a valid date."), dates.InRange(_limit_of_kind)],
    )
    occurred_at_time = TimeField(
        "Time (optional, for after-hours receipt)", validators=[Optional()]
    )
    days = IntegerField(
        "Days claimed (for an extension)", validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    basis = TextAreaField("Stated basis or note", validators=[Length(max=5000)])
    is_estimated = BooleanField("This date is an estimate")
    submit = SubmitField("Add to the ledger")

    def validate_days(self, field):
        """An extension needs its number of days."""
        if self.kind.data == "extension_claimed" and not field.data:
            raise ValidationError("Say how many days the agency claimed.")


class RemoveEventForm(FlaskForm):
    """Remove a mistaken ledger event, saying why (issue 16)."""

    reason = TextAreaField(
        "Why remove it",
        validators=[DataRequired(message="Say why the event is removed."), Length(max=2000)],
    )
    submit = SubmitField("Remove from the ledger")


class RestoreEventForm(FlaskForm):
    """Carries the CSRF token for a Restore button."""

    submit = SubmitField("Restore")


class CloseForm(FlaskForm):
    """Close a request: why, and a note (issue 16)."""

    reason = SelectField(
        "Why close it",
        choices=choices([("", "Choose a reason"), *((r.value, r.label) for r in CloseReason)]),
        validators=[DataRequired(message="Choose why the request is closed.")],
        # An unknown value gets the operation's message, in words, rather than WTForms'.
        validate_choice=False,
    )
    note = TextAreaField("Note (optional)", validators=[Length(max=MAX_CLOSE_NOTE)])
    submit = SubmitField("Close the request")


class ReopenForm(FlaskForm):
    """Reopen a closed request, saying why (issue 16)."""

    reason = TextAreaField(
        "Why reopen it",
        validators=[DataRequired(message="Say why the request is reopened."), Length(max=2000)],
    )
    submit = SubmitField("Reopen the request")
