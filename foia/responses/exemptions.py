"""Exemptions per jurisdiction, read from data/exemptions.toml. PURE: no Flask, no SQLAlchemy."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "exemptions.toml"
#: The code for an exemption not in the list, described in free text.
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Exemption:
    """One exemption an agency may cite."""

    jurisdiction: str
    code: str
    label: str
    citation: str

    @property
    def text(self) -> str:
        """Return "M.G.L. c.4 §7(26)(f): Investigatory materials"."""
        return f"{self.citation}: {self.label}"


@cache
def all_exemptions() -> tuple[Exemption, ...]:
    """Return every exemption in the data file."""
    raw = tomllib.loads(DATA.read_text("utf-8"))
    return tuple(Exemption(**row) for row in raw.get("exemption", ()))


def exemptions_for(jurisdiction_code: str) -> tuple[Exemption, ...]:
    """Return the exemptions of a state (a local government uses its state's list)."""
    state = jurisdiction_code.split(":", 1)[0]
    return tuple(e for e in all_exemptions() if e.jurisdiction == state)


def describe(jurisdiction_code: str, code: str, free_text: str = "") -> str:
    """Return the cited exemption as people read it, with any free text."""
    found = next((e for e in exemptions_for(jurisdiction_code) if e.code == code), None)
    parts = [found.text] if found else []
    if free_text:
        parts.append(free_text)
    return "; ".join(parts)
