"""Acceptance of issue #21 (returns): publish the example to the loopback servers, give the
posts link clicks on the networks that report them and visits on the fake Matomo, run
`newsroom stats` twice across a day, and find every returns figure of the report — the CSV
and the HTML tables — equal to what the fakes hold; the page opens in headless Chromium."""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from lxml import html as lxml_html

from newsroom.links import item_path
from newsroom.networks import NETWORKS
from newsroom.repository import open_newsroom
from tests.stats.test_stats_loopback import (
    ARTIFACT,
    DAY1,
    DAY1_LATER,
    DAY2,
    run,
    sent_posts,
)
from tests.syndication.loopback import PROJECT, Loopback

FIRST_DAY, SECOND_DAY = date(2026, 12, 1), date(2026, 12, 2)
LABELS = {name: network.label for name, network in NETWORKS.items()}
CLICKING = {name for name, network in NETWORKS.items() if network.clicks}  # report link clicks


def post_links(loopback: Loopback, posts: list[dict[str, Any]]) -> dict[tuple[str, str], str]:
    """The tracked link each post carries, as the servers hold it, by (item, account)."""
    texts = loopback.posts()
    links = {}
    for post in posts:
        if not NETWORKS[post["network"]].link_clickable:  # no link in the post: the ledger's
            links[(post["item"], post["account"])] = post["link"]
            continue
        pattern = re.compile(rf"https?://[^\s\"'<>]+/s/{post['item']}\?[^\s\"'<>]+")
        found = {m for text in texts[post["account"]] for m in pattern.findall(text)}
        assert len(found) == 1, (post["account"], post["item"], found)
        links[(post["item"], post["account"])] = found.pop().replace("&amp;", "&")
    return links


def utm(link: str) -> tuple[str, str]:
    query = parse_qs(urlsplit(link).query)
    return query["utm_source"][0], query["utm_campaign"][0]


def set_clicks(loopback: Loopback, posts: list[dict[str, Any]], round_: int) -> None:
    for n, post in enumerate(posts):
        if post["network"] in CLICKING:
            clicks = {"clicks": (n * 5 + 2) * round_}
            loopback.contract(post["network"]).set_counts(post["account"], post["post_id"], clicks)


def server_clicks(loopback: Loopback, post: dict[str, Any]) -> int:
    counts = loopback.contract(post["network"]).counts(post["account"], post["post_id"])
    assert counts is not None, post
    return counts["clicks"]


def expected_returns(
    loopback: Loopback,
    posts: list[dict[str, Any]],
    links: dict[tuple[str, str], str],
    pages: dict[str, str],
    today: date,
) -> dict[tuple[str, str], tuple[str, str]]:
    """(item, network) → (clicks, visits) as the CSV writes them, from the fakes' data."""
    clicks: dict[tuple[str, str], int] = defaultdict(int)
    distinct: dict[tuple[str, str], set[str]] = defaultdict(set)
    for post in posts:
        key = (post["item"], post["network"])
        distinct[key].add(links[(post["item"], post["account"])])
        if post["network"] in CLICKING:
            clicks[key] += server_clicks(loopback, post)
    expected = {}
    for (item, network), item_links in distinct.items():
        visits = 0
        for link in item_links:  # two accounts sharing a link count its visits once
            source, campaign = utm(link)
            visits += sum(
                v.count
                for v in loopback.matomo.visits
                if (v.source, v.campaign, v.entry_page) == (source, campaign, pages[item])
                and v.day <= today
            )
        shown_clicks = str(clicks[(item, network)]) if network in CLICKING else ""
        expected[(item, network)] = (shown_clicks, str(visits))
    return expected


def returns_csv(report: Path) -> dict[tuple[str, str], dict[str, str]]:
    with (report / "returns.csv").open(encoding="utf-8") as handle:
        return {(r["item"], r["network"]): r for r in csv.DictReader(handle)}


def table(page: Any, caption: str) -> list[list[str]]:
    found = page.xpath(f'//table[caption="{caption}"]')
    assert len(found) == 1, caption
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("th|td")]
        for row in found[0].xpath("tbody/tr")
    ]


def check_report(
    report: Path, expected: dict[tuple[str, str], tuple[str, str]], posts: list[dict[str, Any]]
) -> None:
    rows = returns_csv(report)
    assert set(rows) == set(expected)
    for key, (clicks, visits) in expected.items():
        assert (rows[key]["clicks"], rows[key]["visits"]) == (clicks, visits), key
        assert int(rows[key]["posts"]) == sum(1 for p in posts if (p["item"], p["network"]) == key)
    page = lxml_html.fromstring((report / "index.html").read_bytes())
    shown = table(page, "Visits and clicks per item and network")
    assert len(shown) == len(expected)
    titles = {key[0]: rows[key]["title"] for key in rows}
    wanted = sorted(
        [titles[i], LABELS[n], rows[(i, n)]["posts"], rows[(i, n)]["interactions"], c or "–", v]
        for (i, n), (c, v) in expected.items()
    )
    assert sorted(shown) == wanted
    per_network = {
        row[0]: row for row in table(page, "Interactions, clicks and visits per network")
    }
    for network, label in LABELS.items():
        mine = [value for (_, n), value in expected.items() if n == network]
        clicks = str(sum(int(c) for c, _ in mine)) if network in CLICKING else "–"
        assert per_network[label][3:5] == [clicks, str(sum(int(v) for _, v in mine))], label
    total_visits = sum(int(v) for _, v in expected.values())
    total_clicks = sum(int(c) for c, _ in expected.values() if c)
    assert f"<strong>{total_visits}</strong> visits" in (report / "index.html").read_text()
    assert f"<strong>{total_clicks}</strong> link clicks" in (report / "index.html").read_text()
    for plot in ("returns-per-item", "returns-per-theme", "returns-over-time"):
        assert (report / f"{plot}.svg").read_bytes().startswith(b"<?xml")
    assert len(page.xpath('//img[starts-with(@src, "returns-")][string-length(@alt) > 40]')) == 4


