"""The pure mail parser on real-world-shaped messages (tests/inbound/corpus/parse/)."""

import base64
import email
import hashlib
import mailbox
import shutil
import tracemalloc
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from foia.inbound.parse import (
    UNREADABLE,
    is_mbox,
    looks_like_mbox_name,
    maildir_messages,
    messages_in,
    parse_email,
    split_mbox,
)

CORPUS = Path(__file__).parent / "corpus" / "parse"
RECEIVED = (
    b"Received: from relay.example.net (relay.example.net [198.51.100.7]) by mx.example.org\n"
)


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


# -- One file is one message; only an mbox is split ------------------------------------------


def test_a_thunderbird_eml_with_a_from_line_is_one_message_kept_byte_for_byte(tmp_path):
    path = tmp_path / "saved.eml"
    shutil.copy(CORPUS / "thunderbird_saved.eml", path)

    found = list(messages_in(path))

    assert found == [(str(path), path.read_bytes())]
    assert hashlib.sha256(found[0][1]).hexdigest() == hashlib.sha256(path.read_bytes()).hexdigest()
    parsed = parse_email(found[0][1])
    assert parsed.subject == "RE: Public records request FR-2026-00042"
    assert parsed.references == ["FR-2026-00042"]
    # The sentence between the two body lines starting "From " is not lost.
    assert "From January 2020 to date, the department ran 412 searches." in parsed.body
    assert "09:12:44 2026 we also forward the vendor contract.\nRegards," in parsed.body
    assert ["X-Mozilla-Status", "0001"] in parsed.headers


def test_a_file_is_split_only_when_its_name_or_the_flag_says_mbox(tmp_path):
    raw = corpus("agency.mbox")
    for name in ("agency.mbox", "agency.MBX", "agency.txt", "agency.eml"):
        (tmp_path / name).write_bytes(raw)

    assert [s for s, _ in messages_in(tmp_path / "agency.mbox")] == [
        f"{tmp_path / 'agency.mbox'}#{n}" for n in (1, 2, 3)
    ]
    assert len(list(messages_in(tmp_path / "agency.MBX"))) == 3
    assert len(list(messages_in(tmp_path / "agency.txt", mbox=True))) == 3
    assert list(messages_in(tmp_path / "agency.txt")) == [(str(tmp_path / "agency.txt"), raw)]
    assert list(messages_in(tmp_path / "agency.eml")) == [(str(tmp_path / "agency.eml"), raw)]


def test_mbox_names_are_told_by_name_not_content():
    assert [looks_like_mbox_name(n) for n in ("in.mbox", "Inbox.MBX", "mbox", "x.eml", "")] == [
        True,
        True,
        True,
        False,
        False,
    ]
    assert is_mbox(corpus("agency.mbox")) and is_mbox(corpus("thunderbird_saved.eml"))
    assert not is_mbox(corpus("outlook_latin1.eml"))


def test_split_mbox_splits_only_on_dated_from_lines_after_an_empty_line():
    first, second, third = split_mbox(corpus("agency.mbox"))

    assert first.startswith(b"From: a@agency.gov\n")
    assert first.endswith(b"Line one.\n\nFrom January 2020 to date, no searches were run.\n")
    assert second.endswith(b"Quoted below:\n>From the archive\nFrom the archive, again\n")
    assert third.endswith(b"Last.\n")
    assert parse_email(second).subject == "Second, no Message-ID"


def test_split_mbox_keeps_crlf_and_text_before_the_first_separator():
    one = b"From: a@x.gov\r\nSubject: one\r\n\r\nBody one.\r\n"
    two = b"From: b@x.gov\r\nSubject: two\r\n\r\nFrom Monday on, body two.\r\n"
    raw = b"stray preamble\r\n\r\n"
    for message in (one, two):
        raw += b"From b@x.gov Mon Jan  5 10:00:00 2026\r\n" + message + b"\r\n"

    assert split_mbox(raw) == [b"stray preamble\r\n", one, two]
    assert split_mbox(b"") == []


