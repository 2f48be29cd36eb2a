"""Render request templates: lawyers edit them, so they are not trusted code.

Two walls stand around a template. The first is a Jinja sandbox, here: a template sees only the
letter context (foia.letters.context), cannot reach Python internals (attributes starting with
"_"), load other templates or files, or call anything but the sandbox's safe built-ins; a text,
list or number it builds is bounded as it is built, and its output is cut off at
MAX_OUTPUT_CHARS. The second is foia.letters.sandbox: every render runs in a child process with
limits on time, memory and CPU, so that what the first wall cannot bound (a loop of loops, a
filter asked for a billion-character result) is stopped after 2 seconds and can never hold
a web worker. Whatever a template tries outside these bounds raises TemplateRefused, with a
message for the lawyer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import nh3
from jinja2 import StrictUndefined, Template, TemplateError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from foia.letters import sandbox

#: A letter body longer than this is refused (a loop gone wrong, or an attempt to exhaust memory).
MAX_OUTPUT_CHARS = 200_000
#: Largest number a template may compute, in bits (about 1,200 decimal digits).
MAX_NUMBER_BITS = 4_096

_SEQUENCES = (str, list, tuple)


class TemplateRefused(Exception):
    """A request template that cannot be rendered safely, with a message for the lawyer."""


def _too_long(seq: Any, size: int) -> SecurityError:
    what = f"a text of {size:,} characters" if isinstance(seq, str) else f"a list of {size:,} items"
    return SecurityError(
        f"it builds {what}, and a letter may hold at most {MAX_OUTPUT_CHARS:,} characters"
    )


def _check_product(left: Any, right: Any) -> None:
    for seq, n in ((left, right), (right, left)):
        if isinstance(seq, _SEQUENCES) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT_CHARS:
            raise _too_long(seq, len(seq) * n)
    if isinstance(left, int) and isinstance(right, int):
        _check_bits(abs(left).bit_length() + abs(right).bit_length())


def _check_sum(left: Any, right: Any) -> None:
    both = isinstance(left, _SEQUENCES) and isinstance(right, _SEQUENCES)
    if both and len(left) + len(right) > MAX_OUTPUT_CHARS:
        raise _too_long(left, len(left) + len(right))


def _check_power(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        _check_bits(abs(left).bit_length() * right)


def _check_bits(bits: int) -> None:
    if bits > MAX_NUMBER_BITS:
        raise SecurityError(
            f"it computes a number of about {bits:,} bits; a letter's numbers stop at"
            f" {MAX_NUMBER_BITS:,} bits"
        )


class _LetterSandbox(ImmutableSandboxedEnvironment):
    """The sandbox, without globals, with `*`, `**` and `+` bounded before they run."""

    intercepted_binops = frozenset({"*", "**", "+"})

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        """Refuse a product, power or sum too large for a letter, else compute it."""
        check = {"*": _check_product, "**": _check_power, "+": _check_sum}[operator_name]
        check(left, right)
        return super().call_binop(context, operator_name, left, right)


def _environment(html: bool) -> _LetterSandbox:
    env = _LetterSandbox(autoescape=html, undefined=StrictUndefined, loader=None)
    # No `range`, `cycler`, `joiner`, `lipsum`, `namespace`, `dict`: a letter needs none of them.
    env.globals.clear()
    return env


_ENVIRONMENTS = {True: _environment(True), False: _environment(False)}


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


@lru_cache(maxsize=64)
def _compiled(source: str, html: bool) -> Template:
    # Cached: a campaign renders the same template for every agency (errors are not cached).
    env = _ENVIRONMENTS[html]
    tree = env.parse(source)
    _refuse_loading(tree)
    return env.from_string(tree)


def _bounded(chunks: Iterable[str]) -> str:
    """Join the template's output, stopping as soon as it passes MAX_OUTPUT_CHARS."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise TemplateRefused(
                f"The letter is too long: it passes {MAX_OUTPUT_CHARS:,} characters. Look for a"
                " loop that repeats more than intended."
            )
        parts.append(chunk)
    return "".join(parts)


def render_here(source: str, context: Mapping[str, Any], *, html: bool = True) -> str:
    """Render in this process, inside the Jinja sandbox only (the sandbox child calls this)."""
    try:
        text = _bounded(_compiled(source, html).generate(dict(context)))
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
    # The template's own markup is not escaped by autoescape: keep only harmless formatting.
    return clean_html(text) if html else text


def render_body(source: str, context: Mapping[str, Any], *, html: bool = True) -> str:
    """Render a template body with `context` in a limited child; HTML output escapes values."""
    try:
        return sandbox.render(source, context, html=html)
    except sandbox.RenderRefused as exc:
        raise TemplateRefused(str(exc)) from exc


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
#: Elements whose content is code or styling, dropped with their content.
_DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "textarea", "title"})
#: Attributes kept, by tag ("*": on any allowed tag).
_ALLOWED_ATTRIBUTES = {
    "*": {"class"},
    "a": {"href"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Links only to the web or to an address; relative ones mean nothing in a letter.
_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes=_ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    url_relative="deny",
    link_rel=None,
)


def clean_html(markup: str) -> str:
    """Return `markup` with only ALLOWED_TAGS, safe attributes and http(s)/mailto links."""
    return _CLEANER.clean(markup)


def check_template(source: str, sample: Mapping[str, Any]) -> list[str]:
    """Return the problems with a template a lawyer edited (empty when it renders)."""
    try:
        render_body(source, sample, html=True)
    except TemplateRefused as exc:
        return [str(exc)]
    return []
