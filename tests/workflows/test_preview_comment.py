"""The preview comment through its two scripts, as the workflows run them: the pull request's
run (scripts/pr-comment-body, untrusted) writes preview.json; the trusted run
(scripts/post-preview-comment) checks it and writes the comment itself, to a GitHub API on
loopback. What the bot posts is read back as GitHub renders it (cmark-gfm, mention rule)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsroom.github_text import ZERO_WIDTH_SPACE
from newsroom.networks import NETWORKS

from ..conftest import CONFIG_FILES
from ..example_accounts import a_network, example_account
from ..github_markdown import render
from .fake_github import BOT, FakeGitHub

PROJECT = Path(__file__).resolve().parents[2]
REPO = "aldermoor/newsroom"
MARKER = "<!-- newsroom-preview -->"
ITEM = "content/news/quantum/2026/2026-11-20-wearable-quantum-sensor.md"
IMAGE = "content/images/quantum/cap`<img src=https://t.example/p.png>`.jpg"
HOSTILE_ITEM = f"""---
id: wfqs2mab
title: "Sensor for @aldermoor/everyone and &#64;team `x` **y** _z_"
date: 2026-11-20T10:00:00+01:00
summary: >-
  A quantum sensor in a cap maps brain activity as well as a hospital scanner, thanks to
  &#x40;all and &commat;org/team, ~~not~~ www.example.org | a | b |.
authors: [amelie-durand]
image: {IMAGE}
image_alt: "A cap that @someone wears, `code` &#64;x"
tags: [quantum]
---
The team tested the sensor with 24 volunteers.
"""


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Zoë", "-c", "user.email=zoe@aldermoor.example", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout.strip()


class PullRequest:
    """A newsroom repository with a pull request's branch, and the two scripts to run."""

    def __init__(self, root: Path, github: FakeGitHub):
        self.root = root
        self.github = github
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
        self.env |= {
            "PATH": f"{PROJECT / '.venv/bin'}{os.pathsep}{self.env['PATH']}",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_CONFIG_NOSYSTEM": "1",
            "NEWSROOM_NOW": "2026-11-20T12:00:00+01:00",
        }

    def script(self, name: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", f"scripts/{name}", *args],
            cwd=self.root,
            env=self.env | env,
            capture_output=True,
            text=True,
            check=False,
        )

    def untrusted_run(self, number: int = 7) -> subprocess.CompletedProcess[str]:
        head = git(self.root, "rev-parse", "HEAD")
        return self.script(
            "pr-comment-body", "main", "preview", PR_NUMBER=str(number), HEAD_SHA=head
        )

    def trusted_run(self, head: str) -> subprocess.CompletedProcess[str]:
        return self.script(
            "post-preview-comment",
            "preview",
            GH_TOKEN=self.github.token,
            GITHUB_REPOSITORY=REPO,
            GITHUB_API_URL=self.github.url,
            HEAD_SHA=head,
        )


@pytest.fixture
def pull(tmp_path: Path) -> Iterator[PullRequest]:
    root = tmp_path / "newsroom"
    root.mkdir()
    for folder in ("scripts", ".github", "content/pages", *CONFIG_FILES, "docs"):
        shutil.copytree(
            PROJECT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    for name in ("newsroom.yml", "mkdocs.yml"):
        shutil.copy(PROJECT / name, root / name)
    # The project's own: what a run builds or caches is never in the contributor's commit.
    ignored = (PROJECT / ".gitignore").read_text(encoding="utf-8")
    (root / ".gitignore").write_text(ignored + "preview/\n", encoding="utf-8")
    git(root, "init", "--quiet", "--initial-branch=main")
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "The newsroom")
    git(root, "switch", "--quiet", "-c", "hostile")
    (root / ITEM).parent.mkdir(parents=True)
    (root / ITEM).write_text(HOSTILE_ITEM, encoding="utf-8")
    (root / IMAGE).parent.mkdir(parents=True, exist_ok=True)
    source = next((PROJECT / "content/images/quantum").glob("*.jpg"))
    shutil.copy(source, root / IMAGE)
    git(root, "add", ".")
    git(root, "commit", "--quiet", "-m", "A hostile item")
    with FakeGitHub(REPO) as github:
        yield PullRequest(root, github)


def bot_comments(github: FakeGitHub) -> list[str]:
    return [c["body"] for c in github.comments if c["user"]["login"] == BOT]


