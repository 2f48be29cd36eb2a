"""Say what the letter sanitiser removes from a template body, and remove it before saving.

PURE: text in, text and words out (no Flask, no database). The sanitiser is
foia.letters.render.clean_html (nh3), the one that cleans every rendered letter; here it is run
on the body a lawyer saves, with the template's own Jinja code ({{ }}, {% %}, {# #}) set aside
as markers, so that what it would drop from every letter is dropped from the saved text and
named in the editor ("Removed before saving: a <script> element; the onclick attribute of a
link").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

from foia.letters.render import clean_html

#: The template's own code: kept out of the sanitiser's sight and put back after it.
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: Elements the HTML parser adds on its own around table rows (not in the body as typed).
IMPLIED = frozenset({"tbody"})
#: Elements named as people know them; any other is named by its tag ("a <font> element").
ELEMENT_WORDS = {
    "a": "link",
    "p": "paragraph",
    "div": "block",
    "span": "span",
    "li": "list item",
    "ol": "numbered list",
    "ul": "bulleted list",
    "table": "table",
    "tr": "table row",
    "td": "table cell",
    "th": "table heading",
    "img": "image",
    "h1": "heading",
    "h2": "heading",
    "h3": "heading",
    "h4": "heading",
    "blockquote": "quotation",
}


class SanitiseRefused(ValueError):
    """Markup that cannot be removed without moving the template's own code, said in words."""


@dataclass(frozen=True)
class Sanitised:
    """The body to save and what was removed from it (empty: the body is saved as typed)."""

    text: str
    removed: list[str]

    def message(self) -> str:
        """Return what was removed as one sentence for the editor ("" when nothing was)."""
        return removal_message(self.removed)


def removal_message(removed: list[str]) -> str:
    """Return "Removed before saving: ...; ...." for these words ("" for none)."""
    return "Removed before saving: " + "; ".join(removed) + "." if removed else ""


