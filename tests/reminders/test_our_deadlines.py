"""Reminders of the requester's own deadlines that no "waiting on us" reminder covers: taking a
decided appeal further, paying a deposit, answering a voluminous-request notice (issue #13 §2)."""

from datetime import date

import pytest

from foia.deadlines import calendar_for, get_law
from foia.reminders import wording
from foia.reminders.selection import OpenClock, next_step, select_reminders

TX = calendar_for("US-TX")
TODAY = date(2026, 11, 2)  # a Monday


def run(clocks, today=TODAY):
    assigned = {c.request_id: (7,) for c in clocks}
    return select_reminders(clocks, (), assigned, {}, frozenset(), today)


@pytest.mark.parametrize("kind", ["deposit_payment", "voluminous_answer", "further_appeal"])
def test_our_deadline_warns_at_ten_then_three_business_days(kind):
    # Counted by hand on the Texas calendar from Mon 2 Nov 2026: Tue 3 .. Fri 6 are 1-4, Mon 9
    # 5, Tue 10 6, Wed 11 Veterans Day, Thu 12 7, Fri 13 8, Mon 16 9, Tue 17 10: due Tue 17 Nov
    # is 10 business days away, due Wed 18 Nov 11; due Thu 5 Nov is 3.
    assert [r.kind for r in run([OpenClock(1, kind, date(2026, 11, 17), TX)])] == [
        "ours_closing_10"
    ]
    assert run([OpenClock(1, kind, date(2026, 11, 18), TX)]) == []
    assert [r.kind for r in run([OpenClock(1, kind, date(2026, 11, 5), TX)])] == ["ours_closing_3"]
    assert run([OpenClock(1, kind, date(2026, 10, 30), TX)]) == []  # closed: nothing left to do


@pytest.mark.parametrize("kind", ["fee_estimate_answer", "clarification_answer"])
def test_a_fee_or_a_question_is_left_to_the_waiting_reminders(kind):
    assert run([OpenClock(1, kind, date(2026, 11, 5), TX)]) == []


def test_the_digest_says_whose_deadline_it_is_and_what_to_do():
    (reminder,) = run([OpenClock(1, "deposit_payment", date(2026, 11, 5), TX)])
    assert wording.headline(reminder.kind, "time to pay the deposit") == (
        "Our deadline closing: time to pay the deposit"
    )
    step = next_step(reminder.kind, "deposit_payment", get_law("US-TX"), reminder.due_on)
    assert step.text == "act by Thu 5 Nov 2026: our time to pay the deposit ends then"
