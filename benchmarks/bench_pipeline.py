"""Merge to posted: the publish workflow (`.github/workflows/publish.yml`) on this machine.

Run:  .venv/bin/python benchmarks/bench_pipeline.py [--items N] [--runs K]
      (default: the example newsroom, then N = 10,000; K = 1; ≈ 5 minutes; needs the
      loopback servers' Node side: `bash scripts/install-test-servers.sh`)

For each newsroom it makes an origin repository holding this project (its code, scripts,
lockfile, handbook) and the newsroom's items, with `newsroom.yml`'s accounts pointed at the
loopback servers (tests/syndication/loopback.py: fake X, LinkedIn, Facebook…, mastodon-mock,
a real Bluesky PDS) and every account's `since` just before the new item, so the archive is
not posted. A first CI run (not timed) builds it, and its build cache (`.cache/content`,
`parsed`, `rendered`, `handbook` and the built site folders: what publish.yml saves with
actions/cache) is kept. Then
one item is merged, and the timed run does what the workflow does, each step timed:

  fresh clone (fetch-depth 0) → restore the build cache → `scripts/ci-install` (uv, locked,
  warm package caches) → `scripts/check-and-build output` → `scripts/publish-run` (post to
  the loopback servers, commit the ledger to its branch and push).

The publish job runs on another runner: a second fresh clone and install (uv restored)
before `scripts/publish-run`. GitHub's own steps (runner start, setup-python, the Pages
deploy) are not on this machine.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT))
sys.path.insert(0, str(Path(__file__).parent))

from synthetic import generate, write_item  # noqa: E402

# publish.yml's actions/cache paths: what the last run read and rendered, and the site it
# built (both site folders with their manifests, and the link to the live one).
TOOLS = (".cache/uv", ".cache/npm/decap-cms")  # restored by both jobs
CACHED = (*TOOLS, ".cache/content", ".cache/parsed", ".cache/rendered", ".cache/handbook")
SITE = ("output", ".output-a", ".output-b", ".output-a.json", ".output-b.json")
NEW_ITEM_AT = datetime(2026, 11, 28, 9, tzinfo=UTC)
NOW = NEW_ITEM_AT + timedelta(hours=1)
GOAL = 60.0


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def project_files() -> list[str]:
    """This project as a clone would have it (tracked and new files; no content, no ledger)."""
    listed = git(PROJECT, "ls-files", "-co", "--exclude-standard").splitlines()
    return [
        name
        for name in listed
        if not name.startswith(("content/news/", "ledger/", "benchmarks/", "tests/"))
        and (PROJECT / name).is_file()
    ]


def wire(config: dict, loopback: object) -> tuple[dict, dict[str, str]]:
    """The accounts pointed at the loopback servers; every theme to every account."""
    config, secrets = loopback.configure(config)  # type: ignore[attr-defined]
    since = NEW_ITEM_AT - timedelta(minutes=1)  # dumped as a YAML time stamp
    for account in config["accounts"].values():
        account["since"] = since
    config["routing"] = {"every_theme": sorted(config["accounts"])}
    config["spacing"] = {"min_interval_minutes": 0, "daily_cap": 100}
    return config, secrets


def make_origin(tmp: Path, items: int | None, loopback: object) -> tuple[Path, Path, dict]:
    """The work tree and the bare origin (commit: before the merge); the secrets."""
    work = tmp / "work"
    for name in project_files():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT / name, work / name)
    if items is None:  # the example newsroom
        shutil.copytree(PROJECT / "content/news", work / "content/news")
        config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
    else:
        generated = tmp / "generated"
        generate(generated, items)
        shutil.rmtree(work / "content/news", ignore_errors=True)
        shutil.copytree(generated / "content/news", work / "content/news")
        shutil.copytree(generated / "content/images", work / "content/images", dirs_exist_ok=True)
        config = yaml.safe_load((generated / "newsroom.yml").read_text(encoding="utf-8"))
        project = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
        # Threads and Instagram fetch the item's image from the published site, which the
        # loopback servers know for the example newsroom only.
        config["accounts"] = {
            account_id: account
            for account_id, account in project["accounts"].items()
            if account["network"] not in ("threads", "instagram")
        }
    config, secrets = wire(config, loopback)
    (work / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    git(work, "init", "--quiet", "--initial-branch=main")
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "The newsroom before the merge")
    origin = tmp / "origin.git"
    git(tmp, "clone", "--quiet", "--bare", str(work), str(origin))
    git(work, "remote", "add", "origin", str(origin))
    return work, origin, secrets


def merge_one_item(work: Path, items: int | None) -> None:
    import random

    if items is None:  # a copy of an example item, with its own id and date
        import re

        from newsroom.ids import new_id

        source = next(
            path
            for path in sorted((work / "content/news").rglob("*.md"))
            if not re.search(r"^(translation_of|event|aliases):", path.read_text(), re.M)
        )
        text = re.sub(r"^id: .*$", f"id: {new_id()}", source.read_text(), count=1, flags=re.M)
        text = re.sub(r"^date: .*$", f"date: {NEW_ITEM_AT.isoformat()}", text, count=1, flags=re.M)
        theme = source.relative_to(work / "content/news").parts[0]
        day = NEW_ITEM_AT.date().isoformat()
        path = work / f"content/news/{theme}/2026/{day}-merged-for-the-benchmark.md"
        path.write_text(text, encoding="utf-8")
    else:
        write_item(work, random.Random(7), set(), NEW_ITEM_AT, 200_000)
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "Merge: one new item")
    git(work, "push", "--quiet", "origin", "main")


def ci_run(tmp: Path, origin: Path, name: str, env: dict[str, str], cache: Path | None) -> dict:
    """One run of the workflow in a fresh clone; seconds per step."""
    steps: dict[str, float] = {}
    runner = tmp / name

    def step(label: str, command: list[str], **extra: str) -> None:
        start = time.perf_counter()
        done = subprocess.run(
            command, cwd=runner, env={**env, **extra}, capture_output=True, text=True
        )
        steps[label] = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{label} failed:\n{done.stdout}\n{done.stderr}")

    start = time.perf_counter()
    git(tmp, "clone", "--quiet", str(origin), str(runner))
    steps["clone"] = time.perf_counter() - start
    start = time.perf_counter()
    if cache is not None:
        shutil.copytree(cache, runner, symlinks=True, dirs_exist_ok=True)
    steps["restore build cache"] = time.perf_counter() - start
    step("install (scripts/ci-install)", ["bash", "scripts/ci-install"])
    env["PATH"] = f"{runner / '.venv/bin'}:{env['PATH']}"
    step("check and build", ["bash", "scripts/check-and-build", "output"])
    # The publish job: another runner, another fresh clone and install (uv restored).
    runner = tmp / f"{name}-publish"
    start = time.perf_counter()
    git(tmp, "clone", "--quiet", str(origin), str(runner))
    for tool in TOOLS if cache is not None else ():
        if (cache / tool).is_dir():
            shutil.copytree(cache / tool, runner / tool, symlinks=True)
    steps["publish job: clone, restore tools"] = time.perf_counter() - start
    step("publish job: install", ["bash", "scripts/ci-install"])
    env["PATH"] = f"{runner / '.venv/bin'}:{env['PATH']}"
    step("publish job: publish, push ledger", ["bash", "scripts/publish-run"])
    steps["total"] = sum(steps.values())
    return steps


def save_cache(runner: Path, into: Path) -> None:
    """What actions/cache saves (tar keeps the files' times: so does copy2)."""
    for name in CACHED + SITE:
        source = runner / name
        if source.is_symlink() or source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name, follow_symlinks=False)
        elif source.is_dir():
            shutil.copytree(source, into / name, symlinks=True)


