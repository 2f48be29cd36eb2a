"""The remaining clocks the statutes set (issue #13 §2), each date counted by hand.

"d1" is day 1 of the count; days not counted are named. Holidays are those of each
jurisdiction's data file (foia/deadlines/data/holidays/<CODE>.toml) for 2026-2027: in November
2026 Veterans Day is Wed 11 Nov and Thanksgiving Thu 26 Nov everywhere used here; Texas, South
Carolina and Nebraska also close Fri 27 Nov.
"""

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from foia.deadlines import (
    CLOCK_KINDS,
    LedgerError,
    LedgerEvent,
    calendar_for,
    compute_clocks,
    explain_from_receipt,
    format_text,
    get_law,
    load_law_versions,
)
from foia.deadlines.cli import JSON_CLOCK_KINDS, deadlines
from foia.deadlines.kinds import CONDITION_EVENTS
from foia.deadlines.rules import law_from_mapping

D = date
TODAY = D(2026, 12, 10)
README = Path(__file__).resolve().parents[2] / "README.md"


def result(code, received, *events, today=TODAY):
    ledger = [LedgerEvent("received", received), *(LedgerEvent(k, on) for k, on in events)]
    law = get_law(code, on=received)
    return compute_clocks(law, calendar_for(code), ledger, today)


def clock(code, received, kind, *events, today=TODAY):
    found = result(code, received, *events, today=today).clock(kind)
    assert found is not None, f"{code} has no {kind} clock"
    return found


