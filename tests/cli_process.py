"""Run the real `newsroom` command in a child process, bounded in time and memory.

Hostile input must end as problems: a traceback, a hang or a memory blow-up fails the test.
"""

from __future__ import annotations

import json
import os
import resource
import select
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import PNG, PROJECT, VALID_ITEM, VALID_PATH, copy_config, write

NEWSROOM = str(Path(sys.executable).with_name("newsroom"))
TIME_LIMIT = 10  # seconds: every command on a small newsroom takes about one
MEMORY_LIMIT = 500 * 1024 * 1024  # address space: the commands need about 300 MB at most
STARTUP_LIMIT = 120  # seconds for the fork server's imports on a busy machine
NOW = "2026-11-21T09:00:00+01:00"


def _bounded() -> None:
    # In the child, before exec: a blow-up becomes a MemoryError instead of swapping.
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def small_newsroom(root: Path) -> Path:
    """The example configuration, one image and one valid item (like conftest's fixture)."""
    copy_config(root)
    write(root, "content/images/sensor.png", PNG)
    write(root, VALID_PATH, VALID_ITEM)
    return root


def _environment() -> dict[str, str]:
    environment = {**os.environ, "GITHUB_ACTIONS": "false", "NEWSROOM_NOW": NOW}
    environment.pop("NEWSROOM_ROOT", None)
    return environment


def run_newsroom(
    root: Path | None, *args: str, timeout: float = TIME_LIMIT, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`newsroom [--root ROOT] ARGS`; fails the test on a traceback, a hang or a blow-up."""
    command = [NEWSROOM, *(["--root", str(root)] if root is not None else []), *args]
    environment = _environment()
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            preexec_fn=_bounded,
            env=environment,
            stdin=subprocess.DEVNULL,
            cwd=cwd or root,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`newsroom {' '.join(args)}` ran over {timeout} s (a hang?)")
    return judged(result, args)


def judged(
    result: subprocess.CompletedProcess[str], args: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    """`result` if the command ended as a program should; the test fails on a traceback, a
    memory blow-up or an exit code other than 0, 1 (problems) or 2 (usage)."""
    output = result.stdout + result.stderr
    where = f"`newsroom {' '.join(args)}` printed:\n{output[-3000:]}"
    assert "Traceback (most recent call last)" not in output, where
    assert "MemoryError" not in output, where
    assert result.returncode in (0, 1, 2), f"exit code {result.returncode}; {where}"
    return result


def example_dry_run() -> subprocess.CompletedProcess[str]:
    """`publish --dry-run` of the example newsroom: what every account would post."""
    result = subprocess.run(
        [NEWSROOM, "--root", str(PROJECT), "publish", "--dry-run"],
        env={"NEWSROOM_NOW": "2026-12-01T12:00:00+01:00", "GITHUB_ACTIONS": "false", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# A fork server for the fuzz tests' hundreds of commands: a Python process that imported
# the package once forks a child per command, which runs the console script's `run()` as
# a fresh `newsroom` process would (its own standard streams, working folder, memory limit;
# an uncaught exception printed as the interpreter prints it). What a child saves is the
# interpreter's start and the imports: 0.5 to 1.7 s of CPU per command. Nothing of a command
# outlives its child, so each starts from the imported package, as a new process does.
_FORK_SERVER = """
import importlib, json, os, resource, sys, traceback
for module in sys.argv[3:]:
    importlib.import_module(module)
module, _, name = sys.argv[2].partition(":")
entry = getattr(importlib.import_module(module), name)
limit = int(sys.argv[1])
replies = os.fdopen(os.dup(1), "w")
print("ready", file=replies, flush=True)
def command(request):
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.chdir(request["cwd"])
    for fd, path, flags in ((0, os.devnull, os.O_RDONLY),
                            (1, request["stdout"], os.O_WRONLY),
                            (2, request["stderr"], os.O_WRONLY)):
        os.dup2(os.open(path, flags), fd)
    sys.stdin = open(os.devnull)
    sys.argv = request["argv"]
    entry()
for line in sys.stdin:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        try:
            command(json.loads(line))
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(1)
        os._exit(0)
    print(pid, file=replies, flush=True)
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status), file=replies, flush=True)
"""
# What the fuzzed commands import (check, build, publish and new): loaded before the forks.
PRELOADED = (
    "newsroom.cli",
    "newsroom.build_assembly",
    "newsroom.content_cache",
    "newsroom.handbook.build",
    "newsroom.syndication.engine",
    "newsroom.syndication.preview",
    "newsroom.authoring",
)


class ForkedNewsroom:
    """`run_newsroom`'s commands, each in a child forked from one process started once."""

    def __init__(self, entry: str = "newsroom.cli:run") -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", _FORK_SERVER, str(MEMORY_LIMIT), entry, *PRELOADED],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=_environment(),
        )
        self._reply(STARTUP_LIMIT)  # its imports done

    def run(
        self, root: Path | None, *args: str, timeout: float = TIME_LIMIT
    ) -> subprocess.CompletedProcess[str]:
        """Like `run_newsroom(root, *args)`: fails the test on a traceback, hang or blow-up."""
        command = [NEWSROOM, *(["--root", str(root)] if root is not None else []), *args]
        with tempfile.TemporaryDirectory() as folder:
            out, err = Path(folder, "stdout"), Path(folder, "stderr")
            out.touch()
            err.touch()
            request = {"argv": command, "cwd": str(root or folder)}
            request |= {"stdout": str(out), "stderr": str(err)}
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            pid = int(self._reply(TIME_LIMIT))
            try:
                code = int(self._reply(timeout))
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                self._reply(TIME_LIMIT)
                pytest.fail(f"`newsroom {' '.join(args)}` ran over {timeout} s (a hang?)")
            texts = [path.read_text(errors="replace") for path in (out, err)]
        return judged(subprocess.CompletedProcess(command, code, *texts), args)

    def _reply(self, timeout: float) -> str:
        """The server's next line, read byte by byte so that nothing waits in a buffer."""
        assert self.process.stdout is not None
        line = b""
        while not line.endswith(b"\n"):
            if not select.select([self.process.stdout], [], [], timeout)[0]:
                raise TimeoutError
            byte = self.process.stdout.read(1)
            assert byte, "the fork server ended"
            line += byte
        return line.decode()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=TIME_LIMIT)
