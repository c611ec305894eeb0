"""scripts/lib/bot-branch.sh, which publish-run and stats-run share: a folder committed to
its branch as the bot, re-applied on top when another run pushed first."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.syndication.loopback import PROJECT

LIBRARY = PROJECT / "scripts/lib/bot-branch.sh"


def run(cwd: Path, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "bash",
            "-c",
            f"set -euo pipefail; RUN=test-run REMOTE=origin; source {LIBRARY}; {script}",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
    )


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def checkout(tmp_path: Path, name: str, origin: Path) -> Path:
    work = tmp_path / name
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    return work


def commit_folder(work: Path, file: str, text: str, parent: str) -> subprocess.CompletedProcess:
    (work / "stats").mkdir(exist_ok=True)
    (work / "stats" / file).write_text(text, encoding="utf-8")
    return run(
        work,
        f'tree=$(tree_of_folder stats); push_folder_commit "$tree" "{parent}" "Stats: {file}" '
        "newsroom-stats refs/newsroom/stats archive",
    )


def test_a_moved_branch_gets_the_commit_re_applied_on_top_as_the_bot(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", str(origin))
    first, second = checkout(tmp_path, "first", origin), checkout(tmp_path, "second", origin)

    created = commit_folder(first, "a.json", "{}\n", "")
    assert created.returncode == 0, created.stderr
    assert "archive committed to newsroom-stats" in created.stdout
    # `second` started from the same (absent) branch, then `first` pushed: re-applied on top.
    moved = commit_folder(second, "b.json", "[]\n", "")
    assert moved.returncode == 0, moved.stderr
    assert "newsroom-stats moved (attempt 1)" in moved.stdout

    files = git(origin, "ls-tree", "-r", "--name-only", "newsroom-stats")
    assert files.split() == ["stats/a.json", "stats/b.json"]
    author = git(origin, "log", "-1", "--format=%an <%ae>", "newsroom-stats")
    assert author == "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"

    third = checkout(tmp_path, "third", origin)
    (third / "stats").mkdir()
    (third / "stats/stale.json").write_text("old\n", encoding="utf-8")
    taken = run(
        third,
        'take_branch_folder newsroom-stats refs/newsroom/stats stats archive "none yet"; '
        'echo "parent=$parent"',
    )
    assert taken.returncode == 0, taken.stderr
    head = git(origin, "rev-parse", "newsroom-stats")
    assert f"test-run: archive from newsroom-stats at {head[:12]}" in taken.stdout
    assert f"parent={head}" in taken.stdout
    assert sorted(p.name for p in (third / "stats").iterdir()) == ["a.json", "b.json"]


def test_a_conflicting_change_is_refused_and_kept_on_a_conflict_branch(tmp_path: Path) -> None:
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", str(origin))
    first, second = checkout(tmp_path, "first", origin), checkout(tmp_path, "second", origin)
    assert commit_folder(first, "a.json", "{}\n", "").returncode == 0
    refused = commit_folder(second, "a.json", "[]\n", "")
    assert refused.returncode == 1
    assert "::error::the archive could not be re-applied on newsroom-stats" in refused.stdout
    assert "newsroom-stats-conflict-local" in git(origin, "branch", "--list")
