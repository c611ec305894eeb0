"""The accounts-check workflow and scripts/accounts-issue, with a fake `gh` on PATH: the one
issue is opened once, updated, closed; new tokens are stored only with the write token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..example_accounts import a_network, example_account
from ..github_markdown import render
from .fake_github import FakeGitHub

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "scripts/accounts-issue"
WORKFLOW = PROJECT / ".github/workflows/accounts-check.yml"
NEW_TOKEN = "TOKEN+new/token=&%-8c1e"
# The accounts of `newsroom accounts check --format json`, as the script reads them: one on a
# network whose tokens expire and are renewed, one on a network whose tokens do not.
RENEWED = a_network(lambda n: n.token_lifetime is not None)
LASTING = a_network(lambda n: n.token_lifetime is None)


def token_variable(account_id: str) -> str:
    return f"NEWSROOM_{account_id.upper().replace('-', '_')}_TOKEN"


def account(network: str, state: str = "ok", **fields: object) -> dict[str, object]:
    account_id, _ = example_account(network)
    entry: dict[str, object] = {
        "account": account_id,
        "network": network,
        "handle": "@aldermoor",
        "state": state,
        "problems": [],
        "warnings": [],
        "can_refresh": network == RENEWED,
        "variables": {"access_token": token_variable(account_id)},
    }
    return entry | fields


class Gh:
    """A GitHub API on loopback and a way to run the script against it."""

    def __init__(self, tmp: Path, github: FakeGitHub):
        self.tmp = tmp
        self.github = github

    @property
    def issues(self) -> list[dict[str, Any]]:
        return self.github.issues

    def closing_comment(self, number: int) -> str:
        return next(c["body"] for c in self.github.comments if c["issue"] == number)

    def run(
        self, accounts: list[dict[str, object]], refreshed: list[dict[str, object]] | None = None,
        write_token: str = "",
    ) -> subprocess.CompletedProcess[str]:  # fmt: skip
        check = self.tmp / "accounts.json"
        check.write_text(json.dumps({"accounts": accounts}), encoding="utf-8")
        args = [sys.executable, str(SCRIPT), str(check), str(self.tmp / "refreshed.json")]
        if refreshed is not None:
            (self.tmp / "refreshed.json").write_text(json.dumps(refreshed), encoding="utf-8")
        env = {
            "PATH": os.environ["PATH"],
            "GH_TOKEN": self.github.token,
            "GITHUB_REPOSITORY": "aldermoor/news",
            "GITHUB_API_URL": self.github.url,
            "RUN_URL": "https://github.com/aldermoor/news/actions/runs/7",
            "NEWSROOM_SECRETS_WRITE_TOKEN": write_token,
            "NEWSROOM_SECRETS_ENVIRONMENT": "social",
        }
        return subprocess.run(args, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def gh(tmp_path: Path) -> Iterator[Gh]:
    with FakeGitHub("aldermoor/news", secrets_token="secrets-writer") as github:
        yield Gh(tmp_path, github)


def test_opens_one_issue_updates_it_then_closes_it(gh: Gh) -> None:
    assert gh.run([account(RENEWED)]).returncode == 0
    assert gh.issues == []  # all well, nothing to close: no issue at all

    failing = account(RENEWED, "failing", problems=["the token expired on 2026-11-20"])
    first = gh.run([failing])
    assert first.returncode == 1, first.stderr
    second = gh.run([failing, account(LASTING, "expiring", warnings=["its API version ends"])])
    assert second.returncode == 1, second.stderr
    [issue] = gh.issues
    assert issue["labels"] == ["accounts-check"] and issue["state"] == "open"
    assert "the token expired on 2026-11-20" in issue["body"]
    lasting_id, _ = example_account(LASTING)
    assert f"`{lasting_id}`" in issue["body"] and "its API version ends" in issue["body"]

    assert gh.run([account(RENEWED), account(LASTING)]).returncode == 0
    [issue] = gh.issues
    assert issue["state"] == "closed" and "actions/runs/7" in gh.closing_comment(1)
    gh.run([failing])
    assert [i["state"] for i in gh.issues] == ["closed", "open"]  # a new one


def test_without_the_write_token_the_issue_says_how_to_refresh(gh: Gh) -> None:
    ending = account(RENEWED, "expiring", warnings=["the token expires on 2026-12-05"])
    result = gh.run([ending], refreshed=[])
    assert result.returncode == 1
    body = gh.issues[0]["body"]
    assert "NEWSROOM_SECRETS_WRITE_TOKEN" in body and token_variable(ending["account"]) in body
    assert gh.github.secrets == {}


def test_refreshed_tokens_are_stored_as_secrets_never_printed(gh: Gh) -> None:
    ending = account(RENEWED, "expiring", warnings=["the token expires on 2026-12-05"])
    _, settings = example_account(RENEWED)
    variable = settings["credentials"]["access_token"]  # as newsroom.yml names it
    refreshed = [{"account": ending["account"], "variable": variable,
                  "token": NEW_TOKEN, "expires_at": "2027-02-01T00:00:00+00:00"}]  # fmt: skip
    result = gh.run([ending], refreshed=refreshed, write_token="secrets-writer")
    assert result.returncode == 0, result.stderr  # the only warning was the refreshed token's
    stored = gh.github.secrets[variable]
    assert stored == {"value": NEW_TOKEN, "env": "social"}
    lines = result.stdout.splitlines()
    assert lines[0] == f"::add-mask::{NEW_TOKEN}"
    assert NEW_TOKEN not in "\n".join(lines[1:]) + result.stderr


def test_a_token_without_the_right_stops_with_gh_s_message(gh: Gh) -> None:
    renewed = account(RENEWED)
    refreshed = [{"account": renewed["account"], "variable": "V", "token": NEW_TOKEN}]
    result = gh.run([renewed], refreshed=refreshed, write_token="not-allowed")
    assert result.returncode == 2 and "GitHub refused" in result.stderr
    assert "answered 403: Resource not accessible by integration" in result.stderr
    assert NEW_TOKEN not in result.stdout.replace(f"::add-mask::{NEW_TOKEN}", "") + result.stderr


def test_the_workflow_runs_on_main_by_schedule_with_every_secret() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert set(workflow[True]) == {"schedule", "workflow_dispatch"}  # `on:` parses as True
    job = workflow["jobs"]["accounts-check"]
    assert job["if"] == "github.ref == 'refs/heads/main'"
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
    names = {n for a in config["accounts"].values() for n in a.get("credentials", {}).values()}
    missing = sorted(n for n in names if job["env"].get(n) != f"${{{{ secrets.{n} }}}}")
    assert not missing, "add to accounts-check.yml's job env: " + ", ".join(missing)
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert "newsroom accounts check --format json" in runs and "scripts/accounts-issue" in runs


def test_the_issue_mentions_no_one_and_shows_what_was_written(gh: Gh) -> None:
    """Handles, problems and names come from newsroom.yml and the networks' answers."""
    hostile = account(
        LASTING,
        "failing",
        handle="@AldermoorUni &#64;aldermoor/everyone",
        problems=["token of @mallory refused <img src=https://t.example/p.png> `z`"],
        warnings=["ends soon, ask ＠org/team ![p](https://t.example/p.png)"],
    )
    assert gh.run([hostile]).returncode == 1
    page = render(gh.issues[0]["body"])
    assert page.mentions == [] and page.tag_names() <= {"p", "h3", "code", "ul", "li", "a"}
    shown = page.text.replace("\u200b", "")
    assert f"({LASTING}, @AldermoorUni &#64;aldermoor/everyone)" in shown
    assert "token of @mallory refused <img src=https://t.example/p.png> `z`" in shown
    assert "ask ＠org/team ![p](https://t.example/p.png)" in shown
    links = [attrs["href"] for name, attrs in page.tags if name == "a"]
    assert links == ["https://github.com/aldermoor/news/actions/runs/7"]