CASES = [
    # --- Texas, Gov't Code §552.301(e): the brief to the attorney general by the 15th business
    # day after receipt. Received Mon 2 Nov 2026: T3 d1 W4 d2 Th5 d3 F6 d4, M9 d5 T10 d6,
    # W11 Veterans Day (§552.0031), Th12 d7 F13 d8, M16 d9 .. F20 d13, M23 d14 T24 d15.
    (
        "US-TX",
        D(2026, 11, 2),
        "ruling_brief",
        [("ruling_requested", D(2026, 11, 13))],
        D(2026, 11, 24),
    ),
    # Received Mon 9 Nov 2026: T10 d1, W11 Veterans Day, Th12 d2 F13 d3, M16 d4 .. F20 d8,
    # M23 d9 T24 d10 W25 d11, Th26 Thanksgiving, F27 Friday after Thanksgiving (§662.003(b)),
    # M30 d12, T1 Dec d13 W2 d14 Th3 d15.
    (
        "US-TX",
        D(2026, 11, 9),
        "ruling_brief",
        [("ruling_requested", D(2026, 11, 13))],
        D(2026, 12, 3),
    ),
    # --- Nebraska, Neb. Rev. Stat. §84-712(4): ten business days to review the estimate.
    # Sent Thu 5 Nov 2026: F6 d1, M9 d2 T10 d3, W11 Veterans Day, Th12 d4 F13 d5,
    # M16 d6 .. F20 d10.
    (
        "US-NE",
        D(2026, 11, 2),
        "fee_estimate_answer",
        [("fee_estimate", D(2026, 11, 5))],
        D(2026, 11, 20),
    ),
    # Sent Fri 20 Nov 2026: M23 d1 T24 d2 W25 d3, Th26 Thanksgiving, F27 the day after
    # (§25-2221), M30 d4, T1 Dec d5 .. F4 d8, M7 d9 T8 d10.
    (
        "US-NE",
        D(2026, 11, 2),
        "fee_estimate_answer",
        [("fee_estimate", D(2026, 11, 20))],
        D(2026, 12, 8),
    ),
    # --- Nebraska, §84-712.03(1)(b): the Attorney General decides a petition within 15
    # calendar days. Filed Tue 1 Dec 2026 + 15 = Wed 16 Dec.
    (
        "US-NE",
        D(2026, 11, 2),
        "appeal_decision",
        [("denial", D(2026, 11, 5)), ("appeal_filed", D(2026, 12, 1))],
        D(2026, 12, 16),
    ),
    # Filed Fri 4 Dec 2026 + 15 = Sat 19 Dec: the last day rolls past Sun 20 to Mon 21 Dec
    # (§25-2221: a last day on a Saturday, Sunday or holiday is excluded).
    (
        "US-NE",
        D(2026, 11, 2),
        "appeal_decision",
        [("denial", D(2026, 11, 5)), ("appeal_filed", D(2026, 12, 4))],
        D(2026, 12, 21),
    ),
    # --- South Carolina, §30-4-30(C), records more than 24 months old: 20 business days.
    # Received Mon 2 Nov 2026: T3 d1 .. F6 d4, M9 d5 T10 d6, W11 Veterans Day, Th12 d7 F13 d8,
    # M16 d9 .. F20 d13, M23 d14 T24 d15 W25 d16, Th26 and F27 Thanksgiving and the day after
    # (§53-5-10), M30 d17, T1 Dec d18 W2 d19 Th3 d20.
    ("US-SC", D(2026, 11, 2), "response", [("longer_period", D(2026, 11, 2))], D(2026, 12, 3)),
    # ... and 35 calendar days to furnish them after the determination of Mon 30 Nov 2026:
    # 30 Nov + 31 = Thu 31 Dec, + 4 = Mon 4 Jan 2027.
    (
        "US-SC",
        D(2026, 11, 2),
        "production",
        [("longer_period", D(2026, 11, 2)), ("partial_release", D(2026, 11, 30))],
        D(2027, 1, 4),
    ),
    # Without the fact, the 30 days of §30-4-30(C): Mon 30 Nov 2026 + 30 = Wed 30 Dec.
    (
        "US-SC",
        D(2026, 11, 2),
        "production",
        [("partial_release", D(2026, 11, 30))],
        D(2026, 12, 30),
    ),
    # --- Connecticut, §§1-206(a), 1-214(b): personnel-file notice, 10 business days.
    # Received Mon 2 Nov 2026: T3 d1 .. F6 d4, M9 d5 T10 d6, W11 Veterans Day, Th12 d7 F13 d8,
    # M16 d9 T17 d10.
    ("US-CT", D(2026, 11, 2), "response", [("longer_period", D(2026, 11, 4))], D(2026, 11, 17)),
    # ... and the appeal window from that deemed denial: Tue 17 Nov + 30 = Thu 17 Dec.
    ("US-CT", D(2026, 11, 2), "appeal", [("longer_period", D(2026, 11, 4))], D(2026, 12, 17)),
    # --- Alabama, §36-12-44(b): a time-intensive request, the response 45 business days after
    # the notice of Mon 16 Nov 2026: T17 d1 .. F20 d4, M23 d5 T24 d6 W25 d7, Th26 Thanksgiving,
    # F27 d8, M30 d9, T1 Dec d10 .. F4 d13, M7 d14 .. F11 d18, M14 d19 .. F18 d23,
    # M21 d24 .. Th24 d27, F25 Christmas, M28 d28 .. Th31 d31, F1 Jan New Year's Day,
    # M4 d32 .. F8 d36, M11 d37 .. F15 d41, M18 King/Lee birthday (§1-3-8), T19 d42 .. F22 d45.
    (
        "US-AL",
        D(2026, 11, 2),
        "production",
        [("acknowledged", D(2026, 11, 5)), ("longer_period", D(2026, 11, 16))],
        D(2027, 1, 22),
    ),
    # --- Illinois, 5 ILCS 140/3.2: a recurrent requester, 21 business days. Received Mon 16 Nov
    # 2026: T17 d1 .. F20 d4, M23 d5 T24 d6 W25 d7, Th26 Thanksgiving, F27 d8, M30 d9,
    # T1 Dec d10 .. F4 d13, M7 d14 .. F11 d18, M14 d19 T15 d20 W16 d21.
    ("US-IL", D(2026, 11, 16), "response", [("longer_period", D(2026, 11, 18))], D(2026, 12, 16)),
    # --- New Jersey, N.J.S.A. 47:1A-5(i): Daniel's Law review, 14 business days. Received Mon
    # 16 Nov 2026: T17 d1 .. F20 d4, M23 d5 T24 d6 W25 d7, Th26 Thanksgiving, F27 d8, M30 d9,
    # T1 Dec d10 .. F4 d13, M7 d14.
    ("US-NJ", D(2026, 11, 16), "response", [("longer_period", D(2026, 11, 18))], D(2026, 12, 7)),
    # ... 7 business days without it: T17 d1 .. F20 d4, M23 d5 T24 d6 W25 d7.
    ("US-NJ", D(2026, 11, 16), "response", [], D(2026, 11, 25)),
    # --- Oregon, ORS 192.329(5): 10 business days after the date the acknowledgement was due,
    # however early it came. Received Mon 2 Nov 2026, acknowledgement due (ORS 192.324) T3 d1 ..
    # F6 d4, M9 d5; acknowledged Tue 3 Nov. From Mon 9 Nov: T10 d1, W11 Veterans Day,
    # Th12 d2 F13 d3, M16 d4 .. F20 d8, M23 d9 T24 d10.
    ("US-OR", D(2026, 11, 2), "production", [("acknowledged", D(2026, 11, 3))], D(2026, 11, 24)),
]


