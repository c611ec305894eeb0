"""Commands write only into folders Newsroom made: `--output .git` must never delete history.

Issue #14.1: `newsroom build --output DIR` (or `site.output_dir`) once emptied whatever folder
it was given and replaced it with a link. Every writing command is tried here on the
repository's own folders, on a folder of someone else's files and on a link leading away;
each must refuse with a message and leave every file where it was.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from newsroom.build_assembly import build_site
from newsroom.owned_folders import MARKER

from .conftest import write


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (links are not followed), except Newsroom's
    own cache (`.cache/`, ignored by git: what reading the content found, kept by every
    command)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not p.relative_to(folder).as_posix().startswith(".cache/")
    }


@pytest.fixture
def repository(newsroom: Path) -> Path:
    """The small newsroom as a git repository with one commit, a ledger and a docs folder."""
    write(newsroom, "ledger/posts/2026-11.jsonl", '{"type": "sent"}\n')
    write(newsroom, "docs/index.md", "# Handbook\n")
    write(newsroom, "stats/snapshots/2026-11.jsonl", "{}\n")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", str(newsroom)], check=True)
    subprocess.run([*git, "-C", str(newsroom), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(newsroom), "commit", "-qm", "first"], check=True)
    return newsroom


def refused(result, *words: str) -> None:
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output, result.output


@pytest.mark.parametrize(
    "target", [".git", "ledger", "content", "docs", "stats", ".", "..", "content/news/quantum"]
)
def test_build_refuses_the_repositorys_own_folders(repository, run, target):
    before = snapshot(repository)
    result = run(repository, "build", "--output", str(repository / target))
    refused(result, "choose", "--output")
    assert snapshot(repository) == before
    assert not (repository / target).is_symlink()
    log = subprocess.run(
        ["git", "-C", str(repository), "log", "--oneline"], capture_output=True, text=True
    )
    assert log.returncode == 0 and "first" in log.stdout


@pytest.mark.parametrize("setting", ["ledger", ".git", "../elsewhere-with-files"])
def test_output_dir_setting_is_held_to_the_same_rule(repository, run, setting):
    sibling = repository.parent / "elsewhere-with-files"
    write(sibling, "notes.txt", "mine")
    config = repository / "newsroom.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  url: ", f"  output_dir: {setting}\n  url: ", 1
        ),
        encoding="utf-8",
    )
    before, before_sibling = snapshot(repository), snapshot(sibling)
    result = run(repository, "build")
    refused(result, "site.output_dir")
    assert snapshot(repository) == before
    assert snapshot(sibling) == before_sibling


def test_build_refuses_a_sibling_folder_of_someone_elses_files(repository, run):
    sibling = repository.parent / "sibling"
    write(sibling, "thesis.tex", "\\documentclass{article}")
    result = run(repository, "build", "--output", str(sibling))
    refused(result, "did not make")
    assert (sibling / "thesis.tex").read_text() == "\\documentclass{article}"
    assert not sibling.is_symlink()


def test_build_refuses_a_link_leading_to_someone_elses_folder(repository, run):
    theirs = repository.parent / "theirs"
    write(theirs, "index.html", "their site")
    (repository / "out").symlink_to(theirs)
    result = run(repository, "build", "--output", str(repository / "out"))
    refused(result, "did not make")
    assert os.readlink(repository / "out") == str(theirs)
    assert snapshot(theirs) == {"index.html": b"their site"}


def test_build_takes_a_new_or_empty_folder_and_builds_there_again(repository, tmp_path_factory):
    empty = tmp_path_factory.mktemp("empty")
    for output in (repository / "site", empty):
        for _ in range(2):  # the second build finds a folder it made
            result = build_site(repository, output, with_handbook=False, use_git=False)
            assert (result.output / "index.html").is_file()
        assert output.is_symlink()
        assert (output.parent / os.readlink(output) / MARKER).is_file()


def test_a_site_folder_holding_foreign_files_is_refused(repository, run):
    write(repository, ".output-a/precious.txt", "not a build")
    result = run(repository, "build")
    refused(result, "did not make")
    assert (repository / ".output-a/precious.txt").read_text() == "not a build"


def test_admin_handbook_and_stats_refuse_folders_they_did_not_make(repository, run):
    theirs = repository.parent / "theirs"
    write(theirs, "admin/index.html", "their editor")
    write(theirs, "handbook/index.html", "their handbook")
    write(theirs, "report/index.html", "their report")
    before = snapshot(theirs)
    refused(run(repository, "admin", "--output", str(theirs)), "did not make")
    refused(run(repository, "handbook", "--output", str(theirs)), "did not make")
    refused(run(repository, "stats", "--report-only", "--output", str(theirs / "report")))
    refused(run(repository, "admin", "--output", str(repository / "content")), "content")
    refused(run(repository, "handbook", "--output", str(repository / "docs")), "docs")
    assert snapshot(theirs) == before


def test_a_preview_never_replaces_the_live_site(repository):
    """Issue #16: `build --preview` once replaced the `output/` the README says to serve."""
    site = build_site(repository, with_handbook=False, use_git=False)
    live = (site.output / "index.html").read_bytes()
    preview = build_site(repository, preview=True, with_handbook=False, use_git=False)
    assert preview.output == repository / "output-preview"
    assert b"preview-banner" in (preview.output / "index.html").read_bytes()
    assert (repository / "output/index.html").read_bytes() == live
