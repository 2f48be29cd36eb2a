"""Hypothesis: mutated real-world mail never makes the parser fail; mboxes split right."""

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia.inbound.parse import UNREADABLE, ParsedEmail, parse_email, split_mbox

CORPUS = Path(__file__).parent / "corpus" / "parse"
SAMPLES = [path.read_bytes() for path in sorted(CORPUS.glob("*.eml"))]
JUNK_LINES = [
    b"",
    b"--",
    b"--_000_BN6PR09MB1234_",
    b"------=_Part_1--",
    b"Content-Type: multipart/mixed; boundary=",
    b"Content-Transfer-Encoding: base64",
    b"Content-Type: text/plain; charset=utf-16",
    b"=?utf-8?B?////?=",
    b"begin 644 x.bin",
    b"end",
    b"From - Mon Jan 05 10:00:00 2026",
    b"\x00\x00\x00",
    b"\xff\xfe\x80\x81\x8d",
    b"!!!!====",
]
CHARSETS = [b"utf-8", b"us-ascii", b"x-unknown", b"zlib", b"utf-16", b"shift_jis", b'"', b""]

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw) -> bytes:
    """A corpus message, truncated, flipped, with junk lines, bad base64 and wrong charsets."""
    raw = bytearray(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["truncate", "flip", "junk", "charset", "base64", "nul"]))
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        if kind == "truncate":
            del raw[at:]
        elif kind == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif kind == "junk":
            start = raw.rfind(b"\n", 0, at) + 1
            raw[start:start] = draw(st.sampled_from(JUNK_LINES)) + b"\n"
        elif kind == "charset":
            raw = bytearray(
                re.sub(rb"charset=\"?[\w-]+", b"charset=" + draw(st.sampled_from(CHARSETS)), raw)
            )
        elif kind == "base64":
            raw[at:at] = b"!*\xff="
        else:
            raw[at:at] = b"\x00" * draw(st.integers(1, 8))
    return bytes(raw)


@pytest.mark.slow
@SETTINGS
@given(mutated())
def test_a_mutated_message_is_always_read(raw):
    parsed = parse_email(raw)

    assert isinstance(parsed, ParsedEmail)
    assert isinstance(parsed.body, str) and "\x00" not in parsed.body
    assert parsed.dedup_key and parsed.message is not None
    assert all(isinstance(name, str) and isinstance(value, str) for name, value in parsed.headers)
    assert all(isinstance(data, bytes) and name for name, data, _ in parsed.attachments)
    # The last guard in parse_email must never be what saved us.
    assert not any(problem.startswith(UNREADABLE) for problem in parsed.problems)


FROM_LINE = "From alice@example.org Mon Jan  5 10:00:00 2026"
BODY_LINE = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40),
    st.sampled_from(["From January 2020 to date, 412 searches.", "From: the clerk", ">From x"]),
    st.just(FROM_LINE),
)


@st.composite
def mbox_message(draw, number: int) -> bytes:
    """A message whose body may hold "From " lines; a dated one never right after an empty line."""
    lines = draw(st.lists(BODY_LINE, max_size=8))
    body: list[str] = []
    for line in lines:
        if line == FROM_LINE and (not body or body[-1] == ""):
            body.append("Forwarded:")  # only a line after an empty line can be a separator
        body.append(line)
    head = f"From: a{number}@agency.gov\nSubject: message {number}\n\n"
    return (head + "\n".join(body) + "\n").encode()


@pytest.mark.slow
@SETTINGS
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(*(mbox_message(i) for i in range(n)))))
def test_split_mbox_returns_each_message_intact(messages):
    separator = b"From MAILER-DAEMON Fri Jul  8 12:08:34 2011\n"
    raw = b"".join(separator + message + b"\n" for message in messages)

    assert split_mbox(raw) == list(messages)
