"""Real-world-shaped mail through the whole pipeline: parse, classify, suggest.

Each file in tests/inbound/corpus/kinds/realworld/ is modelled on what a mail system or a
records office really sends (Exchange and Microsoft 365 reports, Gmail, Yahoo, Postfix, Exim,
filtering gateways, out-of-office replies in several languages, GovQA, NextRequest, JustFOIA,
Laserfiche, people replying from Outlook or a phone). EXPECTED says, for each, what a careful
reader would conclude: its kind, for a bounce the address that failed and the status, and for a
reply what it means. The files live apart from corpus/kinds/*.eml, whose file names alone say
the kind; here the table does, with the details.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from foia.inbound.classify import classify
from foia.inbound.kinds import MailKind
from foia.inbound.parse import parse_email
from foia.inbound.suggest import find_tracking_number, suggest

CORPUS = Path(__file__).parent / "corpus" / "kinds" / "realworld"
BOUNCE, AUTO, REPLY = MailKind.BOUNCE, MailKind.AUTO_REPLY, MailKind.REPLY


@dataclass(frozen=True)
class Expected:
    """What a careful reader concludes from one message."""

    kind: MailKind
    #: Bounces: (address, status) of each failure, in order.
    failed: tuple[tuple[str, str], ...] = ()
    #: Words the reason (or, for a bounce, the first failure's diagnostic) must contain.
    words: str = ""
    #: Suggestion kinds, in the order shown; None means not checked (bounces, out-of-office).
    suggestions: tuple[str, ...] | None = None
    tracking: str = ""
    amount: str | None = None
    days: int | None = None
    new_date: date | None = None


EXPECTED = {
    # --- bounces: the address we wrote to and the RFC 3463 status -------------------------
    "bounce-o365-recipient-not-found.eml": Expected(
        BOUNCE, (("publicrecords@lakewoodoh.gov", "5.1.10"),), "RecipientNotFound"
    ),
    "bounce-exchange2010-recipient-not-found.eml": Expected(
        BOUNCE, (("records@townofalden.gov", "5.1.1"),), "RESOLVER.ADR.RecipNotFound"
    ),
    "bounce-exchange2010-mailbox-full.eml": Expected(
        BOUNCE, (("hbeck@cityofharlan.gov", "5.2.2"),), "mailbox full"
    ),
    "bounce-gmail-address-not-found.eml": Expected(
        BOUNCE, (("clerk@marionky.gov", "5.1.1"),), "User unknown"
    ),
    "bounce-gmail-domain-not-found.eml": Expected(
        BOUNCE, (("records@cityofmarion-ks.gov", "5.1.2"),), "NXDOMAIN"
    ),
    "bounce-gmail-proofpoint-blocked.eml": Expected(
        BOUNCE, (("openrecords@bristolcountyda.org", "5.0.0"),), "proofpoint"
    ),
    "bounce-yahoo-failure-notice.eml": Expected(
        BOUNCE, (("townclerk.eastbrook@yahoo.com", ""),), "mailbox is disabled"
    ),
    # The alias we wrote to, not the mailbox it expanded to.
    "bounce-postfix-local-alias.eml": Expected(
        BOUNCE, (("records@townofgrafton.org", "5.1.1"),), "unknown user"
    ),
    # Exim's report says only 5.0.0; the remote server's own code is the useful one.
    "bounce-exim-remote-rejected.eml": Expected(
        BOUNCE, (("foia@smallvillepd.org", "5.4.1"),), "Access denied"
    ),
    # The report has no Diagnostic-Code: the server's words come from the notice above it.
    "bounce-cpanel-exim-no-such-user.eml": Expected(
        BOUNCE, (("records@villageofhope-ny.org", "5.0.0"),), "No Such User Here"
    ),
    "bounce-postfix-mimecast-rejected.eml": Expected(
        BOUNCE, (("publicrecords@essexcountysheriff.org", "5.0.0"),), "Invalid Recipient"
    ),
    "bounce-o365-barracuda-blocked.eml": Expected(
        BOUNCE, (("records@cityofnorthport.gov", "5.0.0"),), "permanent failure"
    ),
    # --- delays: still being tried, so not a failure ----------------------------------------
    "auto-o365-delivery-delayed.eml": Expected(AUTO, words="foia@ridgefieldpolice.org (4.4.7)"),
    "auto-postfix-quota-delayed.eml": Expected(AUTO, words="dgarcia@pinecountyfl.gov (4.2.2)"),
    # --- out of office --------------------------------------------------------------------
    "auto-o365-oof-spanish.eml": Expected(AUTO, words="Respuesta automática", suggestions=()),
    "auto-o365-oof-french.eml": Expected(AUTO, words="Réponse automatique", suggestions=()),
    "auto-gmail-vacation-responder.eml": Expected(AUTO, words="auto-replied", suggestions=()),
    "auto-icloud-vacation.eml": Expected(AUTO, words="auto-replied", suggestions=()),
    "auto-zimbra-vacation.eml": Expected(AUTO, words="auto-replied", suggestions=()),
    "auto-lotus-domino-auto.eml": Expected(AUTO, words="Lotus Notes", suggestions=()),
    # An automatic reply, and the address it came from is dead: the reason says so.
    "auto-mailbox-no-longer-monitored.eml": Expected(
        AUTO, words="no longer monitored", suggestions=()
    ),
    "auto-address-retired-no-headers.eml": Expected(AUTO, words="no longer in use", suggestions=()),
    # --- records portals: acknowledgements are automatic, answers are replies -------------
    "auto-govqa-records-center-ack.eml": Expected(
        AUTO, suggestions=("acknowledgement",), tracking="P012345-112626"
    ),
    "auto-nextrequest-submitted.eml": Expected(
        AUTO, suggestions=("acknowledgement",), tracking="24-118"
    ),
    "auto-justfoia-received.eml": Expected(
        AUTO, suggestions=("acknowledgement",), tracking="HCSO-2026-01873"
    ),
    "auto-laserfiche-forms-confirmation.eml": Expected(
        AUTO, suggestions=("acknowledgement",), tracking="PRR-2026-0456"
    ),
    "reply-govqa-request-closed.eml": Expected(
        REPLY, suggestions=("final_response",), tracking="P012345-112626"
    ),
    "reply-govqa-message-clarification.eml": Expected(
        REPLY, suggestions=("clarification",), tracking="P012345-112626"
    ),
    "reply-nextrequest-documents-released.eml": Expected(
        REPLY, suggestions=("final_response",), tracking="24-118"
    ),
    "reply-nextrequest-closed.eml": Expected(
        REPLY, suggestions=("partial_release", "final_response"), tracking="24-118"
    ),
    "reply-nextrequest-due-date-extended.eml": Expected(
        REPLY, suggestions=("extension",), tracking="24-118", new_date=date(2027, 1, 15)
    ),
    # --- people ---------------------------------------------------------------------------
    "reply-outlook-extension-quoted.eml": Expected(
        REPLY,
        suggestions=("acknowledgement", "extension"),
        days=10,
        new_date=date(2026, 12, 21),
    ),
    "reply-outlook-html-only-quoted.eml": Expected(REPLY, suggestions=("no_records",)),
    "reply-iphone-received-quoted.eml": Expected(REPLY, suggestions=("acknowledgement",)),
    "reply-fee-html-table.eml": Expected(REPLY, suggestions=("fee_estimate",), amount="104.50"),
    "reply-partial-denial-pdf-cover.eml": Expected(REPLY, suggestions=("partial_release",)),
    "reply-received-thank-you.eml": Expected(REPLY, suggestions=("acknowledgement",)),
}
NAMES = sorted(EXPECTED)


def read(name: str):
    parsed = parse_email((CORPUS / name).read_bytes())
    return parsed, classify(parsed.message, parsed.body)


def suggested(parsed):
    names = [attachment[0] for attachment in parsed.attachments]
    return suggest(parsed.body, attachment_names=names, received_on=parsed.sent_on)


def test_every_file_has_its_expectations_and_there_are_at_least_thirty():
    assert {path.name for path in CORPUS.glob("*.eml")} == set(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.parametrize("name", NAMES)
def test_each_message_gets_its_kind(name):
    _, result = read(name)

    assert result.kind is EXPECTED[name].kind, result.reason


@pytest.mark.parametrize("name", [n for n in NAMES if EXPECTED[n].kind is BOUNCE])
def test_a_bounce_names_the_address_we_wrote_to_and_the_status(name):
    expected = EXPECTED[name]
    _, result = read(name)

    assert [(f.address, f.status) for f in result.failures] == list(expected.failed)
    assert all(f.is_permanent for f in result.failures)
    assert expected.words.lower() in result.failures[0].diagnostic.lower()
    assert result.original_message_id.endswith("@foia.example.org>") or (
        "outlook.com>" in result.original_message_id
    )


@pytest.mark.parametrize("name", [n for n in NAMES if EXPECTED[n].kind is not BOUNCE])
def test_nothing_but_a_bounce_reports_a_failed_address(name):
    _, result = read(name)

    assert result.failures == ()
    assert EXPECTED[name].words in result.reason


@pytest.mark.parametrize("name", [n for n in NAMES if EXPECTED[n].suggestions is not None])
def test_the_suggestions_say_what_the_message_means(name):
    expected = EXPECTED[name]
    parsed, _ = read(name)

    found = {s.kind: s for s in suggested(parsed)}

    assert tuple(found) == expected.suggestions, [(s.kind, s.sentence) for s in found.values()]
    if "fee_estimate" in found:
        assert found["fee_estimate"].amount == Decimal(expected.amount)
    if "extension" in found:
        assert (found["extension"].days, found["extension"].new_date) == (
            expected.days,
            expected.new_date,
        )
    if "acknowledgement" in found:
        assert found["acknowledgement"].tracking_number == expected.tracking


@pytest.mark.parametrize("name", [n for n in NAMES if EXPECTED[n].tracking])
def test_a_portal_s_tracking_number_is_found(name):
    parsed, _ = read(name)

    assert find_tracking_number(parsed.body) == EXPECTED[name].tracking


# --- the general rules behind the fixes, on variations of the files above ---------------------


def test_a_person_saying_a_colleague_left_is_a_reply_but_a_dead_mailbox_notice_is_not():
    left = (
        "Officer Reyes is no longer with the Department. I have forwarded your request to Lt. Cho."
    )
    dead = "This mailbox is no longer monitored. Please write to records@town.example.gov."

    assert classify(parse_email(f"From: a@town.example.gov\n\n{left}\n".encode()).message).kind is (
        REPLY
    )
    result = classify(parse_email(f"From: a@town.example.gov\n\n{dead}\n".encode()).message)
    assert result.kind is AUTO
    assert "records@town.example.gov instead" in result.reason


def test_a_generic_report_status_gives_way_to_the_server_s_own_code_of_the_same_class():
    raw = (CORPUS / "bounce-exim-remote-rejected.eml").read_bytes()
    other_class = raw.replace(b"Status: 5.0.0", b"Status: 4.0.0")

    assert read("bounce-exim-remote-rejected.eml")[1].failures[0].status == "5.4.1"
    parsed = parse_email(other_class)
    assert classify(parsed.message, parsed.body).failures[0].status == "4.0.0"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We will notify you within ten business days if we need more time.", "extension"),
        ("You may be contacted if a deposit is required before records are released.", "final"),
    ],
)
def test_promises_of_what_might_happen_suggest_nothing(text, absent):
    assert not [s for s in suggest(text) if s.kind.startswith(absent)]


@pytest.mark.parametrize(
    ("names", "kind"),
    [
        (["Denial Letter 2026-118.pdf"], "denial"),
        (["No_Records_Response.pdf"], "no_records"),
        (["Extension notice.pdf"], "extension"),
        (["Partial Denial.pdf", "Records.pdf"], "partial_release"),
    ],
)
def test_an_attached_letter_s_name_is_read_when_the_email_says_nothing(names, kind):
    cover = "Please see the attached response to your public records request."

    found = suggest(cover, attachment_names=names)

    assert [(s.kind, s.confidence) for s in found] == [(kind, "possible")]
    # The email's own words, when they say something, are not second-guessed by a file name.
    said = suggest("No responsive records were located.", attachment_names=names[:1])
    assert [s.kind for s in said] == ["no_records"]
