"""Commands refuse out-of-range dates as the pages do: exit 2, one line saying why, no traceback."""

from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from foia import clock, dates
from foia.deadlines.cli import deadlines
from foia.extensions import db
from foia.jobs import JobRun

TODAY = date(2026, 11, 26)


def explain(*args: str):
    return CliRunner().invoke(
        deadlines, ["explain", "--jurisdiction", "US-MA", "--today", TODAY.isoformat(), *args]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "1999-12-31"], "Invalid value for --received: The date cannot be before"),
        (["--received", "9999-12-30"], "Invalid value for --received: The date cannot be more"),
        (["--received", "2036-11-27"], "more than ten years ahead (after 26 November 2036)"),
        (
            ["--received", "2026-11-24", "--responded", "9999-12-31"],
            "Invalid value for --responded: The date cannot be more than ten years ahead",
        ),
    ],
)
def test_explain_refuses_dates_out_of_range(args, message):
    result = explain(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_explain_takes_a_date_ten_years_ahead_of_its_today():
    result = explain("--received", "2036-11-26", "--json")
    assert result.exit_code == 0, result.output


def test_explain_refuses_a_today_out_of_range():
    result = CliRunner().invoke(
        deadlines,
        ["explain", "--jurisdiction", "US", "--received", "2026-11-24", "--today", "9999-12-31"],
    )
    assert result.exit_code == 2
    assert "Invalid value for --today: The date cannot be more than ten years ahead" in (
        result.output
    )


@settings(max_examples=150, deadline=None)
@given(received=st.dates(), responded=st.one_of(st.none(), st.dates()))
def test_explain_never_ends_in_a_traceback(received, responded):
    args = ["--received", received.isoformat()]
    if responded:
        args += ["--responded", responded.isoformat()]
    result = explain(*args)
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    # From 2000 to ten years after --today, written out rather than asked of foia.dates.
    if not all(
        date(2000, 1, 1) <= day <= date(2036, 11, 26) for day in (received, responded) if day
    ):
        assert result.exit_code == 2


def test_reminders_send_refuses_a_today_out_of_range_and_records_no_run(runner):
    beyond = dates.latest(dates.HYPOTHETICAL, clock.today()) + timedelta(days=1)
    for today in ("1999-12-31", beyond.isoformat(), "9999-12-31"):
        result = runner.invoke(args=["reminders", "send", "--today", today])
        assert result.exit_code == 2, result.output
        assert "Invalid value for --today: The date cannot be" in result.output
    assert db.session.scalar(select(func.count()).select_from(JobRun)) == 0