@pytest.mark.parametrize(("code", "received", "kind", "events", "expected"), CASES)
def test_statute_clock_due_date(code, received, kind, events, expected):
    assert clock(code, received, kind, *events).due_on == expected


def test_the_ruling_brief_runs_only_once_a_ruling_is_requested():
    # Tex. Gov't Code §552.301(e) binds a body that asked for a ruling; asking meets the 10-day
    # response clock (§552.301(b),(d)).
    assert result("US-TX", D(2026, 11, 2)).clock("ruling_brief") is None
    asked = ("ruling_requested", D(2026, 11, 13))
    response = clock("US-TX", D(2026, 11, 2), "response", asked)
    assert (response.state, response.met_on) == ("met", D(2026, 11, 13))


def test_the_ruling_brief_is_met_by_the_copy_of_the_brief():
    asked, sent = ("ruling_requested", D(2026, 11, 13)), ("ruling_brief_sent", D(2026, 11, 23))
    brief = clock("US-TX", D(2026, 11, 2), "ruling_brief", asked, sent)
    assert (brief.state, brief.met_on, brief.obligation) == ("met", D(2026, 11, 23), "respond")


def test_a_missed_ruling_brief_names_the_presumption_and_why_it_runs():
    asked = ("ruling_requested", D(2026, 11, 13))
    brief = clock("US-TX", D(2026, 11, 2), "ruling_brief", asked, today=D(2026, 11, 25))
    assert brief.state == "missed"
    assert "§552.302" in brief.consequence
    assert brief.basis.startswith("15 business days after receipt on Mon 2 Nov 2026")
    recorded = "ruling was recorded on Fri 13 Nov 2026 (“Attorney general's ruling requested”)"
    assert recorded in brief.basis


def test_a_ruling_request_before_receipt_is_refused():
    # Filed Fri 30 Oct, received Mon 2 Nov: the agency cannot ask for a ruling on Sun 1 Nov.
    ledger = [
        LedgerEvent("filed", D(2026, 10, 30)),
        LedgerEvent("received", D(2026, 11, 2)),
        LedgerEvent("ruling_requested", D(2026, 11, 1)),
    ]
    with pytest.raises(LedgerError, match="before the agency received"):
        compute_clocks(get_law("US-TX"), calendar_for("US-TX"), ledger, TODAY)