def test_a_maildir_and_a_folder_of_eml_files_yield_exact_bytes(tmp_path):
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(corpus("thunderbird_saved.eml"))
    box.add(corpus("outlook_latin1.eml"))
    box.close()
    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(CORPUS / "thunderbird_saved.eml", folder / "a.eml")
    shutil.copy(CORPUS / "agency.mbox", folder / "b.mbox")
    (folder / "notes.txt").write_text("not mail")

    from_maildir = sorted(raw for _, raw in messages_in(tmp_path / "Maildir"))
    from_folder = [raw for _, raw in messages_in(folder)]

    assert from_maildir == sorted([corpus("thunderbird_saved.eml"), corpus("outlook_latin1.eml")])
    assert [key for key, _ in maildir_messages(tmp_path / "Maildir")] == sorted(box.keys())
    assert from_folder == [corpus("thunderbird_saved.eml"), *split_mbox(corpus("agency.mbox"))]


# -- Duplicates --------------------------------------------------------------------------------


def test_copies_of_a_mail_have_one_key_wherever_they_come_from(tmp_path):
    """The review's case: the same mails from an mbox, then a maildir, were stored twice."""
    messages = split_mbox(corpus("agency.mbox"))
    written = mailbox.mbox(tmp_path / "python.mbox")  # escapes body lines "From " as ">From "
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    for raw in messages:
        written.add(raw)
        maildir.add(RECEIVED + b"Status: RO\n" + raw)
    written.close()
    maildir.close()

    keys = {
        source: sorted(parse_email(raw).dedup_key for _, raw in messages_in(tmp_path / source))
        for source in ("python.mbox", "Maildir")
    }
    imap = sorted(parse_email(m.replace(b"\n", b"\r\n")).dedup_key for m in messages)
    with_from_line = sorted(
        parse_email(b"From b@agency.gov Tue Jan  6 10:00:00 2026\n" + m).dedup_key for m in messages
    )

    assert keys["python.mbox"] == keys["Maildir"] == imap == with_from_line
    assert len(set(imap)) == 3
    assert sum(key.startswith("sha256-content:") for key in imap) == 1  # one has no Message-ID


def test_the_message_id_is_normalised_and_different_mails_differ():
    same = [b"Message-ID: <ABC.1@Agency.GOV>\n\nx", b"Message-Id:   <abc.1@agency.gov> \n\ny"]
    assert {parse_email(raw).dedup_key for raw in same} == {"mid:abc.1@agency.gov"}
    base = (
        b"From: a@x.gov\nTo: foia@example.org\nSubject: s\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n"
    )
    variants = [
        base + b"\nbody",
        base + b"\nother body",
        base.replace(b"5 Jan", b"6 Jan") + b"\nbody",
    ]
    assert len({parse_email(raw).dedup_key for raw in variants}) == 3
    every = [parse_email(path.read_bytes()).dedup_key for path in sorted(CORPUS.glob("*.eml"))]
    assert len(set(every)) == len(every)


# -- What agencies' mailers send ---------------------------------------------------------------


def test_outlook_winmail_dat_is_replaced_by_the_files_inside_it():
    parsed = parse_email(corpus("outlook_tnef.eml"))

    names = [(name, content_type) for name, _, content_type in parsed.attachments]
    assert names == [("Use of Force Policy 2025.pdf", "application/pdf"), ("LOG.CSV", "text/csv")]
    assert parsed.attachments[0][1].startswith(b"%PDF-1.4")
    assert b"FR-2026-00042,released" in parsed.attachments[1][1]
    assert "Please see the attached policy and search log." in parsed.body
    assert parsed.problems == []


@pytest.mark.parametrize(
    ("blob", "problem"),
    [
        (b"not a TNEF file at all", "winmail.dat could not be unpacked"),
        (b"\x78\x9f\x3e\x22\x01\x00 signed, then nothing", "winmail.dat held no files"),
    ],
)
def test_a_damaged_winmail_dat_is_kept_as_it_came_with_a_problem(blob, problem):
    message = EmailMessage()
    message["Subject"] = "Records"
    message.set_content("See attached.")
    message.add_attachment(blob, "application", "ms-tnef", filename="winmail.dat")

    parsed = parse_email(message.as_bytes())

    assert parsed.attachments == [("winmail.dat", blob, "application/ms-tnef")]
    assert any(problem in p for p in parsed.problems)


