"""foia.forms.QuickSelect writes the same HTML as WTForms' Select, whatever the choices."""

from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectChoice, SelectField, SelectMultipleField, widgets

from foia import forms
from foia.forms import QuickSelect

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    pairs=st.lists(st.tuples(text, text), min_size=1, max_size=8, unique_by=lambda p: p[0]),
    chosen=st.integers(min_value=0, max_value=8),
)
def test_quick_select_writes_what_wtforms_writes(pairs, chosen):
    choices = [SelectChoice(value, label) for value, label in pairs]

    class Quick(Form):
        pick = SelectField("Pick", choices=choices, widget=QuickSelect())

    class Plain(Form):
        pick = SelectField("Pick", choices=choices)

    value = pairs[chosen % len(pairs)][0]
    quick, plain = Quick(MultiDict({"pick": value})), Plain(MultiDict({"pick": value}))
    assert str(quick.pick(class_="x")) == str(plain.pick(class_="x"))
    assert str(quick.pick()) == str(widgets.Select()(quick.pick))


def test_an_option_with_attributes_of_its_own_is_written_by_wtforms():
    class Quick(Form):
        pick = SelectField(
            "Pick",
            choices=[
                SelectChoice("a", "A", render_kw={"disabled": True}),
                SelectChoice("b", "<b>"),
            ],
            widget=QuickSelect(),
        )

    html = str(Quick().pick())
    assert '<option disabled value="a">A</option>' in html
    assert '<option value="b">&lt;b&gt;</option>' in html


@settings(max_examples=200, deadline=None)
@given(
    pairs=st.lists(st.tuples(text, text), min_size=1, max_size=8, unique_by=lambda p: p[0]),
    picked=st.sets(st.integers(min_value=0, max_value=8), max_size=4),
)
def test_the_app_s_select_fields_write_what_wtforms_writes(pairs, picked):
    """Every form of the app uses foia.forms' fields: single and multiple, the same HTML."""
    choices = [SelectChoice(value, label) for value, label in pairs]
    values = sorted({pairs[i % len(pairs)][0] for i in picked})

    class Quick(Form):
        one = forms.SelectField("One", choices=choices)
        many = forms.SelectMultipleField("Many", choices=choices)

    class Plain(Form):
        one = SelectField("One", choices=choices)
        many = SelectMultipleField("Many", choices=choices)

    data = MultiDict(
        [("one", values[0] if values else pairs[0][0])] + [("many", v) for v in values]
    )
    quick, plain = Quick(data), Plain(data)
    assert str(quick.one()) == str(plain.one())
    assert str(quick.many(class_="x")) == str(plain.many(class_="x"))
    assert quick.one.type == plain.one.type == "SelectField"  # what templates and tests may read
