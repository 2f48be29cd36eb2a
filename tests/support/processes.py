"""Fault-injection helpers: a slow SMTP sink on loopback, and `flask` commands run and killed."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.support.servers import SMTPSink, free_port

ROOT = Path(__file__).resolve().parents[2]
#: How long the sink takes to accept each message, so that a kill lands mid-run.
DELAY = 0.1


class SlowSink(SMTPSink):
    """An SMTPSink that takes DELAY seconds per message (the message counts once it is kept)."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's API
        await asyncio.sleep(DELAY)
        return await super().handle_DATA(server, session, envelope)

    def counts(self) -> Counter:
        """Return {Message-ID: times received}."""
        return Counter(m["Message-ID"] for m in self.messages)


def start_sink(sink: SlowSink | None = None) -> tuple[SlowSink, Controller]:
    """Start a slow SMTP server (`sink`, or a SlowSink) on a free loopback port; the sink
    knows its port."""
    sink = sink or SlowSink()
    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    return sink, controller


def environment(
    url: str, tmp_path: Path, port: int, documents: str | Path | None = None
) -> dict[str, str]:
    """Return the environment of a `flask` command on `url` that mails through `port`.

    `documents` is where the command finds stored files (letters' PDFs): by default a folder of
    its own under `tmp_path`.
    """
    return {
        **os.environ,
        "FOIA_DATABASE_URL": url,
        "FOIA_DOCUMENTS_DIR": str(documents or tmp_path / "documents"),
        "FOIA_SECRET_KEY": "test",
        "FOIA_SMTP_HOST": "127.0.0.1",
        "FOIA_SMTP_PORT": str(port),
    }


def flask_command(*args: str) -> list[str]:
    """Return the command line of `flask --app wsgi ARGS`."""
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def run_and_kill(args: list[str], env: dict[str, str], progress, at_least: int) -> int:
    """Start the command, SIGKILL it once `progress()` reaches `at_least`; return the progress."""
    process = subprocess.Popen(
        flask_command(*args),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    try:
        while progress() < at_least and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.02)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL, "the command ended before it was killed"
    return progress()


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run the command to its end and return what it printed."""
    return subprocess.run(
        flask_command(*args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
