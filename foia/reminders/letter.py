"""The follow-up letter to an agency that missed a deadline: pure text from plain values.

Imports neither Flask nor SQLAlchemy; `followups.py` gathers the values and stores the letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape


@dataclass(frozen=True, slots=True)
class FollowUpFacts:
    """What a follow-up letter says."""

    reference: str
    agency: str
    records_officer: str
    law_name: str
    law_citation: str
    filed_on: date | None
    due_on: date
    business_days_overdue: int
    tracking_numbers: tuple[str, ...]
    signer: str
    organisation: str
    appeal_text: str | None  # "you may petition the Supervisor of Records", or None


@dataclass(frozen=True, slots=True)
class FollowUpLetter:
    """Subject and body (text and HTML) of a follow-up."""

    subject: str
    body_text: str
    body_html: str


def _day(day: date) -> str:
    return f"{day:%A}, {day:%B} {day.day}, {day:%Y}"


def compose(facts: FollowUpFacts, today: date) -> FollowUpLetter:
    """Return a polite follow-up citing the law, the filing date, tracking numbers and delay."""
    numbers = ", ".join(facts.tracking_numbers)
    tracking = f" (your tracking number{'s' if len(facts.tracking_numbers) > 1 else ''} {numbers})"
    tracking = tracking if numbers else ""
    filed = f"On {_day(facts.filed_on)}, we" if facts.filed_on else "We"
    days = facts.business_days_overdue
    paragraphs = [
        f"Dear {facts.records_officer or 'Records Access Officer'},",
        f"{filed} submitted a public records request to {facts.agency} under the"
        f" {facts.law_name} ({facts.law_citation}), our reference {facts.reference}{tracking}.",
        f"The law required a response by {_day(facts.due_on)}. As of {_day(today)}, that is"
        f" {days} business day{'s' if days != 1 else ''} ago, and we have not received it.",
        "We would be grateful if you could tell us when we can expect the records, or the"
        " reasons for any delay. We are glad to discuss narrowing or clarifying the request if"
        " that would help.",
    ]
    if facts.appeal_text:
        # "you may petition ..." in the requester's voice: "we may petition ...".
        paragraphs.append(
            f"If we do not hear from you, {facts.appeal_text.replace('you may', 'we may', 1)}."
        )
    paragraphs.append(
        "Thank you for your help.\n\nSincerely,\n"
        + "\n".join(p for p in (facts.signer, facts.organisation) if p)
    )
    subject = f"Follow-up: public records request {facts.reference}{tracking}"
    text = "\n\n".join(paragraphs) + "\n"
    html = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>\n" for p in paragraphs)
    return FollowUpLetter(subject=subject, body_text=text, body_html=html)
