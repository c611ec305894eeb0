"""The GitHub workflows: actionlint and zizmor clean, actions pinned, secrets all passed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).resolve().parents[2]
WORKFLOWS = PROJECT / ".github/workflows"
BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    found = shutil.which(name, path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        pytest.fail(f"{name} is not installed: run ./scripts/setup (it is in the test extra)")
    return found


def test_actionlint_finds_nothing() -> None:
    result = subprocess.run(
        [tool("actionlint"), "-no-color"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_even_as_an_auditor() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")}
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--no-progress", "--persona", "auditor", str(WORKFLOWS)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    uses = re.findall(r"uses: (\S+)(.*)", "".join(p.read_text() for p in WORKFLOWS.glob("*.yml")))
    assert len(uses) >= 8
    for action, comment in uses:
        assert re.fullmatch(r"actions/[a-z-]+(/[a-z-]+)?@[0-9a-f]{40}", action), action
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), (action, comment)


def test_the_publish_job_gets_every_secret_newsroom_yml_names() -> None:
    config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
    names = {n for a in config["accounts"].values() for n in a.get("credentials", {}).values()}
    workflow = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    step = next(
        s for s in workflow["jobs"]["publish"]["steps"] if "publish-run" in s.get("run", "")
    )
    missing = sorted(n for n in names if step["env"].get(n) != f"${{{{ secrets.{n} }}}}")
    assert not missing, "add to publish.yml's publish step env: " + ", ".join(
        f"{n}: ${{{{ secrets.{n} }}}}" for n in missing
    )


def test_the_embargo_key_goes_to_main_s_build_and_publish_steps_only() -> None:
    """Sealed items open in the publishing run (build and posts), never in a pull request."""
    secret = "${{ secrets.NEWSROOM_EMBARGO_KEY }}"
    workflow = yaml.safe_load((WORKFLOWS / "publish.yml").read_text(encoding="utf-8"))
    for name, script in (("build", "check-and-build"), ("publish", "publish-run")):
        job = workflow["jobs"][name]
        assert job["environment"]["name"] == "social", name  # main only, with its secrets
        step = next(s for s in job["steps"] if script in s.get("run", ""))
        assert step["env"]["NEWSROOM_EMBARGO_KEY"] == secret, name
        masked = [s for s in job["steps"] if "::add-mask::" in s.get("run", "")]
        assert masked and job["steps"].index(masked[0]) < job["steps"].index(step), name
    for path in WORKFLOWS.glob("*.yml"):
        if path.name != "publish.yml":
            assert "NEWSROOM_EMBARGO_KEY" not in path.read_text(encoding="utf-8"), path.name


def test_screenshots_are_taken_only_of_a_successful_build() -> None:
    """After a failed check there is no site: the screenshots step would fail a second time."""
    checked = 0
    for path in WORKFLOWS.glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job in workflow["jobs"].values():
            steps = job.get("steps", [])
            builds = [s for s in steps if "scripts/check-and-build" in s.get("run", "")]
            for step in steps:
                if "screenshots" not in step.get("run", "") + str(step.get("with", "")):
                    continue
                checked += 1
                assert [b.get("id") for b in builds] == ["build"], (path.name, step["name"])
                assert "steps.build.outcome == 'success'" in step.get("if", ""), step["name"]
    assert checked >= 2  # the screenshots and their upload


def test_only_the_trusted_jobs_hold_write_permissions() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            writes = {k for k, v in job.get("permissions", {}).items() if v == "write"}
            allowed = {
                ("publish.yml", "deploy"): {"pages", "id-token"},
                ("publish.yml", "publish"): {"contents"},
                ("preview-comment.yml", "comment"): {"pull-requests"},
                ("review-clock.yml", "review-clock"): {"issues"},
                ("accounts-check.yml", "accounts-check"): {"issues"},
                ("stats.yml", "stats"): {"contents"},
            }.get((path.name, name), set())
            assert writes <= allowed, (path.name, name, writes)
    pull_request = (WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8")
    assert "secrets." not in pull_request
