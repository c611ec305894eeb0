"""The accounts-check workflow and scripts/accounts-issue, with a fake `gh` on PATH: the one
issue is opened once, updated, closed; new tokens are stored only with the write token."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
SCRIPT = PROJECT / "scripts/accounts-issue"
WORKFLOW = PROJECT / ".github/workflows/accounts-check.yml"
NEW_TOKEN = "THREADS+new/token=&%-8c1e"


def account(name: str, state: str = "ok", **fields: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "account": name,
        "network": "threads" if "threads" in name else "linkedin",
        "handle": "@aldermoor",
        "state": state,
        "problems": [],
        "warnings": [],
        "can_refresh": "threads" in name,
        "variables": {"access_token": f"NEWSROOM_{name.upper().replace('-', '_')}_TOKEN"},
    }
    return entry | fields


class Gh:
    """The fake gh's state and a way to run the script against it."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.state_file = tmp / "gh.json"
        self.state_file.write_text(
            json.dumps({"calls": [], "issues": [], "labels": [], "secrets": {}}), encoding="utf-8"
        )
        bin_dir = tmp / "bin"
        bin_dir.mkdir()
        (bin_dir / "gh").write_text(
            f"#!/bin/sh\nexec {sys.executable} {Path(__file__).with_name('fake_gh_issues.py')} "
            '"$@"\n',
            encoding="utf-8",
        )
        (bin_dir / "gh").chmod(0o755)
        self.path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"

    @property
    def state(self) -> dict[str, object]:
        return json.loads(self.state_file.read_text(encoding="utf-8"))

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
            "PATH": self.path,
            "FAKE_GH_STATE": str(self.state_file),
            "FAKE_GH_SECRETS_TOKEN": "secrets-writer",
            "GH_TOKEN": "workflow-token",
            "GITHUB_REPOSITORY": "aldermoor/news",
            "RUN_URL": "https://github.com/aldermoor/news/actions/runs/7",
            "NEWSROOM_SECRETS_WRITE_TOKEN": write_token,
        }
        return subprocess.run(args, env=env, capture_output=True, text=True, check=False)


@pytest.fixture
def gh(tmp_path: Path) -> Gh:
    return Gh(tmp_path)


def test_opens_one_issue_updates_it_then_closes_it(gh: Gh) -> None:
    assert gh.run([account("uni-linkedin")]).returncode == 0
    assert gh.state["issues"] == []  # all well, nothing to close: no issue at all

    failing = account("uni-linkedin", "failing", problems=["the token expired on 2026-11-20"])
    first = gh.run([failing])
    assert first.returncode == 1, first.stderr
    second = gh.run([failing, account("uni-x", "expiring", warnings=["its API version ends"])])
    assert second.returncode == 1, second.stderr
    [issue] = gh.state["issues"]
    assert issue["labels"] == ["accounts-check"] and issue["state"] == "open"
    assert "the token expired on 2026-11-20" in issue["body"]
    assert "`uni-x`" in issue["body"] and "its API version ends" in issue["body"]

    assert gh.run([account("uni-linkedin"), account("uni-x")]).returncode == 0
    [issue] = gh.state["issues"]
    assert issue["state"] == "closed" and "actions/runs/7" in issue["closing_comment"]
    gh.run([failing])
    assert [i["state"] for i in gh.state["issues"]] == ["closed", "open"]  # a new one


def test_without_the_write_token_the_issue_says_how_to_refresh(gh: Gh) -> None:
    ending = account("uni-threads", "expiring", warnings=["the token expires on 2026-12-05"])
    result = gh.run([ending], refreshed=[])
    assert result.returncode == 1
    body = gh.state["issues"][0]["body"]
    assert "NEWSROOM_SECRETS_WRITE_TOKEN" in body and "NEWSROOM_UNI_THREADS_TOKEN" in body
    assert gh.state["secrets"] == {}


def test_refreshed_tokens_are_stored_as_secrets_never_printed(gh: Gh) -> None:
    ending = account("uni-threads", "expiring", warnings=["the token expires on 2026-12-05"])
    refreshed = [{"account": "uni-threads", "variable": "NEWSROOM_THREADS_UNI_TOKEN",
                  "token": NEW_TOKEN, "expires_at": "2027-02-01T00:00:00+00:00"}]  # fmt: skip
    result = gh.run([ending], refreshed=refreshed, write_token="secrets-writer")
    assert result.returncode == 0, result.stderr  # the only warning was the refreshed token's
    assert gh.state["secrets"]["NEWSROOM_THREADS_UNI_TOKEN"]["value"] == NEW_TOKEN
    lines = result.stdout.splitlines()
    assert lines[0] == f"::add-mask::{NEW_TOKEN}"
    assert NEW_TOKEN not in "\n".join(lines[1:]) + result.stderr


def test_a_token_without_the_right_stops_with_gh_s_message(gh: Gh) -> None:
    refreshed = [{"account": "uni-threads", "variable": "V", "token": NEW_TOKEN}]
    result = gh.run([account("uni-threads")], refreshed=refreshed, write_token="not-allowed")
    assert result.returncode != 0 and "gh secret set failed" in result.stderr
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
