"""Build the values a request letter is rendered with. PURE: plain values in, a dict out.

Nothing here imports Flask or SQLAlchemy or reads the clock: the caller passes `today`, the law
(a frozen `LawRule` from foia.deadlines) and small dataclasses copied from its rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from foia.deadlines.rules import ClockRule, LawRule

FALLBACK_SALUTATION = "Dear Records Access Officer"

_ONES = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

#: What the agency must do by the end of the response period, as a letter says it.
_OBLIGATION_WORDS = {
    "acknowledge": "acknowledge this request",
    "decide": "make a determination on this request",
    "respond": "respond to this request",
    "produce": "produce the requested records",
    "appeal": "respond to this request",
}


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    """The agency a letter is addressed to."""

    name: str
    address: str = ""
    records_officer: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class RequesterInfo:
    """Who signs the letter, and for which organisation."""

    name: str
    organisation: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    #: Lines under the signer's name: title, organisation, bar number.
    signature_block: str = ""
    #: The signer's title, printed under their name: "Staff Attorney".
    title: str = ""
    #: The letterhead logo as a data: URL, or "".
    logo_data_url: str = ""


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    """One record category asked for: its name and our request language."""

    slug: str
    name: str
    wording: str


def number_in_words(n: int) -> str:
    """Return 0-999 in words: 10 -> "ten", 45 -> "forty-five"."""
    if not 0 <= n < 1000:
        raise ValueError(f"number out of range for words: {n}")
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" {number_in_words(rest)}" if rest else "")


def period_in_words(days: int, unit: str) -> str:
    """Return a period as letters write it: "ten (10) business days"."""
    noun = "day" if days == 1 else "days"
    return f"{number_in_words(days)} ({days}) {unit} {noun}"


def long_date(day: date) -> str:
    """Return "November 26, 2026"."""
    return f"{day:%B} {day.day}, {day.year}"


def response_clock(law: LawRule) -> ClockRule | None:
    """Return the law's first `response` clock, or None when the law sets no fixed period."""
    if not law.has_fixed_deadline:
        return None
    return law.clock("response")


def response_sentence(law: LawRule) -> tuple[str, str]:
    """Return (period, sentence): the statutory response period and the letter's reminder of it."""
    rule = response_clock(law)
    if rule is None:
        cite = f" ({law.prompt_citation})" if law.prompt_citation else ""
        return (
            "promptly",
            f"The {law.name} requires a prompt response{cite}. As it sets no fixed number of "
            "days, I ask that you acknowledge this request and tell me when I can expect the "
            "records.",
        )
    period = period_in_words(rule.days, rule.unit)
    what = _OBLIGATION_WORDS.get(rule.obligation, "respond to this request")
    cite = rule.citation or law.citation
    return period, f"Under {cite}, please {what} within {period} of receipt."


def date_range_text(date_from: date | None, date_to: date | None) -> str:
    """Return the period the request covers, in words."""
    end = long_date(date_to) if date_to else "the date this request is processed"
    if date_from is None:
        return f"up to {end}" if date_to else "regardless of date"
    return f"from {long_date(date_from)} to {end}"


def electronic_format_text(law: LawRule) -> str:
    """Return the request for electronic, machine-readable copies (citing MA's rule in MA)."""
    if law.jurisdiction == "US-MA":
        return (
            "Under 950 CMR 32.07(1), please provide the records in electronic form, in a "
            "machine-readable format where one is available and in their native format where "
            "feasible (for example, spreadsheets as spreadsheets and e-mail with its "
            "attachments). There is no copying charge for records provided electronically."
        )
    return (
        "Please provide the records in electronic form, in their native or another "
        "machine-readable format where available (for example, spreadsheets as spreadsheets "
        "rather than printed images), by e-mail or a download link."
    )


def fee_waiver_text(law: LawRule, requester: RequesterInfo) -> str:
    """Return the fee-waiver / public-interest paragraph."""
    who = requester.organisation or "I"
    verb = "is" if requester.organisation else "am"
    basis = {
        "US": " under 5 U.S.C. §552(a)(4)(A)(iii)",
        "US-MA": " under M.G.L. c.66 §10(d)",
    }.get(law.jurisdiction, "")
    return (
        f"I request a waiver of all fees{basis}. Disclosure is in the public interest: it will "
        "contribute significantly to public understanding of whether and how police use face "
        f"recognition technology, an issue of active public debate. {who} {verb} not seeking "
        "the records for commercial purposes and will make what we learn available to the "
        "public at no charge. If a fee waiver is denied, please send an itemized estimate "
        "before incurring any fees."
    )


WITHHOLDING_TEXT = (
    "If you withhold any record or part of a record, please cite the specific exemption you "
    "rely on for each withholding, explain how it applies, and release all reasonably "
    "segregable portions."
)
ROLLING_TEXT = (
    "Please produce records on a rolling basis as they become available rather than waiting "
    "until every category is complete."
)


def salutation(agency: AgencyInfo) -> str:
    """Return "Dear <records officer>" or the fallback for an agency with none on file."""
    officer = agency.records_officer.strip()
    return f"Dear {officer}" if officer else FALLBACK_SALUTATION


def letter_context(
    agency: AgencyInfo,
    law: LawRule,
    requester: RequesterInfo,
    categories: Sequence[CategoryInfo],
    date_from: date | None,
    date_to: date | None,
    today: date,
    extra: Mapping[str, Any] | None = None,
    *,
    fields: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return every value a request template may use, for one agency under one law."""
    period, sentence = response_sentence(law)
    return {
        "today": today,
        "date": long_date(today),
        "agency": {
            **asdict(agency),
            "address_lines": [line.strip() for line in agency.address.splitlines() if line.strip()],
        },
        "records_officer": agency.records_officer.strip() or "Records Access Officer",
        "salutation": salutation(agency),
        "law": {"name": law.name, "citation": law.citation, "jurisdiction": law.jurisdiction},
        "has_fixed_deadline": response_clock(law) is not None,
        "response_period": period,
        "response_sentence": sentence,
        "requester": {
            **asdict(requester),
            "signature_lines": [
                line.strip() for line in requester.signature_block.splitlines() if line.strip()
            ],
        },
        "organisation": requester.organisation,
        "date_from": date_from,
        "date_to": date_to,
        "date_range": date_range_text(date_from, date_to),
        "categories": [{"number": i, **asdict(c)} for i, c in enumerate(categories, start=1)],
        "fee_waiver": fee_waiver_text(law, requester),
        "electronic_format": electronic_format_text(law),
        "withholding": WITHHOLDING_TEXT,
        "rolling_production": ROLLING_TEXT,
        "extra": dict(extra or {}),
        # The template's declared fields (foia.letters.fields): typed values or markers.
        "fields": dict(fields or {}),
    }


def sample_context(
    law: LawRule, today: date, fields: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return a context with placeholder values, for checking a template a lawyer edits."""
    return letter_context(
        AgencyInfo("Example Police Department", "1 Main Street\nExample, MA 01000", "Jane Doe"),
        law,
        RequesterInfo("Requester name", "Example Organisation"),
        [CategoryInfo("use-policies", "Use policies and procedures", "Every policy ...")],
        date(2019, 1, 1),
        None,
        today,
        {},
        fields=fields,
    )