def test_hostile_text_is_posted_as_text_naming_no_one(pull: PullRequest) -> None:
    built = pull.untrusted_run()
    assert built.returncode == 0, built.stderr
    data = json.loads((pull.root / "preview/preview.json").read_text(encoding="utf-8"))
    assert data["outcome"] == "posts", data
    head = git(pull.root, "rev-parse", "HEAD")
    pull.github.heads[7] = head
    posted = pull.trusted_run(head)
    assert posted.returncode == 0, posted.stdout + posted.stderr
    [body] = bot_comments(pull.github)
    assert body.startswith(MARKER + "\n## Social posts preview")
    page = render(body)
    assert page.mentions == [], page.mentions
    assert page.comments == [" newsroom-preview "], page.comments
    assert page.tag_names() <= {"h2", "h3", "p", "strong", "code", "pre", "em", "ul", "li"}
    shown = page.text.replace(ZERO_WIDTH_SPACE, "")
    # Everything is still there, as written: the hostile text, the handle, the file name.
    assert "Sensor for @aldermoor/everyone and &#64;team `x` **y** _z_" in shown
    assert "&#x40;all and &commat;org/team, ~~not~~ www.example.org | a | b |." in shown
    assert f"image {IMAGE} (alt: A cap that @someone wears, `code` &#64;x)" in shown
    # The example configuration's handle, shown (its first declared network's account).
    network = a_network()
    _, account = example_account(network)
    assert f"({NETWORKS[network].label}, {account['handle']})" in shown
    assert f"Preview of commit {head[:12]}" in shown


def test_a_fork_cannot_choose_the_words(pull: PullRequest) -> None:
    """The fork replaces the untrusted script: its comment.md is ignored, its preview.json is
    data — an unknown field, a forged number or an oversized file is refused."""
    head = git(pull.root, "rev-parse", "HEAD")
    pull.github.heads[7] = head
    preview = pull.root / "preview"
    preview.mkdir()
    (preview / "comment.md").write_text(
        f"{MARKER}\n@aldermoor/everyone ![p](https://t.example/p.png)"
    )
    forged = {"pull_request": 7, "outcome": "no-items", "markdown": "@aldermoor/everyone"}
    (preview / "preview.json").write_text(json.dumps(forged))
    refused = pull.trusted_run(head)
    assert refused.returncode == 1 and "preview.markdown" not in refused.stdout
    assert "::error::" in refused.stdout and "Extra inputs are not permitted" in refused.stdout
    for number in ("7; rm -rf /", "0", 7.5, None):
        (preview / "preview.json").write_text(
            json.dumps({"pull_request": number, "outcome": "no-items"})
        )
        refused = pull.trusted_run(head)
        assert refused.returncode == 1 and "names no pull request" in refused.stdout, number
    (preview / "preview.json").write_text(" " * 4_000_001)
    refused = pull.trusted_run(head)
    assert refused.returncode == 1 and "is over 4,000,000 bytes" in refused.stdout
    assert pull.github.comments == [] and pull.github.calls == []
    (preview / "preview.json").write_text(json.dumps({"pull_request": 7, "outcome": "no-items"}))
    posted = pull.trusted_run(head)
    assert posted.returncode == 0, posted.stdout + posted.stderr
    [body] = bot_comments(pull.github)
    assert "This pull request changes no news item" in body and "everyone" not in body


def test_one_comment_updated_never_another_s_and_never_for_a_stale_head(pull: PullRequest) -> None:
    assert pull.untrusted_run().returncode == 0
    head = git(pull.root, "rev-parse", "HEAD")
    pull.github.heads[7] = "f" * 40  # the pull request moved on since this run
    stale = pull.trusted_run(head)
    assert stale.returncode == 0 and "no comment" in stale.stdout, stale.stdout + stale.stderr
    assert pull.github.comments == []
    pull.github.heads[7] = head
    pull.github.comment(7, f"{MARKER}\nmallory's copy of the marker", login="mallory")
    for _ in range(2):
        posted = pull.trusted_run(head)
        assert posted.returncode == 0, posted.stdout + posted.stderr
    assert len(bot_comments(pull.github)) == 1, "one sticky comment, updated"
    assert pull.github.comments[0]["body"] == f"{MARKER}\nmallory's copy of the marker"
    assert ("PATCH", f"/repos/{REPO}/issues/comments/2") in pull.github.calls


def test_the_comment_names_the_pull_request_s_head_not_the_merge_commit(pull: PullRequest) -> None:
    head = git(pull.root, "rev-parse", "HEAD")
    # Actions checks out refs/remotes/pull/7/merge: a merge of the head into main.
    git(pull.root, "switch", "--quiet", "--detach", "main")
    git(pull.root, "merge", "--quiet", "--no-ff", "-m", "Merge head into main", head)
    merge = git(pull.root, "rev-parse", "HEAD")
    built = pull.script("pr-comment-body", "main", "preview", PR_NUMBER="7")
    assert built.returncode == 0, built.stderr
    pull.github.heads[7] = head
    assert pull.trusted_run(head).returncode == 0
    [body] = bot_comments(pull.github)
    assert f"`{head[:12]}`" in body and merge[:12] not in body


def test_a_failed_check_is_shown_as_text(pull: PullRequest) -> None:
    (pull.root / ITEM).write_text(HOSTILE_ITEM.replace("+01:00", ""), encoding="utf-8")
    git(pull.root, "commit", "--quiet", "-am", "No UTC offset")
    assert pull.untrusted_run().returncode == 0
    head = git(pull.root, "rev-parse", "HEAD")
    pull.github.heads[7] = head
    assert pull.trusted_run(head).returncode == 0
    [body] = bot_comments(pull.github)
    page = render(body)
    assert "The check found problems" in page.text and ITEM in page.text
    assert page.mentions == [] and "img" not in page.tag_names()
