"""Run every bench/bench_*.py with its defaults and write bench/RESULTS.md.

The document starts with the machine (CPU, cores, RAM, Python, SQLite and PostgreSQL versions)
and the date, then gives each benchmark's output: its Markdown tables carry the issue's target
next to the measured figure. A script that prints plain text is kept as a code block.

Usage: python bench/run_all.py [--only NAME ...] [--out bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import ast
import os
import platform
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from _common import PG_MAINTENANCE_URL, ROOT
from sqlalchemy import create_engine, text

BENCH = ROOT / "bench"
#: Extra arguments per script; none means the script's own defaults.
ARGUMENTS: dict[str, list[str]] = {}
#: Targets of benchmarks whose tables do not show one themselves.
NOTES = {
    "bench_deadlines.py": "Target (issue #18): every clock of 100,000 synthetic requests, dates "
    "only, in under 2 s and at least 2.5 times faster than with explanations, in the same run.",
    "bench_filing.py": "Target (issue #18): at least 50 requests filed per second by email, "
    "with everything filing guarantees (claimed, recorded with the server's reply, the ledger "
    "event and deadlines written, exactly once, resumable after a kill); bare smtplib on the "
    "same messages in the same run.",
    "bench_findings.py": "No figure set by issue #17; held to the reply suggester's (#12): "
    "precision ≥ 0.9 and recall ≥ 0.85 on the hand-labelled sample documents of "
    "tests/findings/corpus (a tuning set, hard negatives included).",
    "bench_public.py": "Target (issue #17 §2): the public campaign page p95 < 30 ms at 351 "
    "agencies, cached and invalidated on change.",
    "bench_fetch.py": "Target (inbound mail issue #12): fetch and store 10,000 messages (a third "
    "with a 100 KB PDF) from dovecot on loopback at ≥ 100 messages/s on 2 cores with peak RSS "
    "< 300 MB, also with one 50 MB attachment; a second fetch stores 0. Needs dovecot-imapd.",
    "bench_suggest.py": "Target (inbound mail issue #12): suggestions of what a reply means with "
    "overall precision ≥ 0.9 and recall ≥ 0.85 on at least 60 example replies.",
}
TIMEOUT_SECONDS = 3600


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram() -> str:
    """Return the total memory from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024**2:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def postgresql_version() -> str:
    """Return the PostgreSQL server version, or why it is unknown."""
    engine = create_engine(PG_MAINTENANCE_URL)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SHOW server_version")).scalar()
    except Exception as exc:  # noqa: BLE001 - report any connection failure in the document
        return f"unavailable ({type(exc).__name__})"
    finally:
        engine.dispose()


def machine() -> str:
    """Return the machine section."""
    rows = [
        ("CPU", cpu_model()),
        ("cores", str(os.cpu_count())),
        ("RAM", ram()),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("SQLite", sqlite3.sqlite_version),
        ("PostgreSQL server", postgresql_version()),
    ]
    return "\n".join(["| | |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])


def summary_of(script: Path) -> str:
    """Return the first line of the script's docstring."""
    doc = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    return doc.splitlines()[0] if doc else ""


def run(script: Path) -> str:
    """Run one benchmark; return its section of the document."""
    command = [sys.executable, str(script), *ARGUMENTS.get(script.name, [])]
    print(f"running {' '.join(command[1:])} ...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT_SECONDS
        )
        output, errors, code = done.stdout.strip(), done.stderr.strip(), done.returncode
    except subprocess.TimeoutExpired:
        output, errors, code = "", f"timed out after {TIMEOUT_SECONDS} s", -1
    elapsed = time.perf_counter() - started
    shown = " ".join(["python", f"bench/{script.name}", *ARGUMENTS.get(script.name, [])])
    parts = [
        f"## {script.name}",
        "",
        summary_of(script),
        "",
        f"Command: `{shown}` (exit {code}, {elapsed:.0f} s wall)",
        "",
    ]
    if note := NOTES.get(script.name):
        parts += [note, ""]
    is_markdown = any(line.startswith("|") for line in output.splitlines())
    parts.append(output if is_markdown else f"```text\n{output}\n```")
    if code != 0:
        tail = "\n".join(errors.splitlines()[-20:])
        parts += ["", "**Failed.** Last lines of its error output:", "", f"```text\n{tail}\n```"]
    return "\n".join(parts)


def main() -> None:
    """Run the benchmarks and write the results document."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="*", help="script names, e.g. bench_pages.py")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md")
    args = parser.parse_args()
    scripts = sorted(BENCH.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.name in args.only or s.stem in args.only]
    started = datetime.now(UTC)
    header = [
        "# Benchmark results",
        f"Run on {started:%Y-%m-%d %H:%M} UTC by `python bench/run_all.py` "
        "(`make bench`). Data: bench/generate.py defaults (20,000 agencies, 50,000 requests, "
        "seed 2026), generated when absent.",
        "## Machine",
        machine(),
    ]
    sections: list[str] = []
    for script in scripts:
        sections.append(run(script))
        # Written after every script, so an interrupted run still leaves what it measured.
        pending = [f"## {s.name}\n\nNot run yet." for s in scripts[len(sections) :]]
        document = "\n\n".join([*header, *sections, *pending])
        args.out.write_text(document + "\n", encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
