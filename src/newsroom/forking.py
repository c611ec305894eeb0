"""The one place Newsroom forks: work split over two cores, or handed to the background.

A forked child inherits the parent's objects as they are (templates, the site model, the
caches), so nothing is pickled on the way in; it never returns into the caller's code
(`os._exit`, whatever happens). Forking is only safe in a process with no other thread:
`serve`'s web server thread could hold a lock the child would copy locked.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
from collections.abc import Callable
from typing import TypeVar

Here = TypeVar("Here")
There = TypeVar("There")


def can_fork() -> bool:
    """Whether work may go to a forked process (a fork-capable system, no other thread)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def in_two_processes(
    here: Callable[[], Here], there: Callable[[], There]
) -> tuple[Here, There | None]:
    """Run `there` in a forked child while `here` runs in this process; both results.

    `there`'s result comes back pickled through a temporary file; it is None when the child
    failed (it raised, was killed, or its result cannot be read): the caller redoes that
    half or reports it. An exception of `here` is raised once the child has ended.
    """
    with tempfile.TemporaryFile() as handoff:

        def child() -> int:
            result = there()
            pickle.dump(result, handoff, protocol=pickle.HIGHEST_PROTOCOL)
            handoff.flush()
            return 0

        pid = _fork(child)
        try:
            mine = here()
        finally:
            _, status = os.waitpid(pid, 0)
        if status != 0:
            return mine, None
        handoff.seek(0)
        return mine, _load_handed(handoff)


def in_background(there: Callable[[], None], niceness: int) -> int:
    """Run `there` in a forked child that outlives this call; its process id, at once.

    The child has its own process group (the caller may stop it whole), none of the
    caller's standard streams (a caller waiting for their end is not kept waiting) and a
    lower priority by `niceness`.
    """

    def child() -> int:
        os.setsid()
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        os.nice(niceness)
        there()
        return 0

    return _fork(child)


def _fork(child: Callable[[], int]) -> int:
    """Fork; the child runs `child` and exits with its status (1 if it raised)."""
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        status = child()
    finally:
        os._exit(status)


def _load_handed(file: object) -> object | None:
    """What a child wrote; None if it cannot be read (unpickling may raise almost anything)."""
    try:
        return pickle.load(file)  # type: ignore[arg-type]
    except Exception:
        return None
