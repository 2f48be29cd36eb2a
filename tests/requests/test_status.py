"""Statuses are derived from the ledger (no app needed)."""

import pytest

from foia.requests.status import STATUSES, derive_status, is_closed


@pytest.mark.parametrize(
    "events, expected",
    [
        ([], "draft"),
        (["filed"], "filed"),
        (["filed", "received"], "filed"),
        (["filed", "received", "acknowledged"], "acknowledged"),
        (["filed", "clarification_requested"], "awaiting clarification"),
        (["filed", "clarification_requested", "clarification_answered"], "acknowledged"),
        (["filed", "fee_estimate"], "fee pending"),
        (["filed", "fee_estimate", "fee_paid"], "acknowledged"),
        (["filed", "extension_claimed"], "extended"),
        (["filed", "partial_release"], "partially fulfilled"),
        (["filed", "partial_release", "final_response"], "fulfilled"),
        (["filed", "denial"], "denied"),
        (["filed", "no_records"], "no records"),
        (["filed", "denial", "appeal_filed"], "appealed"),
        (["filed", "denial", "appeal_filed", "appeal_decided"], "denied"),
        (["filed", "acknowledged", "withdrawn"], "withdrawn"),
        (["filed", "acknowledged", "received"], "acknowledged"),
    ],
)
def test_status_follows_the_ledger(events, expected):
    assert derive_status(events) == expected
    assert expected in STATUSES


def test_approval_litigation_and_appeal_outcome():
    assert derive_status([], is_approved=True) == "approved"
    assert derive_status(["filed", "denial"], is_in_litigation=True) == "in litigation"
    events = ["filed", "denial", "appeal_filed", "appeal_decided"]
    assert derive_status(events, appeal_outcome="fulfilled") == "fulfilled"
    assert is_closed("denied") and not is_closed("appealed")
