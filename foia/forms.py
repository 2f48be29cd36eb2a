"""Small helpers shared by the forms of every domain."""

from collections.abc import Iterable

from wtforms import SelectChoice


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]
