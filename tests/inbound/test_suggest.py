"""Suggestions of what a reply means: pure rules, no app needed."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foia.inbound.suggest import (
    find_amounts,
    find_dates,
    find_exemptions,
    find_tracking_number,
    make_key,
    sentences,
    suggest,
)
from foia.responses.exemptions import exemptions_for
from foia.responses.models import LEDGER_EVENT_FOR, RESPONSE_KINDS
from tests.inbound.corpus.replies.scoring import load, run

RECEIVED = date(2026, 11, 30)
OUR_LETTER = (
    "Dear Records Access Officer:\n"
    "I request a waiver of all fees. Please inform me of any fees over $50 before incurring "
    "them. If you deny any part of this request, cite the exemption you rely on. If the "
    "department holds no records in a category, a written statement saying so answers that "
    "category. Please produce the responsive records on a rolling basis and provide them on or "
    "before January 15, 2027. Our reference is FR-2026-00001.\n"
)
#: Our follow-up repeats what the agency said, so read as theirs it would suggest things.
OUR_FOLLOW_UP = (
    "Dear Records Access Officer:\n"
    "You acknowledged receipt of my request on November 3. On November 10 you estimated a fee "
    "of $120.00 and said you needed an additional 10 business days. The records were redacted "
    "under exemption (c). Please send the rest.\n"
)


def kinds(text: str, **kwargs) -> list[str]:
    return [s.kind for s in suggest(text, received_on=RECEIVED, **kwargs)]


def one(text: str, kind: str, **kwargs):
    found = [s for s in suggest(text, received_on=RECEIVED, **kwargs) if s.kind == kind]
    assert len(found) == 1, suggest(text, received_on=RECEIVED, **kwargs)
    return found[0]


# ------------------------------------------------------------------------ quoting ---


@pytest.mark.parametrize(
    "header",
    [
        "-----Original Message-----\nFrom: Transparency Project <foia@example.org>\n",
        "On Mon, Nov 23, 2026 at 9:02 AM Transparency Project <foia@example.org> wrote:\n",
        "On Mon, Nov 23, 2026 at 9:02 AM Transparency Project\n<foia@example.org> wrote:\n",
        "From: Transparency Project <foia@example.org>\nSent: Monday, November 23, 2026\n"
        "To: Records <records@town.example.gov>\nSubject: Public records request\n",
        "________________________________\nFrom: foia@example.org\n",
    ],
)
def test_our_letter_quoted_under_a_reply_header_suggests_nothing(header):
    reply = "Thanks, passing this along to the chief.\n\n"
    assert kinds(reply + header + "\n" + OUR_FOLLOW_UP + OUR_LETTER) == []
    # Without the header the follow-up would suggest things: the header is what stops it.
    assert len(kinds(reply + OUR_FOLLOW_UP)) >= 3


def test_our_letters_own_phrases_suggest_nothing_even_unquoted():
    assert kinds(OUR_LETTER) == []


def test_quoted_lines_are_ignored_but_the_reply_above_is_read():
    quoted = "".join(f"> {line}\n" for line in (OUR_FOLLOW_UP + OUR_LETTER).splitlines())
    text = "We received your request and will respond within ten business days.\n\n" + quoted
    assert kinds(text) == ["acknowledgement"]


def test_sentences_keep_citations_whole():
    text = "Records were redacted under G.L. c. 4, § 7(26)(c). No. 5 was withheld. Thank you."
    assert sentences(text) == [
        "Records were redacted under G.L. c. 4, § 7(26)(c).",
        "No. 5 was withheld.",
        "Thank you.",
    ]


def test_a_long_sentence_is_trimmed_to_400_characters():
    text = "Your request has been received " + "and reviewed " * 60 + "today."
    (found,) = suggest(text)
    assert len(found.sentence) == 400
    assert found.sentence.startswith("Your request has been received")


# ---------------------------------------------------------------------- negations ---


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        (
            "No fee will be charged for these records, which total $12.40 in copying.",
            "fee_estimate",
        ),
        ("There is no charge; the usual fee of $25 is waived.", "fee_estimate"),
        ("We are not denying your request; we need to consult Town Counsel.", "denial"),
        ("We do not anticipate needing an extension.", "extension"),
        ("No clarification is needed at this time.", "clarification"),
        ("Nothing has been withheld or redacted.", "partial_release"),
        ("Your request for a fee waiver is denied.", "denial"),
    ],
)
def test_negated_or_unrelated_phrases_do_not_trigger(text, absent):
    assert absent not in kinds(text)


def test_a_conditional_sentence_is_no_decision():
    assert kinds("If any records are withheld, we will cite the exemption that applies.") == []


def test_an_email_disclaimer_is_no_denial():
    text = (
        "CONFIDENTIALITY NOTICE: This e-mail message may contain information that is "
        "privileged and exempt from disclosure in its entirety under applicable law."
    )
    assert kinds(text) == []


# -------------------------------------------------------------------- extensions ---


@pytest.mark.parametrize(
    ("text", "days", "new_date"),
    [
        ("We anticipate producing the records on or before January 15, 2027.", None, "2027-01-15"),
        ("The Department will need until 1/15/2027 to finish the search.", None, "2027-01-15"),
        ("We require an additional 10 business days to respond.", 10, None),
        ("We must extend the time to respond by 30 days.", 30, None),
        ("The Town is extending its deadline by fourteen (14) days.", 14, None),
        ("We are taking a 10-day extension, to Dec. 21.", 10, "2026-12-21"),
        ("The deadline is extended to 2027-02-01.", None, "2027-02-01"),
    ],
)
def test_extension_days_and_dates(text, days, new_date):
    found = one(text, "extension")
    assert found.days == days
    assert found.new_date == (date.fromisoformat(new_date) if new_date else None)


def test_a_date_without_a_year_is_the_next_one_after_receipt():
    assert find_dates("by January 8", date(2026, 12, 20)) == [date(2027, 1, 8)]
    assert find_dates("by December 22", date(2026, 12, 20)) == [date(2026, 12, 22)]
    assert find_dates("by January 8") == []  # no year and nothing to read it against
    assert find_dates("by January 8", date.max) == []  # no next year to move to


def test_impossible_dates_are_skipped():
    assert find_dates("on 2/30/2027 or 13/01/2027 or February 31, 2027") == []


def test_the_statutory_period_alone_is_no_extension():
    assert kinds("We received your request and will respond within 10 business days.") == [
        "acknowledgement"
    ]


# ------------------------------------------------------------------------- fees ---


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("The estimated fee is $1,234.50.", "1234.50"),
        ("Prepayment of USD 75 is required.", "75"),
        ("A fee of $25 is required before release.", "25"),
        ("At $25.00 per hour for 6 hours, the total cost is $150.00.", "150.00"),
        ("The total due is 48 dollars.", "48"),
    ],
)
def test_fee_amounts(text, amount):
    assert one(text, "fee_estimate").amount == Decimal(amount)


def test_rates_and_thresholds_are_not_fees():
    assert find_amounts("Copies cost $0.05 per page and staff time $25/hour.") == []
    assert find_amounts("We will tell you of any fees over $50.") == []


def test_the_largest_amount_across_fee_sentences_is_the_estimate():
    text = "A 50% deposit ($90.00) is required. The estimated fee is $180.00."
    found = one(text, "fee_estimate")
    assert found.amount == Decimal("180.00")
    assert found.sentence == "The estimated fee is $180.00."


# -------------------------------------------------------------- tracking numbers ---


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Request P012345-112626 has been created.", "P012345-112626"),
        ("Your request R000123-010125 was received.", "R000123-010125"),
        ("We logged it as Request #24-118.", "24-118"),
        ("It has reference number 2026-0042.", "2026-0042"),
        ("It was assigned tracking number FOIA-2026-00123.", "FOIA-2026-00123"),
        ("Case #: 00982731", "00982731"),
        ("Request ID: 2026-BRK-0457", "2026-BRK-0457"),
    ],
)
def test_tracking_number_shapes(text, number):
    assert find_tracking_number(text) == number


def test_our_own_reference_is_not_their_tracking_number():
    assert find_tracking_number("Re: request number FR-2026-00001 has been received.") == ""
    text = "Your request FR-2026-00001 has been logged as request number 7781-26."
    assert find_tracking_number(text) == "7781-26"
    text = "Your request FR-2026-00001 has been received and logged."
    assert one(text, "acknowledgement").tracking_number == ""


def test_an_automatic_acknowledgement_carries_its_tracking_number():
    text = "Your request has been received and given the reference number R001234-111926."
    found = one(text, "acknowledgement")
    assert found.tracking_number == "R001234-111926"
    assert found.confidence == "likely"


def test_an_out_of_office_reply_is_no_acknowledgement():
    text = "I am out of the office until December 2. Your message has been received."
    assert kinds(text) == []


# -------------------------------------------------------------------- exemptions ---


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Withheld under exemption (f).", ("26f",)),
        ("Withheld under G.L. c. 4, § 7(26)(a).", ("26a",)),
        ("Withheld under clause (n).", ("26n",)),
        ("Redacted under 7(26)(c) and 7 (26) (d).", ("26c", "26d")),
        ("Withheld under exemptions (a), (c) and (g).", ("26a", "26c", "26g")),
        ("Withheld under G.L. c. 4, § 7, cl. Twenty-sixth (f).", ("26f",)),
        ("Redacted as CORI under G.L. c. 6, § 172.", ("CORI",)),
        ("Under § 10(b) and § 10A(a) the Town responds.", ()),
    ],
)
def test_massachusetts_exemptions(text, codes):
    assert find_exemptions(text, "US-MA") == codes


@pytest.mark.parametrize(
    ("jurisdiction", "text", "codes"),
    [
        (
            "US-NY",
            "Withheld under Public Officers Law §87(2)(e)(iv) and § 87 (2)(g).",
            ("87-2-e", "87-2-g"),
        ),
        ("US", "Withheld under Exemptions 6 and 7(C), 5 U.S.C. § 552(b)(6).", ("b6", "b7C")),
        ("US", "Withheld pursuant to (b)(7)(E) and b5.", ("b5", "b7E")),
        ("US-CA", "Withheld under Government Code section 7923.600.", ("7923.600",)),
        ("US-CA", "Withheld under former Government Code § 6254(f).", ("7923.600",)),
        ("US-WA", "Withheld under RCW 42.56.240(1).", ()),
    ],
)
def test_other_states_exemptions(jurisdiction, text, codes):
    assert find_exemptions(text, jurisdiction) == codes


def test_every_listed_exemption_is_recognised_by_its_own_citation():
    for state in ("US-MA", "US", "US-CA", "US-NY"):
        for exemption in exemptions_for(state):
            text = f"Records were withheld under {exemption.citation}."
            assert exemption.code in find_exemptions(text, state), exemption


def test_a_local_jurisdiction_uses_its_states_exemptions():
    text = "Portions were redacted under exemption (c); this completes our response."
    found = one(text, "partial_release", jurisdiction="US-MA:Boston")
    assert found.exemptions == ("26c",)


def test_partial_release_and_denial_are_told_apart():
    partial = "The attached records were redacted pursuant to exemption (c)."
    assert kinds(partial, attachment_names=["records.pdf"]) == ["partial_release"]
    full = "Your request is denied in full under M.G.L. c. 4, § 7(26)(f)."
    assert one(full, "denial").exemptions == ("26f",)
    assert kinds("There are no responsive records.") == ["no_records"]


def test_withheld_is_a_denial_without_records_and_partial_with_them():
    text = "The vendor contract has been withheld under clause (g)."
    assert kinds(text) == ["denial"]
    assert kinds(text, attachment_names=["policy.pdf"]) == ["partial_release"]


# ---------------------------------------------------------------- records produced ---


def test_record_attachments_suggest_a_final_response_but_letters_do_not():
    found = one("See attached.", "final_response", attachment_names=["Audit log.xlsx"])
    assert found.sentence == "Attached: Audit log.xlsx"
    assert found.confidence == "possible"
    assert kinds("See attached.", attachment_names=["Response Letter.pdf", "image001.png"]) == []


def test_records_promised_later_are_not_produced():
    assert kinds("The records will be released once payment is received.") == []
    assert kinds("The records are available for download at https://example.gov/x.") == [
        "final_response"
    ]


# ------------------------------------------------------------------------- shape ---


def test_suggestions_use_the_apps_response_kinds_and_stable_keys():
    text = (
        "Your request R002345-112026 has been received. The City requires an additional 15 "
        "business days, until December 22, 2026. The estimated fee is $62.50."
    )
    found = suggest(text, received_on=RECEIVED)
    assert [s.kind for s in found] == ["acknowledgement", "fee_estimate", "extension"]
    assert {s.kind for s in found} <= set(LEDGER_EVENT_FOR) & {k for k, _ in RESPONSE_KINDS}
    for s in found:
        assert s.key == make_key(s.kind, s.sentence)
        assert s.key.startswith(f"{s.kind}:") and len(s.key.split(":")[1]) == 10
    assert suggest(text, received_on=RECEIVED) == found


# ------------------------------------------------------------------------ corpus ---


def test_the_corpus_meets_the_precision_and_recall_floor():
    replies = load()
    assert len(replies) >= 70
    assert sum(r.held_out for r in replies) >= 15
    score = run(replies)
    assert score.precision() >= 0.9, score.misses
    assert score.recall() >= 0.85, score.misses


def test_every_shape_of_reply_is_in_the_corpus():
    expected = {e["kind"] for r in load() for e in r.expect}
    assert expected >= set(LEDGER_EVENT_FOR)
    assert any(not r.expect for r in load())
    assert {r.jurisdiction for r in load()} >= {"US-MA", "US", "US-NY", "US-CA"}


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(),
    names=st.lists(st.text(max_size=30), max_size=3),
    jurisdiction=st.sampled_from(["US-MA", "US", "US-CA", "US-NY", "US-WA", "", "XX:"]),
    received_on=st.none() | st.dates(),
)
def test_suggest_never_raises(text, names, jurisdiction, received_on):
    for s in suggest(
        text, attachment_names=names, jurisdiction=jurisdiction, received_on=received_on
    ):
        assert len(s.sentence) <= 400


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "$",
                "1,234.50",
                " USD ",
                " days",
                "January 31",
                "2/29/2027",
                " 9999-99-99 ",
                "extend",
                " by ",
                "(26)(f)",
                "exemption (",
                "Request #",
                "FR-2026-00001",
                ">",
                "\n",
                ". ",
                "On x wrote:",
                "redacted",
                "thirty (",
            ]
        ),
        max_size=30,
    ).map("".join),
    st.none() | st.dates(),
)
def test_suggest_never_raises_on_near_misses(text, received_on):
    suggest(text, received_on=received_on)
    find_tracking_number(text)
