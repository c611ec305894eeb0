"""End to end: publish the example newsroom to the loopback servers, then `newsroom stats`
twice while the servers' counts change; the archive grows, the report shows the servers'
numbers, a deleted post is marked, and the page opens in headless Chromium without errors."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from newsroom.cli import main
from newsroom.networks import NETWORKS
from tests.syndication.loopback import PROJECT, REPORTED, Loopback

DAY1 = "2026-12-01T12:00:00+01:00"
DAY1_LATER = "2026-12-01T12:10:00+01:00"
DAY2 = "2026-12-02T12:30:00+01:00"
ARTIFACT = PROJECT / "artifacts/screenshots/stats-report.png"
DOC_IMAGE = PROJECT / "docs/images/stats-report.png"


def run(root: Path, env: dict[str, str], now: str, *args: str) -> Result:
    base = {
        "GITHUB_ACTIONS": "false",
        "NEWSROOM_NOW": now,
        "NEWSROOM_RETRY_WAIT": "0",
        "NEWSROOM_POLL_WAIT": "0.01",
    }
    return CliRunner().invoke(main, ["--root", str(root), *args], env={**base, **env})


def sent_posts(root: Path) -> list[dict[str, Any]]:
    records = [
        json.loads(line)
        for path in sorted((root / "ledger/posts").glob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]
    return [r for r in records if r["type"] == "sent"]


def set_counts(loopback: Loopback, posts: list[dict[str, Any]], round_: int) -> None:
    """Give every post deterministic counts on its server, growing with each round."""
    for n, post in enumerate(posts):
        counts = {
            "likes": (n * 7 + 3) % 23 * round_,
            "reposts": n % 5 * round_,
            "replies": n % 3 * round_,
            "quotes": n % 2 * round_,
        }
        loopback.contract(post["network"]).set_counts(post["account"], post["post_id"], counts)


def expected_counts(loopback: Loopback, post: dict[str, Any]) -> dict[str, int] | None:
    """What the post's server says now, under the report's names (None: not on the server)."""
    counts = loopback.contract(post["network"]).counts(post["account"], post["post_id"])
    return None if counts is None else {name: counts[name] for name in REPORTED}


def read_csv(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {(r["item"], r["account"]): r for r in csv.DictReader(handle)}


def snapshots(root: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for path in sorted((root / "stats/snapshots").glob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]


def test_stats_accumulate_match_the_servers_and_mark_deleted_posts(
    loopback: Loopback, browser, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    env = loopback.example_newsroom(tmp_path)
    published = run(tmp_path, env, DAY1, "publish")
    assert published.exit_code == 0, published.output
    posts = sent_posts(tmp_path)
    networks = {p["network"] for p in posts}
    assert networks == set(NETWORKS), "the example posts to every declared network"

    dry = run(tmp_path, env, DAY1_LATER, "stats", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"{len(posts)} post(s) due" in dry.output
    assert not (tmp_path / "stats").exists()

    set_counts(loopback, posts, 1)
    first = run(tmp_path, env, DAY1_LATER, "stats")
    assert first.exit_code == 0, first.output
    assert len(snapshots(tmp_path)) == len(posts)
    assert "Report: output/stats/index.html" in first.output

    again = run(tmp_path, env, DAY1_LATER, "stats")  # nothing due ten minutes later
    assert again.exit_code == 0, again.output
    assert len(snapshots(tmp_path)) == len(posts)
    assert f"{len(posts)} post(s) read recently enough" in again.output

    set_counts(loopback, posts, 2)
    # One post of each of two networks disappears from its server: reported deleted.
    deletable = [n for n, c in loopback.networks.items() if c.deletable and c.serves_counts]
    gone = [next(p for p in posts if p["network"] == name) for name in deletable[:2]]
    for post in gone:
        loopback.contract(post["network"]).delete(post["account"], post["post_id"])
    second = run(tmp_path, env, DAY2, "stats")
    assert second.exit_code == 0, second.output
    archive = snapshots(tmp_path)
    assert len(archive) == 2 * len(posts)
    assert {s["at"] for s in archive} == {"2026-12-01T11:10:00Z", "2026-12-02T11:30:00Z"}

    report = tmp_path / "output/stats"
    rows = read_csv(report / "stats.csv")
    assert len(rows) == len(posts)
    for post in posts:
        row = rows[(post["item"], post["account"])]
        expected = expected_counts(loopback, post)
        if not loopback.contract(post["network"]).serves_counts:  # e.g. a PDS, no app view
            assert row["status"] == "unreachable", row
            continue
        if post in gone:
            assert row["status"] == "deleted", row
            continue
        assert row["status"] == "ok", row
        shown = {k: int(row[k]) for k in ("likes", "reposts", "replies", "quotes")}
        assert shown == expected, (post["account"], post["item"])
        assert int(row["interactions"]) == sum(expected.values())
    for network in {p["network"] for p in posts}:  # counts reached every network serving them
        if loopback.contract(network).serves_counts:
            shown = [int(r["interactions"] or 0) for r in rows.values() if r["network"] == network]
            assert sum(shown) > 0, network

    page = (report / "index.html").read_text()
    assert '<html lang="en">' in page and page.count("<caption>") >= 5
    assert page.count('alt="') >= 4 and "deleted</span>" in page
    unread = [c.name for c in loopback.networks.values() if not c.serves_counts]
    assert all(f"{NETWORKS[n].label}</strong>: " in page for n in unread), unread
    assert "could not be read" in page
    total = sum(int(r["interactions"]) for r in rows.values())
    assert f"<strong>{total}</strong> interactions" in page
    for plot in ("per-item.svg", "per-theme.svg", "over-time.svg", "top-month.svg"):
        assert (report / plot).read_bytes().startswith(b"<?xml")
    assert "2 post(s) were deleted" in page
    third = run(tmp_path, env, "2026-12-03T12:30:00+01:00", "stats", "--dry-run")
    assert f"{len(posts) - 2} post(s) due" in third.output  # deleted posts are not read again

    open_in_chromium(browser, report / "index.html")


def open_in_chromium(browser: Any, index: Path) -> None:
    """The report in the session's Chromium (tests/conftest.py): no error, every image."""
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        broken = page.eval_on_selector_all(
            "img", "images => images.filter(i => !i.complete || !i.naturalWidth).length"
        )
        assert broken == 0
        assert page.locator("h1").count() == 1 and page.locator("table").count() >= 5
        ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACT), full_page=False)
    finally:
        page.close()
    assert errors == []
    if os.environ.get("NEWSROOM_UPDATE_DOC_IMAGES") == "1":
        DOC_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACT, DOC_IMAGE)
