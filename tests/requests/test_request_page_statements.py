"""The request page of a full demo-like request is served in at most 10 SQL statements and under
60 KB of HTML, for a lawyer and a volunteer (issue 16 §5), on SQLite and PostgreSQL alike."""

from __future__ import annotations

import traceback
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, select

from foia import clock
from foia.documents.operations import Upload
from foia.documents.storage import store_for
from foia.extensions import db
from foia.inbound.models import DeliveryFailure, InboundEmail
from foia.requests.models import RecordsRequest
from foia.responses import appeals
from foia.responses import operations as responses
from foia.responses.kinds import FeeKind, Outcome, ResponseKind
from tests.support.factories import create_user, login_as
from tests.support.html import page as parse
from tests.support.inbound import import_mail
from tests.support.responses import email_bytes, text_pdf

MAX_STATEMENTS = 10
MAX_HTML_BYTES = 60 * 1024


@pytest.fixture
def demo_request(app, runner):
    """The demo's denied request (Somerville) with one of everything the page shows."""
    result = runner.invoke(args=["seed", "--demo"])
    assert result.exit_code == 0, result.output
    records_request = db.session.scalars(
        select(RecordsRequest).where(RecordsRequest.agency.has(name="Somerville Police Department"))
    ).one()
    today = clock.today()
    denied_on = next(e.occurred_on for e in records_request.events if e.kind == "denial")
    lawyer = records_request.owner
    store = store_for(app.config)
    responses.log_response(
        records_request,
        received_on=denied_on - timedelta(days=3),
        channel="email",
        sender="records@somervillepolice.example.org",
        kind=ResponseKind.ACKNOWLEDGEMENT,
        summary="We received your request and are searching.",
        today=today,
        actor=lawyer,
        store=store,
        max_bytes=app.config["MAX_CONTENT_LENGTH"],
        uploads=[Upload("acknowledgment.pdf", text_pdf("Acknowledged"), "application/pdf")],
        tracking_numbers=["P-2026-0117"],
    )
    db.session.commit()
    reference, agency_mail = records_request.reference, records_request.agency.email
    import_mail(
        app,
        email_bytes(
            f"RE: Public records request {reference}",
            "Please find our search log attached.",
            sender=agency_mail,
            sent=denied_on - timedelta(days=1),
            attachments=[("search-log.pdf", text_pdf("Search log"), "application/pdf")],
        ),
    )
    automatic = email_bytes(
        f"Automatic reply: Public records request {reference}",
        "I am out of the office until Monday.",
        sender=agency_mail,
        sent=denied_on - timedelta(days=2),
    ).replace(b"Subject:", b"Auto-Submitted: auto-replied\nSubject:", 1)
    import_mail(app, automatic)
    bounce = InboundEmail(
        raw_sha256="0" * 64,
        dedup_key="<bounce.demo@mailer-daemon.example.org>",
        kind="bounce",
        request_id=records_request.id,
        subject="Undelivered Mail Returned to Sender",
    )
    db.session.add(
        DeliveryFailure(
            inbound_email=bounce,
            request_id=records_request.id,
            address="chief@somervillepolice.example.org",
            status="5.1.1",
            reason="550 5.1.1 User unknown",
        )
    )
    responses.add_note(records_request, "Called the clerk.", is_privileged=False, actor=lawyer)
    responses.add_note(records_request, "Strategy: appeal.", is_privileged=True, actor=lawyer)
    slugs = list(records_request.category_slugs)
    responses.code_outcomes(
        records_request,
        {
            slugs[0]: (Outcome.WITHHELD, "26f", "investigatory"),
            slugs[1]: (Outcome.PRODUCED, "", ""),
        },
        actor=lawyer,
        today=today,
    )
    responses.record_fee(
        records_request,
        FeeKind.ESTIMATE,
        denied_on - timedelta(days=2),
        today=today,
        actor=lawyer,
        amount=Decimal("125"),
    )
    responses.record_fee(
        records_request, FeeKind.WAIVER_REQUESTED, denied_on, today=today, actor=lawyer
    )
    appeals.draft_appeal(records_request, "denied", today=today, actor=lawyer)
    db.session.commit()
    return records_request


class Statements:
    """The SQL statements sent while in the block, each with where in foia it came from."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def __call__(self, conn, cursor, statement, parameters, context, executemany) -> None:
        ours = [
            f
            for f in traceback.extract_stack()
            if "/foia/" in f.filename or "templates" in f.filename
        ]
        where = " < ".join(f"{f.filename.split('/main/')[-1]}:{f.lineno}" for f in ours[-3:][::-1])
        self.sent.append((" ".join(statement.split())[:120], where))

    def __str__(self) -> str:
        return "\n".join(
            f"{n}. {sql}\n   from {where}" for n, (sql, where) in enumerate(self.sent, 1)
        )


def get_counted(client, url: str):
    """GET `url` as a fresh request would (nothing loaded yet); return it and its statements."""
    db.session.remove()
    statements = Statements()
    event.listen(db.engine, "before_cursor_execute", statements)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", statements)
    assert response.status_code == 200
    return response, statements


@pytest.mark.parametrize("role", ["lawyer", "volunteer"])
def test_a_full_request_page_takes_few_statements_and_little_html(app, demo_request, role):
    client = login_as(app.test_client(), create_user(role))
    url = f"/requests/{demo_request.id}"
    client.get(url)  # the first request of a process loads what it keeps (the calendars)
    response, statements = get_counted(client, url)

    shown = parse(response)
    # Everything the request has is on the page: nothing was saved by leaving a part out.
    assert shown.all("#delivery .failed-address"), "the bounce"
    assert shown.all("ol.messages li.automatic"), "the automatic reply"
    assert len(shown.all("ol.messages li.message")) >= 4, "letter, replies, automatic reply"
    assert shown.all("ol.messages li.note"), "the notes"
    assert any("search-log.pdf" in t for t in shown.texts("ul.files li")), "the documents"
    assert shown.all("#outcomes-heading"), "the outcomes"
    assert shown.all("#fees-heading ~ table td"), "the fees"
    assert any("Appeal to" in t for t in shown.texts("#appeals-heading ~ p")), "the appeal"
    assert shown.all("table.ledger tbody tr"), "the ledger"
    assert (role == "lawyer") == any("Strategy" in t for t in shown.texts("li.note")), "privilege"
    assert len(statements.sent) <= MAX_STATEMENTS, (
        f"{len(statements.sent)} statements:\n{statements}"
    )
    assert len(response.data) < MAX_HTML_BYTES, f"{len(response.data)} bytes of HTML"
