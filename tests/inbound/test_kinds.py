"""Reply, auto-reply or bounce, on real-world-shaped mail (tests/inbound/corpus/kinds/)."""

import email
import re
from email import policy
from email.message import EmailMessage, Message
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia.inbound.classify import classify
from foia.inbound.kinds import Classification, Failure, MailKind
from foia.inbound.parse import parse_email

CORPUS = Path(__file__).parent / "corpus" / "kinds"
FILES = sorted(CORPUS.glob("*.eml"))
#: The file name's first word says the kind the file must get.
KIND_OF_PREFIX = {"reply": MailKind.REPLY, "auto": MailKind.AUTO_REPLY, "bounce": MailKind.BOUNCE}
UNREADABLE = classify(None).reason


def message_of(raw: bytes, mail_policy=policy.default) -> Message:
    return email.message_from_bytes(raw, policy=mail_policy)


def classified(name: str) -> Classification:
    return classify(message_of((CORPUS / name).read_bytes()))


def test_the_corpus_covers_every_kind_with_at_least_twenty_messages():
    prefixes = [path.name.split("-", 1)[0] for path in FILES]
    assert len(FILES) >= 20
    assert set(prefixes) == set(KIND_OF_PREFIX)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_each_message_gets_the_kind_its_file_name_says(path):
    result = classify(message_of(path.read_bytes()))

    assert result.kind is KIND_OF_PREFIX[path.name.split("-", 1)[0]], result.reason
    assert result.reason


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_the_parser_s_message_and_body_give_the_same_answer(path):
    parsed = parse_email(path.read_bytes())

    assert classify(parsed.message, parsed.body) == classify(message_of(path.read_bytes()))


BOUNCES = {
    "bounce-postfix-dsn.eml": (
        [
            Failure(
                "records@springfield.gov",
                "5.1.1",
                "550 5.1.1 <records@springfield.gov>: Recipient address rejected: "
                "User unknown in local recipient table",
                True,
            )
        ],
        "<176460210012.4242.1111111111111111@foia.example.org>",
    ),
    "bounce-exim.eml": (
        [
            Failure(
                "foia@countysheriff.gov",
                "5.1.1",
                "550 5.1.1 <foia@countysheriff.gov>: Recipient address rejected: User unknown",
                True,
            )
        ],
        "<176460601055.777.2222222222222222@foia.example.org>",
    ),
    "bounce-exchange-o365-ndr.eml": (
        [
            Failure(
                "publicrecords@riverton.gov",
                "5.1.10",
                "550 5.1.10 RESOLVER.ADR.RecipientNotFound; "
                "Recipient not found by SMTP address lookup",
                True,
            )
        ],
        "<176460900033.888.3333333333333333@foia.example.org>",
    ),
    "bounce-gmail-dsn.eml": (
        [
            Failure(
                "clerk@lakesidepd.org",
                "5.1.1",
                "550-5.1.1 The email account that you tried to reach does not exist. Please try "
                "double-checking the recipient's email address for typos or unnecessary spaces. "
                "https://support.google.com/mail/?p=NoSuchUser a1si1234567qkb.12 - gsmtp",
                True,
            )
        ],
        "<176461205511.999.4444444444444444@foia.example.org>",
    ),
    "bounce-qmail.eml": (
        [
            Failure(
                "sheriff.records@ruralcounty.net",
                "5.1.1",
                "Sorry, no mailbox here by that name. (#5.1.1)",
                True,
            )
        ],
        "<176461592111.555.5555555555555555@foia.example.org>",
    ),
    "bounce-sendmail-transcript.eml": (
        [
            Failure(
                "police.chief@oldtown.gov",
                "5.2.1",
                "550 5.2.1 <police.chief@oldtown.gov>... Mailbox disabled for this recipient",
                True,
            )
        ],
        "<176461572900.666.6666666666666666@foia.example.org>",
    ),
    "bounce-postfix-two-recipients.eml": (
        [
            Failure(
                "chief@millbrook.gov",
                "5.2.2",
                "552 5.2.2 <chief@millbrook.gov>: Mailbox full",
                True,
            ),
            # Original-Recipient (the address we wrote) wins over the forwarded Final-Recipient.
            Failure(
                "records@millbrook.gov",
                "5.7.1",
                "550 5.7.1 Message rejected as spam by policy",
                True,
            ),
        ],
        "<176477040000.999.9999999999999999@foia.example.org>",
    ),
    "bounce-nonstandard-plain.eml": (
        [
            Failure(
                "clerk@villageofelm.org",
                "5.7.1",
                "550 5.7.1 Relaying denied for clerk@villageofelm.org",
                True,
            )
        ],
        "<176478900010.1010.1010101010101010@foia.example.org>",
    ),
}


def test_every_bounce_in_the_corpus_has_its_details_checked():
    assert set(BOUNCES) == {path.name for path in FILES if path.name.startswith("bounce-")}


@pytest.mark.parametrize("name", sorted(BOUNCES))
def test_a_bounce_tells_which_address_failed_why_and_which_message_it_was(name):
    failures, original = BOUNCES[name]

    result = classified(name)

    assert result.kind is MailKind.BOUNCE
    assert list(result.failures) == failures
    assert result.original_message_id == original


