"""`deadlines holidays`: each non-business weekday with its name and citation (#13 §1)."""

import json
from datetime import date

import pytest
from click.testing import CliRunner

from foia.deadlines import load_laws
from foia.deadlines.cli import deadlines
from foia.deadlines.holidays import rule_date


def invoke(*args):
    return CliRunner().invoke(deadlines, ["holidays", *args])


@pytest.mark.parametrize("code", sorted(load_laws()))
@pytest.mark.parametrize("level", ["state", "municipal", "county"])
def test_json_lists_days_with_citations_for_every_jurisdiction(code, level):
    result = invoke("--jurisdiction", code, "--year", "2026", "--agency-level", level, "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["jurisdiction"] == code and payload["year"] == 2026
    assert payload["agency_level"] == level
    assert payload["statute"] and payload["checked_against"] and payload["checked_on"]
    days = payload["days"]
    assert days, "every jurisdiction closes on some weekday holidays"
    assert [d["date"] for d in days] == sorted(d["date"] for d in days)
    for day in days:
        assert date.fromisoformat(day["date"]).year == 2026
        assert date.fromisoformat(day["date"]).weekday() < 5
        assert day["name"] and day["citation"]
        assert set(day) == {"date", "weekday", "name", "citation", "source", "verify", "readings"}
        assert day["verify"] == bool(day["readings"])


def test_text_names_county_closures_with_their_statute():
    result = invoke("--jurisdiction", "MA", "--year", "2027", "--county", "suffolk")
    assert result.exit_code == 0, result.output
    # Evacuation Day, Wed 17 Mar 2027 (M.G.L. c.136 §12), only in Suffolk County.
    assert "Wed 17 Mar 2027  Evacuation Day (Suffolk County)  [M.G.L. c.136 §12]" in result.output
    plain = invoke("--jurisdiction", "MA", "--year", "2027")
    assert "Evacuation Day" not in plain.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jurisdiction", "XX", "--year", "2026"], "unknown jurisdiction"),
        (["--jurisdiction", "MA", "--year", "1800"], "1800"),
        (["--jurisdiction", "MA", "--year", "soon"], "soon"),
        (["--jurisdiction", "MA", "--year", "2026", "--county", "Atlantis"], "unknown county"),
        (["--jurisdiction", "MA", "--year", "2026", "--agency-level", "city"], "city"),
        (["--year", "2026"], "--jurisdiction"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        # Counted on a 2026 calendar by hand.
        ("02-12", 2026, date(2026, 2, 12)),
        ("third monday of february", 2026, date(2026, 2, 16)),
        ("last monday of may", 2026, date(2026, 5, 25)),
        ("first monday of september", 2026, date(2026, 9, 7)),
        ("easter-2", 2026, date(2026, 4, 3)),  # Easter Sunday 2026 is 5 April
        ("easter-47", 2026, date(2026, 2, 17)),  # Mardi Gras 2026
        ("election", 2026, date(2026, 11, 3)),  # Tuesday after the first Monday (2 Nov)
        ("election", 2027, date(2027, 11, 2)),  # 1 Nov 2027 is the first Monday
        ("election", 2028, date(2028, 11, 7)),  # 1 Nov 2028 is a Wednesday; Mon 6 Nov
        ("day after thanksgiving", 2026, date(2026, 11, 27)),
        ("2026-05-04", 2026, date(2026, 5, 4)),
        ("2026-05-04", 2027, None),
    ],
)
def test_date_rules(rule, year, expected):
    assert rule_date(rule, year) == expected


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="unknown holiday date rule"):
        rule_date("the second full moon", 2026)
