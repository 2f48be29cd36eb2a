"""Every clock the statute sets (issue #13 §2); each date was counted by hand from the statute.

The comments show the count: "d1" is day 1, days not counted are named. Holidays are those of
each jurisdiction's data file (foia/deadlines/data/holidays/<CODE>.toml) for 2026.
"""

from datetime import date

import pytest

from foia.deadlines import (
    CLOCK_KINDS,
    REQUESTER_CLOCK_KINDS,
    LedgerEvent,
    calendar_for,
    compute_clocks,
    get_law,
    load_law_versions,
)
from foia.deadlines.rules import law_from_mapping

D = date
TODAY = D(2027, 6, 1)


def result(code, received, *events, level="municipal", today=TODAY):
    law = get_law(code, on=received)
    ledger = [LedgerEvent("received", received), *events]
    return compute_clocks(law, calendar_for(code, level=level), ledger, today, agency_level=level)


def clock(code, received, kind, *events, level="municipal", today=TODAY):
    found = result(code, received, *events, level=level, today=today).clock(kind)
    assert found is not None, f"{code} has no {kind} clock"
    return found


def due(code, received, kind, *events, level="municipal"):
    return clock(code, received, kind, *events, level=level).due_on


CASES = [
    # --- Alabama, Ala. Code §36-12-44(a)(5): presumed denied with no substantive response by
    # the earlier of 30 business days or 60 calendar days after the acknowledgement. Ack Thu
    # 5 Nov 2026: F6 d1, M9 d2 T10 d3, W11 Veterans Day, Th12 d4 F13 d5, M16 d6 .. F20 d10,
    # M23 d11 T24 d12 W25 d13, Th26 Thanksgiving, F27 d14, M30 d15, T1 Dec d16 .. F4 d19,
    # M7 d20 .. F11 d24, M14 d25 .. F18 d29, M21 d30: Mon 21 Dec (60 calendar days: Mon 4 Jan).
    (
        "US-AL",
        D(2026, 11, 2),
        "final_decision",
        [("acknowledged", D(2026, 11, 5))],
        D(2026, 12, 21),
    ),
    # --- Louisiana, La. R.S. 44:35(A): a written determination or estimate within 5 days
    # excluding weekends and legal holidays. Fri 20 Nov 2026: M23 d1 T24 d2 W25 d3,
    # Th26 Thanksgiving, F27 d4, M30 d5: Mon 30 Nov.
    ("US-LA", D(2026, 11, 20), "final_decision", [], D(2026, 11, 30)),
    # --- Iowa, Iowa Code §22.8(4)(d): a good-faith delay may not exceed 20 calendar days.
    # Sat 5 Dec 2026 + 20 = Fri 25 Dec, Christmas: the last day rolls past Sat 26 and Sun 27 to
    # Mon 28 Dec (Iowa Code §4.1(34)).
    ("US-IA", D(2026, 12, 5), "final_decision", [], D(2026, 12, 28)),
    # --- Wyoming, Wyo. Stat. §16-4-202(c)(iii): all records released within 30 calendar days
    # of the acknowledged receipt. Acknowledged Wed 4 Nov 2026 + 30 = Fri 4 Dec.
    ("US-WY", D(2026, 11, 2), "completion", [("acknowledged", D(2026, 11, 4))], D(2026, 12, 4)),
    # --- Texas, Gov't Code §552.2615(b): answer the itemized statement within 10 business days
    # after it is sent. Sent Thu 5 Nov 2026: F6 d1, M9 d2 T10 d3, W11 Veterans Day (excluded by
    # §552.0031), Th12 d4 F13 d5, M16 d6 T17 d7 W18 d8 Th19 d9 F20 d10: Fri 20 Nov.
    (
        "US-TX",
        D(2026, 11, 2),
        "fee_estimate_answer",
        [("fee_estimate", D(2026, 11, 5))],
        D(2026, 11, 20),
    ),
    # --- Texas, Gov't Code §552.222(d): a written answer by the 61st day after the request for
    # clarification is sent. Mon 2 Nov 2026: 30 Nov is day 28, 31 Dec day 59, Sat 2 Jan 2027
    # day 61. A requester's period does not roll forward (the earlier date is the safe one).
    (
        "US-TX",
        D(2026, 11, 2),
        "clarification_answer",
        [("clarification_requested", D(2026, 11, 2))],
        D(2027, 1, 2),
    ),
    # --- Oregon, ORS 192.329: the fee unpaid 60 days after the public body told the requester
    # of it, the request may be closed. Tue 1 Sep 2026: 30 Sep is day 29, Sat 31 Oct day 60.
    (
        "US-OR",
        D(2026, 8, 31),
        "fee_estimate_answer",
        [("fee_estimate", D(2026, 9, 1))],
        D(2026, 10, 31),
    ),
    # --- Oregon, ORS 192.329: no answer to a request for clarification within 60 days. Thu
    # 15 Oct 2026: 31 Oct is day 16, 30 Nov day 46, Mon 14 Dec day 60.
    (
        "US-OR",
        D(2026, 10, 13),
        "clarification_answer",
        [("clarification_requested", D(2026, 10, 15))],
        D(2026, 12, 14),
    ),
    # --- Michigan, MCL 15.234: the deposit unpaid 45 days after the notice is received (deemed
    # 3 days after it is sent), the request is abandoned. Notice sent Mon 2 Nov 2026: 30 Nov is
    # day 28, Sun 20 Dec day 48, not moved (the requester's earlier date).
    (
        "US-MI",
        D(2026, 10, 26),
        "fee_estimate_answer",
        [("fee_estimate", D(2026, 11, 2))],
        D(2026, 12, 20),
    ),
    # --- Indiana, Ind. Code §5-14-5-9: the counselor's opinion within 30 days of the complaint.
    # Filed Tue 1 Dec 2026 + 30 = Thu 31 Dec.
    (
        "US-IN",
        D(2026, 11, 2),
        "appeal_decision",
        [("denial", D(2026, 11, 5)), ("appeal_filed", D(2026, 12, 1))],
        D(2026, 12, 31),
    ),
    # --- Delaware, 29 Del. C. §10005(e): the Attorney General's determination within 20 days of
    # the petition. Filed Tue 3 Nov 2026 + 20 = Mon 23 Nov.
    (
        "US-DE",
        D(2026, 10, 1),
        "appeal_decision",
        [("denial", D(2026, 10, 20)), ("appeal_filed", D(2026, 11, 3))],
        D(2026, 11, 23),
    ),
    # --- Utah, Utah Code §63G-2-401(5)(a): the chief administrative officer decides within
    # 5 business days. Filed Mon 9 Nov 2026: T10 d1, W11 Veterans Day, Th12 d2 F13 d3, M16 d4,
    # T17 d5: Tue 17 Nov.
    (
        "US-UT",
        D(2026, 10, 1),
        "appeal_decision",
        [("denial", D(2026, 10, 15)), ("appeal_filed", D(2026, 11, 9))],
        D(2026, 11, 17),
    ),
]


