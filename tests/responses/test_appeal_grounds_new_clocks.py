"""A missed final-decision or completion limit (#13 §2) is a ground of appeal and of follow-up."""

from datetime import date

import pytest

from foia.deadlines import LedgerEvent, calendar_for, compute_clocks, get_law
from foia.reminders.followups import AGENCY_CLOCKS as FOLLOW_UP_CLOCKS
from foia.responses.appeals import appeal_grounds

RECEIVED, ACKNOWLEDGED, TODAY = date(2026, 3, 2), date(2026, 3, 3), date(2026, 6, 1)


def deadlines(code):
    events = [LedgerEvent("received", RECEIVED), LedgerEvent("acknowledged", ACKNOWLEDGED)]
    return compute_clocks(get_law(code, on=RECEIVED), calendar_for(code), events, TODAY)


@pytest.mark.parametrize(
    ("code", "kind", "due"),
    [
        # Iowa Code §22.8(4)(d): 20 calendar days after Mon 2 Mar 2026 is Sun 22 Mar, rolled to
        # Mon 23 Mar. The acknowledgement met the response clock; only this one is missed.
        ("US-IA", "final_decision", date(2026, 3, 23)),
        # Wyo. Stat. §16-4-202(c)(iii): 30 days after the acknowledgement of Tue 3 Mar 2026 is
        # Thu 2 Apr.
        ("US-WY", "completion", date(2026, 4, 2)),
    ],
)
def test_a_missed_limit_is_overdue_for_appeals_and_follow_ups(code, kind, due):
    result = deadlines(code)
    clock = result.clock(kind)
    assert clock is not None and clock.due_on == due and clock.state == "missed"
    others = [c for c in result.clocks if c.kind != kind and c.state == "missed"]
    assert not others, "the only missed clock is the new one"
    assert appeal_grounds("awaiting response", (), result) == "overdue"
    assert kind in FOLLOW_UP_CLOCKS
