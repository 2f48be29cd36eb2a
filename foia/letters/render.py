"""Render request templates in a Jinja sandbox: lawyers edit them, so they are not trusted code.

A template sees only the letter context (foia.letters.context). It cannot reach Python
internals (attributes starting with "_"), load other templates or files, or call anything but
the sandbox's safe built-ins; whatever it tries outside that raises TemplateRefused.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from html import escape
from html.parser import HTMLParser
from typing import Any

from jinja2 import StrictUndefined, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

#: A letter body longer than this is refused (a loop gone wrong, or an attempt to exhaust memory).
MAX_OUTPUT_CHARS = 200_000
#: Largest repetition or power a template may compute ("x" * n, n ** m).
MAX_OPERAND = 1_000


class TemplateRefused(Exception):
    """A request template that cannot be rendered safely, with a message for the lawyer."""


class _LetterSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, without globals and with bounded `*` and `**`."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        if operator_name == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("exponent too large")
        if operator_name == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int) and n > MAX_OPERAND:
                    raise SecurityError("repetition too large")
            return operator.mul(left, right)
        return super().call_binop(context, operator_name, left, right)


def _environment(html: bool) -> _LetterSandbox:
    env = _LetterSandbox(autoescape=html, undefined=StrictUndefined, loader=None)
    # No `range`, `cycler`, `joiner`, `lipsum`, `namespace`, `dict`: a letter needs none of them.
    env.globals.clear()
    return env


def _refusal(exc: BaseException) -> TemplateRefused:
    if isinstance(exc, SecurityError):
        return TemplateRefused(f"The template tried something a letter may not do: {exc}")
    line = getattr(exc, "lineno", None)
    where = f" (line {line})" if line else ""
    return TemplateRefused(f"The template cannot be rendered{where}: {exc}")


#: Statements that would load another template or a file.
_LOADING = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def _refuse_loading(tree: nodes.Template) -> None:
    node = next(iter(tree.find_all(_LOADING)), None)
    if node is not None:
        raise TemplateRefused(
            f"Line {node.lineno}: a letter template may not include, import or extend other"
            " templates or files."
        )


def render_body(source: str, context: Mapping[str, Any], *, html: bool = True) -> str:
    """Render a template body with `context`; HTML output escapes every value."""
    env = _environment(html)
    try:
        _refuse_loading(env.parse(source))
        template = env.from_string(source)
        text = template.render(dict(context))
    except (
        TemplateError,
        SecurityError,
        TypeError,
        ValueError,
        ArithmeticError,
        AttributeError,
        LookupError,
        RecursionError,
    ) as exc:
        raise _refusal(exc) from exc
    if len(text) > MAX_OUTPUT_CHARS:
        raise TemplateRefused(f"The letter is too long ({len(text):,} characters).")
    # The template's own markup is not escaped by autoescape: keep only harmless formatting.
    return clean_html(text) if html else text


#: Formatting a letter may use; anything else is dropped (its text is kept, escaped).
ALLOWED_TAGS = frozenset(
    [
        "a",
        "b",
        "blockquote",
        "br",
        "div",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "hr",
        "i",
        "li",
        "ol",
        "p",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    ]
)
_VOID_TAGS = frozenset({"br", "hr"})
#: Elements whose content is code or styling, dropped with their content.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "textarea", "title"})
_ALLOWED_ATTRIBUTES = {
    "class": None,
    "href": ("a",),
    "colspan": ("td", "th"),
    "rowspan": ("td", "th"),
}
_SAFE_URL_SCHEMES = ("http://", "https://", "mailto:")


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self.skipping.append(tag)
        if self.skipping or tag not in ALLOWED_TAGS:
            return
        kept = "".join(
            f' {name}="{escape(value or "", quote=True)}"'
            for name, value in attrs
            if name in _ALLOWED_ATTRIBUTES
            and (_ALLOWED_ATTRIBUTES[name] is None or tag in _ALLOWED_ATTRIBUTES[name])
            and (name != "href" or (value or "").strip().lower().startswith(_SAFE_URL_SCHEMES))
        )
        self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _DROPPED_WITH_CONTENT:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in ALLOWED_TAGS and tag not in _VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(escape(data, quote=False))


def clean_html(markup: str) -> str:
    """Return `markup` with only ALLOWED_TAGS, safe attributes and http(s)/mailto links."""
    cleaner = _Cleaner()
    cleaner.feed(markup)
    cleaner.close()
    return "".join(cleaner.out)


def check_template(source: str, sample: Mapping[str, Any]) -> list[str]:
    """Return the problems with a template a lawyer edited (empty when it renders)."""
    try:
        render_body(source, sample, html=True)
    except TemplateRefused as exc:
        return [str(exc)]
    return []
