"""The request page's one next action, from the request's state (issue 16; no app needed)."""

import pytest

from foia.requests.next_action import STATUS_WORDS, NextAction, next_action
from foia.requests.status import STATUSES


def _next(status, *, overdue=False, grounds=None, window_open=True):
    return next_action(
        status, is_overdue=overdue, appeal_grounds=grounds, is_appeal_window_open=window_open
    )


@pytest.mark.parametrize("status", ["draft", "approved"])
def test_a_request_not_filed_yet_is_filed(status):
    assert _next(status) is NextAction.FILE


@pytest.mark.parametrize("status", ["filed", "acknowledged", "extended", "appealed"])
def test_a_filed_request_awaiting_the_agency_waits_for_its_reply(status):
    assert _next(status) is NextAction.LOG_REPLY


def test_an_overdue_agency_is_followed_up():
    assert _next("acknowledged", overdue=True, grounds="overdue") is NextAction.FOLLOW_UP


@pytest.mark.parametrize(
    "status, grounds", [("denied", "denied"), ("partially fulfilled", "partly denied")]
)
def test_a_denial_within_the_appeal_window_is_appealed(status, grounds):
    assert _next(status, grounds=grounds) is NextAction.APPEAL
    # Even when a clock is also missed: the denial is the agency's answer.
    assert _next(status, grounds=grounds, overdue=True) is NextAction.APPEAL


def test_a_denial_past_the_appeal_window_is_closed():
    assert _next("denied", grounds="denied", window_open=False) is NextAction.CLOSE


def test_a_fee_estimate_waiting_is_answered_first():
    assert _next("fee pending", overdue=True) is NextAction.ANSWER_FEE


@pytest.mark.parametrize("status", ["fulfilled", "no records", "withdrawn"])
def test_a_request_done_is_closed(status):
    assert _next(status) is NextAction.CLOSE


def test_every_status_has_words():
    assert set(STATUS_WORDS) == set(STATUSES)
