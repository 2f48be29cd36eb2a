"""Confirmed findings that disagree: found, shown to the lawyer in words, and never mapped."""

from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from foia import clock
from foia.extensions import db
from foia.findings import operations
from foia.findings.kinds import CHOICES, KIND_LABELS, FindingKind, Review
from foia.findings.models import Finding
from foia.findings.queries import conflicts
from foia.public.queries import PublicAgency, PublicFinding
from foia.requests.models import RecordsRequest
from tests.support.factories import create_agency, create_user
from tests.support.findings import add_document
from tests.support.html import page, text_of
from tests.support.responses import filed_request, recent_monday

USES = FindingKind.USES_FACE_RECOGNITION
DECISIONS = [None, Review.CONFIRMED.value, Review.REJECTED.value]
#: Values of every kind: a single-answer kind's choices, a few free values for the others.
VALUES = {kind: list(CHOICES.get(kind, {"a": "", "b": "", "c": ""})) for kind in KIND_LABELS}


@st.composite
def findings(draw) -> list[Finding]:
    """Draw findings of two agencies, any kind, value and decision (unsaved: no database)."""
    found = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(list(KIND_LABELS)))
        found.append(
            Finding(
                agency_id=draw(st.sampled_from([1, 2])),
                kind=kind,
                value=draw(st.sampled_from(VALUES[kind])),
                decision=draw(st.sampled_from(DECISIONS)),
            )
        )
    return found


@given(findings())
def test_a_conflict_is_two_or_more_confirmed_values_of_a_single_answer_kind(drawn):
    confirmed: dict[tuple[int, str], set[str]] = defaultdict(set)
    for f in drawn:
        if f.decision == Review.CONFIRMED.value:
            confirmed[(f.agency_id, f.kind)].add(f.value)
    expected = {key for key, values in confirmed.items() if len(values) > 1 and key[1] in CHOICES}
    found = conflicts(drawn)
    assert {c.key for c in found} == expected
    for c in found:
        assert {value for value, _ in c.sides} == confirmed[c.key]
        for value, carried in c.sides:
            assert all(f.value == value and f.review == Review.CONFIRMED for f in carried)
        carried_ids = sorted(id(f) for _, carried in c.sides for f in carried)
        assert carried_ids == sorted(
            id(f) for f in drawn if (f.agency_id, f.kind) == c.key and f.review == "confirmed"
        )


def test_several_systems_suggested_or_rejected_answers_are_no_conflict():
    def finding(kind, value, decision=Review.CONFIRMED.value, agency_id=1):
        return Finding(agency_id=agency_id, kind=kind, value=value, decision=decision)

    assert (
        conflicts(
            [
                finding(FindingKind.SYSTEM, "Clearview AI"),
                finding(FindingKind.SYSTEM, "Rekognition"),
                finding(FindingKind.CONTRACT, "$10,000"),
                finding(FindingKind.CONTRACT, "$20,000"),
                finding(USES, "yes"),
                finding(USES, "yes"),
                finding(USES, "no", Review.REJECTED.value),
                finding(USES, "no", None),
                finding(USES, "no", agency_id=2),
            ]
        )
        == []
    )
    [conflict] = conflicts([finding(USES, "yes"), finding(USES, "no"), finding(USES, "yes")])
    assert [value for value, _ in conflict.sides] == ["yes", "no"]
    assert conflict.count == 3


def public_agency(*values: tuple[str, str]) -> PublicAgency:
    found = [
        PublicFinding(
            id=n,
            agency_id=1,
            agency="Springfield Police Department",
            kind=kind,
            kind_label=KIND_LABELS[kind],
            value=value,
            value_label=CHOICES[kind][value],
            period="",
            confirmed_at=None,
            document=None,
            page=None,
            snippet="",
        )
        for n, (kind, value) in enumerate(values)
    ]
    return PublicAgency(
        id=1,
        name="Springfield Police Department",
        county="Hampden",
        state="Massachusetts",
        state_code="US-MA",
        status="Answered",
        is_answered=True,
        deadline="",
        is_overdue=False,
        findings=found,
    )


