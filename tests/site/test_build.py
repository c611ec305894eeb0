"""The example site: every kind of page, item metadata, and nothing unpublished anywhere."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html

from newsroom.links import item_path

from ..link_preview import card, preview_meta
from .conftest import EXAMPLE_NOW, ExampleSite


def page(site: ExampleSite, path: str):
    return lxml_html.fromstring((site.output / path).read_bytes())


def test_every_kind_of_page_is_built(example_site: ExampleSite) -> None:
    out = example_site.output
    expected = [
        "index.html",
        "page/2/index.html",  # pagination: more items than fit on the home page
        "news/index.html",
        "news/quantum/index.html",
        "tags/index.html",
        "archives/index.html",
        "archives/2026/index.html",
        "about/index.html",
        "contact/index.html",
        "accessibility/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "_redirects",
        "theme/css/site.css",
    ]
    assert [p for p in expected if not (out / p).is_file()] == []
    for item in example_site.published:
        assert (out / item_path(item) / "index.html").is_file()
        assert (out / "s" / item.id / "index.html").is_file()
    tags = {tag for item in example_site.published for tag in item.meta.tags}
    tag_index = (out / "tags/index.html").read_text(encoding="utf-8")
    assert tags and all(f">{tag} <" in tag_index for tag in tags)
    assert len(list((out / "tags").glob("*/index.html"))) == len(tags)


def test_theme_page_has_description_items_and_feed_links(example_site: ExampleSite) -> None:
    doc = page(example_site, "news/quantum/index.html")
    text = doc.text_content()
    assert "Quantum technologies, photonics" in text
    titles = {item.title for item in example_site.published if item.theme == "quantum"}
    assert titles and all(title in text for title in titles)
    alternates = doc.xpath('//head/link[@rel="alternate"]/@href')
    assert "/feeds/quantum.rss.xml" in alternates and "/feeds/quantum.atom.xml" in alternates
    assert doc.xpath('//a[@href="/feeds/quantum.rss.xml"]')


def test_item_page_carries_canonical_opengraph_card_and_json_ld(
    example_site: ExampleSite,
) -> None:
    item = next(i for i in example_site.published if i.meta.image)
    doc = page(example_site, item_path(item) + "index.html")
    url = f"https://news.aldermoor.example/{item_path(item)}"
    meta = preview_meta(doc)
    assert doc.xpath('//link[@rel="canonical"]/@href') == [url]
    assert doc.get("lang") == item.lang
    assert meta["og:title"] == item.title
    assert meta["og:description"] == item.meta.summary
    assert meta["og:url"] == url
    assert meta["og:type"] == "article"
    assert meta["og:image"].startswith("https://news.aldermoor.example/images/")
    assert int(meta["og:image:width"]) > 0 and int(meta["og:image:height"]) > 0
    assert card(meta)["card"] == "summary_large_image"
    data = json.loads(doc.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == item.title
    assert data["datePublished"] == item.date.isoformat()
    assert data["dateModified"]
    assert [a["name"] for a in data["author"]] == [a.name for a in item.authors]
    assert data["image"][0]["url"] == meta["og:image"]
    assert data["publisher"]["name"] == "Aldermoor University"


def test_items_in_another_language_are_marked_up(example_site: ExampleSite) -> None:
    others = [i for i in example_site.published if i.lang != "en"]
    for item in others:
        assert page(example_site, item_path(item) + "index.html").get("lang") == item.lang


def test_every_page_links_the_accessibility_statement_with_its_status(
    example_site: ExampleSite,
) -> None:
    for path in example_site.html_files():
        if "/s/" in path.as_posix() or not (doc := lxml_html.fromstring(path.read_bytes())).xpath(
            "//footer"
        ):
            continue  # short links and redirects forward at once
        footer = doc.xpath('//footer[@class="site-footer"]')[0]
        assert footer.xpath('.//a[@href="/accessibility/"]'), path
        assert "partially compliant" in footer.text_content(), path


def test_nothing_unpublished_is_anywhere_in_the_site(example_site: ExampleSite) -> None:
    assert example_site.unpublished
    everything = "\n".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in example_site.output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".txt", ""}
    )
    for item in example_site.unpublished:
        assert item.id not in everything, item.path
        assert item.title not in everything, item.path
        assert f"/{item.slug}/" not in everything, item.path
        assert not (example_site.output / item_path(item)).exists()
        assert not (example_site.output / "s" / item.id).exists()
    assert example_site.result.items == len(example_site.published)


def test_preview_includes_drafts_and_scheduled_items_with_a_banner(tmp_path: Path) -> None:
    from newsroom.build_assembly import build_site

    from .conftest import PROJECT

    result = build_site(PROJECT, tmp_path / "preview", preview=True, now=EXAMPLE_NOW)
    draft = next(i for i in _items() if i.meta.draft)
    doc = lxml_html.fromstring((result.output / item_path(draft) / "index.html").read_bytes())
    assert doc.xpath('//div[@class="preview-banner"]')
    assert "Draft" in doc.xpath('//span[contains(@class, "badge")]/text()')[0]
    assert (result.output / "s" / draft.id / "index.html").is_file()
    assert "Disallow: /" in (result.output / "robots.txt").read_text()


def _items():
    from newsroom.repository import open_newsroom

    from .conftest import PROJECT

    return open_newsroom(PROJECT).content.items


def test_sitemap_and_robots(example_site: ExampleSite) -> None:
    from lxml import etree

    tree = etree.parse(str(example_site.output / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = tree.xpath("//s:loc/text()", namespaces=ns)
    assert "https://news.aldermoor.example/" in locs
    for item in example_site.published:
        assert f"https://news.aldermoor.example/{item_path(item)}" in locs
    assert not [loc for loc in locs if "/s/" in loc]
    robots = (example_site.output / "robots.txt").read_text()
    assert "Sitemap: https://news.aldermoor.example/sitemap.xml" in robots


def test_builds_of_the_same_content_are_byte_identical(
    example_site: ExampleSite, tmp_path: Path
) -> None:
    from newsroom.build_assembly import build_site

    again = build_site(example_site.root, tmp_path / "again", now=EXAMPLE_NOW).output
    first = {
        p.relative_to(example_site.output): p.read_bytes()
        for p in example_site.output.rglob("*")
        if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    assert [str(p) for p in first if first[p] != second[p]] == []


def test_home_lists_newest_first_and_paginates(example_site: ExampleSite) -> None:
    doc = page(example_site, "index.html")
    # The first page: the lead story (here the newest item, and featured), then the others.
    dates = doc.xpath('//article[@class="lead-story" or @class="card"]//time/@datetime')
    assert dates == sorted(dates, key=datetime.fromisoformat, reverse=True)
    assert len(dates) == 12
    assert doc.xpath('//nav[@class="pagination"]//a[@rel="next"]/@href') == ["/page/2/"]
    assert re.search(r"Page 1 of \d", doc.text_content())
