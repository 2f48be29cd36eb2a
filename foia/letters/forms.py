"""Letter forms: preview a letter; edit the letterhead, signatures, templates and categories."""

from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, TextAreaField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from foia.forms import (
    BooleanField,
    FileField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    choices,
)
from foia.letters.fields import FieldSpecError, parse_spec


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


class ProfileForm(FlaskForm):
    """The organisation's letterhead and signature block."""

    name = StringField("Organisation name", validators=[DataRequired(), Length(max=200)])
    address = TextAreaField("Postal address", validators=[Length(max=1000)])
    email = StringField("Email for replies", validators=[Optional(), Email(), Length(max=254)])
    phone = StringField("Telephone", validators=[Length(max=40)])
    signature_block = TextAreaField(
        "Signature block (printed under the signer's name)", validators=[Length(max=1000)]
    )
    logo = FileField("Logo (PNG or JPEG, up to 200 KB)")
    remove_logo = BooleanField("Remove the current logo")
    data_licence = StringField(
        "Licence of the data on public trackers", validators=[Length(max=200)]
    )


class SignatureForm(FlaskForm):
    """A lawyer's own signature line."""

    line = StringField("Your name as signed", validators=[DataRequired(), Length(max=300)])
    title = StringField("Your title", validators=[Length(max=200)])


class TemplateForm(FlaskForm):
    """A request template's wording and default categories."""

    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField("When to use it", validators=[Length(max=2000)])
    body = TextAreaField("Letter body (sandboxed Jinja)", validators=[DataRequired()])
    fields = TextAreaField(
        "Fields the letter needs filled in",
        validators=[Length(max=3000)],
        description="One a line, “name: label” (defendant_name: defendant's name); end the"
        " name with ? if the field may stay empty. The body uses {{ fields.defendant_name }}.",
    )
    categories = SelectMultipleField("Record categories asked for by default")

    def validate_fields(self, field):
        """Each line must declare a field as `name: label`."""
        try:
            parse_spec(field.data or "")
        except FieldSpecError as exc:
            raise ValidationError(str(exc)) from exc


class CategoryForm(FlaskForm):
    """A record category: its name and our request wording."""

    slug = StringField(
        "Key (lower-case words joined by hyphens)",
        validators=[
            DataRequired(),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$", message="Use lower-case letters, digits and hyphens."
            ),
        ],
    )
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    wording = TextAreaField(
        "Request wording (printed in the letter)", validators=[DataRequired(), Length(max=5000)]
    )
    notes = TextAreaField("Notes for lawyers (never printed)", validators=[Length(max=5000)])
    is_active = BooleanField("Offered for new letters", default=True)


class SignerForm(Form):
    """One signer's name and title, as printed under "Sincerely" (no CSRF: part of SetupForm)."""

    user_id = HiddenField()
    name = StringField("Name", validators=[Length(max=300)])
    title = StringField("Title", validators=[Length(max=200)])

    def validate_title(self, field):
        """A signer with a name needs a title, and the other way round."""
        if bool((self.name.data or "").strip()) != bool((field.data or "").strip()):
            raise ValidationError("Give both the signer's name and title, or neither.")


class SetupForm(FlaskForm):
    """The first-run setup: the organisation's letterhead and each signer's name and title."""

    name = StringField("Organisation name", validators=[DataRequired(), Length(max=200)])
    address = TextAreaField(
        "Postal address (the return address on envelopes)",
        validators=[DataRequired(), Length(max=1000)],
    )
    phone = StringField("Telephone", validators=[DataRequired(), Length(max=40)])
    email = StringField("Email for replies", validators=[DataRequired(), Email(), Length(max=254)])
    logo = FileField("Logo (PNG or JPEG, up to 200 KB; optional)")
    signers = FieldList(FormField(SignerForm))

    def validate_signers(self, field):
        """At least one signer must be named, with a title."""
        if not any((entry.form.name.data or "").strip() for entry in field.entries):
            raise ValidationError("Give at least one signer's name and title.")