def test_the_public_pages_and_maps_count_a_disputed_answer_as_neither():
    ban = FindingKind.BAN_COMPLIANCE
    assert public_agency((USES, "yes"), (USES, "yes")).uses_face_recognition == "yes"
    assert public_agency((USES, "yes"), (USES, "no")).uses_face_recognition == ""
    assert public_agency((USES, "no"), (USES, "yes")).uses_face_recognition == ""
    assert public_agency((ban, "violation")).has_ban_violation
    assert not public_agency((ban, "violation"), (ban, "none")).has_ban_violation


@pytest.fixture
def lawyer(app):
    return create_user("lawyer")


@pytest.fixture
def two_documents(app, campaign, records_request):
    """Two documents the agency sent back on the campaign's request."""
    report = add_document(app, records_request, "Page one.", name="report.pdf")
    letter = add_document(app, records_request, "Page one.", name="letter.pdf")
    return report, letter


def finding(attachment, kind, value, page=1) -> Finding:
    """Add a finding a lawyer typed (not suggested) to a document."""
    agency_id = db.session.get(RecordsRequest, attachment.request_id).agency_id
    made = Finding(
        agency_id=agency_id, attachment_id=attachment.id, page=page, kind=kind, value=value
    )
    db.session.add(made)
    db.session.flush()
    return made


def disagreeing(two_documents, lawyer) -> tuple[Finding, Finding]:
    report, letter = two_documents
    yes = operations.confirm(finding(report, USES, "yes", page=3), lawyer, "yes")
    no = operations.confirm(finding(letter, USES, "yes", page=1), lawyer, "no")
    db.session.commit()
    return yes, no


SAID = (
    "2 confirmed findings disagree on Uses face recognition: "
    "Yes (report.pdf, page 3) and No (letter.pdf, page 1)."
)


def test_the_agency_page_says_which_confirmed_findings_disagree_with_links(
    lawyer_client, two_documents, lawyer
):
    yes, no = disagreeing(two_documents, lawyer)
    shown = page(lawyer_client.get(f"/agencies/{yes.agency_id}/findings"))
    [said] = shown.texts("#conflicts .conflict")
    assert said.startswith(SAID)
    assert "Reject the one that is wrong" in said
    links = [a.get("href") for a in shown.all("#conflicts a")]
    assert links == [
        f"/attachments/{yes.attachment_id}/findings#finding-{yes.id}",
        f"/attachments/{no.attachment_id}/findings#finding-{no.id}",
    ]
    assert shown.texts("tbody .tag-warn") == ["disagrees", "disagrees"]


def test_the_campaign_table_says_so_whatever_the_filters(
    lawyer_client, two_documents, lawyer, campaign
):
    yes, _ = disagreeing(two_documents, lawyer)
    finding(two_documents[0], FindingKind.SYSTEM, "Clearview AI")
    db.session.commit()
    url = f"/campaigns/{campaign.id}/findings"
    for query in ({}, {"kind": "system"}, {"showing": "suggested"}):
        shown = page(lawyer_client.get(url, query_string=query))
        [said] = shown.texts("#conflicts .conflict")
        assert said.startswith(f"Springfield Police Department: {SAID}")
    shown = page(lawyer_client.get(url))
    cells = shown.texts(".findings-table tbody td")
    assert cells[0] == "Yes disagrees; No disagrees"