def test_uuencoded_files_become_attachments_and_leave_the_body():
    parsed = parse_email(corpus("uuencoded.eml"))

    assert [name for name, _, _ in parsed.attachments] == ["search log.csv", "letter.pdf"]
    assert parsed.attachments[0][1] == b"date,searches\r\n2025-12,14\r\n2026-01,9\r\n"
    assert parsed.attachments[1][1].startswith(b"%PDF-1.4") and parsed.attachments[1][1].endswith(
        b"%%EOF\n"
    )
    assert "begin 644" not in parsed.body and "\nend\n" not in parsed.body
    assert "Attached is the log you asked for." in parsed.body
    assert "The scanned letter follows." in parsed.body and "Town Clerk" in parsed.body


def test_a_uuencoded_file_with_a_bad_line_is_kept_and_the_problem_noted():
    raw = b"Subject: uu\n\nbegin 644 a.txt\n#86)C\nthis is not uu\n`\nend\nafter\n"

    parsed = parse_email(raw)

    assert parsed.attachments == [("a.txt", b"abc", "text/plain")]
    assert parsed.body == "after"
    assert any("uuencoded file a.txt" in p for p in parsed.problems)


def test_a_forwarded_message_is_kept_as_an_eml_attachment():
    parsed = parse_email(corpus("forwarded_rfc822.eml"))

    [(name, data, content_type)] = parsed.attachments
    assert (name, content_type) == ("License renewal 2026.eml", "message/rfc822")
    inner = parse_email(data)
    assert (inner.message_id, inner.body) == (
        "<renewal.77@facevendor.example>",
        "Your face search licence renews on 1 February.",
    )
    assert parsed.body == "Forwarding the vendor's notice, as requested."
    assert parsed.message.get_payload()[1].get_content_type() == "message/rfc822"


def test_an_attached_message_keeps_the_name_it_was_given():
    raw = corpus("forwarded_rfc822.eml").replace(
        b"Content-Type: message/rfc822\n", b"Content-Type: message/rfc822; name=Original.eml\n"
    )

    assert [name for name, _, _ in parse_email(raw).attachments] == ["Original.eml"]


def test_a_bounce_keeps_its_report_structure_and_its_parts_as_files():
    parsed = parse_email(corpus("bounce_dsn.eml"))

    assert parsed.message.get_content_type() == "multipart/report"
    types = [part.get_content_type() for part in parsed.message.walk()]
    assert "message/delivery-status" in types and "message/rfc822" in types
    names = [name for name, _, _ in parsed.attachments]
    assert names == ["delivery-status.txt", "Public records request FR-2026-00043.eml"]
    assert b"Status: 5.1.1" in parsed.attachments[0][1]
    assert parsed.body.startswith("I'm sorry to have to inform you")
    assert "Dear records officer" not in parsed.body


def test_outlook_windows_1252_labelled_iso_8859_1_reads_right():
    parsed = parse_email(corpus("outlook_latin1.eml"))

    assert parsed.body == (
        "We’ll release the records “as is” – the fee is €25.\nEstimado señor, gracias."
    )
    assert parsed.subject == "Respuesta a su solicitud – FR-2026-00042"
    assert parsed.sender == "José Pérez <jperez@cityofexample.gov>"
    assert parsed.problems == []


def test_text_that_is_not_in_its_declared_charset_is_detected_and_noted():
    parsed = parse_email(corpus("wrong_charset.eml"))

    assert parsed.body == "The café camera records – all 3 files – are attached."
    assert "Part 2 said its text was utf-8 but it was not; read as windows-1252." in (
        parsed.problems
    )


def test_text_without_a_charset_or_with_an_unknown_one_is_detected_and_noted():
    missing = parse_email(corpus("missing_charset.eml"))
    cyrillic = parse_email(corpus("cyrillic_unlabelled.eml"))

    assert missing.body == "The fee is £25 or €30; naïve résumé."
    assert missing.problems == ["Part 1 did not name its charset; read as windows-1252."]
    assert cyrillic.body.startswith("Здравствуйте! Документы по вашему запросу приложены")
    assert cyrillic.problems == ["Unknown charset 'x-user-defined' in part 1; read as cp1251."]


