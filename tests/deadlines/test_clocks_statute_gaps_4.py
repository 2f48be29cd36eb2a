"""Clocks of issue #13 §2 left by the last audit, each date counted by hand from the statute.

"d1" is day 1 of the count; days not counted are named. Calendars were read off a printed
calendar; holidays are those of each jurisdiction's data file (foia/deadlines/data/holidays/):
Kentucky skips Labor Day (Mon 7 Sep 2026, KRS 2.110); Michigan nothing in July 2026; federal
agencies nothing between 6 July and 17 August 2026 (5 U.S.C. 6103); Texas Veterans Day (Wed 11
Nov 2026, Tex. Gov't Code §662.003(a)) and the Friday after Thanksgiving (Fri 27 Nov 2026,
§662.003(b)(6)); Illinois state agencies Juneteenth (Fri 19 Jun 2026, 5 ILCS 490/63) and
Independence Day observed (Fri 3 Jul 2026); Oregon Christmas Day (Fri 25 Dec 2026, ORS
187.010); Pennsylvania Columbus Day (Mon 12 Oct 2026, 44 P.S. §11).
"""

from datetime import date

import pytest

from foia.deadlines import CLOCK_KINDS, LedgerEvent, calendar_for, compute_clocks, get_law
from foia.deadlines.cli import JSON_CLOCK_KINDS
from foia.deadlines.kinds import EVENT_LABELS, REQUESTER_CLOCK_KINDS, ClockKind, EventKind
from foia.reminders.selection import CLOCK_LABELS

D = date
TODAY = D(2026, 12, 10)


def result(code, received, *events, today=TODAY, level="municipal"):
    ledger = [LedgerEvent("received", received), *(LedgerEvent(k, on) for k, on in events)]
    law = get_law(code, on=received)
    return compute_clocks(law, calendar_for(code, level=level), ledger, today, agency_level=level)


def clock(code, received, kind, *events, today=TODAY, level="municipal"):
    found = result(code, received, *events, today=today, level=level).clock(kind)
    assert found is not None, f"{code} has no {kind} clock"
    return found


# Kentucky and federal FOIA: a denial and an appeal filed Mon 6 Jul 2026.
KY_APPEAL = [("denial", D(2026, 6, 30)), ("appeal_filed", D(2026, 7, 6))]
US_APPEAL = [("denial", D(2026, 6, 30)), ("appeal_filed", D(2026, 7, 6))]
# Texas: the body asked for a ruling; Illinois: a request received Tue 2 Jun 2026 that the body
# said on Mon 8 Jun (W3 d1 Th4 d2 F5 d3 M8 d4: within its 5 business days) is voluminous.
TX_RULING = [("ruling_requested", D(2026, 10, 30)), ("ruling_received", D(2026, 11, 2))]
IL_VOLUMINOUS = [("voluminous_notice", D(2026, 6, 8))]

