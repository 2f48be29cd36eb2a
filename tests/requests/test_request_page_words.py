"""The request page and the appeal PDF speak to people (issue #16 §4): labels, not stored codes;
times in the organisation's zone; a letter's real state; a reply's kind said once.

The browser scan (tests/browser/test_every_page_text.py) finds such words on every page; these
tests pin each cause on one request, without a browser.
"""

import io
import re
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select

from foia import clock
from foia.db import utcnow
from foia.extensions import db
from foia.requests import operations
from foia.requests.models import LetterKind, RequestLetter
from foia.responses.models import Appeal
from foia.web import local_time
from tests.support.html import Page, page
from tests.support.responses import filed_request, recent_monday, text_pdf

#: The browser scan's rule: a lowercase word joined to another by an underscore is a code.
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
#: Shown as typed, not read as words (the scan leaves these out too).
AS_TYPED = {"code", "pre", "kbd", "samp", "input", "textarea", "select", "script", "style"}


def words_of(shown: Page) -> str:
    """Return the page's text as a person reads it, without what is shown as typed."""

    def walk(element) -> str:
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in AS_TYPED:
            return element.tail or ""
        inner = (element.text or "") + "".join(walk(child) for child in element)
        return inner + (element.tail or "")

    return re.sub(r"\s+", " ", walk(shown.one("body")))


def log_reply(client, records_request, kind: str, channel: str = "in_person") -> None:
    """Log a reply through the form, with no subject of its own."""
    response = client.post(
        f"/requests/{records_request.id}/responses/new",
        data={
            "received_on": clock.today().isoformat(),
            "channel": channel,
            "kind": kind,
            "sender": "Records Access Officer",
            "summary": "The agency's words.",
            "attachments": [(io.BytesIO(text_pdf("Their letter")), "reply.pdf")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def approved_letter(records_request) -> RequestLetter:
    """Give the request its letter, approved by a lawyer and filed through a portal (never sent
    by us, so it has no sent_at)."""
    letter = RequestLetter(
        records_request=records_request,
        kind=LetterKind.REQUEST,
        subject="Public records request: face recognition",
        body_html="<p>Dear Records Access Officer,</p>",
        body_text="Dear Records Access Officer,",
    )
    db.session.add(letter)
    records_request.approved_at = utcnow() - timedelta(days=1)
    db.session.commit()
    return letter


def test_the_request_page_shows_no_code_and_says_each_thing_once(app, client_for):
    lawyer = client_for("lawyer")
    records_request = filed_request(recent_monday(clock.today()))
    approved_letter(records_request)
    log_reply(lawyer, records_request, "fee_estimate")
    # A mistaken event, removed: the ledger says when, in the organisation's zone.
    mistake = operations.add_event(
        records_request, "acknowledged", clock.today(), today=clock.today(), actor=lawyer.user
    )
    operations.remove_event(mistake, reason="Logged twice", today=clock.today(), actor=lawyer.user)
    db.session.commit()

    shown = page(lawyer.get(f"/requests/{records_request.id}"))
    text = words_of(shown)

    assert SNAKE_CASE.findall(text) == []
    # A fee estimate does not pause a Massachusetts clock: the red alert says so in words.
    alerts = " ".join(shown.texts("section[aria-labelledby='clocks-heading'] .flash-error"))
    assert "“Fee estimate” of" in alerts and "does not pause the clock" in alerts
    # The reply's kind is its subject already: said once, not "Fee estimate Fee estimate".
    (title,) = [t for t in shown.texts(".thread .message-title") if "Received" in t]
    assert title.endswith("Received by in person: Fee estimate"), title
    # The ledger's detail names the channel in words.
    assert "Fee estimate received by in person from Records Access Officer" in text
    # The approved letter is labelled approved, not draft.
    (row,) = shown.table("#letter-heading ~ table")
    assert row["State"] == f"approved {local_time(records_request.approved_at, '%d %b %Y')}"
    assert "The letter (approved)" in shown.texts("#letter-heading ~ details summary")
    # Times are in the organisation's zone, never "UTC".
    db.session.refresh(mistake)
    assert f"Removed by {lawyer.user.display_name} on {local_time(mistake.removed_at)}" in text
    assert "UTC" not in text


def test_a_reply_whose_subject_is_not_its_kind_keeps_the_kind_tag(app, client_for):
    lawyer = client_for("lawyer")
    records_request = filed_request(recent_monday(clock.today()))
    log_reply(lawyer, records_request, "denial", channel="email")
    communication = records_request.communications[-1]
    communication.subject = "Re: your request of last month"
    db.session.commit()

    shown = page(lawyer.get(f"/requests/{records_request.id}"))

    (title,) = [t for t in shown.texts(".thread .message-title") if "Received" in t]
    assert title.endswith("Received by email: Re: your request of last month Denial"), title


def test_a_sent_letter_shows_its_time_in_the_organisation_zone(app, client_for):
    lawyer = client_for("lawyer")
    records_request = filed_request(recent_monday(clock.today()))
    letter = approved_letter(records_request)
    letter.sent_at = utcnow()
    db.session.commit()

    shown = page(lawyer.get(f"/requests/{records_request.id}"))

    (row,) = shown.table("#letter-heading ~ table")
    assert row["State"] == f"sent {local_time(letter.sent_at)}"
    assert "UTC" not in row["State"]


def pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_the_appeal_pdf_names_the_channel_in_words(app, client_for):
    lawyer = client_for("lawyer")
    records_request = filed_request(recent_monday(clock.today()))
    log_reply(lawyer, records_request, "denial")
    lawyer.post(f"/requests/{records_request.id}/appeals")
    appeal = db.session.scalars(select(Appeal)).one()

    text = pdf_text(lawyer.get(f"/appeals/{appeal.id}/appeal.pdf").data)

    assert "by in person: Denial" in text
    assert "in_person" not in text


def test_an_overdue_clock_is_named_by_its_label(app, client_for):
    lawyer = client_for("lawyer")
    # Filed eight weeks ago: the 10-business-day response (M.G.L. c. 66 § 10(b)) is long missed.
    records_request = filed_request(recent_monday(clock.today(), weeks_back=8))

    shown = page(lawyer.get(f"/requests/{records_request.id}"))

    (warning,) = shown.texts("#assignment .flash-warning")
    assert warning.startswith("Response: the deadline passed"), warning
