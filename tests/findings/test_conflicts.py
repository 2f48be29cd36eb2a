"""Confirmed findings that disagree: found, shown to the lawyer in words, and never mapped."""

from collections import defaultdict

from hypothesis import given
from hypothesis import strategies as st

from foia.findings.kinds import CHOICES, KIND_LABELS, FindingKind, Review
from foia.findings.models import Finding
from foia.findings.queries import conflicts

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