CASES = [
    # --- Kentucky, KRS 61.880(2)(a): the Attorney General decides within 20 days excepting
    # Saturdays, Sundays and legal holidays. From Mon 6 Jul 2026: T7-F10 d1-d4, M13-F17 d5-d9,
    # M20-F24 d10-d14, M27-F31 d15-d19, M3 Aug d20.
    ("US-KY", D(2026, 6, 24), "appeal_decision", KY_APPEAL, D(2026, 8, 3)),
    # (2)(b): in unusual circumstances up to 30 more work days by written notice: T4-F7 Aug
    # d21-d24, M10-F14 d25-d29, M17-F21 d30-d34, M24-F28 d35-d39, M31 d40, T1-F4 Sep d41-d44,
    # M7 Labor Day, T8-F11 d45-d48, M14 d49, T15 d50.
    (
        "US-KY",
        D(2026, 6, 24),
        "appeal_decision",
        [*KY_APPEAL, ("appeal_decision_extended", D(2026, 7, 20))],
        D(2026, 9, 15),
    ),
    # --- Federal FOIA, 5 U.S.C. 552(a)(6)(A)(ii) and (B)(i): 20 working days to decide the appeal,
    # 10 more in unusual circumstances. 20 from Mon 6 Jul 2026 end on Mon 3 Aug (as above, no
    # federal holiday between); then T4-F7 d21-d24, M10-F14 d25-d29, M17 d30.
    ("US", D(2026, 6, 1), "appeal_decision", US_APPEAL, D(2026, 8, 3)),
    (
        "US",
        D(2026, 6, 1),
        "appeal_decision",
        [*US_APPEAL, ("appeal_decision_extended", D(2026, 7, 27))],
        D(2026, 8, 17),
    ),
    # --- Michigan, MCL 15.240(2): the head of the public body decides within 10 business days
    # after receiving the appeal, and may extend once by not more than 10 (statutes.md §1). Filed
    # Mon 6 Jul 2026 (Michigan moves no Saturday holiday: 4 July is not observed on the 3rd):
    # T7-F10 d1-d4, M13-F17 d5-d9, M20 d10; extended: T21-F24 d11-d14, M27-F31 d15-d19, M3 Aug
    # d20.
    ("US-MI", D(2026, 6, 24), "appeal_decision", KY_APPEAL, D(2026, 7, 20)),
    (
        "US-MI",
        D(2026, 6, 24),
        "appeal_decision",
        [*KY_APPEAL, ("appeal_decision_extended", D(2026, 7, 14))],
        D(2026, 8, 3),
    ),
    # --- Oregon, ORS 192.411(1): the Attorney General orders or denies within seven days from
    # the day it receives the petition. Petition Mon 9 Nov 2026: T10 d1, W11 d2 (calendar days:
    # Veterans Day counts), Th12 d3, F13 d4, Sa14 d5, Su15 d6, M16 d7.
    (
        "US-OR",
        D(2026, 10, 26),
        "appeal_decision",
        [("denial", D(2026, 11, 2)), ("appeal_filed", D(2026, 11, 9))],
        D(2026, 11, 16),
    ),
    # Petition Fri 18 Dec 2026: Sa19 d1 .. F25 d7, Christmas Day; a last day on a legal holiday
    # moves to the next day that is neither a holiday nor a Saturday (ORS 174.120; Sunday is a
    # holiday, ORS 187.010): Mon 28 Dec 2026.
    (
        "US-OR",
        D(2026, 11, 30),
        "appeal_decision",
        [("denial", D(2026, 12, 11)), ("appeal_filed", D(2026, 12, 18))],
        D(2026, 12, 28),
    ),
    # --- Texas, Gov't Code §552.303(d): the body sends the further information not later than the
    # 7th calendar day after it received the attorney general's notice. Received Thu 5 Nov 2026:
    # F6 d1 Sa7 d2 Su8 d3 M9 d4 T10 d5 W11 d6 Th12 d7 (calendar days: Veterans Day counts).
    (
        "US-TX",
        D(2026, 10, 19),
        "ruling_information",
        [*TX_RULING, ("ruling_information_requested", D(2026, 11, 5))],
        D(2026, 11, 12),
    ),
    # Received Fri 20 Nov 2026: Sa21 d1 .. F27 d7, the Friday after Thanksgiving, a state holiday;
    # the period runs to the next day that is not a Saturday, Sunday or legal holiday (Code
    # Construction Act, §311.014(b)): Mon 30 Nov 2026.
    (
        "US-TX",
        D(2026, 10, 19),
        "ruling_information",
        [*TX_RULING, ("ruling_information_requested", D(2026, 11, 20))],
        D(2026, 11, 30),
    ),
    # --- Texas, Gov't Code §552.263(f): the deposit or bond is due "before the 10th business day
    # after the date the deposit or bond is required". Required Mon 2 Nov 2026: T3 d1 W4 d2 Th5 d3
    # F6 d4, M9 d5 T10 d6, W11 Veterans Day, Th12 d7 F13 d8, M16 d9, T17 the 10th: Mon 16 Nov.
    (
        "US-TX",
        D(2026, 10, 19),
        "deposit_payment",
        [("fee_estimate", D(2026, 10, 26)), ("deposit_required", D(2026, 11, 2))],
        D(2026, 11, 16),
    ),
    # --- Illinois, 5 ILCS 140/3.6(a)(iii): the requester answers within 10 business days after
    # the notice was sent. Mon 8 Jun 2026: T9-F12 d1-d4, M15-Th18 d5-d8, F19 Juneteenth, M22 d9,
    # T23 d10.
    ("US-IL", D(2026, 6, 2), "voluminous_answer", IL_VOLUMINOUS, D(2026, 6, 23)),
    # §3.6(a)(v): the body responds within 5 business days after the answer or after the last day
    # to amend, whichever is sooner. No answer: from Tue 23 Jun, W24 d1 Th25 d2 F26 d3 M29 d4 T30
    # d5.
    ("US-IL", D(2026, 6, 2), "voluminous_response", IL_VOLUMINOUS, D(2026, 6, 30)),
    # Answered Thu 11 Jun (sooner): F12 d1, M15 d2 T16 d3 W17 d4 Th18 d5.
    (
        "US-IL",
        D(2026, 6, 2),
        "voluminous_response",
        [*IL_VOLUMINOUS, ("voluminous_answered", D(2026, 6, 11))],
        D(2026, 6, 18),
    ),
    # §3.6(a)(vi): with the 10 more business days the body may ask for, 15 from Thu 11 Jun: F12
    # d1, M15-Th18 d2-d5, F19 Juneteenth, M22-F26 d6-d10, M29-Th2 Jul d11-d14, F3 Jul
    # Independence Day observed, M6 Jul d15.
    (
        "US-IL",
        D(2026, 6, 2),
        "voluminous_response",
        [
            *IL_VOLUMINOUS,
            ("voluminous_answered", D(2026, 6, 11)),
            ("extension_claimed", D(2026, 6, 15)),
        ],
        D(2026, 7, 6),
    ),
    # --- Pennsylvania, 65 P.S. §§67.902(b)(2), 67.1101(a): after a timely interim notice the
    # request is deemed denied only when the 30 days after the 5 business days pass, and the
    # appeal runs 15 business days from that deemed denial. Received Tue 1 Sep 2026: W2 d1 Th3 d2
    # F4 d3, M7 Labor Day, T8 d4, W9 d5; 30 calendar days after Wed 9 Sep end Fri 9 Oct 2026.
    # From it: M12 Oct Columbus Day, T13-F16 d1-d4, M19-F23 d5-d9, M26-F30 d10-d14, M2 Nov d15.
    (
        "US-PA",
        D(2026, 9, 1),
        "appeal",
        [("extension_claimed", D(2026, 9, 4))],
        D(2026, 11, 2),
    ),
    # Without the interim notice the deemed denial is the 5th business day, Wed 9 Sep: Th10 d1
    # F11 d2, M14-F18 d3-d7, M21-F25 d8-d12, M28 d13 T29 d14 W30 d15.
    ("US-PA", D(2026, 9, 1), "appeal", [], D(2026, 9, 30)),
    # §67.1101(b)(1): the appeals officer decides within 30 days of receipt of the appeal. Filed
    # Mon 5 Oct 2026: 6-31 Oct are days 1-26, 1-4 Nov days 27-30: Wed 4 Nov 2026.
    (
        "US-PA",
        D(2026, 9, 1),
        "appeal_decision",
        [("denial", D(2026, 9, 8)), ("appeal_filed", D(2026, 10, 5))],
        D(2026, 11, 4),
    ),
]


