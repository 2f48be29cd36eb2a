"""Read pages the way a person does: by CSS selectors, labels and visible text."""

import re
from xml.etree.ElementTree import Element

import cssselect2
import tinyhtml5


class Page:
    """A parsed HTML page."""

    def __init__(self, html: str):
        self.root = cssselect2.ElementWrapper.from_html_root(tinyhtml5.parse(html))

    def all(self, selector: str) -> list[Element]:
        """Return every element matching `selector`."""
        return [found.etree_element for found in self.root.query_all(selector)]

    def one(self, selector: str) -> Element:
        """Return the single element matching `selector`."""
        found = self.all(selector)
        assert len(found) == 1, f"{len(found)} elements match {selector!r}"
        return found[0]

    def texts(self, selector: str) -> list[str]:
        """Return the visible text of every element matching `selector`."""
        return [text_of(element) for element in self.all(selector)]

    def by_label(self, label: str) -> Element:
        """Return the control whose visible label is `label` (as get_by_label does)."""
        for element in self.all("label[for]"):
            if text_of(element) == label:
                return self.one(f"#{element.get('for')}")
        raise AssertionError(f"no control labelled {label!r}; labels: {self.texts('label')}")

    def error_for(self, label: str) -> str:
        """Return the inline error of the control labelled `label`, or ""."""
        control = self.by_label(label)
        found = self.all(f"#{control.get('id')}-error")
        return text_of(found[0]) if found else ""

    def table(self, selector: str = "table") -> list[dict[str, str]]:
        """Return a table's body rows as {column heading: cell text}."""
        table = self.root.query(selector)
        headings = [text_of(th.etree_element) for th in table.query_all('thead th[scope="col"]')]
        rows = []
        for tr in table.query_all("tbody tr"):
            cells = [text_of(td.etree_element) for td in tr.query_all("td")]
            rows.append(dict(zip(headings, cells, strict=True)))
        return rows

    def link(self, text: str) -> Element:
        """Return the link whose visible text is `text`."""
        for element in self.all("a"):
            if text_of(element) == text:
                return element
        raise AssertionError(f"no link {text!r}")

    def flashes(self) -> list[str]:
        """Return the flashed messages."""
        return self.texts(".flash")


def value_of(control: Element) -> str:
    """Return the value a form control shows: an input's value, a select's chosen option."""
    if control.tag.endswith("select"):
        options = [e for e in control.iter() if e.tag.endswith("option")]
        chosen = [o for o in options if o.get("selected") is not None] or options[:1]
        return chosen[0].get("value", text_of(chosen[0])) if chosen else ""
    if control.tag.endswith("textarea"):
        return "".join(control.itertext())
    return control.get("value", "")


def text_of(element: Element) -> str:
    """Return an element's text with whitespace collapsed."""
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def page(response) -> Page:
    """Parse a test response's HTML."""
    return Page(response.get_data(as_text=True))
