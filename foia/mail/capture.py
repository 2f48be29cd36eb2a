"""Mail capture for demos and development: outgoing messages written as .eml files, never sent.

On only when FOIA_MAIL_CAPTURE_DIR is set (`make run` sets it). `Link.send` then writes each
message here instead of talking to an SMTP server, and the outbox records it as sent, so every
path that sends mail (filing, reminders, follow-ups, password resets) behaves as in production.
The files are listed, newest first, on the outbox page (/admin/outbox).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from foia.mail.message import flatten

#: Captured files are named <UTC time>-<Message-ID's left part>.eml; nothing else is read back.
NAME = re.compile(r"^\d{8}T\d{6}\.\d{6}Z-[A-Za-z0-9._-]{1,120}\.eml$")


@dataclass(frozen=True)
class CapturedMessage:
    """One captured message, as the outbox page shows it."""

    name: str
    captured_at: datetime
    to_addr: str
    subject: str
    #: The plain-text body (the letter's text for a filing email).
    text: str
    #: Names of the attached files.
    attachments: tuple[str, ...]


def write(directory: str | os.PathLike, message: EmailMessage) -> Path:
    """Write `message` into the capture directory as an .eml file; return its path."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    local = re.sub(r"[^A-Za-z0-9._-]+", "-", (message["Message-ID"] or "message").strip("<>"))
    path = folder / f"{stamp}-{local.split('@')[0][:120] or 'message'}.eml"
    # Written beside its final name and renamed: the page never reads half a message.
    partial = path.with_suffix(".part")
    partial.write_bytes(flatten(message))
    partial.replace(path)
    return path


def recent(directory: str | os.PathLike, limit: int = 50) -> list[CapturedMessage]:
    """Return the newest captured messages first (at most `limit`)."""
    folder = Path(directory)
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if NAME.match(p.name)), reverse=True)
    return [_read(folder / name) for name in names[:limit]]


def count(directory: str | os.PathLike) -> int:
    """Return how many messages the capture directory holds."""
    folder = Path(directory)
    return sum(1 for p in folder.iterdir() if NAME.match(p.name)) if folder.is_dir() else 0


def _read(path: Path) -> CapturedMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    stamp = datetime.strptime(path.name[:23], "%Y%m%dT%H%M%S.%fZ").replace(tzinfo=UTC)
    return CapturedMessage(
        name=path.name,
        captured_at=stamp,
        to_addr=str(message["To"] or ""),
        subject=str(message["Subject"] or ""),
        text=body.get_content() if body is not None else "",
        attachments=tuple(
            part.get_filename() or "attachment" for part in message.iter_attachments()
        ),
    )
