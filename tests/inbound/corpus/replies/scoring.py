"""Load the example replies and score foia.inbound.suggest against them.

Shared by tests/inbound/test_suggest.py and bench/bench_suggest.py. A suggestion is right when
its kind is expected for that reply and every key field of the kind matches the expected value
(a key field the entry leaves out is expected to be empty).
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from foia.inbound.suggest import Suggestion, suggest

CORPUS = Path(__file__).resolve().parent / "replies.toml"
#: The fields compared for each kind.
KEY_FIELDS = {
    "acknowledgement": ("tracking_number",),
    "fee_estimate": ("amount",),
    "extension": ("days", "new_date"),
    "partial_release": ("exemptions",),
    "denial": ("exemptions",),
}


@dataclass(frozen=True)
class Reply:
    """One example reply and what should be suggested for it."""

    id: str
    text: str
    attachments: tuple[str, ...]
    jurisdiction: str
    received_on: date | None
    held_out: bool
    expect: tuple[dict, ...]


@dataclass
class Score:
    """True positives, false positives and false negatives, per kind."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    replies: int = 0
    misses: list[str] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        """Return the share of suggestions that were right (1.0 when none were made)."""
        tp, fp = self._get(self.tp, kind), self._get(self.fp, kind)
        return tp / (tp + fp) if tp + fp else 1.0

    def recall(self, kind: str | None = None) -> float:
        """Return the share of expected suggestions that were made (1.0 when none expected)."""
        tp, fn = self._get(self.tp, kind), self._get(self.fn, kind)
        return tp / (tp + fn) if tp + fn else 1.0

    @staticmethod
    def _get(counter: Counter, kind: str | None) -> int:
        return counter[kind] if kind else sum(counter.values())


def load(path: Path = CORPUS) -> list[Reply]:
    """Return every example reply in the corpus file."""
    raw = tomllib.loads(path.read_text("utf-8"))
    return [
        Reply(
            id=row["id"],
            text=row["text"],
            attachments=tuple(row.get("attachments", ())),
            jurisdiction=row.get("jurisdiction", "US-MA"),
            received_on=row.get("received_on"),
            held_out=row.get("held_out", False),
            expect=tuple(row.get("expect", ())),
        )
        for row in raw["reply"]
    ]


def expected_value(expect: dict, name: str):
    """Return the expected value of a key field, in the type Suggestion uses."""
    value = expect.get(name)
    if name == "tracking_number":
        return value or ""
    if name == "amount":
        return Decimal(value) if value is not None else None
    if name == "exemptions":
        return frozenset(value or ())
    return value


def _matches(suggestion: Suggestion, expect: dict) -> bool:
    if suggestion.kind != expect["kind"]:
        return False
    for name in KEY_FIELDS.get(suggestion.kind, ()):
        got = getattr(suggestion, name)
        got = frozenset(got) if name == "exemptions" else got
        if name == "tracking_number":
            got = got.upper()
            if got != expected_value(expect, name).upper():
                return False
        elif got != expected_value(expect, name):
            return False
    return True


def run(replies: list[Reply]) -> Score:
    """Suggest for every reply and count what was right, wrong and missed."""
    score = Score(replies=len(replies))
    for reply in replies:
        got = suggest(
            reply.text,
            attachment_names=reply.attachments,
            jurisdiction=reply.jurisdiction,
            received_on=reply.received_on,
        )
        pending = list(reply.expect)
        for suggestion in got:
            hit = next((e for e in pending if _matches(suggestion, e)), None)
            if hit is None:
                score.fp[suggestion.kind] += 1
                score.misses.append(f"{reply.id}: unexpected {_describe(suggestion)}")
            else:
                score.tp[suggestion.kind] += 1
                pending.remove(hit)
        for expect in pending:
            score.fn[expect["kind"]] += 1
            score.misses.append(f"{reply.id}: missed {expect}")
    return score


def _describe(s: Suggestion) -> str:
    fields = {n: getattr(s, n) for n in KEY_FIELDS.get(s.kind, ())}
    return f"{s.kind} {fields} <- {s.sentence[:90]!r}"
