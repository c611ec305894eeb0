"""`newsroom publish` killed at a crash point, for the crash-safety tests — from test code only.

A crash point is `point:n`: the process ends with `os._exit(CRASH_EXIT)` (no cleanup at all)
the n-th time the run reaches `point`. The points are reached through the seams the tests
already use, never through a hook in the shipped package:

- the engine's: `after-intent` (the ledger recorded the intent), `after-send` (the network
  accepted the post, the ledger is about to record it), `after-record` (recorded), through
  the ledger; `after-find` (an adapter looked for a post of an interrupted attempt), through
  the adapters' `find`;
- a media container's steps (Threads, Instagram): `after-container` (the network made it),
  `after-ready` (it answered FINISHED), `after-publish` (it published it), through the
  HTTP transport of Meta's Graph API client.

The runs are real processes forked from one parent (`python -m tests.syndication.crashing`,
started once by `CrashingPublisher`) that imported newsroom, every adapter and its SDK once:
each child is a new process that has run nothing yet, killed at its point; recovery is
checked by the next child, as by the next `newsroom publish` of a real newsroom.
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[2]
CRASH_EXIT = 86  # the exit code of a process killed at its crash point
RUN_TIMEOUT = 120.0  # seconds, for one run

# A Graph API exchange that ends a container step: (point, method, path pattern).
STEP_REQUESTS = (
    ("after-container", "POST", re.compile(r"/(threads|media)$")),
    ("after-publish", "POST", re.compile(r"/(threads|media)_publish$")),
)
READY = {"status": "FINISHED", "status_code": "FINISHED"}  # Threads', Instagram's answer


class CrashAt:
    """Ends the process the `count`-th time `point` is reached."""

    def __init__(self, spec: str) -> None:
        point, _, count = spec.partition(":")
        self.point, self.count = point, int(count or 1)
        self.reached: Counter[str] = Counter()

    def reach(self, point: str) -> None:
        self.reached[point] += 1
        if point == self.point and self.reached[point] == self.count:
            os._exit(CRASH_EXIT)


def install(crash: CrashAt) -> None:
    """In the child: reach the crash points through the ledger, the adapters and the Graph
    API transport."""
    from newsroom.syndication.ledger import Ledger

    _after(Ledger, "record_intent", lambda: crash.reach("after-intent"))
    _before(Ledger, "record_sent", lambda: crash.reach("after-send"))
    _after(Ledger, "record_sent", lambda: crash.reach("after-record"))
    for adapter in _adapter_classes():
        if "find" in vars(adapter):
            _after(adapter, "find", lambda: crash.reach("after-find"))
    _crash_in_graph_transport(crash)


def _after(owner: type, name: str, then: Callable[[], None]) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        then()
        return result

    setattr(owner, name, wrapped)


def _before(owner: type, name: str, first: Callable[[], None]) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        first()
        return original(*args, **kwargs)

    setattr(owner, name, wrapped)


def _adapter_classes() -> list[type]:
    from newsroom.networks import NETWORKS
    from newsroom.networks.base import adapter_class

    return [adapter_class(name) for name in NETWORKS]


def _crash_in_graph_transport(crash: CrashAt) -> None:
    """Meta's clients get a transport that reaches the step points once an answer is in."""
    import httpx

    from newsroom.networks.graph_api import GraphAdapter

    class CrashingTransport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = super().handle_request(request)
            if response.is_success:
                response.read()
                for point in _steps_ended(request, response):
                    crash.reach(point)
            return response

    # One per client, as httpx makes it: a client closes its transport when done.
    GraphAdapter.transport = property(lambda _adapter: CrashingTransport())  # type: ignore[assignment]


def _steps_ended(request: Any, response: Any) -> list[str]:
    path = request.url.path
    points = [p for p, method, pattern in STEP_REQUESTS
              if request.method == method and pattern.search(path)]  # fmt: skip
    if request.method == "GET":
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if isinstance(answer, dict) and any(answer.get(k) == v for k, v in READY.items()):
            points.append("after-ready")
    return points


# -- the parent: imports once, forks a child per run ---------------------------------------


def serve() -> None:
    """Read runs (JSON lines: args, env, crash) on stdin; answer each with its outcome."""
    import newsroom.cli  # noqa: F401 - imported once, before any fork

    _adapter_classes()
    for line in sys.stdin:
        answer = _run_forked(**json.loads(line))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _run_forked(args: list[str], env: dict[str, str], crash: str | None) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(args, env, crash, out.fileno(), err.fileno())
        _, status = os.waitpid(pid, 0)
        return {
            "returncode": os.waitstatus_to_exitcode(status),
            "stdout": _read(out),
            "stderr": _read(err),
        }


def _child(args: list[str], env: dict[str, str], crash: str | None, out: int, err: int) -> None:
    """Run `newsroom <args>` as its console script does; never returns."""
    try:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.environ.clear()
        os.environ.update(env)
        if crash:
            install(CrashAt(crash))
        from newsroom.cli import run

        sys.argv = ["newsroom", *args]
        run()  # ends the process
    finally:
        os._exit(70)  # only if `run` raised: never back into the parent's loop


def _read(file: Any) -> str:
    file.seek(0)
    return file.read().decode("utf-8", "replace")


class CrashingPublisher:
    """The forking parent, seen from the tests: `run` is `subprocess.run` of `newsroom`."""

    def __init__(self) -> None:
        self._parent = subprocess.Popen(
            [sys.executable, "-m", "tests.syndication.crashing"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )

    def run(
        self, args: list[str], env: dict[str, str], crash: str | None
    ) -> subprocess.CompletedProcess[str]:
        """One `newsroom` process with exactly `env`, killed at `crash` when it is reached."""
        parent = self._parent
        assert parent.stdin and parent.stdout
        parent.stdin.write(json.dumps({"args": args, "env": env, "crash": crash}) + "\n")
        parent.stdin.flush()
        ready, _, _ = select.select([parent.stdout], [], [], RUN_TIMEOUT)
        if not ready:
            self.stop()
            raise subprocess.TimeoutExpired(["newsroom", *args], RUN_TIMEOUT)
        answer = json.loads(parent.stdout.readline())
        return subprocess.CompletedProcess(
            ["newsroom", *args], answer["returncode"], answer["stdout"], answer["stderr"]
        )

    def stop(self) -> None:
        if self._parent.poll() is None:
            self._parent.kill()
        self._parent.wait()


if __name__ == "__main__":
    serve()
