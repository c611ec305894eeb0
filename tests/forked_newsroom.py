"""Real `newsroom` processes without paying Python's start and newsroom's imports each time.

`ForkedNewsroom` starts one parent (`python -m tests.forked_newsroom MODULE...`) that imports
`newsroom.cli` (and the given modules) and then only forks: each run is a child process
that has run nothing yet, exactly as `newsroom` after its imports — its own environment,
folder, standard streams and exit code, the console script's exit (`newsroom.cli.run`), an
optional address-space limit, and killed when over its time. A test-only `prepare` hook
(`module:function`, called with `prepare_arg` in the child) can change the child before it
runs, e.g. the crash points of tests/syndication/crashing.py.

For the scripts the workflows run (they call `$NEWSROOM`), `program` writes an executable
`newsroom` that has its run forked from the same parent (tests/newsroom_by_fork.py, through a
Unix socket): the child gets that program's arguments, environment, folder and standard
streams themselves (their descriptors are passed over the socket), and its exit code is the
program's.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import resource
import select
import shlex
import signal
import socket
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
        # The socket `program`'s runs come in by, listening from the start (a run asked for
        # while the parent still imports waits in its backlog); the parent inherits it.
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._folder = tempfile.TemporaryDirectory(prefix="forked-newsroom-")
        self._listener.bind(str(Path(self._folder.name) / "socket"))
        self._listener.listen()
        listening = self._listener.fileno()
        self._parent = subprocess.Popen(
            [sys.executable, "-m", "tests.forked_newsroom", f"--listen={listening}", *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
            pass_fds=[listening],
        )

    def program(self, folder: Path) -> Path:
        """`folder/newsroom`: an executable that runs `newsroom ARGS` as a child of this
        parent, with its own arguments, environment, folder and standard streams, and exits
        with the child's code (for `NEWSROOM=… scripts/…`)."""
        client = Path(__file__).with_name("newsroom_by_fork.py")
        socket_path = Path(self._folder.name) / "socket"
        # -I -S: the client needs nothing but the standard library (≈ 20 ms to start).
        command = shlex.join([sys.executable, "-I", "-S", str(client), str(socket_path)])
        program = folder / "newsroom"
        program.write_text(f'#!/bin/sh\nexec {command} "$@"\n', encoding="utf-8")
        program.chmod(0o755)
        return program

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
        self._listener.close()
        self._folder.cleanup()


# -- the parent: imports once, forks a child per run ---------------------------------------


def serve(listening: int, preload: list[str]) -> None:
    """Read runs (JSON lines) on stdin and answer each with its outcome on stdout; take the
    runs of `program` from the socket `listening` (one at a time, as they come)."""
    import newsroom.cli  # noqa: F401 - what the console script imports first

    for module in preload:
        importlib.import_module(module)
    # What is imported stays: out of the collector's sight, a child's collections do not
    # touch (and so copy) every page of the parent's objects.
    gc.freeze()
    os.set_inheritable(listening, False)  # not the children's: theirs are the runs' streams
    listener = socket.socket(fileno=listening)
    while True:
        ready, _, _ = select.select([sys.stdin, listener], [], [])
        if listener in ready:
            connection, _ = listener.accept()
            with connection:
                _answer_program(connection)
        if sys.stdin in ready:
            line = sys.stdin.readline()  # the tests ask one run at a time: one line at most
            if not line:
                return  # the tests' end of it
            answer = _run_forked(**json.loads(line))
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()


# The longest a run of `program` may take (a workflow's build and publish take seconds).
PROGRAM_TIMEOUT = 600.0


def _answer_program(connection: socket.socket) -> None:
    """One run of `program` (tests/newsroom_by_fork.py): its standard streams' descriptors,
    then its request as JSON; answered with the child's exit code."""
    _, streams, _, _ = socket.recv_fds(connection, 1, 3)
    try:
        request = bytearray()
        while chunk := connection.recv(65536):
            request += chunk
        run = json.loads(request)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            connection.close()
            _child(
                stdin=streams[0], out=streams[1], err=streams[2], memory_limit=None,
                cpu_limit=None, prepare=None, prepare_arg=None, **run,
            )  # fmt: skip
        status, timed_out = _wait(pid, PROGRAM_TIMEOUT)
    finally:
        for stream in streams:
            os.close(stream)
    answer = {"returncode": os.waitstatus_to_exitcode(status), "timed_out": timed_out}
    connection.sendall(json.dumps(answer).encode())


def _run_forked(timeout: float, **run: Any) -> dict[str, Any]:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            _child(stdin=None, out=out.fileno(), err=err.fileno(), **run)
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
    stdin: int | None,
    out: int,
    err: int,
) -> None:
    """Become `newsroom ARGS` with `stdin` (None: nothing to read), `out` and `err` as its
    standard streams; never returns (the console script ends with os._exit)."""
    try:
        given = (stdin, out, err)
        os.dup2(os.open(os.devnull, os.O_RDONLY) if stdin is None else stdin, 0)
        os.dup2(out, 1)
        os.dup2(err, 2)
        for descriptor in given:  # its commands' own children get 0, 1 and 2 alone
            if descriptor is not None and descriptor > 2:
                os.close(descriptor)
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
    serve(int(sys.argv[1].removeprefix("--listen=")), sys.argv[2:])
