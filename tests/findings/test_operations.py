"""Suggesting, confirming, editing and rejecting findings, on SQLite and PostgreSQL."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from foia.audit import Action, AuditEvent
from foia.documents import operations as documents
from foia.documents.storage import store_for
from foia.extensions import db
from foia.findings import operations
from foia.findings.kinds import KIND_LABELS
from foia.findings.models import Finding
from tests.support.factories import create_user
from tests.support.findings import CONTRACT_TEXT
from tests.support.sweeps import row_counts


def findings() -> dict[str, Finding]:
    return {f.kind: f for f in db.session.scalars(select(Finding).order_by(Finding.id))}


def test_suggestions_carry_agency_page_and_snippet(app, attachment, records_request):
    added = operations.suggest_for_attachment(attachment)
    db.session.commit()
    by_kind = findings()
    assert {f.kind for f in added} == {"system", "contract", "searches", "audit_logs"}
    system = by_kind["system"]
    assert (system.value, system.page, system.agency_id) == (
        "Clearview AI",
        2,
        records_request.agency_id,
    )
    assert "Clearview AI, Inc." in system.snippet
    assert by_kind["contract"].period == "January 1, 2024 to December 31, 2024"
    assert system.review == "suggested"
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == Action.FINDINGS_SUGGESTED)
    )


def test_reading_again_never_duplicates_even_after_a_decision(app, attachment):
    first = operations.suggest_for_attachment(attachment)
    lawyer = create_user("lawyer")
    operations.reject(first[0], lawyer)
    operations.confirm(first[1], lawyer, "$12,000", "2024")
    db.session.commit()
    assert operations.suggest_for_attachment(attachment) == []
    assert db.session.query(Finding).count() == len(first)


def test_the_same_document_on_another_request_is_its_own_evidence(app, attachment, campaign):
    from tests.support.factories import create_agency
    from tests.support.responses import filed_request

    agency = create_agency("Boston Police Department")
    other = filed_request(attachment.created_at.date(), agency=agency, campaign=None)
    again = documents.attach(
        documents.Upload("copy.txt", CONTRACT_TEXT.encode(), "text/plain"),
        store=store_for(app.config),
        max_bytes=10**7,
        actor=None,
        request_id=other.id,
    )
    assert operations.suggest_for_document(again.document_id) == 8  # four on each request
    assert operations.suggest_for_document(again.document_id) == 0


def test_extracting_a_document_suggests_its_findings(app, runner, records_request):
    documents.attach(
        documents.Upload("reply.txt", CONTRACT_TEXT.encode(), "text/plain"),
        store=store_for(app.config),
        max_bytes=10**7,
        actor=None,
        request_id=records_request.id,
    )
    db.session.commit()
    result = runner.invoke(args=["documents", "extract"])
    assert result.exit_code == 0, result.output
    assert set(findings()) == {"system", "contract", "searches", "audit_logs"}
    result = runner.invoke(args=["findings", "suggest"])
    assert "0 new suggestion(s)." in result.output


def test_confirm_as_read_and_with_an_edit_records_who_and_when(app, attachment):
    operations.suggest_for_attachment(attachment)
    lawyer = create_user("lawyer", name="Lee Lawyer")
    by_kind = findings()
    operations.confirm(by_kind["system"], lawyer, "Clearview AI")
    operations.confirm(by_kind["searches"], lawyer, "250", "January to June 2025")
    db.session.commit()
    system, searches = by_kind["system"], by_kind["searches"]
    assert (system.review, system.decided_by_id, system.is_edited) == (
        "confirmed",
        lawyer.id,
        False,
    )
    assert system.decided_at is not None
    assert (searches.value, searches.period, searches.suggested_value) == (
        "250",
        "January to June 2025",
        "240",
    )
    assert searches.is_edited


def test_reject_keeps_the_fact(app, attachment):
    operations.suggest_for_attachment(attachment)
    lawyer = create_user("lawyer")
    operations.reject(findings()["contract"], lawyer)
    db.session.commit()
    assert findings()["contract"].review == "rejected"


@pytest.mark.parametrize(
    ("kind", "value", "period", "message"),
    [
        ("contract", "ten thousand", "", "an amount in dollars"),
        ("searches", "many", "", "a whole number"),
        ("system", "   ", "", "the value is empty"),
        ("system", "x" * 201, "", "at most 200 characters"),
        ("audit_logs", "maybe", "", "choose one of Yes, No"),
        ("audit_logs", "yes", "2024", "has no period"),
        ("contract", "$5", "y" * 101, "at most 100 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(app, attachment, kind, value, period, message):
    operations.suggest_for_attachment(attachment)
    lawyer = create_user("lawyer")
    before = row_counts()
    finding = findings()[kind]
    saved = (finding.value, finding.period, finding.decision)
    with pytest.raises(operations.FindingRefused, match=message):
        operations.confirm(finding, lawyer, value, period)
    db.session.rollback()
    finding = db.session.get(Finding, finding.id)
    assert (finding.value, finding.period, finding.decision) == saved
    assert row_counts() == before


def test_a_document_on_no_request_is_refused(app):
    attachment = documents.attach(
        documents.Upload("loose.txt", b"Clearview AI", "text/plain"),
        store=store_for(app.config),
        max_bytes=10**7,
        actor=None,
    )
    with pytest.raises(operations.FindingRefused, match="not on a request"):
        operations.suggest_for_attachment(attachment)


def test_a_suggestion_saved_meanwhile_is_not_saved_twice(
    app, attachment, records_request, monkeypatch
):
    from foia.findings import suggest

    real_suggest = suggest.suggest
    found = real_suggest(attachment.document.text)[0]

    def meanwhile(text):
        # Another run (extraction, the button) saves the same suggestion after this one read
        # the keys it knows: its insert loses to the unique key, and the transaction goes on.
        db.session.add(
            Finding(
                agency_id=records_request.agency_id,
                attachment_id=attachment.id,
                kind=found.kind.value,
                value=found.value,
                suggestion_key=found.key,
            )
        )
        db.session.flush()
        return real_suggest(text)

    monkeypatch.setattr(suggest, "suggest", meanwhile)
    assert operations.suggest_for_attachment(attachment) == []
    db.session.commit()
    assert db.session.query(Finding).count() == 1


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(KIND_LABELS)), st.text(), st.text())
def test_any_typed_value_is_cleaned_or_refused_in_words(kind, value, period):
    try:
        cleaned = operations.clean_value(kind, value)
        operations.clean_period(kind, period)
    except operations.FindingRefused as refused:
        assert str(refused).strip()
    else:
        assert 0 < len(cleaned) <= operations.MAX_VALUE
