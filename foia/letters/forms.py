"""Letter forms: choose a template and an agency to preview."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange

from foia.forms import choices


class PreviewForm(FlaskForm):
    """Which template to render for which agency (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    template = SelectField("Request template", validators=[DataRequired()])
    agency_id = IntegerField(
        "Agency number",
        validators=[DataRequired(), NumberRange(min=1)],
        description="The number in the agency's page address (/agencies/<number>).",
    )

    def set_templates(self, pairs: list[tuple[str, str]]) -> None:
        """Offer these (slug, name) templates."""
        self.template.choices = choices(pairs)
