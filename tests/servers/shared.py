"""The session's slow servers: one of each kind for the whole test session.

Some networks' loopback servers are real server software, slow to start (5 to 10 s), so each
is started once, lazily, by the first test that asks for it
(`tests/conftest.py`'s `shared_servers`), and each test isolates itself on it (fresh accounts,
a reset). The servers and how to start them belong to their networks' test folders (their
contracts' `session_servers`); this registry names none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar


class Server(Protocol):
    def stop(self) -> None: ...


S = TypeVar("S", bound=Server)


class SharedServers:
    """Servers by name, each started on first use and stopped at the end of the session."""

    def __init__(self) -> None:
        self._running: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str, start: Callable[[], S]) -> S:
        """The running server called `name`, started by `start()` if it is not yet."""
        with self._lock:
            if name in self._running:
                return self._running[name]
        server = start()
        with self._lock:
            if name in self._running:  # started meanwhile by another thread: keep the first
                server.stop()
            else:
                self._running[name] = server
            return self._running[name]

    def start_together(self, starts: Mapping[str, Callable[[], Server]]) -> None:
        """Start the servers of `starts` not yet running side by side (their waits overlap)."""
        missing = {name: start for name, start in starts.items() if name not in self._running}
        _in_parallel(*(lambda n=name, s=start: self.get(n, s) for name, start in missing.items()))

    def stop(self) -> None:
        with self._lock:
            running, self._running = list(self._running.values()), {}
        for server in running:
            server.stop()


def _in_parallel(*starts: Callable[[], object]) -> None:
    """Run `starts` at once, one worker each; re-raise the first failure once all have ended."""
    failures: list[BaseException] = []

    def guarded(start: Callable[[], object]) -> None:
        try:
            start()
        except BaseException as error:  # handed to the caller's thread
            failures.append(error)

    workers = [threading.Thread(target=guarded, args=(start,)) for start in starts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
