"""End to end: publish the example newsroom to the loopback servers, then `newsroom stats`
twice while the servers' counts change; the archive grows, the report shows the servers'
numbers, a deleted post is marked, and the page opens in headless Chromium without errors."""

from __future__ import annotations

import csv
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from newsroom.cli import main
from newsroom.networks import NETWORKS
from tests.syndication.loopback import PROJECT, Loopback

DAY1 = "2026-12-01T12:00:00+01:00"
DAY1_LATER = "2026-12-01T12:10:00+01:00"
DAY2 = "2026-12-02T12:30:00+01:00"
ARTIFACT = PROJECT / "artifacts/screenshots/stats-report.png"
DOC_IMAGE = PROJECT / "docs/images/stats-report.png"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
    tweets = {t["id"]: t for t in loopback.x.tweets}
    linkedin = {p["id"]: p for p in loopback.linkedin.posts}
    facebook = {p["id"]: p for p in loopback.facebook.posts}
    for n, post in enumerate(posts):
        likes, shares, replies = (n * 7 + 3) % 23 * round_, n % 5 * round_, n % 3 * round_
        if post["network"] == "x" and post["post_id"] in tweets:
            metrics = tweets[post["post_id"]]["public_metrics"]
            metrics.update(like_count=likes, retweet_count=shares, reply_count=replies)
            metrics.update(quote_count=n % 2 * round_, impression_count=100 * likes)
        elif post["network"] == "linkedin":
            linkedin[post["post_id"]].update(likes=likes, comments=replies)
        elif post["network"] == "facebook":
            facebook[post["post_id"]].update(reactions=likes, comments=replies, shares=shares)
        elif post["network"] == "threads":
            thread = next(t for t in loopback.threads.threads if t["id"] == post["post_id"])
            thread["metrics"].update(likes=likes, reposts=shares, replies=replies)
            thread["metrics"].update(quotes=n % 2 * round_, views=100 * likes)
        elif post["network"] == "instagram":
            media = next(m for m in loopback.instagram.media if m["id"] == post["post_id"])
            media.update(like_count=likes, comments_count=replies)
        elif post["network"] == "mastodon" and round_ == 2 and n % 2 == 0:
            other = "students-mastodon" if post["account"] == "uni-mastodon" else "uni-mastodon"
            token = loopback.mastodon_tokens[other]
            path = f"/api/v1/statuses/{post['post_id']}"
            assert loopback.mastodon.request("POST", path + "/favourite", token=token)[0] == 200
            if n % 4 == 0:
                assert loopback.mastodon.request("POST", path + "/reblog", token=token)[0] == 200


def expected_counts(loopback: Loopback, post: dict[str, Any]) -> dict[str, int] | None:
    """What the post's server says now, under the report's names (None: not on the server)."""
    network, post_id = post["network"], post["post_id"]
    if network == "x":
        tweet = next((t for t in loopback.x.tweets if t["id"] == post_id), None)
        if tweet is None:
            return None
        m = tweet["public_metrics"]
        return {
            "likes": m["like_count"],
            "reposts": m["retweet_count"],
            "replies": m["reply_count"],
            "quotes": m["quote_count"],
        }
    if network == "linkedin":
        p = next(p for p in loopback.linkedin.posts if p["id"] == post_id)
        return {"likes": p["likes"], "reposts": 0, "replies": p["comments"], "quotes": 0}
    if network == "facebook":
        p = next(p for p in loopback.facebook.posts if p["id"] == post_id)
        return {"likes": p["reactions"], "reposts": p["shares"], "replies": p["comments"]} | {
            "quotes": 0
        }
    if network == "threads":
        t = next(t for t in loopback.threads.threads if t["id"] == post_id)["metrics"]
        return {k: t[k] for k in ("likes", "reposts", "replies", "quotes")}
    if network == "instagram":
        m = next(m for m in loopback.instagram.media if m["id"] == post_id)
        return {"likes": m["like_count"], "reposts": 0, "replies": m["comments_count"]} | {
            "quotes": 0
        }
    if network == "mastodon":
        token = loopback.mastodon_tokens[post["account"]]
        status, _, body = loopback.mastodon.request(
            "GET", f"/api/v1/statuses/{post_id}", token=token
        )
        if status == 404:
            return None
        return {
            "likes": body["favourites_count"],
            "reposts": body["reblogs_count"],
            "replies": body["replies_count"],
            "quotes": 0,
        }
    return None


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
    loopback: Loopback, tmp_path: Path
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
    gone_x = next(p for p in posts if p["network"] == "x")
    loopback.x.tweets[:] = [t for t in loopback.x.tweets if t["id"] != gone_x["post_id"]]
    gone_mastodon = next(p for p in posts if p["network"] == "mastodon")
    token = loopback.mastodon_tokens[gone_mastodon["account"]]
    deleted = loopback.mastodon.request(
        "DELETE", f"/api/v1/statuses/{gone_mastodon['post_id']}", token=token
    )
    assert deleted[0] == 200, deleted
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
        if post["network"] == "bluesky":  # a PDS without an app view serves no counts
            assert row["status"] == "unreachable", row
            continue
        if post is gone_x or post is gone_mastodon:
            assert row["status"] == "deleted", row
            continue
        assert row["status"] == "ok", row
        shown = {k: int(row[k]) for k in ("likes", "reposts", "replies", "quotes")}
        assert shown == expected, (post["account"], post["item"])
        assert int(row["interactions"]) == sum(expected.values())
    assert sum(int(r["likes"] or 0) for r in rows.values() if r["network"] == "mastodon") > 0

    page = (report / "index.html").read_text()
    assert '<html lang="en">' in page and page.count("<caption>") >= 5
    assert page.count('alt="') >= 4 and "deleted</span>" in page
    assert "Bluesky</strong>: " in page and "could not be read" in page
    total = sum(int(r["interactions"]) for r in rows.values())
    assert f"<strong>{total}</strong> interactions" in page
    for plot in ("per-item.svg", "per-theme.svg", "over-time.svg", "top-month.svg"):
        assert (report / plot).read_bytes().startswith(b"<?xml")
    assert "2 post(s) were deleted" in page
    third = run(tmp_path, env, "2026-12-03T12:30:00+01:00", "stats", "--dry-run")
    assert f"{len(posts) - 2} post(s) due" in third.output  # deleted posts are not read again

    in_own_thread(open_in_chromium, report / "index.html")


def in_own_thread(function: Any, *args: Any) -> None:
    """Run in a thread of its own: another test's session browser may hold this thread's loop."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            function(*args)
        except BaseException as error:
            failures.append(error)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(timeout=300)
    if failures:
        raise failures[0]


def open_in_chromium(index: Path) -> None:
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
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
            browser.close()
    assert errors == []
    if os.environ.get("NEWSROOM_UPDATE_DOC_IMAGES") == "1":
        DOC_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACT, DOC_IMAGE)
