"""Messages in files: an mbox, a maildir, a folder of .eml files, or one file. PURE.

A file is one message, its exact bytes, whatever its first line; only a file named as an mbox
(or given with --mbox) is split, and only at a From_ line that is really a separator.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

_DAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_TIME = rb"\d{1,2}:\d{2}(?::\d{2})?"
#: An mbox "From_" line: "From alice@example.org Mon Jan  5 10:00:00 2026" (ctime, maybe with
#: a zone before the year), or with an RFC 2822 date "From x Mon, 5 Jan 2026 10:00:00 +0000".
_CTIME = (
    _DAY + rb"[ \t]+" + _MONTH + rb"[ \t]+\d{1,2}[ \t]+" + _TIME
) + rb"(?:[ \t]+[A-Za-z+-][A-Za-z0-9+-]*)?[ \t]+\d{4}"
_RFC2822 = rb"(?:" + _DAY + rb",?[ \t]+)?\d{1,2}[ \t]+" + _MONTH + rb"[ \t]+\d{4}[ \t]+" + _TIME
_FROM_LINE = re.compile(rb"From [^ \t\r\n]*[ \t]+(?:" + _CTIME + rb"|" + _RFC2822 + rb")\b")
_FROM_START = re.compile(rb"^From [^\r\n]*", re.M)
_MBOX_NAMES = {".mbox", ".mbx"}


def split_mbox(raw: bytes) -> list[bytes]:
    """Return the messages of an mbox file's bytes, each without its "From " line."""
    return list(_mbox_messages(raw))


def _mbox_messages(raw: bytes) -> Iterator[bytes]:
    start = 0
    for line_start, line_end in _separators(raw):
        if line_start > 0:
            yield from _kept(raw[start:line_start], leading=start == 0)
        start = line_end
    yield from _kept(raw[start:], leading=start == 0)


def _kept(chunk: bytes, *, leading: bool) -> Iterator[bytes]:
    """Yield one message's bytes, less the blank line the mbox put after it."""
    if chunk.endswith(b"\r\n\r\n"):
        chunk = chunk[:-2]
    elif chunk.endswith(b"\n\n"):
        chunk = chunk[:-1]
    if not leading or chunk.strip():  # text before the first separator is kept, if any
        yield chunk


def _separators(raw: bytes) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of each real From_ line: first, or after an empty line, and dated.

    Real mboxes are often "mboxo": a body line "From January 2020 to date" is not escaped.
    """
    for match in _FROM_START.finditer(raw):
        start = match.start()
        after_empty = raw.endswith(b"\n\n", 0, start) or raw.endswith(b"\n\r\n", 0, start)
        if (start == 0 or after_empty) and _FROM_LINE.match(match.group()):
            end = raw.find(b"\n", match.end())
            yield start, len(raw) if end < 0 else end + 1


def is_mbox(raw: bytes) -> bool:
    """Tell whether bytes begin like an mbox; to decide whether to split, use the file's name."""
    return bool(_FROM_LINE.match(raw[:300]))


def looks_like_mbox_name(filename: str) -> bool:
    """Tell whether a file's name says it is an mbox to split (.mbox, .mbx, or Apple's "mbox")."""
    path = Path(filename or "")
    return path.suffix.lower() in _MBOX_NAMES or path.name.lower() == "mbox"


def is_maildir(path: Path) -> bool:
    """Tell whether a folder is a maildir (it has cur/ or new/)."""
    return (path / "cur").is_dir() or (path / "new").is_dir()


def maildir_messages(path: str | os.PathLike) -> Iterator[tuple[str, bytes]]:
    """Yield (key, exact bytes) for each message of a maildir, in the order of their keys."""
    files = [
        file
        for folder in ("new", "cur")
        if (Path(path) / folder).is_dir()
        for file in (Path(path) / folder).iterdir()
        if file.is_file() and not file.name.startswith(".")
    ]
    for file in sorted(files, key=lambda file: file.name):
        yield file.name.split(":", 1)[0], file.read_bytes()


def messages_in(path: Path, *, mbox: bool = False) -> Iterator[tuple[str, bytes]]:
    """Yield (source, raw bytes) for each message at a path: a maildir, an mbox or one file.

    A folder is a maildir, or else holds .eml files and mboxes; a file is split only when its
    name says mbox (or mbox=True): any other file is one message, its exact bytes.
    """
    path = Path(path)
    if path.is_dir() and is_maildir(path):
        for key, raw in maildir_messages(path):
            yield f"{path}:{key}", raw
    elif path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            if file.suffix.lower() == ".eml" or looks_like_mbox_name(file.name):
                yield from messages_in(file)
    elif mbox or looks_like_mbox_name(path.name):
        for number, raw in enumerate(split_mbox(path.read_bytes()), start=1):
            yield f"{path}#{number}", raw
    else:
        yield str(path), path.read_bytes()
