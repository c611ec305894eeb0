"""The feeds of the example site, read by feedparser and checked against the RSS/Atom rules."""

from __future__ import annotations

from email.utils import parsedate_to_datetime

import feedparser
import pytest
from lxml import etree

from newsroom.links import item_url, short_url
from newsroom.repository import open_newsroom

from .conftest import ExampleSite

SITE = "https://news.aldermoor.example"
ATOM = "{http://www.w3.org/2005/Atom}"


# Feeds are in the site's language: a story is listed once, by its English version (the
# French original of the example is linked from the English translation's page).
LISTED_BY_ITS_TRANSLATION = {"m1zq5s64"}


def expected_items(site: ExampleSite, feed_name: str) -> list:
    theme = feed_name.split(".")[0]
    items = [
        i
        for i in site.published
        if (theme == "all" or i.theme == theme) and i.id not in LISTED_BY_ITS_TRANSLATION
    ]
    return sorted(items, key=lambda i: (-i.date.timestamp(), i.id))


def test_there_is_an_rss_and_an_atom_feed_for_the_site_and_each_theme(
    example_site: ExampleSite,
) -> None:
    themes = [t.slug for t in open_newsroom(example_site.root).config.themes]
    names = {p.name for p in example_site.feeds()}
    for name in ["all", *themes]:
        assert {f"{name}.rss.xml", f"{name}.atom.xml"} <= names


def test_every_feed_parses_without_error_with_one_entry_per_published_item(
    example_site: ExampleSite,
) -> None:
    config = open_newsroom(example_site.root).config
    for path in example_site.feeds():
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path.name}: {parsed.get('bozo_exception')}"
        items = expected_items(example_site, path.name)
        assert [e.id for e in parsed.entries] == [short_url(config, i.id) for i in items], path.name
        assert [e.link for e in parsed.entries] == [item_url(config, i) for i in items], path.name
        for entry, item in zip(parsed.entries, items, strict=True):
            assert entry.title == item.title
            assert entry.summary == item.meta.summary
            assert entry.content[0].value.strip()  # full content
            assert entry.published_parsed is not None
            terms = {t.term for t in entry.tags}
            assert item.theme in terms or config.theme_slugs[item.theme].name in terms
            assert set(item.meta.tags) <= terms
            if item.meta.image:
                enclosure = next(link for link in entry.links if link.rel == "enclosure")
                assert enclosure.href.startswith(f"{SITE}/images/") and int(enclosure.length) > 0


def test_no_unpublished_item_is_in_any_feed(example_site: ExampleSite) -> None:
    for path in example_site.feeds():
        text = path.read_text(encoding="utf-8")
        for item in example_site.unpublished:
            assert item.id not in text and item.title not in text, (path.name, item.path)


# The podcast shows' feeds are RSS too, held to the same rules (tests/site/test_podcasts.py).
@pytest.mark.parametrize(
    "name", ["feeds/all.rss.xml", "feeds/quantum.rss.xml", "podcasts/lab-notes.xml"]
)
def test_rss_follows_the_rules_feed_validators_check(example_site: ExampleSite, name: str) -> None:
    channel = etree.parse(str(example_site.output / name)).getroot().find("channel")
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == f"{SITE}/{name}"
    assert channel.findtext("link").startswith(SITE)
    parsedate_to_datetime(channel.findtext("lastBuildDate"))  # RFC 822
    dates = []
    for item in channel.findall("item"):
        guid = item.find("guid")
        assert guid.get("isPermaLink") == "true" and guid.text.startswith(f"{SITE}/s/")
        assert item.findtext("link").startswith(f"{SITE}/news/")
        dates.append(parsedate_to_datetime(item.findtext("pubDate")))
        for url in item.xpath("enclosure/@url"):
            assert url.startswith(f"{SITE}/")
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("name", ["all.atom.xml", "climate.atom.xml"])
def test_atom_follows_the_rules_feed_validators_check(example_site: ExampleSite, name: str) -> None:
    from datetime import datetime

    feed = etree.parse(str(example_site.output / "feeds" / name)).getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITE}/feeds/{name}"
    datetime.fromisoformat(feed.findtext(f"{ATOM}updated"))  # RFC 3339
    for entry in feed.findall(f"{ATOM}entry"):
        alternates = entry.findall(f"{ATOM}link[@rel='alternate']")
        assert len(alternates) == 1 and alternates[0].get("href").startswith(f"{SITE}/news/")
        assert entry.findtext(f"{ATOM}id").startswith(f"{SITE}/s/")
        assert entry.find(f"{ATOM}content").get("type") == "html"
        content = entry.findtext(f"{ATOM}content")
        assert 'src="/' not in content and 'href="/' not in content  # absolute URLs only


def test_feed_size_is_capped_by_the_configuration(tmp_path, small_newsroom) -> None:
    from newsroom.build_assembly import build_site

    from ..conftest import VALID_ITEM, write

    second = VALID_ITEM.replace("k7q2m9ab", "k7q2m9ac").replace("10:00:00", "11:00:00")
    write(small_newsroom, "content/news/quantum/2026/2026-11-20-second.md", second)
    config = small_newsroom / "newsroom.yml"
    config.write_text(
        config.read_text().replace("  language: en\n", "  language: en\n  feed_entries: 1\n")
    )
    output = build_site(small_newsroom, tmp_path / "out", now=_now()).output
    parsed = feedparser.parse((output / "feeds/all.atom.xml").read_bytes())
    assert [e.id for e in parsed.entries] == ["https://news.aldermoor.example/s/k7q2m9ac"]


def _now():
    from datetime import datetime

    return datetime.fromisoformat("2026-12-01T00:00:00+00:00")
