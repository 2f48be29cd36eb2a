"""Turn a rendered letter body (simple HTML) into plain text for email. PURE: str in, str out."""

from __future__ import annotations

import re
import textwrap
from html.parser import HTMLParser

#: Tags that end a paragraph.
_BLOCKS = frozenset({"p", "div", "ol", "ul", "li", "br", "h1", "h2", "h3", "h4", "section"})


class _TextBuilder(HTMLParser):
    """Collect paragraphs, numbering the items of ordered lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.counters: list[int | None] = []

    def _end_paragraph(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self._end_paragraph()
        if tag == "ol":
            self.counters.append(0)
        elif tag == "ul":
            self.counters.append(None)
        elif tag == "li" and self.counters:
            count = self.counters[-1]
            if count is None:
                self.current.append("- ")
            else:
                self.counters[-1] = count + 1
                self.current.append(f"{count + 1}. ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._end_paragraph()
        if tag in ("ol", "ul") and self.counters:
            self.counters.pop()

    def handle_data(self, data: str) -> None:
        self.current.append(data)


def html_to_text(html: str, width: int = 76) -> str:
    """Return the paragraphs of `html` as wrapped plain text, separated by blank lines."""
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    builder._end_paragraph()
    wrapped = []
    for paragraph in builder.paragraphs:
        indent = "   " if re.match(r"^(\d+\.|-) ", paragraph) else ""
        wrapped.append(textwrap.fill(paragraph, width, subsequent_indent=indent))
    return "\n\n".join(wrapped)