def test_a_bounce_from_a_broken_message_read_leniently_gives_the_same_details():
    raw = (CORPUS / "bounce-postfix-dsn.eml").read_bytes()

    result = classify(message_of(raw, policy.compat32))

    assert result == classified("bounce-postfix-dsn.eml")


def test_a_server_that_gave_up_after_retrying_is_a_bounce_but_not_permanent():
    raw = (CORPUS / "bounce-postfix-dsn.eml").read_bytes()
    raw = raw.replace(b"Status: 5.1.1", b"Status: 4.4.7").replace(
        b"smtp; 550 5.1.1 <records@springfield.gov>: Recipient address\n    rejected: "
        b"User unknown in local recipient table",
        b"smtp; 421 4.4.7 Connection timed out",
    )

    result = classify(message_of(raw))

    assert result.kind is MailKind.BOUNCE
    assert result.failures == (
        Failure("records@springfield.gov", "4.4.7", "421 4.4.7 Connection timed out", False),
    )


@pytest.mark.parametrize(
    ("name", "where"),
    [
        ("auto-delayed-dsn.eml", "records@harborcity.gov (4.4.7)"),
        ("auto-exim-delay-warning.eml", "openrecords@bayshore.gov (4.7.1)"),
    ],
)
def test_a_delay_warning_is_an_automatic_reply_not_a_failure(name, where):
    result = classified(name)

    assert result.kind is MailKind.AUTO_REPLY
    assert result.reason.lower().startswith("delivery delayed")
    assert where in result.reason
    assert result.failures == ()


def test_a_delay_warning_still_names_the_message_it_is_about():
    assert classified("auto-delayed-dsn.eml").original_message_id == (
        "<176462000077.777.7777777777777777@foia.example.org>"
    )


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("auto-exchange-oof.eml", "Out-of-office subject (Exchange: 'Automatic reply:')"),
        ("auto-oof-quoting-reference.eml", "Auto-Submitted: auto-replied"),
        ("auto-gmail-vacation.eml", "Auto-Submitted: auto-replied"),
        ("auto-lotus-notes-oof.eml", "Lotus Notes"),
        ("auto-challenge-response.eml", "X-Autorespond"),
        ("auto-unix-vacation.eml", "Precedence: junk"),
        ("auto-read-receipt.eml", "Read receipt"),
        ("auto-govqa-acknowledgement.eml", "Automatic acknowledgement"),
        ("auto-nextrequest-acknowledgement.eml", "no-reply sender"),
        ("bounce-postfix-dsn.eml", "Delivery status report (RFC 3464)"),
        ("reply-portal-records-attached.eml", "carries attachments"),
    ],
)
def test_the_reason_says_in_plain_words_what_gave_it_away(name, words):
    assert words in classified(name).reason


def test_an_out_of_office_quoting_our_reference_is_not_the_agency_s_response():
    # Found by review: the reference in its subject once filed it as the agency's answer.
    result = classified("auto-oof-quoting-reference.eml")

    assert result.kind is MailKind.AUTO_REPLY
    assert result.original_message_id == ""


def test_a_portal_acknowledgement_promising_records_and_fees_is_still_an_acknowledgement():
    # GovQA: "an email when your request has been completed ... notified of any fee estimate".
    assert classified("auto-govqa-acknowledgement.eml").kind is MailKind.AUTO_REPLY


def test_outlook_s_response_suppression_header_alone_is_no_sign():
    message = message_of((CORPUS / "reply-outlook.eml").read_bytes())
    assert message["X-Auto-Response-Suppress"] == "All"

    assert classify(message).kind is MailKind.REPLY


def test_exchange_s_suppression_header_with_an_inbox_rule_loop_is_a_sign():
    message = message_of((CORPUS / "reply-outlook.eml").read_bytes())
    message["X-MS-Exchange-Inbox-Rules-Loop"] = "jokafor@westfieldpd.gov"

    result = classify(message)

    assert result.kind is MailKind.AUTO_REPLY
    assert "X-MS-Exchange-Inbox-Rules-Loop" in result.reason


def human(body: str, **headers: str) -> EmailMessage:
    message = EmailMessage()
    fields = {
        "From": "Ana Ruiz <aruiz@baycounty.gov>",
        "To": "reply+fr-2026-00017@foia.example.org",
        "Subject": "Re: Public records request FR-2026-00017",
    }
    fields.update({name.replace("_", "-"): value for name, value in headers.items()})
    for name, value in fields.items():
        message[name] = value
    message.set_content(body)
    return message


@pytest.mark.parametrize(
    ("headers", "kind"),
    [
        ({"Auto_Submitted": "no"}, MailKind.REPLY),
        ({"Auto_Submitted": "auto-notified"}, MailKind.AUTO_REPLY),
        ({"Precedence": "list"}, MailKind.REPLY),
        ({"Precedence": "bulk"}, MailKind.AUTO_REPLY),
        ({"X_Autoreply": "yes"}, MailKind.AUTO_REPLY),
        ({"X_Autogenerated": "Reply"}, MailKind.AUTO_REPLY),
        ({"X_Mailer": "vacation 1.2.7"}, MailKind.AUTO_REPLY),
    ],
)
def test_headers_that_do_and_do_not_mark_an_automatic_message(headers, kind):
    assert classify(human("We are looking into it.", **headers)).kind is kind


