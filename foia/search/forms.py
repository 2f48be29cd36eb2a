"""Search form (GET, no CSRF: it changes nothing)."""

from flask_wtf import FlaskForm
from wtforms.validators import Length, Optional

from foia.forms import DateField, SelectField, StringField, choices

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
    # Typed, not chosen from a list of every agency (20,000 of them would be sent with the page):
    # part of a name or town, as the directory searches; suggestions come as you type.
    agency = StringField(
        "Agency",
        validators=[Optional(), Length(max=200)],
        render_kw={"list": "agency-names", "autocomplete": "off"},
    )
    state = SelectField("State", choices=[], validators=[Optional()])
    status = SelectField("Request status", choices=[], validators=[Optional()])
    category = SelectField("Record category", choices=[], validators=[Optional()])
    kind = SelectField("Kind", choices=choices(KINDS), validators=[Optional()])
    date_from = DateField("From date", validators=[Optional()])
    date_to = DateField("To date", validators=[Optional()])
