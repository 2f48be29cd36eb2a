"""foia.forms' fields write the same HTML as WTForms' own, and every form of the app uses them."""

import datetime
import io

import flask_wtf.file
import pytest
import wtforms
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import FileStorage, MultiDict
from wtforms import Form, validators, widgets

from foia import forms
from tests.test_import_rules import FOIA, imports, sources

#: WTForms' and Flask-WTF's fields that foia.forms replaces with quicker-written ones (the
#: selects' options by QuickSelect, tests/test_quick_select.py; the others' attributes here).
REPLACED = {
    "SelectField",
    "SelectMultipleField",
    "StringField",
    "PasswordField",
    "HiddenField",
    "EmailField",
    "SearchField",
    "URLField",
    "IntegerField",
    "DecimalField",
    "DateField",
    "TimeField",
    "BooleanField",
    "SubmitField",
    "FileField",
    "MultipleFileField",
    "RadioField",
}

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
names = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["", "data_", "aria_", "class", "for"]),
        st.text(alphabet='ab_-<>&"', max_size=6),
        st.sampled_from(["", "_", "__"]),
    ),
)
values = st.one_of(
    text,
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False),
    text.map(Markup),
    st.just("say \"hi\" <b> & 'bye'"),
)


@settings(max_examples=500, deadline=None)
@given(attributes=st.dictionaries(names, values, max_size=8))
def test_html_params_writes_what_wtforms_writes(attributes):
    quick, plain = forms.html_params(**attributes), widgets.html_params(**attributes)
    assert quick == plain
    assert isinstance(quick, Markup)


#: For each field: WTForms' own, its arguments, and the form data it is given.
CASES = [
    (forms.StringField, wtforms.StringField, {}, ['a "b" <c> & d']),
    (forms.PasswordField, wtforms.PasswordField, {}, ["secret"]),
    (forms.HiddenField, wtforms.HiddenField, {}, ["7"]),
    (forms.EmailField, wtforms.EmailField, {}, ["x@example.org"]),
    (forms.SearchField, wtforms.SearchField, {}, ["police"]),
    (forms.URLField, wtforms.URLField, {}, ["https://example.org/?a=1&b=2"]),
    (forms.IntegerField, wtforms.IntegerField, {}, ["12"]),
    (forms.IntegerField, wtforms.IntegerField, {}, ["twelve"]),
    (forms.DecimalField, wtforms.DecimalField, {}, ["12.50"]),
    (forms.DateField, wtforms.DateField, {}, ["2026-12-03"]),
    (forms.DateField, wtforms.DateField, {}, ["3 Dec"]),
    (forms.TimeField, wtforms.TimeField, {}, ["09:30"]),
    (forms.BooleanField, wtforms.BooleanField, {}, ["y"]),
    (forms.BooleanField, wtforms.BooleanField, {}, []),
    (forms.SubmitField, wtforms.SubmitField, {}, []),
    (
        forms.RadioField,
        wtforms.RadioField,
        {"choices": forms.choices([("a", "A"), ("b", "<B>")])},
        ["b"],
    ),
    (forms.FileField, flask_wtf.file.FileField, {}, ["upload"]),
    (forms.MultipleFileField, flask_wtf.file.MultipleFileField, {}, ["upload", "upload"]),
]


def _form(field_class, arguments, data):
    """Return a validated form of one field, given `data`, required and with render_kw."""

    class One(Form):
        x = field_class(
            'Label "x" <y>',
            validators=[validators.InputRequired()],
            render_kw={"data_role": "pick", "class": "wide"},
            **arguments,
        )

    uploads = [FileStorage(io.BytesIO(b"%PDF"), "a.pdf") if v == "upload" else v for v in data]
    form = One(MultiDict([("x", v) for v in uploads]))
    form.validate()
    return form


@pytest.mark.parametrize(("quick", "plain", "arguments", "data"), CASES)
def test_every_quick_field_writes_what_wtforms_writes(quick, plain, arguments, data):
    assert issubclass(quick, plain)
    ours, theirs = _form(quick, arguments, data), _form(plain, arguments, data)
    assert ours.x.errors == theirs.x.errors
    assert str(ours.x()) == str(theirs.x())
    assert str(ours.x(class_="a", aria_describedby="x-hint", disabled=True)) == str(
        theirs.x(class_="a", aria_describedby="x-hint", disabled=True)
    )
    assert ours.x.type == theirs.x.type == plain.__name__  # templates read f.type
    if "upload" not in data:  # each form has its own FileStorage
        assert ours.x.data == theirs.x.data


def test_empty_and_default_fields_write_what_wtforms_writes():
    class Ours(Form):
        when = forms.DateField("When", default=datetime.date(2026, 12, 3))
        amount = forms.DecimalField("Amount", places=2)
        hidden = forms.HiddenField("Hidden", default="h")

    class Theirs(Form):
        when = wtforms.DateField("When", default=datetime.date(2026, 12, 3))
        amount = wtforms.DecimalField("Amount", places=2)
        hidden = wtforms.HiddenField("Hidden", default="h")

    ours, theirs = Ours(), Theirs()
    for name in ("when", "amount", "hidden"):
        assert str(ours[name]()) == str(theirs[name]())
    assert ours.hidden.flags.hidden and 'step="any"' in str(ours.amount())


def test_the_quick_widgets_write_their_attributes_with_foia_forms_html_params():
    """Pins the mechanism: WTForms' Input calls self.html_params, which the widgets replace."""
    for quick, _, _, _ in CASES:
        widget = quick.option_widget if quick is forms.RadioField else quick.widget
        assert widget.html_params is forms.html_params


def test_every_form_of_the_app_uses_the_quick_fields():
    """No form module imports these fields from WTForms or Flask-WTF (their attributes are
    written through Markup.format, eight times slower; their options six times slower)."""
    offenders = [
        f"{found.path.relative_to(FOIA.parent)}:{found.line}"
        for path, _, tree in sources(FOIA)
        for found in imports(path, tree, FOIA)
        if found.module.split(".")[0] in ("wtforms", "flask_wtf") and REPLACED & set(found.names)
    ]
    assert offenders == []


def test_the_field_macro_writes_the_labels_wtforms_writes(app):
    """templates/_macros/forms.html writes a field's label itself, the same HTML as Label."""

    class One(Form):
        subject = forms.StringField('Subject "of" <it>')
        agree = forms.BooleanField("I agree & more")

    form = One()
    with app.test_request_context():
        template = app.jinja_env.from_string(
            "{% from '_macros/forms.html' import field %}{{ field(f.subject) }}{{ field(f.agree) }}"
        )
        html = template.render(f=form)
    assert str(form.subject.label) in html
    assert str(form.agree.label(class_="inline-label")) in html
