"""The second wall around a lawyer's template: a child process with limits on time and memory.

The Jinja sandbox (foia.letters.render) keeps a template away from Python internals and bounds
what it builds with `*`, `**` and `+`, but it cannot bound everything: two nested loops over a
thousand-character text run a billion times, and a filter or a format width can ask for a
billion characters in one C call that no signal interrupts. So every render runs in a child
process: the parent waits at most RENDER_SECONDS and then kills it, the child's address space is
capped at MEMORY_BYTES, its CPU time per render at CPU_SECONDS (a backstop should the parent be
gone), and its answer at MAX_ANSWER_BYTES. A web worker waiting on a child sleeps in poll(), so
it never holds more than RENDER_SECONDS, and other threads run meanwhile.

Why children that live on, rather than one per render: starting Python with Jinja costs about
0.4 s, and a campaign renders its letter for 300 agencies in a row. A small pool of children is
kept per process and reused, so a render costs one round trip through a pipe (about 1 ms for a
real letter, measured in docs/letter-templates.md) and the compiled template is cached in the
child. A child that was stopped, or that ran out of memory, is discarded and replaced. The same
path serves saving (the check), previews, filing and the campaign worker: there is no second,
unbounded way to render.

The child gets none of the server's environment (no database URL, no secrets): only PATH,
the locale and where to find the code. Jobs go to it pickled (the parent is trusted); answers
come back as JSON, so a child is never trusted to send code.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import pickle
import resource
import select
import struct
import subprocess  # noqa: S404 - our own `python -m` child, argument list, no shell
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

#: How long one render may take (wall clock) before its child is killed.
RENDER_SECONDS = 2.0
#: The child's whole address space; Python with Jinja takes about 40 MB of it.
MEMORY_BYTES = 256 * 1024**2
#: CPU seconds one render may use before the kernel stops the child (if the parent did not).
CPU_SECONDS = 4
#: Largest answer read from a child (a letter is capped at 200,000 characters before this).
MAX_ANSWER_BYTES = 4 * 1024**2
#: How long a new child may take to start (Python and Jinja import) before giving up.
START_SECONDS = 30.0
#: Idle children kept per process for the next render.
MAX_IDLE = 4

_PROJECT = Path(__file__).resolve().parents[2]
_HEADER = struct.Struct(">I")
_KEPT_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")

TIME_PROBLEM = (
    f"The template took longer than {RENDER_SECONDS:g} seconds to render and was stopped."
    f" A letter must render within {RENDER_SECONDS:g} seconds: look for loops inside loops,"
    " or loops over long texts or lists."
)
MEMORY_PROBLEM = (
    f"The template needs more than {MEMORY_BYTES // 1024**2} MB of memory to render and was"
    " stopped. Look for very long texts or numbers built by the template."
)
STOPPED_PROBLEM = (
    "The template was stopped while rendering: it needed more time or memory than a letter may use."
)
TOO_LONG_PROBLEM = "The letter is too long: the template's output passes the size limit."
UNAVAILABLE_PROBLEM = (
    "Letters cannot be rendered right now: the template renderer did not start. Please tell"
    " an admin."
)


class RenderRefused(Exception):
    """A render that failed, broke a limit or was stopped; the message is for the lawyer."""


class _NoAnswer(Exception):
    """The child did not answer: it timed out, died, or sent too much."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def _child_environment() -> dict[str, str]:
    # Only what Python needs: never the server's database URL, passwords or keys.
    env = {name: os.environ[name] for name in _KEPT_ENVIRONMENT if name in os.environ}
    env["PYTHONPATH"] = str(_PROJECT)
    return env