def test_without_the_fact_the_default_period_holds():
    # S.C. Code §30-4-30(C), 10 business days from Mon 2 Nov 2026: T3 d1 .. F6 d4, M9 d5
    # T10 d6, W11 Veterans Day, Th12 d7 F13 d8, M16 d9 T17 d10. Connecticut: 4 business days,
    # T3 d1 .. F6 d4.
    assert clock("US-SC", D(2026, 11, 2), "response").due_on == D(2026, 11, 17)
    assert clock("US-CT", D(2026, 11, 2), "response").due_on == D(2026, 11, 6)


def test_the_longer_period_says_why_it_applies():
    longer = ("longer_period", D(2026, 11, 4))
    response = clock("US-CT", D(2026, 11, 2), "response", longer, today=D(2026, 11, 30))
    assert response.days == 10
    assert response.citation == "Conn. Gen. Stat. §§1-206(a), 1-214(b)-(c)"
    assert "on Wed 4 Nov 2026 (“Longer statutory period applies”)" in response.basis
    assert "10 business days" in response.consequence


def test_a_time_intensive_request_drops_the_standard_limits():
    # Ala. Code §36-12-44(a)(4)-(5) (15-day increments, presumed denial after 30 business days)
    # govern standard requests; a time-intensive one has its own 45 business days.
    events = [("acknowledged", D(2026, 11, 5)), ("longer_period", D(2026, 11, 16))]
    found = result("US-AL", D(2026, 11, 2), *events)
    kinds = [c.kind for c in found.clocks]
    assert "final_decision" not in kinds
    assert "extended_response" not in kinds
    assert found.clock("production").days == 45
    standard = result("US-AL", D(2026, 11, 2), events[0])
    assert {"final_decision", "extended_response"} <= {c.kind for c in standard.clocks}


def test_the_explanation_takes_extra_facts():
    found = explain_from_receipt(
        "US-SC",
        D(2026, 11, 2),
        events=[LedgerEvent("longer_period", D(2026, 11, 2))],
        today=TODAY,
    )
    assert found.clock("response").due_on == D(2026, 12, 3)
    text = format_text(found)
    assert "20 business days after receipt on Mon 2 Nov 2026" in text
    assert "(“Longer statutory period applies”)" in text


def test_a_conditional_rule_must_name_its_condition():
    raw = {
        "jurisdiction": "US-ZZ",
        "name": "Test law",
        "citation": "Test §1",
        "effective_on": D(2000, 1, 1),
        "confidence": "low",
        "clocks": [
            {
                "kind": "production",
                "days": 45,
                "unit": "business",
                "obligation": "respond",
                "counted_from": "condition",
            }
        ],
    }
    with pytest.raises(ValueError, match="needs `when`"):
        law_from_mapping(raw)
    raw["clocks"][0]["when"] = "fee_paid"
    with pytest.raises(ValueError, match="condition 'fee_paid' is not one of"):
        law_from_mapping(raw)


@pytest.mark.parametrize("code", ["US-TX", "US-NE", "US-SC", "US-OR"])
def test_the_json_output_keeps_its_five_kinds(code):
    args = ["explain", "--jurisdiction", code, "--received", "2026-11-02", "--today", "2026-12-10"]
    out = CliRunner().invoke(deadlines, [*args, "--json"])
    assert out.exit_code == 0, out.output
    assert {c["kind"] for c in json.loads(out.output)["clocks"]} <= set(JSON_CLOCK_KINDS)


def test_every_clock_kind_is_listed_in_the_readme():
    text = README.read_text("utf-8")
    assert [kind for kind in CLOCK_KINDS if f"`{kind}`:" not in text] == []


def test_at_most_one_rule_of_each_kind_applies_whatever_is_recorded():
    cases = [frozenset(), *(frozenset({c}) for c in CONDITION_EVENTS), frozenset(CONDITION_EVENTS)]
    clashes = []
    for code, versions in load_law_versions().items():
        for law in versions:
            for present in cases:
                kinds = [rule.kind for rule in law.clocks_for(present)]
                clashes += [
                    (code, kind, sorted(present)) for kind in set(kinds) if kinds.count(kind) > 1
                ]
    assert clashes == []