def test_rejecting_the_wrong_one_ends_the_warning_and_agreeing_values_say_nothing(
    lawyer_client, two_documents, lawyer, campaign
):
    report, letter = two_documents
    yes, no = disagreeing(two_documents, lawyer)
    urls = (f"/agencies/{yes.agency_id}/findings", f"/campaigns/{campaign.id}/findings")
    for url in urls:
        assert len(page(lawyer_client.get(url)).all("#conflicts .conflict")) == 1
    lawyer_client.post(f"/findings/{no.id}/reject")
    operations.confirm(finding(letter, USES, "no"), lawyer, "yes")
    finding(letter, USES, "no")  # suggested only
    operations.reject(finding(letter, USES, "no"), lawyer)
    operations.confirm(finding(report, FindingKind.SYSTEM, "Clearview AI"), lawyer, "Clearview AI")
    operations.confirm(finding(letter, FindingKind.SYSTEM, "Rekognition"), lawyer, "Rekognition")
    db.session.commit()
    for url in urls:
        shown = page(lawyer_client.get(url))
        assert shown.all("#conflicts") == []
        assert "disagree" not in text_of(shown.one("main"))
        assert shown.all(".tag-warn") == []


def test_confirming_a_contradicting_finding_confirms_it_and_warns(
    lawyer_client, two_documents, lawyer
):
    report, letter = two_documents
    operations.confirm(finding(report, USES, "yes", page=3), lawyer, "yes")
    other = finding(letter, USES, "yes")
    db.session.commit()
    response = lawyer_client.post(f"/findings/{other.id}/confirm", data={"value": "no"})
    assert response.status_code == 302
    landed = page(lawyer_client.get(response.location))
    assert landed.flashes() == [
        "Confirmed: Uses face recognition, No.",
        "This answer disagrees with another confirmed finding about the agency: see "
        "“Confirmed findings that disagree” on this page, and reject the one that is wrong.",
    ]
    [said] = landed.texts("#conflicts .conflict")
    assert said.startswith(SAID)
    db.session.refresh(other)
    assert (other.review, other.value) == (Review.CONFIRMED, "no")


def test_confirming_an_agreeing_finding_only_confirms(lawyer_client, two_documents, lawyer):
    report, letter = two_documents
    operations.confirm(finding(report, USES, "yes"), lawyer, "yes")
    elsewhere = filed_request(
        recent_monday(clock.today()), agency=create_agency("Boston Police Department")
    )
    boston = finding(add_document(lawyer_client.application, elsewhere, "x"), USES, "no")
    same = finding(letter, USES, "no")
    db.session.commit()
    for agreeing in (same, boston):
        response = lawyer_client.post(f"/findings/{agreeing.id}/confirm", data={"value": "yes"})
        flashes = page(lawyer_client.get(response.location)).flashes()
        assert flashes == ["Confirmed: Uses face recognition, Yes."]
    response = lawyer_client.post(f"/findings/{boston.id}/confirm", data={"value": "no"})
    assert page(lawyer_client.get(response.location)).flashes() == [
        "Confirmed: Uses face recognition, No."
    ]
    response = lawyer_client.post(f"/findings/{same.id}/confirm", data={"value": "no"})
    assert (
        "This answer disagrees with another confirmed finding"
        in (page(lawyer_client.get(response.location)).flashes()[1])
    )


def test_each_document_s_findings_page_says_which_of_its_findings_disagree(
    lawyer_client, two_documents, lawyer, records_request
):
    """Where Reject is: the findings page of either document names both sides."""
    yes, no = disagreeing(two_documents, lawyer)
    for document in two_documents:
        shown = page(lawyer_client.get(f"/attachments/{document.id}/findings"))
        [said] = shown.texts("#conflicts .conflict")
        assert said.startswith(SAID)
        assert shown.flashes() == []  # a standing warning, not a message
    third = add_document(lawyer_client.application, records_request, "x", name="c.pdf")
    operations.confirm(finding(third, FindingKind.SYSTEM, "Clearview AI"), lawyer, "Clearview AI")
    db.session.commit()
    shown = page(lawyer_client.get(f"/attachments/{third.id}/findings"))
    assert shown.all("#conflicts") == []  # its findings take no part in the disagreement