class _Markup(HTMLParser):
    """Count a fragment's elements, attributes and comments, and note where markers stand."""

    def __init__(self, marker: re.Pattern[str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self.comments = 0
        #: Start tags and markers in document order, for comparing the shape before and after.
        self.shape: list[str] = []
        self.marker = marker

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count the element and its attributes (markers in attribute values are noted too)."""
        self.elements[tag] += 1
        self.attributes.update((tag, name) for name, _ in dict(attrs).items())
        if tag not in IMPLIED:
            self.shape.append(f"<{tag}>")
        for _, value in attrs:
            self._markers(value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Count a self-closed element like any other."""
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        """Note the markers in the text."""
        self._markers(data)

    def handle_comment(self, data: str) -> None:
        """Count the comment (the sanitiser drops comments)."""
        self.comments += 1
        self._markers(data)

    def _markers(self, text: str) -> None:
        if self.marker is not None:
            self.shape.extend(self.marker.findall(text))


def _read(markup: str, marker: re.Pattern[str] | None = None) -> _Markup:
    parser = _Markup(marker)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # the standard parser gives up on rare broken markup
        pass
    return parser


def _a(word: str) -> str:
    return f"{'an' if word.lstrip('<')[:1] in tuple('aeiou') else 'a'} {word}"


def _element(tag: str, count: int) -> str:
    return _a(f"<{tag}> element") if count == 1 else f"{count} <{tag}> elements"


def _owner(tag: str, count: int) -> str:
    word = ELEMENT_WORDS.get(tag, f"<{tag}> element")
    return _a(word) if count == 1 else f"{count} {word}s"


def removed_markup(before: str, after: str) -> list[str]:
    """Return, in words, the elements, attributes and comments in `before` but not in `after`."""
    old, new = _read(before), _read(after)
    gone_elements = old.elements - new.elements
    words = [_element(tag, n) for tag, n in sorted(gone_elements.items())]
    for (tag, name), n in sorted((old.attributes - new.attributes).items()):
        if new.elements[tag] == 0 and gone_elements[tag]:
            continue  # the whole element went, and is named already
        words.append(f"the {name} attribute of {_owner(tag, n)}")
    if comments := old.comments - new.comments:
        words.append("a comment" if comments == 1 else f"{comments} comments")
    return words


class _TagSpans(HTMLParser):
    """Find where each start tag stands in a text, as (start, end) offsets."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for line in text.split("\n")[:-1]:
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.spans: list[tuple[int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note the tag's span."""
        line, column = self.getpos()
        start = self.line_starts[line - 1] + column
        self.spans.append((start, start + len(self.get_starttag_text() or "")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note a self-closed tag's span like any other."""
        self.handle_starttag(tag, attrs)


def _in_tags(source: str) -> list[tuple[int, int]]:
    parser = _TagSpans(source)
    try:
        parser.feed(source)
        parser.close()
    except (AssertionError, ValueError):
        pass
    return parser.spans


#: Marks the template's code between tags: white space alone (form feeds around tabs and spaces
#: that spell its number), which the parser leaves in place even between a table's rows, where
#: any other text would be moved out in front of the table.
TEXT_MARK = re.compile(r"\x0c[ \t]+\x0c")


def _text_mark(number: int) -> str:
    return "\x0c" + "".join(" " if bit == "0" else "\t" for bit in f"{number:b}") + "\x0c"


def _attribute_marks(source: str) -> tuple[str, re.Pattern[str]]:
    """Return a marker prefix found nowhere in `source` and the pattern of its markers."""
    # Inside a tag, an absolute web address: kept in a link's href as in any other value.
    stem = "jinja"
    while stem in source:
        stem += "x"
    prefix = f"https://{stem}.invalid/"
    return prefix, re.compile(re.escape(prefix) + r"\d+/")


def sanitise_body(source: str) -> Sanitised:
    """Return the template body with what the sanitiser drops removed, and what that was."""
    # A lone surrogate cannot reach here from a form (it is decoded as UTF-8), but the
    # sanitiser would fail on one: it becomes the replacement character.
    source = source.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    prefix, in_tag = _attribute_marks(source)
    spans = _in_tags(source)
    code: list[str] = []
    # A body that holds form feeds of its own marks all its code as a web address.
    use_text_mark = "\x0c" not in source

    def set_aside(match: re.Match[str]) -> str:
        code.append(match.group(0))
        number = len(code) - 1
        inside = any(start < match.start() < end for start, end in spans)
        return _text_mark(number) if use_text_mark and not inside else f"{prefix}{number}/"

    marked = JINJA.sub(set_aside, source)
    marker = re.compile(f"{TEXT_MARK.pattern}|{in_tag.pattern}")

    def number_of(mark: str) -> int:
        if mark.startswith("\x0c"):
            return int(mark[1:-1].replace(" ", "0").replace("\t", "1"), 2)
        return int(mark[len(prefix) : -1])

    cleaned = clean_html(marked)
    removed = removed_markup(marked, cleaned)
    if not removed:
        return Sanitised(source, [])  # saved as typed: not a character changes
    kept = {number_of(mark) for mark in marker.findall(cleaned)}
    lost = [c for i, c in enumerate(code) if i not in kept]
    if _moved(_read(marked, marker).shape, _read(cleaned, marker).shape) or any(
        c.startswith("{%") for c in lost
    ):
        # A {% %} statement has its partner elsewhere: dropping or moving one breaks the body.
        raise SanitiseRefused(
            "the body has markup a letter may not hold ("
            + "; ".join(removed)
            + "), and removing it would move or drop the template's own {% %} code: remove it"
            " yourself and save again."
        )
    if "<tbody" not in marked.lower():
        # The parser wraps a table's rows in a <tbody> the body never had; inside a loop that
        # would split the loop from its rows, so it is taken out again.
        cleaned = cleaned.replace("<tbody>", "").replace("</tbody>", "")
    restored = marker.sub(lambda m: code[number_of(m.group(0))], cleaned)
    return Sanitised(restored, removed)


def _moved(before: list[str], after: list[str]) -> bool:
    """Return whether what is in both shapes stands in another order after (a table's text)."""
    common = set(before) & set(after)
    return [s for s in before if s in common] != [s for s in after if s in common]
