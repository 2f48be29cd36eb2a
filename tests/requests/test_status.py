"""Statuses are derived from the ledger (no app needed)."""

from datetime import date, timedelta

import pytest

from foia.requests.status import (
    DECISIVE_KINDS,
    STATUSES,
    decisive_kind,
    derive_status,
    first_dates,
    is_closed,
    status_from_decisive,
    waiting_on_us,
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
        (["filed", "fee_estimate", "fee_paid", "deposit_required"], "fee pending"),
        (["filed", "deposit_required", "fee_paid"], "acknowledged"),
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
    """Pick the decisive event of kinds in date order (one date each, so the order decides)."""
    day = date(2026, 1, 1)
    return decisive_kind(
        (kind, day + timedelta(days=position), position) for position, kind in enumerate(events)
    )


def test_the_decisive_event_breaks_ties_by_id_on_one_date():
    day = date(2026, 1, 1)
    assert decisive_kind([("denial", day, 2), ("acknowledged", day, 1)]) == "denial"
    assert decisive_kind([("denial", day, 1), ("acknowledged", day, 2)]) == "acknowledged"
    assert decisive_kind([("withdrawn", day, 1), ("denial", day, 2)]) == "withdrawn"
    assert decisive_kind([("received", day, 2), ("filed", day, 1)]) == "filed"
    assert decisive_kind([("note_added", day, 1)]) is None


def test_waiting_on_us_until_an_answer_as_late_as_the_ask():
    day = date(2026, 3, 2)
    later = day + timedelta(days=3)
    assert waiting_on_us([("fee_estimate", day)]) == {"fee": day}
    assert waiting_on_us([("fee_estimate", day), ("fee_waived", day)]) == {}
    assert waiting_on_us([("fee_paid", day), ("fee_estimate", later)]) == {"fee": later}
    asks = [("clarification_requested", later), ("clarification_answered", day)]
    assert waiting_on_us(asks) == {"clarification": later}
    assert (
        waiting_on_us([("clarification_requested", day), ("clarification_answered", later)]) == {}
    )


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


def test_the_first_dates_a_scorecard_reads_of_a_ledger():
    # By hand, events given out of order: filed 2 Nov, received 4 Nov, a fee estimate 9 Nov
    # (a reply, not an answer), an extension 10 Nov, a second extension 20 Nov, a denial 30 Nov
    # and a partial release 25 Nov (the first answer).
    events = [
        ("denial", date(2026, 11, 30)),
        ("extension_claimed", date(2026, 11, 20)),
        ("received", date(2026, 11, 4)),
        ("fee_estimate", date(2026, 11, 9)),
        ("partial_release", date(2026, 11, 25)),
        ("extension_claimed", date(2026, 11, 10)),
        ("filed", date(2026, 11, 2)),
    ]
    assert first_dates(events) == {
        "received_on": date(2026, 11, 4),
        "first_reply_on": date(2026, 11, 9),
        "answered_on": date(2026, 11, 25),
        "extension_claimed_on": date(2026, 11, 10),
    }
    # Without a "received" event the filing stands for the receipt; nothing else: no dates.
    assert first_dates([("filed", date(2026, 11, 2)), ("appeal_filed", date(2026, 12, 1))]) == {
        "received_on": date(2026, 11, 2),
        "first_reply_on": None,
        "answered_on": None,
        "extension_claimed_on": None,
    }
    assert set(first_dates([])) == {
        "received_on",
        "first_reply_on",
        "answered_on",
        "extension_claimed_on",
    }
