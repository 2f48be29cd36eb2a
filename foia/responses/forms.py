"""Response forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from foia.dates import PAST, InRange
from foia.forms import choices
from foia.requests.models import CHANNELS, FILING_CHANNELS
from foia.responses.exemptions import OTHER, exemptions_for
from foia.responses.models import FEE_KINDS, OUTCOMES, RESPONSE_KINDS, Outcome, ResponseKind

CHANNEL_CHOICES = [(channel, channel.label) for channel in CHANNELS]


class LogResponseForm(FlaskForm):
    """Everything about one reply from the agency, on one page."""

    received_on = DateField(
        "Date received", validators=[DataRequired("Enter a valid date."), InRange(PAST)]
    )
    channel = SelectField("How it came", choices=choices(CHANNEL_CHOICES))
    sender = StringField("From (name or address)", validators=[Length(max=300)])
    kind = SelectField("What kind of reply", choices=choices(RESPONSE_KINDS))
    extension_days = IntegerField(
        "Days claimed (extension notice)", validators=[Optional(), NumberRange(min=1, max=3650)]
    )
    fee_amount = DecimalField(
        "Amount estimated, in dollars (fee estimate)",
        places=2,
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )
    summary = TextAreaField("Summary", validators=[Length(max=100_000)])
    attachments = MultipleFileField("Attachments (several at once)")
    tracking_numbers = TextAreaField(
        "New tracking numbers (one a line)", validators=[Length(max=2000)]
    )
    submit = SubmitField("Log response")

    def validate_extension_days(self, field):
        """An extension notice needs its number of days."""
        if self.kind.data == ResponseKind.EXTENSION and not field.data:
            raise ValidationError("Say how many days the agency claimed.")


def outcomes_form(slugs: list[str], names: dict[str, str], jurisdiction_code: str, current: dict):
    """Build a form with an outcome, exemption and free text for each category asked."""
    exemption_choices = [("", "No exemption cited")]
    exemption_choices += [(e.code, e.text) for e in exemptions_for(jurisdiction_code)]
    exemption_choices.append((OTHER, "Other (describe below)"))

    class OutcomesForm(FlaskForm):
        submit = SubmitField("Save outcomes")

    rows = []
    for number, slug in enumerate(slugs):
        row = current.get(slug)
        name = names.get(slug, slug)
        setattr(
            OutcomesForm,
            f"outcome_{number}",
            SelectField(
                f"Outcome: {name}",
                choices=choices(OUTCOMES),
                default=row.outcome if row else Outcome.PENDING,
            ),
        )
        setattr(
            OutcomesForm,
            f"exemption_{number}",
            SelectField(
                f"Exemption cited: {name}",
                choices=choices(exemption_choices),
                default=row.exemption if row else "",
            ),
        )
        setattr(
            OutcomesForm,
            f"exemption_text_{number}",
            StringField(
                f"Exemption in the agency's words: {name}",
                validators=[Length(max=2000)],
                default=row.exemption_text if row else "",
            ),
        )
        rows.append((slug, name, number))
    form = OutcomesForm()
    form.rows = rows
    return form


def outcome_codes(form) -> dict[str, tuple[str, str, str]]:
    """Return {slug: (outcome, exemption, text)} from a submitted outcomes form."""
    return {
        slug: (
            form[f"outcome_{n}"].data,
            form[f"exemption_{n}"].data or "",
            form[f"exemption_text_{n}"].data or "",
        )
        for slug, _, n in form.rows
    }


class FeeForm(FlaskForm):
    """One fee fact."""

    fee_kind = SelectField("Fee record", choices=choices(FEE_KINDS))
    fee_on = DateField("Date", validators=[DataRequired("Enter a valid date."), InRange(PAST)])
    amount = DecimalField(
        "Amount in dollars", places=2, validators=[Optional(), NumberRange(min=0, max=10_000_000)]
    )
    fee_note = StringField("Note (invoice number, who paid ...)", validators=[Length(max=2000)])
    submit = SubmitField("Record fee")


class NoteForm(FlaskForm):
    """A note on the request."""

    body = TextAreaField("Note", validators=[DataRequired("Write the note."), Length(max=50_000)])
    is_privileged = BooleanField("Privileged (lawyers only)")
    submit = SubmitField("Add note")


class TrackingForm(FlaskForm):
    """The agency's tracking numbers."""

    numbers = TextAreaField(
        "Tracking numbers (one a line)", validators=[DataRequired(), Length(max=2000)]
    )
    submit = SubmitField("Add tracking numbers")


class AppealDraftForm(FlaskForm):
    """Draft an appeal letter."""

    submit = SubmitField("Draft an appeal letter")


class AppealEditForm(FlaskForm):
    """The appeal letter text."""

    body = TextAreaField("Appeal letter", validators=[DataRequired(), Length(max=100_000)])
    submit = SubmitField("Save letter")


class AppealReviewForm(FlaskForm):
    """A lawyer's review."""

    submit = SubmitField("Mark reviewed")


class AppealFileForm(FlaskForm):
    """Filing the appeal."""

    filed_on = DateField(
        "Filed on", validators=[DataRequired("Enter a valid date."), InRange(PAST)]
    )
    channel = SelectField(
        "Sent by", choices=choices((channel, channel.label) for channel in FILING_CHANNELS)
    )
    submit = SubmitField("File the appeal")
