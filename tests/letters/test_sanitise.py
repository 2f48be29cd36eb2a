"""A template's own markup keeps letter formatting and loses anything that could run."""

import pytest

from foia.letters.render import clean_html, render_here


@pytest.mark.parametrize(
    "markup, kept",
    [
        ("<p>Dear Officer,</p><script>fetch('/x')</script>", "<p>Dear Officer,</p>"),
        ('<p>Logo <img src="x" onerror="alert(1)"></p>', "<p>Logo </p>"),
        ('<a href="javascript:alert(1)">law</a>', "<a>law</a>"),
        ('<a href=" JaVaScRiPt:alert(1)">law</a>', "<a>law</a>"),
        ('<a href="/admin">here</a>', "<a>here</a>"),
        ('<p style="x" onclick="steal()" class="lead">Hi</p>', '<p class="lead">Hi</p>'),
        ("<svg><script>alert(1)</script></svg>after", "after"),
        ('<a href="mailto:records@town.example.gov">ask</a>', None),
        ('<table><tbody><tr><td colspan="2">fee</td></tr></tbody></table>', None),
    ],
)
def test_script_handlers_and_unsafe_links_are_stripped(markup, kept):
    expected = markup if kept is None else kept
    assert clean_html(markup) == expected
    assert render_here(markup, {}) == expected


def test_values_stay_escaped_text_after_cleaning():
    rendered = render_here("<p>{{ name }}</p>", {"name": '<img src=x onerror="alert(1)">'})
    assert rendered == '<p>&lt;img src=x onerror="alert(1)"&gt;</p>'
