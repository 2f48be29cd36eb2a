"""Search form (GET, no CSRF: it changes nothing)."""

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from foia.forms import choices

KINDS = [
    ("", "Everything"),
    ("communication", "Messages"),
    ("note", "Notes"),
    ("document", "Documents"),
]


class SearchForm(FlaskForm):
    """What to look for, and where."""

    class Meta:
        csrf = False

    q = StringField("Search for", validators=[Length(max=500)])
    campaign = SelectField("Campaign", choices=[], validators=[Optional()])
    agency = SelectField("Agency", choices=[], validators=[Optional()])
    state = SelectField("State", choices=[], validators=[Optional()])
    status = SelectField("Request status", choices=[], validators=[Optional()])
    category = SelectField("Record category", choices=[], validators=[Optional()])
    kind = SelectField("Kind", choices=choices(KINDS), validators=[Optional()])
    date_from = DateField("From date", validators=[Optional()])
    date_to = DateField("To date", validators=[Optional()])
