"""The vocabularies of findings: what a finding says, and where a lawyer's review of it stands."""

from __future__ import annotations

from enum import StrEnum


class FindingKind(StrEnum):
    """What a finding states about an agency, as stored in `Finding.kind`."""

    #: Whether the agency uses face recognition: a value of YesNo (or "unknown").
    USES_FACE_RECOGNITION = "uses_face_recognition"
    #: A face-recognition system or vendor it uses: the product's name.
    SYSTEM = "system"
    #: A contract's value (an amount in dollars), with its period.
    CONTRACT = "contract"
    #: Whether a written policy on face recognition exists: yes or no.
    WRITTEN_POLICY = "written_policy"
    #: How many searches were run, with their period.
    SEARCHES = "searches"
    #: Whether audit logs of the searches exist: yes or no.
    AUDIT_LOGS = "audit_logs"
    #: Whether a local ban was obeyed: a violation was found, or none.
    BAN_COMPLIANCE = "ban_compliance"


#: Each kind as people read it, in the order of the findings table's columns.
KIND_LABELS: dict[str, str] = {
    FindingKind.USES_FACE_RECOGNITION: "Uses face recognition",
    FindingKind.SYSTEM: "System or vendor",
    FindingKind.CONTRACT: "Contract value",
    FindingKind.WRITTEN_POLICY: "Written policy",
    FindingKind.SEARCHES: "Searches run",
    FindingKind.AUDIT_LOGS: "Audit logs",
    FindingKind.BAN_COMPLIANCE: "Ban compliance",
}

#: Kinds whose value is one of a few words, and those words as people read them.
CHOICES: dict[str, dict[str, str]] = {
    FindingKind.USES_FACE_RECOGNITION: {"yes": "Yes", "no": "No", "unknown": "Unknown"},
    FindingKind.WRITTEN_POLICY: {"yes": "Yes", "no": "No"},
    FindingKind.AUDIT_LOGS: {"yes": "Yes", "no": "No"},
    FindingKind.BAN_COMPLIANCE: {"violation": "Violation found", "none": "No violation found"},
}

#: Kinds that carry a period (a contract's term, the months the searches were counted over).
WITH_PERIOD = frozenset({FindingKind.CONTRACT, FindingKind.SEARCHES})


class Review(StrEnum):
    """Where a finding stands: derived from its stored decision (none means still suggested)."""

    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


REVIEW_LABELS: dict[str, str] = {
    Review.SUGGESTED: "Suggested, not yet reviewed",
    Review.CONFIRMED: "Confirmed",
    Review.REJECTED: "Rejected",
}
