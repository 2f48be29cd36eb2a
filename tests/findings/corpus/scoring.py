"""Load the sample documents and their hand-labelled findings, and score the suggester on them."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from foia.findings.kinds import FindingKind
from foia.findings.suggest import suggest

CORPUS = Path(__file__).resolve().parent
PAGE_BREAK = "\n=== page ===\n"

#: A finding as scored: kind, value and page.
Label = tuple[str, str, int]


@dataclass
class Score:
    """Right, wrong and missed findings, per kind and overall."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    wrong: list[tuple[str, Label]] = field(default_factory=list)
    missed: list[tuple[str, Label]] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        """Return the share of suggestions that were expected (1.0 when none were made)."""
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fp = self.fp[kind] if kind else sum(self.fp.values())
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, kind: str | None = None) -> float:
        """Return the share of expected findings that were suggested (1.0 when none were)."""
        tp = self.tp[kind] if kind else sum(self.tp.values())
        fn = self.fn[kind] if kind else sum(self.fn.values())
        return tp / (tp + fn) if tp + fn else 1.0


def load() -> dict[str, tuple[str, set[Label]]]:
    """Return each document's text (pages split by form feeds) and its expected findings."""
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    return {
        name: (
            (CORPUS / name).read_text(encoding="utf-8").replace(PAGE_BREAK, "\f"),
            {(e["kind"], e["value"], e["page"]) for e in labels},
        )
        for name, labels in expected.items()
    }


def run(documents: dict[str, tuple[str, set[Label]]]) -> Score:
    """Suggest on every document and count what was right, wrong and missed."""
    score = Score()
    for name, (text, expected) in documents.items():
        got = {(s.kind.value, s.value, s.page) for s in suggest(text)}
        for label in got & expected:
            score.tp[label[0]] += 1
        for label in got - expected:
            score.fp[label[0]] += 1
            score.wrong.append((name, label))
        for label in expected - got:
            score.fn[label[0]] += 1
            score.missed.append((name, label))
    return score


KINDS = [kind.value for kind in FindingKind]