@pytest.mark.parametrize(("code", "received", "kind", "events", "expected"), CASES)
def test_statute_clock_due_date(code, received, kind, events, expected):
    ledger = [LedgerEvent(k, on) for k, on in events]
    assert due(code, received, kind, *ledger) == expected


def test_each_new_clock_kind_has_a_case():
    new = {"final_decision", "completion", "fee_estimate_answer", "clarification_answer"}
    assert new <= set(CLOCK_KINDS)
    assert new <= {case[2] for case in CASES}


def test_every_clock_in_the_data_has_a_citation():
    missing = []
    for code, versions in load_law_versions().items():
        for law in versions:
            where = f"{code} {law.effective_on}"
            missing += [f"{where} {c.kind}" for c in law.clocks if not c.citation.strip()]
            if law.extension is not None and not law.extension.citation.strip():
                missing.append(f"{where} extension")
            missing += [f"{where} limit" for p in law.production_limits if not p.citation.strip()]
            if law.appeal is not None and not law.appeal.citation.strip():
                missing.append(f"{where} appeal")
    assert missing == []


def test_a_requester_clock_waits_for_its_trigger():
    # No fee estimate, no question: nothing runs against the requester.
    found = result("US-TX", D(2026, 11, 2))
    assert found.clock("fee_estimate_answer") is None
    assert found.clock("clarification_answer") is None