def test_returns_match_the_fakes_across_two_days(
    loopback: Loopback, browser, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    env = loopback.example_newsroom(tmp_path)
    env |= loopback.add_analytics(tmp_path, "matomo")
    published = run(tmp_path, env, DAY1, "publish")
    assert published.exit_code == 0, published.output
    posts = sent_posts(tmp_path)
    assert {p["network"] for p in posts} == set(LABELS)
    links = post_links(loopback, posts)
    newsroom = open_newsroom(tmp_path)
    pages = {i.id: "/" + item_path(i) for i in newsroom.content.items}
    for n, link in enumerate(sorted(set(links.values()))):
        source, campaign = utm(link)
        item = urlsplit(link).path.rsplit("/", 1)[-1]
        loopback.matomo.add_visits(source, campaign, pages[item], FIRST_DAY, 3 + n)
        loopback.matomo.add_visits(source, campaign, pages[item], SECOND_DAY, n % 4 + 1)
        loopback.matomo.add_visits("newsletter", campaign, pages[item], FIRST_DAY, 50)
    set_clicks(loopback, posts, 1)

    first = run(tmp_path, env, DAY1_LATER, "stats")
    assert first.exit_code == 0, first.output
    assert "0 unreachable" in first.output, first.output
    report = tmp_path / "output/stats"
    check_report(report, expected_returns(loopback, posts, links, pages, FIRST_DAY), posts)

    set_clicks(loopback, posts, 3)
    second = run(tmp_path, env, DAY2, "stats")
    assert second.exit_code == 0, second.output
    expected = expected_returns(loopback, posts, links, pages, SECOND_DAY)
    check_report(report, expected, posts)
    assert any(v.day == SECOND_DAY for v in loopback.matomo.visits)
    # Matomo got the token in the POST body only, never in a URL.
    asked = [r for r in loopback.matomo.requests if r.path == "/index.php"]
    assert asked and all(r.method == "POST" and "token_auth" not in r.raw_query for r in asked)
    page = lxml_html.fromstring((report / "index.html").read_bytes())
    days = {row[0]: row for row in table(page, "Visits and clicks by day and network")}
    assert set(days) == {"2026-12-01", "2026-12-02"}

    open_in_chromium(browser, report / "index.html")


def test_unreachable_analytics_never_stop_the_run(loopback: Loopback, tmp_path: Path) -> None:
    loopback.reset_fakes()
    env = loopback.example_newsroom(tmp_path)
    env |= loopback.add_analytics(tmp_path, "plausible")
    assert run(tmp_path, env, DAY1, "publish").exit_code == 0
    posts = sent_posts(tmp_path)
    links = post_links(loopback, posts)
    newsroom = open_newsroom(tmp_path)
    pages = {i.id: "/" + item_path(i) for i in newsroom.content.items}
    for n, link in enumerate(sorted(set(links.values()))):
        source, campaign = utm(link)
        item = urlsplit(link).path.rsplit("/", 1)[-1]
        loopback.plausible.add_visits(source, campaign, pages[item], FIRST_DAY, n + 1)
    loopback.plausible.fail(503, times=3)
    first = run(tmp_path, env, DAY1_LATER, "stats")
    assert first.exit_code == 0, first.output
    distinct = len(set(links.values()))
    assert f"{distinct} link(s) asked to the site analytics: 0 read" in first.output
    page = (tmp_path / "output/stats/index.html").read_text()
    assert "Site analytics</strong>: the visits of" in page and "HTTP 503" in page
    assert len(loopback.plausible.requests) == 3  # gave up after three failures in a row

    second = run(tmp_path, env, DAY2, "stats")
    assert second.exit_code == 0, second.output
    total = sum(v.count for v in loopback.plausible.visits)
    assert f"({total} visits), 0 unreachable" in second.output
    assert "Site analytics" not in (tmp_path / "output/stats/index.html").read_text()
    rows = returns_csv(tmp_path / "output/stats")
    assert sum(int(r["visits"]) for r in rows.values()) == total


def open_in_chromium(browser: Any, index: Path) -> None:
    """The report in the session's Chromium (tests/conftest.py), scrolled to the returns."""
    errors: list[str] = []
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    try:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(index.as_uri())
        page.wait_for_load_state("load")
        broken = page.eval_on_selector_all(
            "img", "images => images.filter(i => !i.complete || !i.naturalWidth).length"
        )
        assert broken == 0
        assert page.locator("#returns").count() == 1
        page.locator("#returns").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('returns').scrollIntoView()")
        ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACT), full_page=False)
    finally:
        page.close()
    assert errors == []
    if os.environ.get("NEWSROOM_UPDATE_DOC_IMAGES") == "1":
        shutil.copyfile(ARTIFACT, PROJECT / "docs/images/stats-returns.png")
