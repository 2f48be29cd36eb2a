"""Statuses are derived from the ledger (no app needed)."""

import pytest

from foia.requests.status import (
    DECISIVE_KINDS,
    STATUSES,
    decisive_rank,
    derive_status,
    is_closed,
    status_from_decisive,
)


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


def _decisive(events):
    """Pick the decisive event as the dashboard's SQL does: lowest rank, then the latest."""
    ranked = [
        (decisive_rank(kind), -position, kind)
        for position, kind in enumerate(events)
        if kind in DECISIVE_KINDS
    ]
    return min(ranked)[2] if ranked else None


def test_the_decisive_event_gives_the_derived_status():
    """status_from_decisive agrees with derive_status on every short and many long ledgers."""
    import itertools
    import random

    alphabet = (*DECISIVE_KINDS, "note_added")
    ledgers = [list(p) for n in range(4) for p in itertools.product(alphabet, repeat=n)]
    rng = random.Random(6)
    ledgers += [rng.choices(alphabet, k=rng.randint(4, 9)) for _ in range(3000)]
    for events in ledgers:
        for approved, litigation in itertools.product((False, True), repeat=2):
            found = status_from_decisive(
                _decisive(events), is_approved=approved, is_in_litigation=litigation
            )
            expected = derive_status(events, is_approved=approved, is_in_litigation=litigation)
            if found is None:
                assert _decisive(events) == "appeal_decided"
            else:
                assert found == expected, (events, approved, litigation)