def test_out_of_office_words_at_the_start_of_a_message_with_a_file_are_a_reply():
    message = human("I am out of the office until Monday.\nThe records you asked for are here.")
    message.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="r.pdf")

    assert classify(message).kind is MailKind.REPLY


def test_out_of_office_words_above_a_quoted_request_are_a_reply():
    body = "I'm on leave next week, so here is what we found.\n\n> Dear Records Officer,\n"

    assert classify(human(body)).kind is MailKind.REPLY


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Request #26-1184 has been closed. The Town released 3 documents.", MailKind.REPLY),
        ("Your records are now available. Download your records here.", MailKind.REPLY),
        ("We need clarification: which years do you mean?", MailKind.REPLY),
        ("A fee estimate of $25.00 is attached to your request.", MailKind.REPLY),
        (
            "Your request was received. You may download your records once released.",
            MailKind.AUTO_REPLY,
        ),
        (
            "Thank you for your request. We will email you when records are available.",
            MailKind.AUTO_REPLY,
        ),
        ("This mailbox is not monitored.", MailKind.AUTO_REPLY),
    ],
)
def test_an_automatic_message_is_a_reply_when_its_words_deliver_a_response(body, kind):
    result = classify(human(body, Auto_Submitted="auto-generated"))

    assert result.kind is kind, result.reason
    assert ("words of a response" in result.reason) is (kind is MailKind.REPLY)


def test_a_bounce_a_person_forwards_to_us_is_their_reply():
    message = human("This bounced from your system, please resend to clerk@baycounty.gov.")
    bounce = message_of((CORPUS / "bounce-postfix-dsn.eml").read_bytes())
    message.add_attachment(bounce)

    assert classify(message).kind is MailKind.REPLY


def test_a_mailer_daemon_message_with_no_failure_is_an_automatic_reply():
    message = human("Your message was received by the relay.", From="MAILER-DAEMON@relay.gov")

    assert classify(message) == Classification(
        MailKind.AUTO_REPLY, "Sent by a mail server (MAILER-DAEMON)"
    )


@pytest.mark.parametrize("bad", [None, b"not a message", Message()])
def test_anything_at_all_is_classified_without_raising(bad):
    assert classify(bad, body=None).kind is MailKind.REPLY


def test_malformed_headers_are_read_as_missing():
    raw = (
        b"From: =?utf-8?q?broken <<<@@>>>\nTo: ,,,@\nSubject: =?x-unknown?b?!!!?=\n"
        b"Auto-Submitted: auto-replied\nContent-Type: multipart/report; boundary=\n\nbody\n"
    )

    assert classify(message_of(raw)).kind is MailKind.AUTO_REPLY


@st.composite
def mutated(draw) -> bytes:
    raw = draw(st.sampled_from(FILES)).read_bytes()
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, max(len(raw) - 1, 0)))
        how = draw(st.sampled_from(["truncate", "flip", "drop_line", "insert"]))
        if how == "truncate":
            raw = raw[:where]
        elif how == "flip" and raw:
            raw = raw[:where] + bytes([raw[where] ^ draw(st.integers(1, 255))]) + raw[where + 1 :]
        elif how == "drop_line":
            lines = raw.split(b"\n")
            del lines[where % max(len(lines), 1) : where % max(len(lines), 1) + 1]
            raw = b"\n".join(lines)
        else:
            raw = raw[:where] + draw(st.binary(max_size=40)) + raw[where:]
    return raw


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=mutated(), lenient=st.booleans())
def test_classify_never_raises_on_mutated_mail(raw, lenient):
    message = message_of(raw, policy.compat32 if lenient else policy.default)

    result = classify(message, raw[-400:].decode("utf-8", "replace"))

    assert isinstance(result.kind, MailKind)
    assert result.reason != UNREADABLE  # each risky read copes by itself
    assert all(failure.address == failure.address.lower() for failure in result.failures)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.stem)
def test_raw_8bit_in_from_gives_the_same_answer_from_the_parser(path):
    # The parser's tree reads headers with the legacy policy; 8-bit ones must still read as
    # text (flufl.bounce lower()s From), as the modern policy gives them.
    raw = re.sub(rb"(?m)^From: ", "From: Café ".encode(), path.read_bytes(), count=1)
    parsed = parse_email(raw)

    assert classify(parsed.message, parsed.body) == classify(message_of(raw))


def test_an_8bit_out_of_office_subject_is_read_as_text():
    raw = "Subject: Réponse automatique : absent\nFrom: a@b.fr\n\nBonjour.\n".encode()
    parsed = parse_email(raw)

    result = classify(parsed.message, parsed.body)

    assert result.kind is MailKind.AUTO_REPLY, result.reason
    assert result == classify(message_of(raw))
