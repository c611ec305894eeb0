"""Run the real `newsroom` command in a child process, bounded in time and memory.

Hostile input must end as problems: a traceback, a hang or a memory blow-up fails the test.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PNG, PROJECT, VALID_ITEM, VALID_PATH, copy_config, write
from .forked_newsroom import ForkedNewsroom

NEWSROOM = str(Path(sys.executable).with_name("newsroom"))
TIME_LIMIT = 10  # seconds: every command on a small newsroom takes about one
# A forked command is held to TIME_LIMIT seconds of processor time (a loop), and to WALL_LIMIT
# seconds of wall time (a wait that never ends): a wall limit of 10 s alone failed a
# `build --dry-run` (≈ 5 s of processor time) on a machine busy with other builds.
WALL_LIMIT = 60
MEMORY_LIMIT = 500 * 1024 * 1024  # address space: the commands need about 300 MB at most
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


# What the fuzzed commands import (check, build, publish and new): loaded once by the
# parent that tests/forked_newsroom.py forks each command from.
PRELOADED = (
    "newsroom.build_assembly",
    "newsroom.content_cache",
    "newsroom.handbook.build",
    "newsroom.syndication.engine",
    "newsroom.syndication.preview",
    "newsroom.authoring",
)


def run_forked_newsroom(
    parent: ForkedNewsroom,
    root: Path,
    *args: str,
    timeout: float = WALL_LIMIT,
    cpu_limit: int = TIME_LIMIT,
    **hook: str,
) -> subprocess.CompletedProcess[str]:
    """`run_newsroom(root, *args)` in a child of `parent` (no interpreter start, no imports:
    0.5 to 1.7 s of CPU less per command), judged alike; `hook` is forked_newsroom's
    `prepare` and `prepare_arg`."""
    command = ["--root", str(root), *args]
    try:
        result = parent.run(
            command,
            _environment(),
            cwd=root,
            timeout=timeout,
            memory_limit=MEMORY_LIMIT,
            cpu_limit=cpu_limit,
            **hook,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"`newsroom {' '.join(args)}` ran over {timeout} s, or over {cpu_limit} s of "
            "processor time (a hang?)"
        )
    return judged(result, args)
