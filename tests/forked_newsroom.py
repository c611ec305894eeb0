"""Real `newsroom` processes without paying Python's start and newsroom's imports each time.

`ForkedNewsroom` starts one parent (`python -m tests.forked_newsroom MODULE...`) that imports
`newsroom.cli` (and the given modules) and then only forks: each run is a child process
that has run nothing yet, exactly as `newsroom` after its imports — its own environment,
folder, standard streams and exit code, the console script's exit (`newsroom.cli.run`), an
optional address-space limit, and killed when over its time. A test-only `prepare` hook
(`module:function`, called with `prepare_arg` in the child) can change the child before it
runs, e.g. the crash points of tests/syndication/crashing.py.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import select
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
NO_ANSWER = 600.0  # seconds without an answer from the parent: it is stuck


class ForkedNewsroom:
    """The forking parent, seen from the tests: `run` is `subprocess.run` of `newsroom`."""

    def __init__(self, *preload: str) -> None:
        self._parent = subprocess.Popen(
            [sys.executable, "-m", "tests.forked_newsroom", *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )

    def run(
        self,
        args: list[str],
        env: dict[str, str],
        *,
        cwd: Path | None = None,
        timeout: float = 120.0,
        memory_limit: int | None = None,
        cpu_limit: int | None = None,
        prepare: str | None = None,
        prepare_arg: str | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """`newsroom ARGS` with exactly `env`; TimeoutExpired when killed over `timeout`
        seconds, or over `cpu_limit` seconds of processor time (each of its processes)."""
        request = {"args": args, "env": env, "cwd": str(cwd or os.getcwd()),
                   "timeout": timeout, "memory_limit": memory_limit, "cpu_limit": cpu_limit,
                   "prepare": prepare, "prepare_arg": prepare_arg}  # fmt: skip
        answer = self._ask(request, timeout + NO_ANSWER)
        command = ["newsroom", *args]
        if answer["timed_out"] or answer["returncode"] == -signal.SIGXCPU:
            raise subprocess.TimeoutExpired(command, timeout, answer["stdout"], answer["stderr"])
        return subprocess.CompletedProcess(
            command, answer["returncode"], answer["stdout"], answer["stderr"]
        )

    def _ask(self, request: dict[str, Any], patience: float) -> dict[str, Any]:
        parent = self._parent
        assert parent.stdin and parent.stdout
        parent.stdin.write(json.dumps(request) + "\n")
        parent.stdin.flush()
        ready, _, _ = select.select([parent.stdout], [], [], patience)
        line = parent.stdout.readline() if ready else ""
        if not line:
            self.stop()
            raise RuntimeError("the forking parent of tests/forked_newsroom.py stopped answering")
        return json.loads(line)

    def stop(self) -> None:
        if self._parent.poll() is None:
            self._parent.kill()
        self._parent.wait()


# -- the parent: imports once, forks a child per run ---------------------------------------


def serve(preload: list[str]) -> None:
    """Read runs (JSON lines) on stdin; answer each with its outcome on stdout."""
    import newsroom.cli  # noqa: F401 - what the console script imports first

    for module in preload:
        importlib.import_module(module)
    for line in sys.stdin:
        answer = _run_forked(**json.loads(line))
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


def _run_forked(timeout: float, **run: Any) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(out=out.fileno(), err=err.fileno(), **run)
        status, timed_out = _wait(pid, timeout)
        return {
            "returncode": os.waitstatus_to_exitcode(status),
            "timed_out": timed_out,
            "stdout": _read(out),
            "stderr": _read(err),
        }


def _wait(pid: int, timeout: float) -> tuple[int, bool]:
    """The child's wait status, and whether it was killed for running over `timeout`."""
    if hasattr(os, "pidfd_open"):  # Linux: sleep until the child ends, not polling
        ended = os.pidfd_open(pid)
        try:
            if select.select([ended], [], [], timeout)[0]:
                return os.waitpid(pid, 0)[1], False
        finally:
            os.close(ended)
        os.kill(pid, signal.SIGKILL)
        return os.waitpid(pid, 0)[1], True
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, False
        time.sleep(0.005)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1], True


def _child(
    args: list[str],
    env: dict[str, str],
    cwd: str,
    memory_limit: int | None,
    cpu_limit: int | None,
    prepare: str | None,
    prepare_arg: str | None,
    out: int,
    err: int,
) -> None:
    """Become `newsroom ARGS`; never returns (the console script ends with os._exit)."""
    try:
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
        if cpu_limit:  # SIGXCPU ends it at the limit (its own forks count their own)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu_limit, cpu_limit + 1))
        if prepare:
            module, _, function = prepare.partition(":")
            getattr(importlib.import_module(module), function)(prepare_arg)
        from newsroom.cli import run

        sys.argv = ["newsroom", *args]
        # Click names the program after `python -m PACKAGE` when __main__ has a package
        # (this parent's `-m tests.forked_newsroom`); the console script's has none.
        sys.modules["__main__"].__package__ = None
        run()  # ends with os._exit, or SystemExit under a tracer (coverage)
    except SystemExit as done:
        _exit(done.code if isinstance(done.code, int) else int(done.code is not None))
    except BaseException:  # what Python prints for an uncaught exception, and its exit code
        traceback.print_exc()
        _exit(1)
    _exit(0)


def _exit(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)


def _read(file: Any) -> str:
    file.seek(0)
    return file.read().decode("utf-8", "replace")


if __name__ == "__main__":
    serve(sys.argv[1:])
