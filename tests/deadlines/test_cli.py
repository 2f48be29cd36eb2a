"""`deadlines explain`: JSON shape for every jurisdiction, text for people, exit 2 on bad input."""

import json

import pytest
from click.testing import CliRunner

from foia.deadlines import load_laws
from foia.deadlines.cli import deadlines

KINDS = {"response", "extended_response", "production_limit", "expedited_decision", "appeal"}


def invoke(*args):
    return CliRunner().invoke(deadlines, ["explain", "--today", "2026-11-26", *args])


@pytest.mark.parametrize("code", sorted(load_laws()))
def test_json_shape_for_every_jurisdiction(code):
    result = invoke("--jurisdiction", code, "--received", "2026-11-24", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert set(payload) == {
        "jurisdiction", "law", "citation", "received_on", "deemed_received_on", "confidence",
        "verify_before_relying", "flags", "clocks",
    }  # fmt: skip
    assert payload["jurisdiction"] == code
    assert payload["received_on"] == "2026-11-24"
    assert isinstance(payload["verify_before_relying"], bool)
    assert payload["clocks"][0]["kind"] == "response"
    for clock in payload["clocks"]:
        assert clock["kind"] in KINDS
        assert clock["unit"] in ("business", "calendar")
        assert clock["state"] in ("running", "paused", "met", "missed", "not applicable")
        assert {"kind", "due_on", "unit", "days", "basis", "state", "steps"} <= set(clock)
        for step in clock["steps"]:
            assert set(step) == {"on", "counted", "skipped", "text"}
    assert "appeal" not in {clock["kind"] for clock in payload["clocks"]}


def test_json_ma_example_with_response():
    result = invoke(
        "--jurisdiction", "US-MA", "--county", "Suffolk", "--agency-level", "state",
        "--received", "2026-11-24", "--responded", "2026-12-09", "--json",
    )  # fmt: skip
    payload = json.loads(result.output)
    clocks = {clock["kind"]: clock for clock in payload["clocks"]}
    assert clocks["response"]["due_on"] == "2026-12-09"
    assert clocks["response"]["state"] == "met"
    assert clocks["production_limit"]["due_on"] == "2026-12-16"
    assert clocks["appeal"]["due_on"] == "2027-03-09"
    assert clocks["response"]["steps"][1]["text"] == "Thu 26 Nov 2026: skipped (Thanksgiving Day)"


def test_federal_json_has_expedited_decision():
    payload = json.loads(
        invoke("--jurisdiction", "US", "--received", "2026-11-24", "--json").output
    )
    assert "expedited_decision" in {clock["kind"] for clock in payload["clocks"]}


def test_text_output_explains_the_count():
    result = invoke("--jurisdiction", "US-MA", "--received", "2026-11-24")
    assert result.exit_code == 0
    assert "skipping Thanksgiving Day (Thu 26 Nov): due Wed 9 Dec 2026" in result.output
    assert "Wed 9 Dec 2026: day 10" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--jurisdiction", "US-ZZ", "--received", "2026-11-24"], "unknown jurisdiction"),
        (["--jurisdiction", "US-MA", "--county", "Gotham", "--received", "2026-11-24"], "county"),
        (["--jurisdiction", "US", "--received", "2026-02-30"], "not a real date"),
        (
            ["--jurisdiction", "US", "--received", "2026-11-24", "--responded", "2026-11-01"],
            "before --received",
        ),
        (["--jurisdiction", "US-TX", "--received", "2010-01-01"], "no version"),
        (["--jurisdiction", "US-TX", "--received", "1990-01-01"], "before 1 January 2000"),
    ],
)
def test_bad_input_exits_2_with_a_message(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
