"""Filing forms: a single request, and how a request was filed by portal, mail or fax."""

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length, Optional

from foia.campaigns.forms import CampaignWordingForm
from foia.dates import PAST, RECEIVED, InRange
from foia.forms import DateField, FileField, SelectField, StringField

DATE_REQUIRED = DataRequired(message="Enter a valid date.")


class SingleRequestForm(CampaignWordingForm):
    """One request to one agency, without a campaign."""

    name = StringField("Title", validators=[DataRequired(), Length(max=300)])
    agency = SelectField("Agency", coerce=int, validators=[DataRequired()])

    def offer_agencies(self, pairs: list[tuple[int, str]]) -> None:
        """Offer these (id, name) agencies."""
        self.agency.choices = pairs


class PortalForm(FlaskForm):
    """A request submitted through the agency's web portal."""

    portal = StringField("Portal name or address", validators=[DataRequired(), Length(max=300)])
    submitted_on = DateField("Submitted on", validators=[DATE_REQUIRED, InRange(PAST)])
    confirmation_number = StringField("Confirmation number", validators=[Length(max=200)])
    confirmation = FileField("Confirmation (optional: a screenshot or the portal's receipt)")


class MailForm(FlaskForm):
    """A request posted by certified mail."""

    mailed_on = DateField("Mailed on", validators=[DATE_REQUIRED, InRange(PAST)])
    certified_number = StringField("Certified-mail number", validators=[Length(max=100)])


class ReceiptForm(FlaskForm):
    """The date on a posted request's return receipt."""

    received_on = DateField(
        "Received on (from the return receipt)", validators=[DATE_REQUIRED, InRange(RECEIVED)]
    )


class FaxForm(FlaskForm):
    """A faxed request."""

    sent_on = DateField("Faxed on", validators=[DATE_REQUIRED, InRange(PAST)])
    fax_number = StringField("Fax number", validators=[DataRequired(), Length(max=40)])
    confirmation = StringField(
        "Transmission report or confirmation", validators=[Optional(), Length(max=200)]
    )