def test_a_requester_clock_is_met_by_the_answer_and_binds_the_requester():
    fee = LedgerEvent("fee_estimate", D(2026, 11, 5))
    paid = LedgerEvent("fee_paid", D(2026, 11, 12))
    answer = clock("US-TX", D(2026, 11, 2), "fee_estimate_answer", fee, paid)
    assert (answer.state, answer.met_on, answer.obligation) == ("met", D(2026, 11, 12), "answer")
    assert "fee_estimate_answer" in REQUESTER_CLOCK_KINDS


def test_a_missed_answer_names_its_consequence():
    fee = LedgerEvent("fee_estimate", D(2026, 11, 5))
    answer = clock("US-TX", D(2026, 11, 2), "fee_estimate_answer", fee, today=D(2026, 11, 23))
    assert answer.state == "missed"
    assert (
        answer.consequence == "The request is considered withdrawn (Tex. Gov't Code §552.2615(b))."
    )
    assert answer.basis.startswith("10 business days after the fee estimate on Thu 5 Nov 2026")


def test_the_latest_question_starts_the_clock():
    # A second request for clarification on Mon 16 Nov 2026 restarts the 61 days: Sat 16 Jan 2027.
    asked = [
        LedgerEvent("clarification_requested", D(2026, 11, 2)),
        LedgerEvent("clarification_answered", D(2026, 11, 9)),
        LedgerEvent("clarification_requested", D(2026, 11, 16)),
    ]
    answer = clock("US-TX", D(2026, 11, 2), "clarification_answer", *asked, today=D(2026, 12, 1))
    assert answer.due_on == D(2027, 1, 16)
    assert answer.state == "running"


def test_the_agencys_pause_does_not_pause_the_requesters_clock():
    # Oregon tolls the agency's clocks while a fee is unpaid; the requester's 60 days still run.
    answer = clock(
        "US-OR", D(2026, 8, 31), "fee_estimate_answer", LedgerEvent("fee_estimate", D(2026, 9, 1))
    )
    assert not any(step.skipped for step in answer.steps)


def test_a_final_decision_without_acknowledgement_counts_from_the_latest_lawful_one():
    # Alabama, no acknowledgement recorded: the acknowledgement deadline (10 business days after
    # Mon 2 Nov 2026: T3 d1 .. F6 d4, M9 d5 T10 d6, W11 Veterans Day, Th12 d7 F13 d8, M16 d9,
    # T17 d10) starts the 30 business days, and the date is marked estimated.
    decision = clock("US-AL", D(2026, 11, 2), "final_decision")
    assert decision.is_estimated
    assert (
        "after the response deadline (no response recorded yet) on Tue 17 Nov 2026"
        in decision.basis
    )


def test_answer_clocks_must_count_from_the_agencys_question():
    raw = {
        "jurisdiction": "US-ZZ",
        "name": "Test law",
        "citation": "Test §1",
        "effective_on": D(2000, 1, 1),
        "confidence": "low",
        "clocks": [
            {"kind": "fee_estimate_answer", "days": 10, "unit": "business", "obligation": "answer"}
        ],
    }
    with pytest.raises(ValueError, match="cannot be counted from 'receipt'"):
        law_from_mapping(raw)
