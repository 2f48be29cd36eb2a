"""Template fields: the details a letter needs filled in (a defendant's name, a docket number).

PURE: plain values in and out. A template declares its fields (name, label, required); its body
says `{{ fields.defendant_name }}`; compose and campaign forms ask for them. A field left empty
renders as its label in brackets, marked, and a letter with one cannot be approved.
docs/letter-templates.md "Template fields" says why.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: A field's name, as the body uses it: `fields.<name>`.
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: Around an unfilled field's label in the rendered body, until compose marks it. Private-use
#: characters: no template text or typed value contains them, and HTML escaping leaves them be.
OPEN, CLOSE = "\ue000", "\ue001"
_UNFILLED = re.compile(f"{OPEN}([^{OPEN}{CLOSE}]*){CLOSE}")
#: How a stored letter shows an unfilled field; nothing a template writes survives as <mark>.
_MARKED = re.compile(r'<mark class="unfilled-field">\[([^<]*)\]</mark>')
MAX_FIELDS = 12
MAX_VALUE_CHARS = 500


class FieldSpecError(ValueError):
    """A field declaration that cannot be read, with a message for the lawyer."""


@dataclass(frozen=True, slots=True)
class TemplateField:
    """One detail a template's letters need."""

    name: str
    label: str
    is_required: bool = True

    def as_json(self) -> dict:
        """Return the field as stored in `RequestTemplate.fields`."""
        return {"name": self.name, "label": self.label, "required": self.is_required}


def parse_spec(text: str) -> list[TemplateField]:
    """Read `name: label` declarations, one a line or `;`-separated; `name?` is optional."""
    found: list[TemplateField] = []
    for raw in re.split(r"[;\n]", text or ""):
        line = raw.strip()
        if not line:
            continue
        name, sep, label = (part.strip() for part in line.partition(":"))
        optional = name.endswith("?")
        name = name.removesuffix("?").strip()
        if not sep or not label:
            raise FieldSpecError(f"“{line}”: write a field as “name: label”.")
        if not _NAME.match(name):
            raise FieldSpecError(
                f"“{name}”: a field's name is lower-case letters, digits and _ (defendant_name)."
            )
        if any(f.name == name for f in found):
            raise FieldSpecError(f"The field “{name}” is declared twice.")
        found.append(TemplateField(name, label[:200], not optional))
    if len(found) > MAX_FIELDS:
        raise FieldSpecError(f"A template may declare at most {MAX_FIELDS} fields.")
    return found


def spec_text(fields: Iterable[TemplateField]) -> str:
    """Return fields as the template form shows them, one `name: label` a line."""
    return "\n".join(f"{f.name}{'' if f.is_required else '?'}: {f.label}" for f in fields)


def from_json(rows: Iterable[Mapping] | None) -> list[TemplateField]:
    """Return the fields stored on a template."""
    return [
        TemplateField(str(r["name"]), str(r.get("label") or r["name"]), bool(r.get("required", 1)))
        for r in rows or []
    ]


def clean_values(fields: Iterable[TemplateField], values: Mapping[str, str] | None) -> dict:
    """Return the typed values of the declared fields, trimmed (undeclared names dropped)."""
    values = values or {}
    return {
        f.name: " ".join(str(values.get(f.name) or "").split())[:MAX_VALUE_CHARS] for f in fields
    }


def unfilled(fields: Iterable[TemplateField], values: Mapping[str, str] | None) -> list[str]:
    """Return the labels of the required fields left empty."""
    cleaned = clean_values(list(fields), values)
    return [f.label for f in fields if f.is_required and not cleaned.get(f.name)]


def context_values(fields: Iterable[TemplateField], values: Mapping[str, str] | None) -> dict:
    """Return `fields` as a template sees it: the value, or an empty required field's marker."""
    fields = list(fields)
    cleaned = clean_values(fields, values)
    return {
        f.name: cleaned[f.name] or (f"{OPEN}{f.label}{CLOSE}" if f.is_required else "")
        for f in fields
    }


def sample_values(fields: Iterable[TemplateField]) -> dict:
    """Return a value for every field, for checking a template a lawyer edits."""
    return {f.name: f"[{f.label}]" for f in fields}


def mark_unfilled(html: str) -> str:
    """Return a rendered body with each unfilled field shown as `<mark>[label]</mark>`."""
    return _UNFILLED.sub(r'<mark class="unfilled-field">[\1]</mark>', html)


def found_unfilled(rendered: str) -> list[str]:
    """Return the labels of the unfilled fields a rendered body shows, each once, in order."""
    labels = [html.unescape(label) for label in _UNFILLED.findall(rendered)]
    return list(dict.fromkeys(labels))


def unfilled_in(letter_html: str) -> list[str]:
    """Return the labels of the unfilled fields a stored letter shows."""
    return [html.unescape(label) for label in _MARKED.findall(letter_html or "")]


def refusal(labels: list[str]) -> str:
    """Return why a letter with unfilled fields cannot be approved."""
    return (
        "The letter cannot be approved: fill in "
        + ", ".join(f"“{label}”" for label in labels)
        + " (highlighted in the preview)."
    )