def test_8bit_text_labelled_ascii_is_windows_1252_as_outlook_meant():
    raw = b"Subject: x\nContent-Type: text/plain; charset=us-ascii\n\nWe\x92ll send it \x96 soon\n"

    parsed = parse_email(raw)

    assert (parsed.body, parsed.problems) == ("We’ll send it – soon", [])


def test_utf8_labelled_latin_1_is_read_as_utf8_with_a_problem():
    raw = (
        b"Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n\nCaf\xc3\xa9 \xe2\x80\x93 ok\n"
    )

    parsed = parse_email(raw)

    assert parsed.body == "Café – ok"
    assert parsed.problems == ["Part 1 said its text was iso-8859-1 but it was not; read as UTF-8."]


def test_seven_bit_charsets_such_as_japanese_iso_2022_jp_are_decoded():
    text = "情報公開請求への回答です。"
    raw = (
        b"Subject: =?iso-2022-jp?b?" + base64.b64encode("回答".encode("iso-2022-jp")) + b"?=\n"
        b"Content-Type: text/plain; charset=iso-2022-jp\n\n" + text.encode("iso-2022-jp")
    )

    parsed = parse_email(raw)

    assert (parsed.subject, parsed.body, parsed.problems) == ("回答", text, [])


def test_html_only_mail_becomes_text_without_its_markup_styles_or_scripts():
    parsed = parse_email(corpus("html_only.eml"))

    assert "Your request 26-118 has been closed & the records released." in parsed.body
    assert "Café hours: 9–5" in parsed.body
    assert ["Fee", "$0.00"] in [line.split() for line in parsed.body.splitlines()]
    for markup in ("<p>", "var x", "color: red", "&amp;"):
        assert markup not in parsed.body


def test_the_plain_alternative_is_kept_and_html_beside_plain_text_is_not_lost():
    alternative = EmailMessage()
    alternative.set_content("Plain words.")
    alternative.add_alternative("<p>Rich words.</p>", subtype="html")
    mixed = EmailMessage()
    mixed.make_mixed()
    html = EmailMessage()
    html.set_content("<p>The records are released.</p>", subtype="html")
    footer = EmailMessage()
    footer.set_content("This email was scanned by the county gateway.")
    mixed.attach(html)
    mixed.attach(footer)

    assert parse_email(alternative.as_bytes()).body == "Plain words."
    body = parse_email(mixed.as_bytes()).body
    assert "The records are released." in body and "scanned by the county gateway" in body


def test_an_inline_image_without_a_name_gets_one_with_its_extension():
    parsed = parse_email(corpus("inline_image.eml"))

    [(name, data, content_type)] = parsed.attachments
    assert (name, content_type) == ("part-3.png", "image/png")
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert parsed.body.strip() == "See the chart:"


def test_broken_mime_keeps_the_text_and_what_base64_could_be_decoded():
    broken = parse_email(corpus("broken_mime.eml"))
    unbounded = parse_email(corpus("no_boundary.eml"))

    assert broken.body == "Scanned document attached."
    assert broken.attachments[0][0] == "scan0001.pdf"
    assert broken.attachments[0][1].startswith(b"%PDF-1.4")
    assert any("base64" in p for p in broken.problems)
    assert "The request is granted in part." in unbounded.body
    assert "A MIME boundary was never found, so the parts are one text." in unbounded.problems


