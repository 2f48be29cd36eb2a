"""Pure reminder selection: no app, plain values, `today` passed in."""

import ast
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from foia.deadlines import calendar_for, get_law
from foia.reminders import selection
from foia.reminders.selection import OpenClock, Preferences, WaitingOnUs, select_reminders

MA = calendar_for("US-MA")
TODAY = date(2026, 12, 1)  # a Tuesday


def due_in(n: int) -> date:
    return MA.add_business_days(TODAY, n) if n >= 0 else _back(-n)


def _back(n: int) -> date:
    day, counted = TODAY, 0
    while counted < n:
        day -= timedelta(days=1)
        counted += MA.is_business_day(day)
    return day


def run(clocks, waiting=(), prefs=None, sent=frozenset(), today=TODAY, people=(7,)):
    assigned = {c.request_id: people for c in clocks} | {w.request_id: people for w in waiting}
    return select_reminders(clocks, waiting, assigned, prefs or {}, sent, today)


def test_module_is_pure():
    tree = ast.parse(Path(selection.__file__).read_text())
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not imported & {"flask", "sqlalchemy", "flask_sqlalchemy"}


def test_default_warns_three_business_days_before_and_not_four():
    assert [r.kind for r in run([OpenClock(1, "response", due_in(3), MA)])] == ["due_soon"]
    assert run([OpenClock(1, "response", due_in(4), MA)]) == []


def test_overdue_the_day_after_the_due_date():
    (reminder,) = run([OpenClock(1, "response", due_in(-1), MA)])
    assert reminder.kind == "overdue" and reminder.business_days_left == -1
    (today_due,) = run([OpenClock(1, "response", TODAY, MA)])
    assert today_due.kind == "due_soon" and today_due.business_days_left == 0


def test_appeal_window_warns_at_ten_then_three_business_days():
    assert [r.kind for r in run([OpenClock(1, "appeal", due_in(10), MA)])] == ["appeal_closing_10"]
    assert [r.kind for r in run([OpenClock(1, "appeal", due_in(3), MA)])] == ["appeal_closing_3"]
    assert run([OpenClock(1, "appeal", due_in(11), MA)]) == []
    assert run([OpenClock(1, "appeal", due_in(-1), MA)]) == []  # closed: nothing to do


def test_personal_settings_and_disabled_people():
    clock = OpenClock(1, "response", due_in(5), MA)
    assert run([clock], prefs={7: Preferences(7, days_before=5)})[0].kind == "due_soon"
    assert run([clock], prefs={7: Preferences(7, days_before=0)}) == []
    overdue = OpenClock(1, "response", due_in(-2), MA)
    assert run([overdue], prefs={7: Preferences(7, is_enabled=False)}) == []


def test_waiting_on_us_and_already_sent():
    waiting = [WaitingOnUs(1, "fee", date(2026, 11, 20))]
    (reminder,) = run([], waiting)
    assert reminder.kind == "fee_waiting" and reminder.key == "7:1:fee:2026-11-20:fee_waiting"
    assert run([], waiting, sent={reminder.key}) == []


def test_one_reminder_per_person_when_owner_and_volunteer_are_the_same():
    found = run([OpenClock(1, "response", due_in(-1), MA)], people=(7, 7, 8))
    assert sorted(r.user_id for r in found) == [7, 8]


def test_a_moved_due_date_is_a_new_reminder():
    first = run([OpenClock(1, "response", due_in(2), MA)])
    moved = run([OpenClock(1, "response", due_in(1), MA)], sent={first[0].key})
    assert len(moved) == 1 and moved[0].key != first[0].key


def test_open_waiting_pairs_answers_with_questions():
    events = [
        (1, "fee_estimate", date(2026, 11, 2)),
        (1, "fee_paid", date(2026, 11, 5)),
        (2, "fee_estimate", date(2026, 11, 9)),
        (3, "clarification_requested", date(2026, 11, 10)),
        (4, "clarification_requested", date(2026, 11, 10)),
        (4, "clarification_answered", date(2026, 11, 12)),
    ]
    assert selection.open_waiting(events) == [
        WaitingOnUs(2, "fee", date(2026, 11, 9)),
        WaitingOnUs(3, "clarification", date(2026, 11, 10)),
    ]


def test_next_step_for_an_overdue_massachusetts_request():
    step = selection.next_step("overdue", "response", get_law("US-MA"), due_in(-3))
    assert step.text == "you may petition the Supervisor of Records; draft the appeal"
    assert step.action == "appeal"


@settings(max_examples=60, deadline=None)
@given(
    offsets=st.lists(st.integers(min_value=-20, max_value=30), min_size=1, max_size=6),
    days_before=st.integers(min_value=0, max_value=10),
    skipped=st.sets(st.integers(min_value=0, max_value=44), max_size=10),
)
def test_daily_runs_through_six_weeks_send_each_reminder_once(offsets, days_before, skipped):
    """Run every day (some days missed by cron): no key twice, and nothing due is lost."""
    start = date(2026, 11, 2)
    clocks = [
        OpenClock(i, "appeal" if i % 3 == 0 else "response", start + timedelta(days=o + 10), MA)
        for i, o in enumerate(offsets)
    ]
    prefs = {7: Preferences(7, days_before=days_before)}
    sent: set[str] = set()
    decided: list[selection.Reminder] = []
    for n in range(45):
        if n in skipped and n != 44:
            continue
        today = start + timedelta(days=n)
        found = run(clocks, prefs=prefs, sent=frozenset(sent), today=today)
        assert not {r.key for r in found} & sent
        sent |= {r.key for r in found}
        decided += found
    for clock in clocks:
        kinds = {r.kind for r in decided if r.request_id == clock.request_id}
        if clock.kind == "response":
            # The last day (never skipped) is after every due date: the overdue reminder is sure.
            assert "overdue" in kinds
