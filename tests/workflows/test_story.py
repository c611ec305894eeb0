"""The whole story on a temporary git repository, with the scripts the workflows run.

A branch adds an item → the pull-request steps annotate the broken version and preview the
fixed one (one sticky comment) → merge → the publishing steps build, post to the loopback
networks and commit the ledger as the bot → a second run sends nothing → a scheduled item is
posted by a later run once its date has come (NEWSROOM_NOW)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import CONFIG_FILES
from tests.example_accounts import EXAMPLE_CONFIG, networks_where
from tests.syndication.loopback import PROJECT, Loopback

from .fake_github import FakeGitHub

BOT = "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
MARKER = "<!-- newsroom-preview -->"
# The story's items have no image: its newsroom keeps the example's accounts on every network
# that posts without one (each played by its loopback contract).
NETWORKS = set(networks_where(lambda network: not network.needs_image))


def routed_to(theme: str) -> list[str]:
    """The example accounts on NETWORKS that newsroom.yml routes `theme`'s items to, in
    routing order (every theme's, then the theme's own; none it excludes)."""
    config = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))
    accounts, rule = config["accounts"], config["routing"]["themes"].get(theme, {})
    excluded = set(rule.get("exclude", []))
    return [
        account_id
        for account_id in dict.fromkeys([*config["routing"]["every_theme"], *rule.get("add", [])])
        if accounts[account_id]["network"] in NETWORKS
        and not {account_id, accounts[account_id]["network"]} & excluded
    ]


QUANTUM = routed_to("quantum")
MERGED_AT = "2026-11-20T12:00:00+01:00"
SCHEDULED = "2026-11-21T09:00:00+01:00"
ITEM = "content/news/quantum/2026/2026-11-20-wearable-quantum-sensor.md"
LATER_ITEM = "content/news/quantum/2026/2026-11-21-cryostat-open-day.md"


def build_cache_paths() -> tuple[str, ...]:
    """The paths publish.yml restores before its build and saves after it (actions/cache),
    read from the workflow so that the story's runs carry what the real ones do."""
    workflow = yaml.safe_load((PROJECT / ".github/workflows/publish.yml").read_text("utf-8"))
    steps = {step.get("name"): step for step in workflow["jobs"]["build"]["steps"]}
    restored = steps["Restore the build cache"]["with"]["path"].split()
    assert restored == steps["Save the build cache"]["with"]["path"].split()
    return tuple(restored)


BUILD_CACHE = build_cache_paths()


def copy_paths(source: Path, target: Path, paths: tuple[str, ...]) -> None:
    """Copy `paths` of `source` that exist into `target`, links as links and with their
    modification times, as actions/cache's tar archive keeps them."""
    for rel in paths:
        origin, copy = source / rel, target / rel
        assert not copy.exists() and not copy.is_symlink(), f"{rel} is in the checkout"
        if not (origin.exists() or origin.is_symlink()):
            continue  # the first run finds no cache; a build may not make every path
        copy.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_symlink():
            copy.symlink_to(os.readlink(origin))
        elif origin.is_dir():
            shutil.copytree(origin, copy, symlinks=True)
        else:
            shutil.copy2(origin, copy)


def item(item_id: str, date: str, title: str, summary: str) -> str:
    return (
        f"---\nid: {item_id}\ntitle: {title}\ndate: {date}\nsummary: >-\n  {summary}\n"
        "authors: [amelie-durand]\ntags: [quantum, sensors]\n---\n"
        "The team tested the sensor with 24 volunteers.\n"
    )