def test_broken_headers_are_read_as_far_as_they_go():
    parsed = parse_email(corpus("bad_headers.eml"))

    assert parsed.subject == "Café records– done"
    assert parsed.sent_on is None
    assert "The Date header 'Mon, 45 Foo 2026 99:99' is not a date." in parsed.problems
    assert parsed.body == "Body survives."
    assert all(isinstance(v, str) and "\x00" not in v for _, v in parsed.headers)
    assert parsed.delivered_to == ["foia@example.org"]


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00" * 64,
        b"\xff\xfe\xfd",
        b"Content-Type: multipart/mixed; boundary=b\n\n" + b"--b\nContent-Type: multipart/mixed; "
        b"boundary=b\n\n" * 600,
        b"Content-Type: text/plain; charset=zlib\n\nx\x9c\xcb\x00",
        b"Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n!!!!",
    ],
)
def test_hostile_bytes_never_raise(raw):
    parsed = parse_email(raw)

    assert isinstance(parsed.body, str)
    assert parsed.dedup_key and parsed.message is not None
    assert not any(p.startswith(UNREADABLE) for p in parsed.problems)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("levels", "problem"),
    [(60, "is nested too deeply"), (1100, "The message nests too many parts")],
)
def test_a_message_nested_too_deeply_is_kept_with_a_problem(levels, problem):
    raw = b"Subject: deep\n"
    for level in range(levels):
        raw += b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (level, level)
    raw += b"Content-Type: text/plain\n\ndeep down\n"

    parsed = parse_email(raw)

    assert parsed.subject == "deep"
    assert any(problem in p for p in parsed.problems)
    assert not any(p.startswith(UNREADABLE) for p in parsed.problems)


@pytest.mark.slow
def test_a_large_attachment_costs_only_a_few_copies_of_memory():
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 40_000
    message = EmailMessage()
    message["Subject"] = "Records"
    message.set_content("Attached.")
    message.add_attachment(pdf, "application", "pdf", filename="records.pdf")
    raw = message.as_bytes()

    tracemalloc.start()
    try:
        parsed = parse_email(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert parsed.attachments == [("records.pdf", pdf, "application/pdf")]
    # message_from_bytes alone peaked at 7.7 times, the parser fed in slices at 2.7 times; with
    # the base64 left out of what it reads, only the decoded file is left.
    assert peak < len(raw)


LARGE = bytes(range(256)) * 6000  # 1.5 MB: its base64 is read straight from the bytes


def _with(
    *files: tuple[str, bytes, str], body: str = "Attached.", subject: str = "Records"
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message.set_content(body)
    for name, data, media_type in files:
        main, sub = media_type.split("/")
        message.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return message


def _as_the_library_reads_it(raw: bytes) -> list[tuple[str, bytes]]:
    message = email.message_from_bytes(raw, policy=policy.default)
    return [(part.get_filename(), part.get_payload(decode=True)) for part in message.walk()][2:]


@pytest.mark.parametrize(
    "shape",
    ["lf", "crlf", "no final newline", "two files", "damaged padding", "one part only"],
)
def test_a_large_file_read_past_the_parser_is_what_the_library_reads(shape):
    message = _with(("a.pdf", LARGE, "application/pdf"), ("b.bin", LARGE[::-1], "image/png"))
    raw = message.as_bytes()
    if shape == "crlf":
        raw = raw.replace(b"\n", b"\r\n")
    elif shape == "no final newline":
        raw = raw.rstrip(b"\n")
    elif shape == "damaged padding":
        raw = raw.replace(b"=\n\n--", b"\n\n--", 1)
    elif shape == "one part only":
        raw = b"Content-Type: image/png\nContent-Transfer-Encoding: base64\n\n"
        raw += base64.encodebytes(LARGE)

    parsed = parse_email(raw)

    expected = _as_the_library_reads_it(raw) if shape != "one part only" else [(None, LARGE)]
    assert [data for _, data, _ in parsed.attachments] == [data for _, data in expected]
    assert parsed.body == ("" if shape == "one part only" else "Attached.")


def test_large_base64_text_and_attached_messages_read_in_full():
    inner = _with(("inner.pdf", LARGE, "application/pdf"), subject="Our letter")
    text = "The records follow. " * 80_000  # 1.6 MB of text, base64 in its part
    message = _with(body="See below.")
    message.add_attachment(text, subtype="plain", cte="base64", disposition="inline")
    message.add_attachment(inner)

    parsed = parse_email(message.as_bytes())

    assert parsed.body == "See below.\n\n" + text
    [(name, data, media_type)] = parsed.attachments
    assert (name, media_type) == ("Our letter.eml", "message/rfc822")
    forwarded = email.message_from_bytes(data, policy=policy.default)
    assert forwarded.get_payload()[1].get_payload(decode=True) == LARGE