@pytest.mark.parametrize(("code", "received", "kind", "events", "expected"), CASES)
def test_statute_clock_due_date(code, received, kind, events, expected):
    level = "state" if code == "US-IL" else "municipal"
    assert clock(code, received, kind, *events, level=level).due_on == expected


def test_kentucky_extension_is_explained_and_cited():
    found = clock(
        "US-KY",
        D(2026, 6, 24),
        "appeal_decision",
        *KY_APPEAL,
        ("appeal_decision_extended", D(2026, 7, 20)),
    )
    assert found.days == 50
    assert found.citation == "KRS 61.880(2)(a), (b)"
    assert "the 30 more it took by its notice of Mon 20 Jul 2026" in found.basis
    plain = clock("US-KY", D(2026, 6, 24), "appeal_decision", *KY_APPEAL)
    assert plain.citation == "KRS 61.880(2)(a)"


def test_kentucky_notice_before_the_appeal_changes_nothing():
    # A notice dated before the appeal was filed cannot extend it.
    found = clock(
        "US-KY",
        D(2026, 6, 24),
        "appeal_decision",
        ("denial", D(2026, 6, 30)),
        ("appeal_decision_extended", D(2026, 7, 1)),
        ("appeal_filed", D(2026, 7, 6)),
    )
    assert found.due_on == D(2026, 8, 3)


def test_the_texas_information_clock_waits_for_the_notice_and_is_met_by_the_answer():
    assert result("US-TX", D(2026, 10, 19), *TX_RULING).clock("ruling_information") is None
    events = [*TX_RULING, ("ruling_information_requested", D(2026, 11, 5))]
    met = clock(
        "US-TX",
        D(2026, 10, 19),
        "ruling_information",
        *events,
        ("ruling_information_sent", D(2026, 11, 10)),
    )
    assert (met.state, met.met_on) == ("met", D(2026, 11, 10))
    late = clock("US-TX", D(2026, 10, 19), "ruling_information", *events, today=D(2026, 11, 13))
    assert late.state == "missed"
    assert "presumed public" in (late.consequence or "")
    assert late.basis.startswith(
        "7 calendar days after the agency received the attorney general's request for more"
        " information on Thu 5 Nov 2026"
    )
    # The fact that opened it is named in words, as the ledger shows it, never by its code.
    assert "(“Agency received the attorney general's request for more information”)" in late.basis
    assert "ruling_information_requested" not in late.basis


