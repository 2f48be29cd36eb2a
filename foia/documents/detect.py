"""What a file is, from its first bytes (never from its name), and safe names for files.

PURE: plain values in and out; imports neither Flask nor SQLAlchemy.
"""

from __future__ import annotations

import re
import unicodedata

#: Media types never sent with their own type: a browser could render or run them.
ACTIVE_TYPES = frozenset({"text/html", "image/svg+xml", "application/xml", "text/xml"})
#: Longest file name kept (the database column allows 255).
MAX_NAME = 200

_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_OTHER_SIGNATURES = (
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
)
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{0,76}:[ \t]", re.M)
_EMAIL_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:")
_MARKUP = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<script|<iframe|<svg|<\?xml)", re.I)


def detect_type(data: bytes) -> str:
    """Return the media type of `data` judged by its content alone."""
    head = data[:4096]
    if b"%PDF-" in head[:1024]:
        return "application/pdf"
    for signature, media_type in (*_IMAGE_SIGNATURES, *_OTHER_SIGNATURES):
        if head.startswith(signature):
            return media_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"BM") and len(head) > 26 and head[14] in (12, 40, 52, 56, 108, 124):
        return "image/bmp"
    markup = _MARKUP.match(head)
    if markup:
        tag = markup.group(1).lower()
        return (
            "image/svg+xml"
            if tag == b"<svg"
            else "application/xml"
            if b"xml" in tag
            else ("text/html")
        )
    if head.startswith(b"From ") and b"\n" in head:
        return "application/mbox"
    if _looks_like_email(head):
        return "message/rfc822"
    if _is_text(head):
        return "text/plain"
    return "application/octet-stream"


def _looks_like_email(head: bytes) -> bool:
    lines = head.split(b"\n\n", 1)[0].lower()
    found = sum(1 for h in _EMAIL_HEADERS if re.search(rb"(^|\n)" + re.escape(h), lines))
    return bool(_HEADER_LINE.match(head)) and found >= 2


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still text.
        if exc.start < len(head) - 4:
            return False
    return True


def serving_type(media_type: str) -> str:
    """Return the type to send a stored file with: active content goes out as plain bytes."""
    if media_type in ACTIVE_TYPES or media_type.startswith("text/"):
        return "application/octet-stream" if media_type in ACTIVE_TYPES else "text/plain"
    return media_type


def safe_filename(name: str | None, fallback: str = "unnamed") -> str:
    """Return `name` without folders, control characters or excess length; keep its extension."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = re.split(r"[\\/]", text)[-1]
    text = re.sub(r"\s+", " ", text).strip().lstrip(".").strip()
    if not text:
        return fallback
    if len(text) <= MAX_NAME:
        return text
    stem, dot, extension = text.rpartition(".")
    if dot and 0 < len(extension) <= 16 and stem:
        return stem[: MAX_NAME - len(extension) - 1].rstrip() + "." + extension
    return text[:MAX_NAME]