def scenario(label: str, items: int | None, loopback: object, runs: int) -> None:
    totals = []
    for k in range(runs):
        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            work, origin, secrets = make_origin(tmp, items, loopback)
            env = {
                **os.environ,
                **secrets,
                "NEWSROOM_NOW": NOW.isoformat(),
                "NEWSROOM_RETRY_WAIT": "0",
                "NEWSROOM": "newsroom",
            }
            env.pop("PYTHONPATH", None)
            env.pop("VIRTUAL_ENV", None)
            first = ci_run(tmp, origin, "run-before", dict(env), None)  # fills the caches
            cache = tmp / "ci-cache"
            save_cache(tmp / "run-before", cache)
            merge_one_item(work, items)
            steps = ci_run(tmp, origin, "run-merge", dict(env), cache)
            totals.append(steps["total"])
            if k == 0:
                print(f"\n{label} (first CI run, cold caches: {first['total']:.1f} s)")
                for step, seconds in steps.items():
                    print(f"  {step:<32}{seconds:>8.2f} s")
    mark = "✓" if statistics.median(totals) <= GOAL else "✗"
    print(f"  merge to posted: {statistics.median(totals):.1f} s (goal ≤ {GOAL:.0f} s {mark})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    arguments = parser.parse_args()
    from tests.networks.bluesky.pds import install_problem
    from tests.syndication.loopback import Loopback

    if problem := install_problem():
        raise SystemExit(f"the loopback Bluesky PDS is not installed: {problem}")
    loopback = Loopback.start()
    try:
        scenario("example newsroom, 1 new item", None, loopback, arguments.runs)
        scenario(f"{arguments.items:,} items, 1 new", arguments.items, loopback, arguments.runs)
    finally:
        loopback.stop()


if __name__ == "__main__":
    main()
