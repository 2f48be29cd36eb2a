"""Benchmark: precision and recall of the findings suggester on the sample documents.

Runs the pure `foia.findings.suggest.suggest` on every document of tests/findings/corpus (plain
text pages of contracts, invoices, policies, audit logs, denial letters, a ban ordinance), whose
findings were labelled by hand. A suggestion is right when its kind, value and page are expected.
Hard negatives (a vendor named in a ban ordinance, a records fee, a fine, records requests
counted in a denial, a body camera contract) count against precision when suggested.
The corpus was written after the first rules, and three rules were then fixed on it (wrapped
lines, "searches ... numbered N", "the city's ban"): it is a tuning set, there is no held-out set.

Usage: python bench/bench_findings.py [--runs 50] [--misses]
"""

from __future__ import annotations

import argparse
import time

from _common import markdown_table

from tests.findings.corpus.scoring import KINDS, Score, load, run

#: No figure was set by the issue; these are the reply suggester's (#12), the nearest yardstick.
TARGET_PRECISION = 0.9
TARGET_RECALL = 0.85


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
        )
        for kind in KINDS
    ]
    headers = ["kind", "expected", "right", "wrong", "missed", "precision", "recall"]
    return markdown_table(headers, rows)


def main() -> None:
    """Score the corpus, time the suggestions, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=50, help="passes over the corpus to time")
    parser.add_argument("--misses", action="store_true", help="list every wrong or missed one")
    args = parser.parse_args()
    documents = load()
    score = run(documents)
    pages = sum(text.count("\f") + 1 for text, _ in documents.values())
    started = time.perf_counter()
    for _ in range(args.runs):
        run(documents)
    per_doc_ms = (time.perf_counter() - started) * 1000 / (args.runs * len(documents))
    expected = sum(len(labels) for _, labels in documents.values())
    met = score.precision() >= TARGET_PRECISION and score.recall() >= TARGET_RECALL

    print("## bench_findings: findings suggested from documents' text, by rules\n")
    print(f"### Overall ({len(documents)} sample documents, {pages} pages; a tuning set)\n")
    row = (
        len(documents),
        expected,
        f"{score.precision():.2f}",
        f"{score.recall():.2f}",
        f"≥ {TARGET_PRECISION} / ≥ {TARGET_RECALL}",
        "yes" if met else "NO",
    )
    headers = ["documents", "expected", "precision", "recall", "target P / R", "ok"]
    print(markdown_table(headers, [row]))
    print("\n### Per kind\n")
    print(per_kind(score))
    print(f"\nTime: {per_doc_ms:.2f} ms per document (mean of {args.runs} passes).")
    print("\nWrong or missed:\n")
    shown = [f"wrong: {name} {label}" for name, label in score.wrong]
    shown += [f"missed: {name} {label}" for name, label in score.missed]
    print("\n".join(f"- {line}" for line in shown) or "- none")


if __name__ == "__main__":
    main()
