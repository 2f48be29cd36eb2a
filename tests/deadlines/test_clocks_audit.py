"""docs/clocks-audit.md lists, for each of the 52 jurisdictions, every clock laws.toml models."""

import re
from pathlib import Path

from foia.deadlines.rules import load_laws

AUDIT = Path(__file__).resolve().parents[2] / "docs" / "clocks-audit.md"


def sections() -> dict[str, str]:
    text = AUDIT.read_text("utf-8")
    parts = re.split(r"^### ([A-Z-]+): ", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def modelled_kinds(law) -> set[str]:
    kinds = {rule.kind for rule in law.clocks}
    kinds |= {"production_limit"} if law.production_limits else set()
    kinds |= {"extended_response"} if law.extension is not None else set()
    if law.appeal is not None and law.appeal.days:
        kinds.add("appeal")
    if law.appeal is not None and law.appeal.decision_days:
        kinds.add("appeal_decision")
    return kinds


def test_every_jurisdiction_has_its_section():
    found = sections()
    assert len(load_laws()) == 52
    assert sorted(found) == sorted(load_laws())


def test_every_modelled_clock_is_listed_with_its_citation():
    found = sections()
    missing = []
    for code, law in load_laws().items():
        rows = [line for line in found[code].splitlines() if line.startswith("| `")]
        listed = {row.split("`")[1] for row in rows}
        missing += [f"{code} {kind}" for kind in sorted(modelled_kinds(law) - listed)]
        missing += [
            f"{code} {rule.kind} {rule.citation}"
            for rule in law.clocks
            if not any(rule.citation in row for row in rows)
        ]
    assert missing == []


def test_each_row_says_whether_it_is_modelled():
    for code, body in sections().items():
        for row in (line for line in body.splitlines() if line.startswith("| ")):
            if row.startswith(("| Clock", "|---")):
                continue
            status = row.rstrip(" |").rsplit("|", 1)[1].strip()
            assert status.startswith(("yes", "no", "n/a", "covered")), (code, row)
