"""Benchmark: precision and recall of the reply suggestions on the corpus of example replies.

Runs the pure `foia.inbound.suggest.suggest` on every reply of
tests/inbound/corpus/replies/replies.toml. A suggestion is right when its kind is expected and
its key fields (tracking number, fee amount, extension days and date, exemptions) match. The
held-out replies were written before the rules and never tuned against; they are reported apart.

Usage: python bench/bench_suggest.py [--runs 20] [--misses]
"""

from __future__ import annotations

import argparse
import time

from _common import markdown_table

from foia.inbound.suggest import ORDER
from tests.inbound.corpus.replies.scoring import KEY_FIELDS, Score, load, run

TARGET_PRECISION = 0.9
TARGET_RECALL = 0.85


def ok(score: Score) -> str:
    """Return "yes" when both targets are met."""
    met = score.precision() >= TARGET_PRECISION and score.recall() >= TARGET_RECALL
    return "yes" if met else "NO"


def per_kind(score: Score) -> str:
    """Return the per-kind table."""
    rows = [
        (
            kind,
            score.tp[kind] + score.fn[kind],
            score.tp[kind],
            score.fp[kind],
            score.fn[kind],
            f"{score.precision(kind):.2f}",
            f"{score.recall(kind):.2f}",
            ", ".join(KEY_FIELDS.get(kind, ())) or "–",
        )
        for kind in ORDER
    ]
    headers = ["kind", "expected", "right", "wrong", "missed", "precision", "recall", "checked"]
    return markdown_table(headers, rows)


def main() -> None:
    """Score the corpus, time the suggestions, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="passes over the corpus to time")
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed one")
    args = parser.parse_args()
    replies = load()
    sets = [
        ("tuning", [r for r in replies if not r.held_out]),
        ("held out", [r for r in replies if r.held_out]),
        ("all", replies),
    ]
    scores = {name: run(subset) for name, subset in sets}
    started = time.perf_counter()
    for _ in range(args.runs):
        run(replies)
    per_reply_ms = (time.perf_counter() - started) * 1000 / (args.runs * len(replies))

    print("## bench_suggest: what a reply means, suggested by rules\n")
    print(f"### Overall ({len(replies)} example replies)\n")
    rows = [
        (
            name,
            len(subset),
            sum(len(r.expect) for r in subset),
            f"{scores[name].precision():.2f}",
            f"{scores[name].recall():.2f}",
            f"≥ {TARGET_PRECISION} / ≥ {TARGET_RECALL}",
            ok(scores[name]),
        )
        for name, subset in sets
    ]
    headers = ["set", "replies", "expected", "precision", "recall", "target P / R", "ok"]
    print(markdown_table(headers, rows))
    print("\n### Per kind, all replies\n")
    print(per_kind(scores["all"]))
    print(f"\nTime: {per_reply_ms:.2f} ms per reply (mean of {args.runs} passes).")
    misses = scores["all"].misses
    if args.misses or scores["held out"].misses:
        print("\nWrong or missed:\n")
        shown = misses if args.misses else scores["held out"].misses
        print("\n".join(f"- {m}" for m in shown) or "- none")


if __name__ == "__main__":
    main()
