"""Reply, auto-reply or bounce: the kinds of mail that arrive, and how each was matched.

PURE: no Flask, no SQLAlchemy.

The vocabulary and the result types only: classify.py tells the kinds apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

#: The name `flask inbox fetch` records its runs under (foia.jobs); the status pages read it.
FETCH_JOB = "inbox fetch"


class MailKind(StrEnum):
    """What a received message is: only a reply can be the agency's response."""

    REPLY = "reply"
    AUTO_REPLY = "auto_reply"
    BOUNCE = "bounce"

    @property
    def label(self) -> str:
        """Return the kind in words, for people."""
        return _LABELS[self]


_LABELS = {
    MailKind.REPLY: "Reply",
    MailKind.AUTO_REPLY: "Automatic reply",
    MailKind.BOUNCE: "Bounce (not delivered)",
}


class MatchedBy(StrEnum):
    """How a received message was matched to its request, as stored in `matched_by`."""

    ADDRESS = "address"
    REPLY = "reply"
    BOUNCE = "bounce"
    REFERENCE = "reference"
    TRACKING = "tracking"
    PERSON = "person"


@dataclass(frozen=True)
class Failure:
    """One address a message did not reach, with the mail server's reason."""

    address: str  # lower-cased
    status: str  # RFC 3463 enhanced status code ("5.1.1") or ""
    diagnostic: str  # the server's words, one line, or ""
    is_permanent: bool


@dataclass(frozen=True)
class Classification:
    """A message's kind, why, and for a bounce what failed and which of our messages it was."""

    kind: MailKind
    reason: str
    failures: tuple[Failure, ...] = ()
    original_message_id: str = ""
