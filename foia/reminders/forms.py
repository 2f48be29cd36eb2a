"""Reminder settings, assignment and follow-up forms."""

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from foia.forms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    choices,
)
from foia.reminders.models import parse_days
from foia.reminders.selection import MAX_DAYS_BEFORE


class NotificationSettingsForm(FlaskForm):
    """How and when a person hears about deadlines."""

    is_enabled = BooleanField("Email me about deadlines of the requests assigned to me")
    delivery = RadioField(
        "How",
        choices=choices(
            (
                ("digest", "One daily digest"),
                ("immediate", "One email per reminder, as soon as it is due"),
            )
        ),
        default="digest",
    )
    days_before = IntegerField(
        "Business days before an agency deadline",
        validators=[InputRequired(), NumberRange(min=0, max=MAX_DAYS_BEFORE)],
        default=3,
    )
    appeal_days = StringField(
        "Business days before an appeal window closes",
        validators=[Length(max=40)],
        default="10, 3",
    )
    submit = SubmitField("Save settings")

    def validate_appeal_days(self, field):
        """Accept numbers from 0 to the maximum, separated by commas."""
        parts = [p for p in (field.data or "").replace(" ", "").split(",") if p]
        if not all(p.isdigit() for p in parts):
            raise ValidationError("Write whole numbers separated by commas, like 10, 3.")
        if any(int(p) > MAX_DAYS_BEFORE for p in parts) or len(parse_days(field.data)) > 5:
            raise ValidationError(f"At most five numbers, each up to {MAX_DAYS_BEFORE}.")


class AssignmentForm(FlaskForm):
    """Who owns a request and which volunteer works on it."""

    owner_id = SelectField("Owning lawyer")
    volunteer_id = SelectField("Volunteer")
    submit = SubmitField("Save assignment")

    def __init__(self, *args, lawyers=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.choices = choices(
            [("", "Nobody yet")] + [(str(u.id), u.display_name) for u in lawyers]
        )
        self.volunteer_id.choices = choices(
            [("", "No volunteer")] + [(str(u.id), u.display_name) for u in people]
        )


class FollowUpPolicyForm(FlaskForm):
    """Whether a campaign's overdue requests get follow-ups without a click."""

    is_automatic = BooleanField("Send follow-ups by email automatically")
    interval_days = IntegerField(
        "Business days overdue before a follow-up, and between two",
        validators=[InputRequired(), NumberRange(min=1, max=60)],
        default=10,
    )
    submit = SubmitField("Save follow-up rule")


class ButtonForm(FlaskForm):
    """Carries the CSRF token for a button."""

    submit = SubmitField("Confirm")
