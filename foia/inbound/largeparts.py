"""Large messages for the email parser: long base64 runs left out, then read from the bytes.

PURE: no Flask, no SQLAlchemy. Measured: a 68 MB message with a 50 MB attachment peaked 186 MB
above its bytes in the standard parser; with the runs left out, under the message's own size.
"""

from __future__ import annotations

import binascii
import re
import secrets
from collections.abc import Iterator
from email.message import Message

#: A message or a base64 run larger than this is read the long way round.
LARGE = 1 << 20


def payload_bytes(part: Message, elided: ElidedMessage) -> bytes:
    """Return a leaf part's decoded bytes; a large base64 one without get_payload's copies."""
    payload = part.get_payload()
    if elided.holds(part) and isinstance(payload, str):
        try:
            return elided.decode(payload)
        except binascii.Error:  # damaged: read as the standard library reads it, below
            part.set_payload(elided.restored(payload))
            payload = part.get_payload()
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding == "base64" and isinstance(payload, str) and len(payload) > LARGE:
        try:
            return binascii.a2b_base64(payload.encode("ascii", "surrogateescape"))
        except (binascii.Error, UnicodeError):
            pass  # damaged: the standard library decodes it leniently and notes the defects
    data = part.get_payload(decode=True)  # bytes for a leaf part, None when it has none
    return data if isinstance(data, bytes) else b""


class ElidedMessage:
    """A large message with its long base64 runs left out, for the email parser to read.

    The parser keeps each body line as a string, then joins them: a 68 MB message with a
    50 MB attachment peaked 186 MB above its bytes. Each run of base64 lines over 1 MB is
    replaced by one marker line; a file's part is decoded straight from the message's bytes,
    and any other part holding a marker (text, or inside an attached message) gets its run
    back, so what is read is what the parser alone would read.
    """

    #: What ends a run of base64 lines: another character, a lone CR, or an empty line.
    NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/=\r\n]|\r(?!\n)|^\r?$", re.M)

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.runs: dict[str, tuple[int, int]] = {}
        self.token = f"@@foia-elided-{secrets.token_hex(8)}-"
        if len(raw) <= LARGE:
            self.text = raw
            return
        kept, position = [], 0
        for start, end in self._long_runs():
            marker = f"{self.token}{len(self.runs)}@@"
            self.runs[marker] = (start, end)
            ending = b"\r\n" if raw[end - 2 : end] == b"\r\n" else b"\n"
            kept += [raw[position:start], marker.encode() + ending]
            position = end
        self.text = b"".join([*kept, raw[position:]]) if self.runs else raw

    def _long_runs(self) -> Iterator[tuple[int, int]]:
        """Yield (start, end) of each run of whole base64 lines longer than LARGE."""
        # A search for what is not base64, a line at a time: a regex repeating over the run's
        # lines kept a backtracking stack of 2 times the run's size.
        raw, line = self.raw, 0
        while line < len(raw):
            found = self.NOT_BASE64.search(raw, line)
            stop = raw.rfind(b"\n", line, found.start()) + 1 if found else raw.rfind(b"\n") + 1
            if stop - line > LARGE:
                yield line, stop
            if found is None:
                return
            after = raw.find(b"\n", found.start())
            line = after + 1 if after >= 0 else len(raw)

    def holds(self, part: Message) -> bool:
        """Tell whether a part is a file whose whole base64 body was left out."""
        payload = part.get_payload()
        return isinstance(payload, str) and payload.strip() in self.runs

    def decode(self, payload: str) -> bytes:
        """Return the bytes of a part that holds only a marker."""
        start, end = self.runs[payload.strip()]
        return binascii.a2b_base64(memoryview(self.raw)[start:end])

    def restored(self, payload: str) -> str:
        """Return a part's text with each marker line replaced by the lines it stands for."""
        for marker, (start, end) in self.runs.items():
            if marker in payload:
                run = self.raw[start:end].decode("ascii")
                ending = "\r\n" if run.endswith("\r\n") else "\n"
                # The line break before a boundary belongs to the boundary: the parser drops
                # it from a part's last line, marker or not.
                payload = payload.replace(marker + ending, run).replace(marker, run[: -len(ending)])
        return payload

    def restore(self, part: Message, *, is_attached_message: bool = False) -> None:
        """Give back the runs of every part but the files our walk decodes itself."""
        if not self.runs:
            return
        if part.is_multipart():
            inside = is_attached_message or part.get_content_maintype() == "message"
            for child in part.get_payload():
                if isinstance(child, Message):
                    self.restore(child, is_attached_message=inside)
            return
        payload = part.get_payload()
        if not isinstance(payload, str) or self.token not in payload:
            return
        is_file = part.get_content_maintype() not in ("text", "message", "multipart")
        is_base64 = str(part.get("Content-Transfer-Encoding", "")).strip().lower() == "base64"
        if is_attached_message or not (is_file and is_base64 and self.holds(part)):
            part.set_payload(self.restored(payload))
