"""`newsroom publish` killed at a crash point, for the crash-safety tests — from test code only.

A crash point is `point:n`: the process ends with `os._exit(CRASH_EXIT)` (no cleanup at all)
the n-th time the run reaches `point`. The points are reached through the seams the tests
already use, never through a hook in the shipped package:

- the engine's: `after-intent` (the ledger recorded the intent), `after-send` (the network
  accepted the post, the ledger is about to record it), `after-record` (recorded), through
  the ledger; `after-find` (an adapter looked for a post of an interrupted attempt), through
  the adapters' `find`;
- a media container's steps, on the networks that publish in two steps (each says how in
  tests/networks/<name>/crash_steps.py): `after-container` (the network made it),
  `after-ready` (it answered that it is ready), `after-publish` (it published it), through
  the HTTP transport of Meta's Graph API client.

The runs are real processes forked from one parent that imported newsroom, every adapter
and its SDK once (tests/forked_newsroom.py): each child is a new process that has run
nothing yet, killed at its point; recovery is checked by the next child, as by the next
`newsroom publish` of a real newsroom.
"""

from __future__ import annotations

import importlib
import os
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

CRASH_EXIT = 86  # the exit code of a process killed at its crash point
RUN_TIMEOUT = 120.0  # seconds, for one run


def _container_steps() -> list[Any]:
    """The `crash_steps` modules of the networks that publish through a media container."""
    from newsroom.networks import NETWORKS

    found = []
    for name in NETWORKS:
        try:
            found.append(importlib.import_module(f"tests.networks.{name}.crash_steps"))
        except ModuleNotFoundError as missing:
            if missing.name != f"tests.networks.{name}.crash_steps":
                raise
    return found


def _step_requests() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """The Graph API exchanges that end a container step: (point, method, path pattern)."""
    edges = "|".join(re.escape(steps.CONTAINER_EDGE) for steps in _container_steps())
    return (
        ("after-container", "POST", re.compile(rf"/({edges})$")),
        ("after-publish", "POST", re.compile(rf"/({edges})_publish$")),
    )


def _ready_answers() -> dict[str, str]:
    """How each network's container says it is ready: {field: value}."""
    return dict(steps.READY for steps in _container_steps())


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


def install(spec: str) -> None:
    """In the child (tests/forked_newsroom.py's `prepare`): end the process at `spec`
    (`point:n`), reached through the ledger, the adapters and the Graph API transport."""
    crash = CrashAt(spec)
    from newsroom.syndication.ledger import Ledger

    _after(Ledger, "record_intent", lambda: crash.reach("after-intent"))
    _before(Ledger, "record_sent", lambda: crash.reach("after-send"))
    _after(Ledger, "record_sent", lambda: crash.reach("after-record"))
    for adapter in _adapter_classes():
        if not getattr(adapter.find, "reaches_a_point", False):  # not inherited, wrapped
            _after(adapter, "find", lambda: crash.reach("after-find"))
    _crash_in_graph_transport(crash, _step_requests(), _ready_answers())


def _after(owner: type, name: str, then: Callable[[], None]) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        then()
        return result

    wrapped.reaches_a_point = True  # type: ignore[attr-defined]
    setattr(owner, name, wrapped)


def _before(owner: type, name: str, first: Callable[[], None]) -> None:
    original = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        first()
        return original(*args, **kwargs)

    setattr(owner, name, wrapped)


def adapter_modules() -> list[str]:
    """Every adapter's module (with its SDK): imported once by the forking parent."""
    from newsroom.networks import NETWORKS

    return [f"newsroom.networks.{name}.adapter" for name in NETWORKS]


def _adapter_classes() -> list[type]:
    from newsroom.networks import NETWORKS
    from newsroom.networks.base import adapter_class

    return [adapter_class(name) for name in NETWORKS]


def _crash_in_graph_transport(
    crash: CrashAt, steps: tuple[tuple[str, str, re.Pattern[str]], ...], ready: dict[str, str]
) -> None:
    """Meta's clients get a transport that reaches the step points once an answer is in."""
    import httpx

    from newsroom.networks.graph_api import GraphAdapter

    class CrashingTransport(httpx.HTTPTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            response = super().handle_request(request)
            if response.is_success:
                response.read()
                for point in _steps_ended(request, response, steps, ready):
                    crash.reach(point)
            return response

    # One per client, as httpx makes it: a client closes its transport when done.
    GraphAdapter.transport = property(lambda _adapter: CrashingTransport())  # type: ignore[assignment]


def _steps_ended(
    request: Any,
    response: Any,
    steps: tuple[tuple[str, str, re.Pattern[str]], ...],
    ready: dict[str, str],
) -> list[str]:
    path = request.url.path
    points = [p for p, method, pattern in steps
              if request.method == method and pattern.search(path)]  # fmt: skip
    if request.method == "GET":
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if isinstance(answer, dict) and any(answer.get(k) == v for k, v in ready.items()):
            points.append("after-ready")
    return points
