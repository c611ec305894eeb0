"""The workflow tests' `newsroom` (conftest's `newsroom_by_fork`) stands for the console
script: the scripts, run with either, end alike — exit code, what they print, what they
write — including a command whose output a script redirects to a file or reads back."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from ..conftest import PROJECT, write
from .test_preview_comment import git
from .test_story import ITEM, item

TITLE = "Wearable quantum sensor maps brain activity"
SUMMARY = (
    "A quantum sensor in a lightweight cap maps brain activity as well as a hospital scanner, "
    "and people can move while wearing it."
)


def run_both_ways(
    root: Path, program: Path, script: str, *args: str, **env: str
) -> list[tuple[int, str, str]]:
    """`scripts/SCRIPT ARGS` with the console script, then with `program`, as $NEWSROOM."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    base |= {
        "PATH": f"{PROJECT / '.venv/bin'}{os.pathsep}{base['PATH']}",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "NEWSROOM_NOW": "2026-11-20T12:00:00+01:00",
        **env,
    }
    ends = []
    for newsroom in ("newsroom", str(program)):
        done = subprocess.run(
            ["bash", f"scripts/{script}", *args],
            cwd=root,
            env=base | {"NEWSROOM": newsroom},
            capture_output=True,
            text=True,
            check=False,
        )
        ends.append((done.returncode, done.stdout, done.stderr))
    return ends


def test_the_scripts_end_alike_with_the_forked_newsroom(
    newsroom: Path, newsroom_by_fork: Path
) -> None:
    shutil.copytree(PROJECT / "scripts", newsroom / "scripts")
    git(newsroom, "init", "--quiet", "--initial-branch=main")
    git(newsroom, "add", ".")
    git(newsroom, "commit", "--quiet", "-m", "The newsroom")
    git(newsroom, "switch", "--quiet", "-c", "sensor")
    write(newsroom, ITEM, item("wfqs2mab", "2026-11-20T10:00:00+01:00", TITLE, SUMMARY))
    git(newsroom, "add", ".")
    git(newsroom, "commit", "--quiet", "-m", "A news item")
    head = git(newsroom, "rev-parse", "HEAD")

    # Three commands: `check` into a file, `preview-comment data` into preview.json, and
    # `render` reading it back, printing the comment.
    previews = []
    for _ in range(2):
        shutil.rmtree(newsroom / "preview", ignore_errors=True)
        ends = run_both_ways(
            newsroom, newsroom_by_fork, "pr-comment-body", "main", "preview",
            PR_NUMBER="7", HEAD_SHA=head,
        )  # fmt: skip
        previews.append((newsroom / "preview/preview.json").read_text(encoding="utf-8"))
    program, forked = ends
    assert program[0] == 0 and "wfqs2mab" in program[1], program
    assert forked == program
    assert previews[0] == previews[1] and '"pull_request": 7' in previews[0]

    # A failed check (a date without its UTC offset): annotations, exit code 1, no build.
    write(newsroom, ITEM, item("wfqs2mab", "2026-11-20T10:00:00", TITLE, SUMMARY))
    program, forked = run_both_ways(newsroom, newsroom_by_fork, "check-and-build", "output")
    assert program[0] == 1 and "::error file=" in program[1], program
    assert forked == program
    assert not (newsroom / "output").exists()
