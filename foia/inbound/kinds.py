"""Reply, auto-reply or bounce: what kind of message arrived. PURE: no Flask, no SQLAlchemy."""

from __future__ import annotations

from enum import StrEnum


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