class Story:
    """The origin (a bare repository), a contributor's clone, and fresh CI checkouts."""

    def __init__(self, tmp: Path, env: dict[str, str]):
        self.tmp = tmp
        self.env = env
        self.origin = tmp / "origin.git"
        self.work = tmp / "contributor"
        self.build_cache = tmp / "build-cache"  # what publish.yml's actions/cache keeps
        self.runs = 0

    def git(self, cwd: Path, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Zoë Okafor", "-c", "user.email=zoe@aldermoor.example", *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
        return done.stdout

    def script(self, cwd: Path, name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", f"scripts/{name}", *args],
            cwd=cwd,
            env={**self.env, **env},
            capture_output=True,
            text=True,
        )

    def publish_newsroom(self) -> None:
        """The contributor's newsroom as main's first commit, pushed to the bare origin."""
        self.git(self.tmp, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        self.git(self.work, "init", "--quiet", "--initial-branch=main")
        self.git(self.work, "add", ".")
        self.git(self.work, "commit", "--quiet", "-m", "The newsroom")
        self.git(self.work, "remote", "add", "origin", str(self.origin))
        self.git(self.work, "push", "--quiet", "origin", "main")

    def checkout(self) -> Path:
        """A CI checkout of main with its whole history (fetch-depth: 0)."""
        self.runs += 1
        runner = self.tmp / f"run-{self.runs}"
        self.git(self.tmp, "clone", "--quiet", str(self.origin), str(runner))
        return runner

    def publishing_run(self, now: str) -> tuple[Path, subprocess.CompletedProcess]:
        """The publish workflow: restore the build cache the last run saved, check and build,
        save the cache, (deploy), publish and commit the ledger."""
        runner = self.checkout()
        copy_paths(self.build_cache, runner, BUILD_CACHE)
        built = self.script(runner, "check-and-build", "output", NEWSROOM_NOW=now)
        assert built.returncode == 0, built.stdout + built.stderr
        shutil.rmtree(self.build_cache, ignore_errors=True)
        copy_paths(runner, self.build_cache, BUILD_CACHE)
        return runner, self.script(runner, "publish-run", NEWSROOM_NOW=now)

    def ledger_log(self) -> list[str]:
        return self.git(self.origin, "log", "--format=%an <%ae>|%s", "newsroom-ledger").splitlines()


def make_newsroom(root: Path, loopback: Loopback) -> dict[str, str]:
    """The project's newsroom.yml wired to the loopback servers, its handbook and scripts."""
    config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
    others = {a for a, acc in config["accounts"].items() if acc["network"] not in NETWORKS}
    config["accounts"] = {a: acc for a, acc in config["accounts"].items() if a not in others}
    routing = config["routing"]
    routing["every_theme"] = [a for a in routing["every_theme"] if a not in others]
    for rule in routing.get("themes", {}).values():
        for key in ("add", "exclude"):
            if key in rule:
                rule[key] = [a for a in rule[key] if a not in others]
    config, secrets = loopback.configure(config)
    config["spacing"] = {"min_interval_minutes": 0, "daily_cap": 100}
    root.mkdir()
    (root / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    for folder in ("docs", "scripts", ".github", "content/pages", *CONFIG_FILES):
        shutil.copytree(
            PROJECT / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    # The project's own: a contributor's build (the site folders, generated handbook pages)
    # is never committed.
    ignored = (PROJECT / ".gitignore").read_text(encoding="utf-8")
    (root / ".gitignore").write_text(ignored + "preview/\n", encoding="utf-8")
    return secrets


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub("aldermoor/newsroom") as fake:
        yield fake


def test_from_pull_request_to_posts_and_ledger(
    loopback: Loopback, github: FakeGitHub, newsroom_by_fork: Path, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GH_"))}
    env |= {
        "PATH": f"{PROJECT / '.venv/bin'}{os.pathsep}{env['PATH']}",
        "NEWSROOM": str(newsroom_by_fork),  # what the scripts run (conftest)
        "NEWSROOM_RETRY_WAIT": "0",
        "NEWSROOM_POLL_WAIT": "0.01",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    story = Story(tmp_path, env)
    secrets = make_newsroom(story.work, loopback)
    story.env |= secrets
    story.publish_newsroom()

    # -- a contributor's branch, first broken: annotations on the right lines ---------------
    story.git(story.work, "switch", "--quiet", "-c", "quantum-sensor")
    broken = item(
        "wfqs2mab",
        "2026-11-20T10:00:00",  # no UTC offset
        "Wearable quantum sensor maps brain activity",
        "Too short.",
    )
    (story.work / ITEM).parent.mkdir(parents=True)
    (story.work / ITEM).write_text(broken, encoding="utf-8")
    story.git(story.work, "add", ".")
    story.git(story.work, "commit", "--quiet", "-m", "Add the quantum sensor news")
    pr = story.script(story.work, "check-and-build", "--preview", "output", NEWSROOM_NOW=MERGED_AT)
    assert pr.returncode == 1, pr.stdout + pr.stderr
    lines = broken.splitlines()
    for field in ("date", "summary"):
        line = next(n for n, text in enumerate(lines, 1) if text.startswith(f"{field}:"))
        assert re.search(
            rf"^::error file={re.escape(ITEM)},line={line},.*{field}", pr.stdout, re.M
        ), (
            field,
            pr.stdout,
        )
    assert not (story.work / "output").exists(), "no build after a failed check"
    body = story.script(story.work, "pr-comment-body", "main", "preview", PR_NUMBER="7")
    assert body.returncode == 0, body.stderr
    comment = body.stdout  # the comment as the trusted run will write it, in the run's log
    assert comment.startswith(MARKER + "\n") and "The check found problems" in comment

    # the trusted workflow posts it: one comment, created now and updated after the fix
    head = story.git(story.work, "rev-parse", "HEAD").strip()
    github.heads[7] = head
    gh_env = {
        "GH_TOKEN": github.token,
        "GITHUB_REPOSITORY": "aldermoor/newsroom",
        "GITHUB_API_URL": github.url,
        "HEAD_SHA": head,
    }
    posted = story.script(story.work, "post-preview-comment", "preview", **gh_env)
    assert posted.returncode == 0, posted.stdout + posted.stderr

    # -- fixed: a green check, the preview site and the comment body -------------------------
    fixed = item(
        "wfqs2mab",
        "2026-11-20T10:00:00+01:00",
        "Wearable quantum sensor maps brain activity",
        "A quantum sensor in a lightweight cap maps brain activity as well as a hospital "
        "scanner, and people can move while wearing it.",
    )
    (story.work / ITEM).write_text(fixed, encoding="utf-8")
    story.git(story.work, "commit", "--quiet", "-am", "Fix the date and the summary")
    pr = story.script(story.work, "check-and-build", "--preview", "output", NEWSROOM_NOW=MERGED_AT)
    assert pr.returncode == 0, pr.stdout + pr.stderr
    assert "::error" not in pr.stdout
    assert (story.work / "output/news/quantum/2026/wearable-quantum-sensor/index.html").exists()
    assert (story.work / "output/handbook/index.html").exists()
    body = story.script(story.work, "pr-comment-body", "main", "preview", PR_NUMBER="7")
    assert body.returncode == 0, body.stderr
    comment = body.stdout
    assert comment.startswith(MARKER + "\n## Social posts preview")
    preview = json.loads((story.work / "preview/preview.json").read_text(encoding="utf-8"))
    assert preview["pull_request"] == 7
    sections = re.findall(r"^\*\*([a-z-]+)\*\* \(.*?\) — (\d+)/(\d+) ", comment, re.M)
    assert [s[0] for s in sections] == QUANTUM, comment
    assert all(int(n) <= int(limit) for _, n, limit in sections)
    assert comment.count("/s/wfqs2mab?utm_source=") == len(QUANTUM)

    head = story.git(story.work, "rev-parse", "HEAD").strip()
    github.heads[7] = head
    stale = story.script(story.work, "post-preview-comment", "preview", **gh_env)  # old HEAD_SHA
    assert stale.returncode == 0 and "no comment" in stale.stdout, stale.stdout + stale.stderr
    posted = story.script(
        story.work, "post-preview-comment", "preview", **gh_env | {"HEAD_SHA": head}
    )
    assert posted.returncode == 0, posted.stdout + posted.stderr
    assert len(github.comments) == 1, "one sticky comment, updated"
    assert github.comments[0]["body"] == comment
    assert ("PATCH", "/repos/aldermoor/newsroom/issues/comments/1") in github.calls
    (story.work / "preview/preview.json").write_text(
        json.dumps(preview | {"pull_request": "7; rm"})
    )
    forged = story.script(
        story.work, "post-preview-comment", "preview", **gh_env | {"HEAD_SHA": head}
    )
    assert forged.returncode == 1 and "names no pull request" in forged.stdout

    # -- merge, then the publishing run: site, posts, ledger by the bot ----------------------
    story.git(story.work, "switch", "--quiet", "main")
    story.git(
        story.work, "merge", "--quiet", "--no-ff", "-m", "Merge pull request #7", "quantum-sensor"
    )
    story.git(story.work, "push", "--quiet", "origin", "main")
    runner, run = story.publishing_run(MERGED_AT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (runner / "output/news/quantum/2026/wearable-quantum-sensor/index.html").exists()
    assert (runner / "output/s/wfqs2mab/index.html").exists()
    counts = loopback.count("wfqs2mab")
    assert {a: counts[a] for a in QUANTUM} == dict.fromkeys(QUANTUM, 1), counts
    others = {a: n for a, n in counts.items() if a not in QUANTUM}
    assert others and not any(others.values()), counts  # accounts the theme does not reach
    log = story.ledger_log()
    assert len(log) == 1 and log[0].startswith(BOT + "|Ledger: publishing run"), log
    files = story.git(story.origin, "ls-tree", "-r", "--name-only", "newsroom-ledger").split()
    assert files and all(f.startswith("ledger/") for f in files), files
    records = [
        json.loads(line)
        for f in files
        if f.endswith(".jsonl")
        for line in story.git(story.origin, "show", f"newsroom-ledger:{f}").splitlines()
    ]
    assert sorted(r["account"] for r in records if r["type"] == "sent") == sorted(QUANTUM)

    # -- a second run (a new checkout) sends nothing and commits nothing ---------------------
    before = loopback.posts()
    _, again = story.publishing_run(MERGED_AT)
    assert again.returncode == 0, again.stdout + again.stderr
    assert not re.search(r"^\s+sent  ", again.stdout, re.M), again.stdout
    assert "the ledger did not change" in again.stdout
    assert loopback.posts() == before and len(story.ledger_log()) == 1

    # -- a scheduled item: merged now, posted by the run after its date ----------------------
    story.git(story.work, "switch", "--quiet", "-c", "open-day")
    (story.work / LATER_ITEM).write_text(
        item(
            "wfpd3nkc",
            SCHEDULED,
            "The cryostat lab opens its doors",
            "On Saturday the quantum materials lab shows its new cryostat to the public.",
        ),
        encoding="utf-8",
    )
    story.git(story.work, "add", ".")
    story.git(story.work, "commit", "--quiet", "-m", "Schedule the open day")
    story.git(story.work, "switch", "--quiet", "main")
    story.git(story.work, "merge", "--quiet", "--no-ff", "-m", "Merge pull request #8", "open-day")
    story.git(story.work, "push", "--quiet", "origin", "main")
    runner, early = story.publishing_run("2026-11-20T16:00:00+01:00")
    assert early.returncode == 0, early.stdout + early.stderr
    assert not any(loopback.count("wfpd3nkc").values())
    assert not (runner / "output/s/wfpd3nkc").exists(), "not on the site before its date"
    runner, due = story.publishing_run("2026-11-21T09:15:00+01:00")  # a scheduled run
    assert due.returncode == 0, due.stdout + due.stderr
    assert (runner / "output/s/wfpd3nkc/index.html").exists()
    counts = loopback.count("wfpd3nkc")
    assert {a: counts[a] for a in QUANTUM} == dict.fromkeys(QUANTUM, 1), counts
    assert loopback.count("wfqs2mab") == {a: int(a in QUANTUM) for a in counts}
    log = story.ledger_log()
    assert len(log) == 2 and all(entry.startswith(BOT + "|") for entry in log), log
