"""The chronology PDF: each letter printed once, what became of each category, and the fees."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from pypdf import PdfReader

from foia.extensions import db
from foia.requests.models import Communication, RequestLetter
from foia.responses.models import CategoryOutcome, Fee
from tests.support.responses import filed_request

LETTER_TEXT = "We ask for every face recognition search log."


def _pdf_text(data: bytes) -> str:
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def _request_with_letter_outcomes_and_fee():
    records_request = filed_request(date(2026, 11, 2))
    # Sent at 01:16 UTC on 3 November: still 2 November in New York.
    letter = RequestLetter(
        records_request=records_request,
        kind="request",
        subject="Public records request",
        body_html=f"<p>{LETTER_TEXT}</p>",
        body_text=LETTER_TEXT,
        sent_at=datetime(2026, 11, 3, 1, 16, tzinfo=UTC),
    )
    db.session.add(letter)
    db.session.flush()
    db.session.add(
        Communication(
            records_request=records_request,
            direction="out",
            channel="email",
            occurred_on=date(2026, 11, 2),
            subject="Public records request",
            body=LETTER_TEXT,
            letter_id=letter.id,
        )
    )
    first, second, *_ = records_request.category_slugs
    db.session.add_all(
        [
            CategoryOutcome(
                request_id=records_request.id,
                category_slug=first,
                outcome="withheld",
                exemption_text="Investigatory materials",
            ),
            CategoryOutcome(
                request_id=records_request.id, category_slug=second, outcome="produced"
            ),
            Fee(
                request_id=records_request.id,
                kind="estimate",
                amount=Decimal("1250.00"),
                occurred_on=date(2026, 11, 20),
                note="40 hours of search",
            ),
        ]
    )
    db.session.commit()
    return records_request


def test_the_chronology_prints_each_letter_once_with_outcomes_and_fees(app, volunteer_client):
    records_request = _request_with_letter_outcomes_and_fee()

    response = volunteer_client.get(f"/requests/{records_request.id}/chronology.pdf")

    text = _pdf_text(response.data)
    assert text.count(LETTER_TEXT) == 1
    assert "Our letter Request" in text
    assert "Withheld Investigatory materials" in text and "Produced" in text
    assert "Fee estimate $1,250.00 40 hours of search" in text
    assert "withheld" not in text and "fee_estimate" not in text  # labels, not codes
