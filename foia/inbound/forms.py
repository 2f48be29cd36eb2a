"""Inbox forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length


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