def test_the_deposit_clock_binds_the_requester_and_is_met_by_payment():
    events = [("fee_estimate", D(2026, 10, 26)), ("deposit_required", D(2026, 11, 2))]
    paid = clock(
        "US-TX", D(2026, 10, 19), "deposit_payment", *events, ("fee_paid", D(2026, 11, 12))
    )
    assert (paid.state, paid.met_on, paid.obligation) == ("met", D(2026, 11, 12), "answer")
    assert "withdrawn" in (paid.consequence or "")
    assert result("US-TX", D(2026, 10, 19), events[0]).clock("deposit_payment") is None


def test_a_texas_deposit_paid_after_an_accepted_estimate_restarts_the_response():
    # Tex. Gov't Code §552.263(e): the request counts as received on the day the deposit is.
    # Estimate Mon 26 Oct 2026 accepted (paid) Wed 28 Oct, deposit required Mon 2 Nov and paid Thu
    # 12 Nov: 10 business days from Thu 12 Nov: F13 d1, M16-F20 d2-d6, M23 d7 T24 d8 W25 d9, Th26
    # Thanksgiving, F27 the Friday after, M30 d10.
    events = [
        ("fee_estimate", D(2026, 10, 26)),
        ("fee_paid", D(2026, 10, 28)),
        ("deposit_required", D(2026, 11, 2)),
        ("fee_paid", D(2026, 11, 12)),
    ]
    found = result("US-TX", D(2026, 10, 19), *events, today=D(2026, 11, 13))
    assert found.clock("response").due_on == D(2026, 11, 30)
    assert found.clock("deposit_payment").met_on == D(2026, 11, 12)
    # A deposit with no estimate recorded before it (required Wed 28 Oct, within the first 10
    # business days) is paid the same way, and the count restarts from the same Thu 12 Nov.
    deposit = [("deposit_required", D(2026, 10, 28)), ("fee_paid", D(2026, 11, 12))]
    alone = result("US-TX", D(2026, 10, 19), *deposit)
    assert alone.clock("response").due_on == D(2026, 11, 30)


def test_illinois_voluminous_notice_is_the_response_and_takes_no_extension_of_3e():
    found = result("US-IL", D(2026, 6, 2), *IL_VOLUMINOUS, level="state")
    response = found.clock("response")
    assert response is not None
    assert (response.state, response.met_on) == ("met", D(2026, 6, 8))
    assert found.clock("extended_response") is None
    assert found.clock("appeal") is None  # no determination yet, and no deemed denial
    answered = clock(
        "US-IL",
        D(2026, 6, 2),
        "voluminous_answer",
        *IL_VOLUMINOUS,
        ("voluminous_answered", D(2026, 6, 11)),
        level="state",
    )
    assert (answered.state, answered.met_on) == ("met", D(2026, 6, 11))


def test_an_ordinary_illinois_extension_makes_no_voluminous_clock():
    found = result("US-IL", D(2026, 6, 2), ("extension_claimed", D(2026, 6, 5)), level="state")
    assert found.clock("voluminous_response") is None
    assert found.clock("extended_response") is not None


def test_new_kinds_and_events_are_labelled_and_recordable():
    new_clocks = {
        ClockKind.RULING_INFORMATION,
        ClockKind.DEPOSIT_PAYMENT,
        ClockKind.VOLUMINOUS_ANSWER,
        ClockKind.VOLUMINOUS_RESPONSE,
    }
    assert new_clocks <= set(CLOCK_KINDS)
    assert {ClockKind.DEPOSIT_PAYMENT, ClockKind.VOLUMINOUS_ANSWER} <= REQUESTER_CLOCK_KINDS
    assert not {ClockKind.RULING_INFORMATION, ClockKind.VOLUMINOUS_RESPONSE} & (
        REQUESTER_CLOCK_KINDS
    )
    assert all(kind in CLOCK_LABELS for kind in new_clocks)
    assert not new_clocks & set(JSON_CLOCK_KINDS)  # --json keeps its five promised kinds
    for kind in (
        EventKind.RULING_INFORMATION_REQUESTED,
        EventKind.RULING_INFORMATION_SENT,
        EventKind.APPEAL_DECISION_EXTENDED,
        EventKind.DEPOSIT_REQUIRED,
        EventKind.VOLUMINOUS_NOTICE,
        EventKind.VOLUMINOUS_ANSWERED,
    ):
        assert "_" not in EVENT_LABELS[kind]  # offered on the request page in words
