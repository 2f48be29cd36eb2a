"""Login and account forms."""

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from foia.auth.models import Role
from foia.auth.passwords import password_problem
from foia.forms import EmailField, PasswordField, SelectField, StringField, SubmitField, choices

ROLE_CHOICES = choices((role, role.capitalize()) for role in Role)


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(
        "Email",
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    submit = SubmitField("Log in")


class InviteForm(FlaskForm):
    """Invite a person with a role."""

    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField("Name", validators=[Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField("Invite")


class RoleForm(FlaskForm):
    """Change a user's role."""

    role = SelectField("Role", choices=ROLE_CHOICES, validators=[DataRequired()])
    submit = SubmitField("Change role")


class ConfirmForm(FlaskForm):
    """A bare form that carries the CSRF token for a button."""

    submit = SubmitField("Confirm")


class ForgotPasswordForm(FlaskForm):
    """Ask for a password reset link by email."""

    email = EmailField(
        "Email",
        validators=[DataRequired(), Email(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField("Email me a reset link")


class SetPasswordForm(FlaskForm):
    """Choose a password (from an invitation or a reset link)."""

    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The passwords do not match.")],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        """Apply the password rules."""
        if problem := password_problem(field.data or "", self._email):
            raise ValidationError(problem)


class SecondFactorForm(FlaskForm):
    """The code asked for after the password: from the app, or a recovery code."""

    code = StringField(
        "Code",
        validators=[DataRequired(message="Enter a code."), Length(max=40)],
        render_kw={
            "autocomplete": "one-time-code",
            "autocapitalize": "none",
            "spellcheck": "false",
        },
    )
    submit = SubmitField("Continue")


class AppCodeForm(FlaskForm):
    """A current code from the authenticator app, confirming a two-factor change."""

    code = StringField(
        "Code from your app",
        validators=[DataRequired(message="Enter the six-digit code."), Length(max=12)],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"},
    )
    submit = SubmitField("Confirm")
