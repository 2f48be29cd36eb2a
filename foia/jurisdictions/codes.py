"""Codes for local jurisdictions: "US-MA:boston", "US-MA:suffolk-county"."""

import re


def slug(name: str) -> str:
    """Return a lower-case, dash-separated form of a place name."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def municipality_code(state: str, municipality: str) -> str:
    """Return the code of a city or town: "US-MA:boston"."""
    return f"{state}:{slug(municipality)}"


def county_code(state: str, county: str) -> str:
    """Return the code of a county: "US-MA:suffolk-county"."""
    return f"{state}:{slug(county)}-county"
