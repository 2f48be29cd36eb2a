"""Response forms."""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from foia.dates import PAST, InRange
from foia.forms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    SubmitField,
    choices,
)
from foia.requests.models import CHANNELS, FILING_CHANNELS
from foia.responses.exemptions import OTHER, exemptions_for
from foia.responses.kinds import DECIDING_KINDS
from foia.responses.models import (
    FEE_KINDS,
    OUTCOMES,
    RESPONSE_KINDS,
    WITHHOLDING_OUTCOMES,
    Outcome,
    ResponseKind,
)

CHANNEL_CHOICES = [(channel, channel.label) for channel in CHANNELS]


class LogResponseForm(FlaskForm):
    """Everything about one reply from the agency, on one page (log_response_form adds the
    request's categories)."""

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
    invoice_amount = DecimalField(
        "Fee charged, in dollars (invoice, if any)",
        places=2,
        validators=[Optional(), NumberRange(min=0, max=10_000_000)],
    )
    summary = TextAreaField("Summary", validators=[Length(max=100_000)])
    attachments = MultipleFileField("Attachments (several at once)")
    tracking_numbers = TextAreaField(
        "New tracking numbers (one a line)", validators=[Length(max=2000)]
    )
    submit = SubmitField("Log response")
    #: The kinds of reply that decide the categories, in form order (one fieldset shows for them).
    deciding = tuple(kind for kind in ResponseKind if kind in DECIDING_KINDS)
    #: (slug, name, number) of each category asked; set by log_response_form.
    rows: list[tuple[str, str, int]] = []
    #: The slugs already coded, whose row is updated even back to pending.
    coded: frozenset[str] = frozenset()

    def validate_extension_days(self, field):
        """An extension notice needs its number of days."""
        if self.kind.data == ResponseKind.EXTENSION and not field.data:
            raise ValidationError("Say how many days the agency claimed.")

    def validate(self, extra_validators=None) -> bool:
        """Check every field, and that an exemption cited as "other" is described in words (here,
        so that the message stands by the box to fill)."""
        valid = super().validate(extra_validators)
        for _, _, n in self.rows if self.kind.data in DECIDING_KINDS else ():
            words = self[f"exemption_text_{n}"]
            withheld = self[f"outcome_{n}"].data in WITHHOLDING_OUTCOMES
            if withheld and self[f"exemption_{n}"].data == OTHER and not (words.data or "").strip():
                words.errors = [*words.errors, "Describe the exemption the agency cited."]
                valid = False
        return valid

    def fee(self) -> Decimal | None:
        """Return the fee the chosen kind of reply states: an estimate, or a decision's invoice."""
        if self.kind.data == ResponseKind.FEE_ESTIMATE:
            return self.fee_amount.data
        return self.invoice_amount.data if self.kind.data in DECIDING_KINDS else None

    def outcomes(self) -> dict[str, tuple[str, str, str]]:
        """Return what became of each category, for a deciding reply: the outcomes chosen, and
        any already coded (a category left pending and never coded stays uncoded)."""
        if self.kind.data not in DECIDING_KINDS:
            return {}
        codes = outcome_codes(self)
        return {s: c for s, c in codes.items() if c[0] != Outcome.PENDING or s in self.coded}


def log_response_form(
    slugs: list[str], names: dict[str, str], jurisdiction_code: str, current: dict, **data
) -> LogResponseForm:
    """Build the log-a-reply form with an outcome, exemption and note for each category asked."""

    class Form(LogResponseForm):
        pass

    rows = _category_fields(Form, slugs, names, jurisdiction_code, current)
    form = Form(**data)
    form.rows = rows
    form.coded = frozenset(current)
    return form


def outcomes_form(slugs: list[str], names: dict[str, str], jurisdiction_code: str, current: dict):
    """Build a form with an outcome, exemption and free text for each category asked."""

    class OutcomesForm(FlaskForm):
        submit = SubmitField("Save outcomes")

    rows = _category_fields(OutcomesForm, slugs, names, jurisdiction_code, current)
    form = OutcomesForm()
    form.rows = rows
    return form


def _category_fields(form_class, slugs, names, jurisdiction_code, current):
    """Add an outcome, exemption and free text per category to `form_class`; return its rows."""
    exemption_choices = [("", "No exemption cited")]
    exemption_choices += [(e.code, e.text) for e in exemptions_for(jurisdiction_code)]
    exemption_choices.append((OTHER, "Other (describe below)"))
    rows = []
    for number, slug in enumerate(slugs):
        row = current.get(slug)
        name = names.get(slug, slug)
        # A code outside the list is refused with the field's own words, not "Not a valid choice."
        fields = {
            "outcome": SelectField(
                f"Outcome: {name}",
                choices=choices(OUTCOMES),
                default=row.outcome if row else Outcome.PENDING,
                validate_choice=False,
                validators=[
                    AnyOf([code for code, _ in OUTCOMES], "Choose one of the outcomes listed.")
                ],
            ),
            "exemption": SelectField(
                f"Exemption cited: {name}",
                choices=choices(exemption_choices),
                default=row.exemption if row else "",
                validate_choice=False,
                validators=[
                    AnyOf(
                        [code for code, _ in exemption_choices],
                        "Choose one of the exemptions listed.",
                    )
                ],
            ),
            "exemption_text": StringField(
                f"Exemption in the agency's words: {name}",
                validators=[Length(max=2000)],
                default=row.exemption_text if row else "",
            ),
        }
        for prefix, unbound in fields.items():
            setattr(form_class, f"{prefix}_{number}", unbound)
        rows.append((slug, name, number))
    return rows


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
