"""Load test: gunicorn on loopback over the bench dataset, driven by wrk.

Serves the app with gunicorn (PostgreSQL by default) over the generated bench database
(20,000 agencies, 50,000 requests; see generate.py), logs a volunteer in, and drives a mix of
logged-in page views with wrk for --seconds at --connections, then the dashboard alone, then the
trivial /healthz route on the same server in the same run for comparison. Before them the mix
runs --warm-up seconds untimed (default 5; its figures are printed apart): the table is the
server in steady state, the warm-up line what the first users after a start see. Reports throughput,
p50/p95/p99, errors, each one's throughput as a share of /healthz's, and the resident memory of
each gunicorn worker. Traffic goes to 127.0.0.1 only.

Needs Debian's wrk (`apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, database_url, markdown_table  # noqa: E402

PASSWORD = "load-test volunteer passphrase"
EMAIL = "load-volunteer@example.org"

LUA = r"""
local paths = {PATHS}
-- wrk gives up on a request after 2 s and counts it as a timeout (a socket error).
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1], {["Cookie"] = "%s"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%d %%d %%.3f %%.3f %%.3f %%.3f\n",
    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status, summary.duration,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
"""


def free_port() -> int:
    """Return a free loopback port."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_user(env: dict) -> None:
    """Create the load-test volunteer (ignored if it exists)."""
    subprocess.run(
        [
            str(ROOT / ".venv/bin/flask"),
            "--app",
            "wsgi",
            "users",
            "create",
            "--email",
            EMAIL,
            "--role",
            "volunteer",
            "--password-stdin",
        ],
        input=PASSWORD + "\n",
        text=True,
        env=env,
        cwd=ROOT,
        capture_output=True,
        check=False,
    )


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    """Start gunicorn and wait until /healthz answers."""
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def log_in(port: int) -> str:
    """Log in through the real form (with its CSRF token) and return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{port}/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": EMAIL, "password": PASSWORD})
    opener.open(f"http://127.0.0.1:{port}/login", data=data.encode()).read()
    cookie = next(c for c in jar if c.name == "session")
    return f"session={cookie.value}"


def sample_ids(url: str) -> tuple[int, int]:
    """Return an agency id and a request id from the bench database."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        agency = conn.execute(text("SELECT min(id) FROM agencies")).scalar()
        request = conn.execute(text("SELECT min(id) FROM records_requests")).scalar()
    engine.dispose()
    return agency, request


def mix_paths(agency_id: int, request_id: int) -> list[str]:
    """Return the logged-in page mix, each page once."""
    return [
        "/",
        "/agencies",
        "/agencies?q=police",
        "/agencies?state=US-MA&level=municipal",
        f"/agencies/{agency_id}",
        "/requests",
        f"/requests/{request_id}",
        "/deadlines?jurisdiction=US-MA&received=2026-11-24&agency_level=municipal",
    ]


def run_wrk(port: int, paths: list[str], cookie: str, seconds: int, connections: int) -> dict:
    """Run wrk against the paths and return its figures."""
    lua_paths = "{" + ", ".join(f'"{p}"' for p in paths) + "}"
    script = LUA.replace("{PATHS}", lua_paths) % cookie
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t",
                "2",
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "-s",
                handle.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(handle.name)
    line = next(x for x in result.stdout.splitlines() if x.startswith("RESULT"))
    requests, socket_errors, status_errors, duration_us, p50, p95, p99, top = line.split()[1:]
    return {
        "requests": int(requests),
        "socket_errors": int(socket_errors),
        "status_errors": int(status_errors),
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50": float(p50),
        "p95": float(p95),
        "p99": float(p99),
        "max": float(top),
    }


def combined(rounds: list[dict]) -> dict:
    """Return one phase's figures over its rounds: totals and rates over the whole time, the
    middle round's p50 and the worst round's p95, p99 and maximum."""
    requests = sum(r["requests"] for r in rounds)
    seconds = sum(r["requests"] / r["rps"] for r in rounds if r["rps"])
    middle = sorted(r["p50"] for r in rounds)[len(rounds) // 2]
    return {
        "requests": requests,
        "socket_errors": sum(r["socket_errors"] for r in rounds),
        "status_errors": sum(r["status_errors"] for r in rounds),
        "rps": requests / seconds if seconds else 0.0,
        "p50": middle,
        "p95": max(r["p95"] for r in rounds),
        "p99": max(r["p99"] for r in rounds),
        "max": max(r["max"] for r in rounds),
        "app_ms": sum(r["app_s"] for r in rounds) / max(requests, 1) * 1000,
        "db_ms": sum(r["db_s"] for r in rounds) / max(requests, 1) * 1000,
    }


def worker_memory(master: int) -> list[float]:
    """Return the resident memory (MiB) of each gunicorn worker."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rss_kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(rss_kb / 1024)
    return sizes


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def _backends(url: str) -> list[int]:
    """Return the PostgreSQL backends serving the bench database (none on SQLite)."""
    if not url.startswith("postgresql"):
        return []
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        pids = conn.execute(
            text(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalars()
        found = list(pids)
    engine.dispose()
    return found


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """Return each live process's user + system CPU seconds so far."""
    tick = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return found


def measured_cpu(server_pid: int, url: str, phase) -> tuple[dict, float, float]:
    """Run `phase()`; return its result and the CPU seconds the workers and the database
    backends spent meanwhile. Unlike throughput, CPU a request does not fall when other work
    shares the two cores, so its ratio is the steadier figure on a busy machine."""
    before_app = cpu_seconds(_children(server_pid))
    before_db = cpu_seconds(_backends(url))
    result = phase()
    after_app = cpu_seconds(_children(server_pid))
    after_db = cpu_seconds(_backends(url))
    app = sum(t - before_app.get(pid, 0.0) for pid, t in after_app.items())
    database = sum(t - before_db.get(pid, 0.0) for pid, t in after_db.items())
    return result, app, database


def main() -> None:
    """Run the load test and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--rounds", type=int, default=1, help="phases take turns this many times (--seconds split)"
    )
    parser.add_argument(
        "--warm-up", type=int, default=5, help="seconds of the mix, untimed, before the phases"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    url = database_url(args.db)
    env = dict(os.environ, FOIA_DATABASE_URL=url, FOIA_SECRET_KEY="bench-load-secret-key")
    subprocess.run(
        [str(ROOT / ".venv/bin/flask"), "--app", "wsgi", "db", "upgrade"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    ensure_user(env)
    agency_id, request_id = sample_ids(url)
    port = free_port()
    server = start_gunicorn(env, port, args.workers)
    try:
        cookie = log_in(port)
        paths = mix_paths(agency_id, request_id)
        warm = None
        if args.warm_up:
            warm = run_wrk(port, paths, cookie, args.warm_up, args.connections)

        phases = (
            ("mix", paths),
            ("dashboard", ["/"]),
            ("trivial", ["/healthz"]),
        )
        rounds: dict[str, list[dict]] = {name: [] for name, _ in phases}
        memory: list[float] = []
        # The phases take turns, --rounds times, each for its share of --seconds: the machine's
        # speed drifts (a neighbour's load), and a ratio of phases run minutes apart drifts with it.
        for _ in range(args.rounds):
            for name, paths in phases:
                seconds = max(1, args.seconds // args.rounds)
                run, app_cpu, db_cpu = measured_cpu(
                    server.pid,
                    url,
                    lambda p=paths, s=seconds: run_wrk(port, p, cookie, s, args.connections),
                )
                run["app_s"], run["db_s"] = app_cpu, db_cpu
                rounds[name].append(run)
                if name == "mix" and not memory:
                    memory = worker_memory(server.pid)
        runs = {name: combined(found) for name, found in rounds.items()}
        mix, dashboard, trivial = runs["mix"], runs["dashboard"], runs["trivial"]
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    def cpu(run: dict) -> float:
        return run["app_ms"] + run["db_ms"]

    measured = (
        ("page mix (logged in)", mix),
        ("dashboard `/` alone (logged in)", dashboard),
        ("/healthz (trivial)", trivial),
    )
    rows = [
        [
            label,
            f"{run['requests']:,}",
            run["socket_errors"],
            run["status_errors"],
            f"{run['rps']:.0f}",
            f"{run['p50']:.1f}",
            f"{run['p95']:.1f}",
            f"{run['p99']:.1f}",
            f"{run['rps'] / trivial['rps']:.2f}x" if trivial["rps"] else "-",
            f"{run['app_ms']:.1f} + {run['db_ms']:.1f}",
            f"{cpu(trivial) / cpu(run):.2f}x" if cpu(run) else "-",
        ]
        for label, run in measured
    ]
    print(
        f"Load: gunicorn {args.workers} workers on {args.db}, wrk {args.connections} "
        f"connections for {args.seconds} s each in {args.rounds} turn(s), loopback\n"
    )
    print(
        markdown_table(
            [
                "route",
                "requests",
                "socket errors (incl. wrk's 2 s timeouts)",
                "HTTP errors (not 2xx/3xx)",
                "req/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "req/s ÷ /healthz's",
                "CPU ms a request (workers + PostgreSQL)",
                "CPU a request: /healthz's ÷ this",
            ],
            rows,
        )
    )
    ratio = trivial["rps"] / mix["rps"] if mix["rps"] else float("inf")
    print(
        f"\nThroughput ratio trivial / page mix: {ratio:.1f}x (target: page mix ≥ 0.25x /healthz)"
    )
    # Each turn's own ratio shows how far the machine's drift moves it (the table pools them).
    turns = [
        f"{m['rps'] / t['rps']:.2f}" if t["rps"] else "-"
        for m, t in zip(rounds["mix"], rounds["trivial"], strict=True)
    ]
    print("Page mix ÷ /healthz, turn by turn (req/s): " + ", ".join(turns))
    print("Memory per worker (RSS, MiB): " + ", ".join(f"{m:.0f}" for m in memory))
    if warm:
        print(
            f"Warm-up, the page mix in the first {args.warm_up} s after the workers started"
            f" (untimed, not in the table): {warm['requests']:,} requests, {warm['rps']:.0f}"
            f" req/s, p50 {warm['p50']:.0f} ms, p95 {warm['p95']:.0f} ms, p99"
            f" {warm['p99']:.0f} ms, {warm['socket_errors']} socket errors"
        )


if __name__ == "__main__":
    main()
