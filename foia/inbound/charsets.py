"""Bytes to text as mailers really send them. PURE: no Flask, no SQLAlchemy.

A label of latin-1 or ASCII means windows-1252; a missing, unknown or wrong label is undone by
detection, and the caller is told in plain words what was wrong.
"""

from __future__ import annotations

import codecs
from email.header import decode_header

import charset_normalizer

#: Labels Python does not know, or knows as something narrower than what mailers send.
_ALIASES = {"iso-8859-8-i": "iso-8859-8", "gb2312": "gb18030", "ks_c_5601-1987": "cp949"}
#: What mailers mean when they say latin-1 or ASCII but send 8-bit bytes: windows-1252.
_WESTERN = {"iso8859-1": "cp1252", "ascii": "cp1252", "cp1252": "cp1252"}
_DETECT_LIMIT = 256 * 1024
_WINDOWS_1252 = {i: bytes([i]).decode("cp1252", "ignore") or chr(i) for i in range(0x80, 0xA0)}


def windows_1252(data: bytes) -> str:
    """Decode as browsers do: windows-1252, its five unassigned bytes kept as C1 controls."""
    return data.decode("latin-1").translate(_WINDOWS_1252)


def to_text(data: bytes) -> str:
    """Decode bytes of no stated charset: UTF-8 when they are, else windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return windows_1252(data)


def _codec(label: str) -> str | None:
    """Return Python's name for a text charset label, or None when it is unknown."""
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_ALIASES.get(label, label)).name
        b"".decode(name)  # refuses codecs that are not text, such as zlib or base64
        return name
    except Exception:  # any label Python cannot use is unknown
        return None


def decode_text(data: bytes, label: str, where: str, problems: list[str]) -> str:
    """Decode a text part by its label, undoing what mailers get wrong, noting the problem."""
    codec = _codec(label) if label else None
    # ASCII bytes are ASCII text, except in 7-bit charsets such as iso-2022-jp or utf-7.
    if data.isascii() and codec in (None, "utf-8", *_WESTERN):
        return data.decode("ascii")
    if codec in _WESTERN:
        text, found = _utf8_or_windows_1252(data)
        if found == "UTF-8":  # windows-1252 is what they meant; UTF-8 is a real mislabel
            problems.append(f"{where} said its text was {label} but it was not; read as {found}.")
        return text
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            text, found = _detect(data)
            problems.append(f"{where} said its text was {label} but it was not; read as {found}.")
            return text
    text, found = _detect(data)
    if label:
        problems.append(f"Unknown charset {label!r} in {where.lower()}; read as {found}.")
    else:
        problems.append(f"{where} did not name its charset; read as {found}.")
    return text


def _utf8_or_windows_1252(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return windows_1252(data), "windows-1252"


def _detect(data: bytes) -> tuple[str, str]:
    """Return the text of bytes in an unknown charset, and the charset it was read as."""
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        best = charset_normalizer.from_bytes(data[:_DETECT_LIMIT]).best()
    except Exception:  # detection is a guess; without one, the Western default
        best = None
    if best is not None and _is_other_script(str(best)[:_DETECT_LIMIT]):
        return data.decode(best.encoding, errors="replace"), best.encoding.replace("_", "-")
    # On short Latin text, detection picks among look-alikes (cp1250, cp775, mac_roman) at
    # random; what our correspondents send is windows-1252.
    return windows_1252(data), "windows-1252"


def _is_other_script(text: str) -> bool:
    """Tell whether a text has letters beyond the Latin alphabets (Cyrillic, Greek, CJK...)."""
    return any(
        char.isalpha() and ord(char) > 0x24F and not 0x1E00 <= ord(char) <= 0x1EFF
        for char in set(text)
    )


def decode_words(value: str) -> str:
    """Return a header value unfolded, with its =?charset?...?= words decoded."""
    value = " ".join(value.replace("\x00", "").split())
    if "=?" not in value:
        return value
    try:
        chunks = decode_header(value)
        return "".join(_chunk_text(data, charset) for data, charset in chunks).strip()
    except Exception:  # a broken encoded word is shown as it came
        return value


def _chunk_text(data: bytes | str, charset: str | None) -> str:
    if isinstance(data, str):
        return data
    if charset is None:  # decode_header hands back plain text this way
        return data.decode("raw-unicode-escape")
    codec = _codec(charset)
    if codec is not None:
        try:
            return data.decode(_WESTERN.get(codec, codec))
        except UnicodeDecodeError:
            pass
    return to_text(data)
