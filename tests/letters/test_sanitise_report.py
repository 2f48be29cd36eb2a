"""What the letter sanitiser removes from a template body, said in words (#18). Pure: no app.

(How the sanitiser cleans a rendered letter is tested in test_sanitise.py.)"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foia.letters.render import ALLOWED_TAGS, clean_html
from foia.letters.sanitise import (
    SanitiseRefused,
    removal_message,
    removed_markup,
    sanitise_body,
)


@pytest.mark.parametrize(
    ("body", "saved", "removed"),
    [
        (
            '<p>Dear {{ agency.name }},</p><script>alert("x")</script>',
            "<p>Dear {{ agency.name }},</p>",
            ["a <script> element"],
        ),
        (
            '<p>See <a href="https://example.org" onclick="steal()">our site</a>.</p>',
            '<p>See <a href="https://example.org">our site</a>.</p>',
            ["the onclick attribute of a link"],
        ),
        (
            '<iframe src="https://evil.example"></iframe><p style="color:red">Hi</p>',
            "<p>Hi</p>",
            ["an <iframe> element", "the style attribute of a paragraph"],
        ),
        (
            '<a href="javascript:alert(1)">x</a><a href="{{ agency.website }}">site</a>',
            '<a>x</a><a href="{{ agency.website }}">site</a>',
            ["the href attribute of a link"],
        ),
        (
            "<p>One</p><!-- a note for us --><p>Two</p>",
            "<p>One</p><p>Two</p>",
            ["a comment"],
        ),
        (
            '<p onclick="a()">1</p><p onclick="b()">2</p><font face="x">3</font>',
            "<p>1</p><p>2</p>3",
            ["a <font> element", "the onclick attribute of 2 paragraphs"],
        ),
        (
            # The template's loop stays around its rows: the parser's <tbody> is not kept.
            "<table>\n{% for c in categories %}<tr><td>{{ c.name }}</td></tr>{% endfor %}"
            "</table><style>p { color: red }</style>",
            "<table>\n{% for c in categories %}<tr><td>{{ c.name }}</td></tr>{% endfor %}</table>",
            ["a <style> element"],
        ),
        (
            "{% if fields.case %}<p>In {{ fields.case }} & {{ x }}</p>{% endif %}<embed src=x>",
            "{% if fields.case %}<p>In {{ fields.case }} &amp; {{ x }}</p>{% endif %}",
            ["an <embed> element"],
        ),
    ],
)
def test_the_saved_body_loses_only_what_the_sanitiser_drops_and_says_so(body, saved, removed):
    result = sanitise_body(body)
    assert result.text == saved
    assert result.removed == removed


def test_the_message_is_one_plain_sentence():
    result = sanitise_body('<script>x</script><a href="https://a.example" onclick="y">a</a>')
    assert result.message() == (
        "Removed before saving: a <script> element; the onclick attribute of a link."
    )
    assert removal_message([]) == ""


@pytest.mark.parametrize(
    "body",
    [
        "<p>Dear {{ agency.name }},</p>\r\n<p>Under {{ law.citation }} & more</p>",
        "{% for c in categories %}<li>{{ c.wording }}</li>{% endfor %}",
        "{% if x %}<b>{% endif %}unclosed on purpose{# a comment of the template #}",
        '<a href="mailto:{{ organisation.email }}">write</a> 1 < 2 > 0',
        "<table>{% for r in rows %}<tr><td colspan=2>{{ r }}</td></tr>{% endfor %}</table>",
        "",
    ],
)
def test_a_body_with_nothing_to_remove_is_saved_as_typed(body):
    result = sanitise_body(body)
    assert result.text == body
    assert result.removed == [] and result.message() == ""


def test_markup_that_would_take_the_templates_own_code_with_it_is_refused():
    with pytest.raises(SanitiseRefused, match=r"a letter may not hold \(the style attribute"):
        sanitise_body('<p style="{% if urgent %}color: red{% endif %}">Hi</p>')


def test_an_expression_inside_removed_markup_goes_with_it():
    result = sanitise_body("<p>Hi</p><script>var a = {{ agency.id }};</script>")
    assert result.text == "<p>Hi</p>"
    assert result.removed == ["a <script> element"]


TABLE_PARTS = {"tbody", "thead", "tr", "td", "th"}
allowed_markup = st.lists(
    st.one_of(
        # Not a table's parts: outside a table the parser drops them (and it is said).
        st.sampled_from(sorted(ALLOWED_TAGS - {"br", "hr", *TABLE_PARTS})).map(
            lambda t: f"<{t}>x</{t}>"
        ),
        st.sampled_from(["{{ agency.name }}", "{% if x %}", "{% endif %}", "{# note #}", "<br>"]),
        st.text(
            alphabet=st.characters(
                blacklist_characters="<>&{}%#\x0c\r", blacklist_categories=("Cs",)
            ),
            max_size=20,
        ),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet=st.characters(codec=None), max_size=300) | st.just("\ud800<b>"))
def test_never_raises_anything_but_a_refusal_for_any_text(body):
    try:
        result = sanitise_body(body)
    except SanitiseRefused:
        return
    assert isinstance(result.text, str)
    # What is saved holds nothing more for the sanitiser to remove.
    assert sanitise_body(result.text).removed == []


@settings(max_examples=300, deadline=None)
@given(markup=st.text(max_size=300))
def test_the_words_never_raise_and_say_nothing_when_nothing_is_removed(markup):
    removed_markup(markup, clean_html(markup))
    once = clean_html(markup)
    assert removed_markup(once, clean_html(once)) == []
    assert removed_markup(markup, markup) == []


@settings(max_examples=200, deadline=None)
@given(body=allowed_markup)
def test_a_body_of_allowed_markup_is_saved_as_typed(body):
    assert sanitise_body(body).text == body
    assert sanitise_body(body).removed == []


@settings(max_examples=200, deadline=None)
@given(
    body=allowed_markup,
    bad=st.sampled_from(
        [
            ("<script>x</script>", "a <script> element"),
            ('<b onclick="x">b</b>', "the onclick attribute of a <b> element"),
            ("<iframe></iframe>", "an <iframe> element"),
            ('<span style="x">s</span>', "the style attribute of a span"),
        ]
    ),
)
def test_bad_markup_added_to_a_body_is_named(body, bad):
    markup, words = bad
    try:
        result = sanitise_body(body + markup)
    except SanitiseRefused as refused:
        assert words in str(refused)
        return
    assert words in result.removed