class _Child:
    """One render process and the pipes to it."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            [sys.executable, "-m", "foia.letters.sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=_PROJECT,
            env=_child_environment(),
        )
        self._poll = select.poll()
        self._poll.register(self._stdout.fileno(), select.POLLIN)
        try:
            self.answer(time.monotonic() + START_SECONDS)  # {"ready": true}
        except _NoAnswer:
            self.stop()
            raise RenderRefused(UNAVAILABLE_PROBLEM) from None

    @property
    def _stdout(self) -> IO[bytes]:
        assert self.process.stdout is not None  # noqa: S101 - set by Popen(stdout=PIPE)
        return self.process.stdout

    @property
    def _stdin(self) -> IO[bytes]:
        assert self.process.stdin is not None  # noqa: S101 - set by Popen(stdin=PIPE)
        return self.process.stdin

    def ask(self, job: bytes, deadline: float) -> dict[str, Any]:
        """Send one job and return the child's answer (BrokenPipeError: it was already gone)."""
        self._stdin.write(_frame(job))
        self._stdin.flush()
        return self.answer(deadline)

    def answer(self, deadline: float) -> dict[str, Any]:
        """Read one answer, or raise _NoAnswer when the deadline passes first."""
        (size,) = _HEADER.unpack(self._read(_HEADER.size, deadline))
        if size > MAX_ANSWER_BYTES:
            raise _NoAnswer(TOO_LONG_PROBLEM)
        return json.loads(self._read(size, deadline))

    def _read(self, size: int, deadline: float) -> bytes:
        data = bytearray()
        while len(data) < size:
            remaining_ms = (deadline - time.monotonic()) * 1000
            if remaining_ms <= 0 or not self._poll.poll(remaining_ms):
                raise _NoAnswer(TIME_PROBLEM)
            chunk = os.read(self._stdout.fileno(), size - len(data))
            if not chunk:
                raise _NoAnswer(STOPPED_PROBLEM)
            data += chunk
        return bytes(data)

    def stop(self) -> None:
        """Kill the child now and release its pipes."""
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait()
        self._release_pipes()

    def close(self) -> None:
        """Let an idle child end by closing its input; kill it if it does not."""
        self._release_pipes()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.stop()

    def _release_pipes(self) -> None:
        for pipe in (self._stdin, self._stdout):
            with contextlib.suppress(OSError):
                pipe.close()


class _Pool:
    """Idle children of this process, shared by its threads."""

    def __init__(self) -> None:
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def take(self) -> _Child:
        """Return an idle child, or start one."""
        with self._lock:
            if self._pid != os.getpid():
                # A forked copy of this process: those children belong to the parent.
                self._idle, self._pid = [], os.getpid()
            if self._idle:
                return self._idle.pop()
        return _Child()

    def give_back(self, child: _Child) -> None:
        """Keep a child that answered for the next render (or let it end)."""
        with self._lock:
            if len(self._idle) < MAX_IDLE and self._pid == os.getpid():
                self._idle.append(child)
                return
        child.close()

    def close(self) -> None:
        """End every idle child (at exit)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for child in idle:
            child.close()


_POOL = _Pool()
atexit.register(_POOL.close)


def render(source: str, context: Mapping[str, Any], *, html: bool) -> str:
    """Render `source` with `context` in a child process with limits; raise RenderRefused."""
    job = pickle.dumps((source, dict(context), html), protocol=pickle.HIGHEST_PROTOCOL)
    child = _POOL.take()
    try:
        answer = child.ask(job, time.monotonic() + RENDER_SECONDS)
    except BrokenPipeError:
        # An idle child that had died (killed from outside): one fresh try.
        child.stop()
        child = _Child()
        answer = _ask_or_stop(child, job)
    except _NoAnswer as exc:
        child.stop()
        raise RenderRefused(exc.problem) from None
    if answer.get("is_spent"):
        child.stop()
    else:
        _POOL.give_back(child)
    if "problem" in answer:
        raise RenderRefused(answer["problem"])
    return answer["text"]


def _ask_or_stop(child: _Child, job: bytes) -> dict[str, Any]:
    try:
        return child.ask(job, time.monotonic() + RENDER_SECONDS)
    except (_NoAnswer, BrokenPipeError) as exc:
        child.stop()
        raise RenderRefused(getattr(exc, "problem", STOPPED_PROBLEM)) from None


# --- The child ---------------------------------------------------------------------------------


def _receive(stream: IO[bytes]) -> bytes | None:
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None  # the parent closed the pipe (or exited): time to go
    (size,) = _HEADER.unpack(header)
    return stream.read(size)


def _send(stream: IO[bytes], answer: dict[str, Any]) -> None:
    stream.write(_frame(json.dumps(answer).encode("ascii")))
    stream.flush()


def _limit_cpu_for_one_render() -> None:
    # RLIMIT_CPU counts the process's whole life, so each render gets "spent so far + budget".
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime) + CPU_SECONDS
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def serve() -> None:
    """Answer render jobs from stdin on stdout until stdin closes (the child's main loop)."""
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() goes to stderr and cannot corrupt the answers
    from foia.letters.render import TemplateRefused, render_here

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    _send(answers, {"ready": True})
    while (job := _receive(sys.stdin.buffer)) is not None:
        source, context, html = pickle.loads(job)  # noqa: S301 - from our parent only
        _limit_cpu_for_one_render()
        try:
            answer: dict[str, Any] = {"text": render_here(source, context, html=html)}
        except TemplateRefused as exc:
            answer = {"problem": str(exc)}
        except MemoryError:
            # Memory may be fragmented or half-freed: answer, then let a fresh child take over.
            answer = {"problem": MEMORY_PROBLEM, "is_spent": True}
        _send(answers, answer)
        if answer.get("is_spent"):
            return


if __name__ == "__main__":
    serve()
