"""Inbox forms."""

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from foia.dates import PAST, InRange
from foia.forms import (
    DateField,
    DecimalField,
    FileField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    choices,
)
from foia.responses.models import RESPONSE_KINDS


class EmailUploadForm(FlaskForm):
    """A forwarded email (.eml) or a mailbox of several (.mbox)."""

    message = FileField("Email file (.eml or .mbox)")
    submit = SubmitField("Upload")


class AssignForm(FlaskForm):
    """File an inbox message under a request."""

    reference = StringField(
        "Request reference (e.g. FR-2026-00042)", validators=[DataRequired(), Length(max=40)]
    )
    submit = SubmitField("File under this request")


class UnassignForm(FlaskForm):
    """Take a message off the request it was filed under."""

    submit = SubmitField("Take it off this request")


class SuggestionForm(FlaskForm):
    """One suggestion, its values editable: record it as it stands, edited, or dismiss it.

    Each card on the page gets its own prefix, so that its controls have their own ids.
    """

    key = HiddenField()
    kind = SelectField("What kind of reply", choices=choices(RESPONSE_KINDS))
    received_on = DateField(
        "Date received", validators=[DataRequired("Enter a valid date."), InRange(PAST)]
    )
    extension_days = IntegerField(
        "Days claimed (extension notice)", validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    fee_amount = DecimalField(
        "Amount estimated, in dollars (fee estimate)",
        places=2,
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )
    tracking_number = StringField("The agency's tracking number", validators=[Length(max=120)])
    record = SubmitField("Record this")
    dismiss = SubmitField("Dismiss")

    def values(self) -> dict:
        """Return what the person confirmed, as foia.inbound.review.confirm takes it."""
        return {
            "kind": self.kind.data,
            "received_on": self.received_on.data,
            "extension_days": self.extension_days.data,
            "fee_amount": self.fee_amount.data,
            "tracking_number": self.tracking_number.data or "",
        }


class DismissForm(FlaskForm):
    """The part of a suggestion card that dismissing it reads (its values may be half-edited)."""

    key = HiddenField()


def suggestion_form(suggestion, number: int, received_on, *, is_posted=False) -> SuggestionForm:
    """Build the form of the `number`th suggestion card, filled with the suggestion's values.

    Only the card that was posted reads the request's form data; the others show their values.
    """
    return SuggestionForm(
        **({} if is_posted else {"formdata": None}),
        prefix=f"s{number}",
        key=suggestion.key,
        kind=suggestion.kind,
        received_on=received_on,
        extension_days=suggestion.days,
        fee_amount=suggestion.amount,
        tracking_number=suggestion.tracking_number,
    )
