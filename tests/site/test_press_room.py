"""What journalists look for on the example site: the paper behind a story, its media
contact, the people behind it (issue 32, items 4 to 6), on the pages, in feeds and in JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import yaml
from lxml import html

from newsroom.links import item_path

from .conftest import ExampleSite

SITE = "https://news.aldermoor.example"
PRESS_ITEM = "atmgaajt"  # the quantum sensor story: a paper, a media contact, two authors


def _page(site: ExampleSite, path: str) -> html.HtmlElement:
    return html.fromstring((site.output / path / "index.html").read_bytes())


def _json_ld(page: html.HtmlElement) -> list[dict]:
    return [json.loads(s.text) for s in page.xpath('//script[@type="application/ld+json"]')]


def _article(page: html.HtmlElement) -> dict:
    return next(d for d in _json_ld(page) if d["@type"] == "NewsArticle")


def _declared() -> dict:
    return yaml.safe_load((Path(__file__).parents[2] / "newsroom.yml").read_text("utf-8"))


def test_the_json_ld_of_every_item_carries_author_url_of_a_page_that_exists(
    example_site: ExampleSite,
) -> None:
    for item in example_site.published:
        article = _article(_page(example_site, item_path(item)))
        assert len(article["author"]) == len(item.meta.authors), item.path
        for author in article["author"]:
            path = urlsplit(author["url"]).path
            assert author["url"].startswith(SITE + "/people/"), (item.path, author)
            person_page = _page(example_site, path.strip("/"))
            assert person_page.xpath("//h1")[0].text_content() == author["name"]


def test_bylines_link_each_author_to_their_page(example_site: ExampleSite) -> None:
    item = next(i for i in example_site.published if i.id == PRESS_ITEM)
    byline = _page(example_site, item_path(item)).xpath('//p[@class="item-meta"]//a')
    assert [(a.text, a.get("href")) for a in byline] == [
        (author.name, f"/people/{author.id}/") for author in item.authors
    ]


def test_the_paper_is_linked_on_doi_org_shown_and_cited(example_site: ExampleSite) -> None:
    item = next(i for i in example_site.published if i.id == PRESS_ITEM)
    paper = item.meta.paper
    assert paper is not None
    page = _page(example_site, item_path(item))
    link = page.xpath('//a[text()="Read the paper"]')[0].get("href")
    assert urlsplit(link).netloc == "doi.org"
    assert unquote(urlsplit(link).path[1:]) == paper.doi
    citation = _article(page)["citation"]
    assert citation["@type"] == "ScholarlyArticle"
    assert citation["url"] == citation["sameAs"] == link
    assert citation["name"] == paper.title
    assert citation["isPartOf"] == {"@type": "Periodical", "name": paper.journal}
    assert citation["datePublished"] == paper.date.isoformat()


def test_the_media_contact_is_on_the_page_and_a_contact_point_of_the_publisher(
    example_site: ExampleSite,
) -> None:
    item = next(i for i in example_site.published if i.id == PRESS_ITEM)
    declared = _declared()["contacts"][item.meta.contacts[0]]
    page = _page(example_site, item_path(item))
    box = page.xpath('//aside[@class="media-contact"]')[0]
    assert box.xpath(".//h2")[0].text == "Media contact"
    hrefs = [a.get("href") for a in box.xpath(".//a")]
    digits = "".join(c for c in declared["phone"] if c.isdigit())
    assert hrefs == [f"mailto:{declared['email']}", f"tel:+{digits}"]
    points = _article(page)["publisher"]["contactPoint"]
    assert points == [
        {
            "@type": "ContactPoint",
            "contactType": "media relations",
            "name": declared["name"],
            "email": declared["email"],
            "telephone": declared["phone"],
            "availableLanguage": declared["languages"],
        }
    ]


def test_an_item_without_contact_or_paper_shows_neither(example_site: ExampleSite) -> None:
    item = next(i for i in example_site.published if not i.meta.contacts and not i.meta.paper)
    page = _page(example_site, item_path(item))
    assert not page.xpath('//aside[@class="media-contact"]|//section[@class="paper"]')
    article = _article(page)
    assert "citation" not in article and "contactPoint" not in article["publisher"]


def test_the_feed_entry_carries_the_paper_the_contact_and_the_authors_pages(
    example_site: ExampleSite,
) -> None:
    feed = feedparser.parse(str(example_site.output / "feeds/all.atom.xml"))
    entry = next(e for e in feed.entries if e.id.endswith(f"/s/{PRESS_ITEM}"))
    content = html.fromstring(entry.content[0].value)
    assert content.xpath('//a[text()="Read the paper"]/@href')[0].startswith("https://doi.org/")
    assert "Media contact: Oliver Hartley" in content.text_content()
    assert [a.get("href") for a in entry.authors] == [
        f"{SITE}/people/amelie-durand/",
        f"{SITE}/people/press-office/",
    ]


def test_a_person_page_shows_who_they_are_and_their_stories(example_site: ExampleSite) -> None:
    declared = next(a for a in _declared()["authors"] if a["id"] == "amelie-durand")
    page = _page(example_site, "people/amelie-durand")
    assert page.xpath("//h1")[0].text == declared["name"]
    assert page.xpath('//p[@class="lead"]')[0].text == declared["role"]
    assert page.xpath('//img[@class="person-photo"]/@alt') == [f"Portrait of {declared['name']}"]
    signed = [i for i in example_site.published if "amelie-durand" in i.meta.authors]
    links = set(page.xpath('//section[@class="related"]//h3/a/@href'))
    assert links == {f"/{item_path(i)}" for i in signed}
    person = next(d for d in _json_ld(page) if d["@type"] == "Person")
    assert person["url"] == f"{SITE}/people/amelie-durand/"
    assert person["jobTitle"] == declared["role"]


def test_an_expert_s_page_gives_their_orcid_and_profiles_as_same_as(
    example_site: ExampleSite,
) -> None:
    declared = next(a for a in _declared()["authors"] if a["id"] == "ines-castellane")
    page = _page(example_site, "people/ines-castellane")
    person = next(d for d in _json_ld(page) if d["@type"] == "Person")
    orcid = f"https://orcid.org/{declared['orcid']}"
    assert person["sameAs"] == [orcid, *declared["profiles"]]
    assert person["knowsAbout"] == declared["topics"]
    assert orcid in page.xpath('//ul[@class="person-links"]//a/@href')


def test_the_experts_page_lists_each_expert_under_each_of_their_topics(
    example_site: ExampleSite,
) -> None:
    experts = [a for a in _declared()["authors"] if a.get("expert")]
    page = _page(example_site, "people/experts")
    listed = {
        section.xpath("./h2")[0].text: section.xpath(".//li/a/@href")
        for section in page.xpath("//article/section")
    }
    expected: dict[str, list[str]] = {}
    for person in experts:
        for topic in person["topics"]:
            expected.setdefault(topic, []).append(f"/people/{person['id']}/")
    assert listed == expected
    assert list(listed) == sorted(listed, key=str.casefold)
    sitemap = (example_site.output / "sitemap.xml").read_text("utf-8")
    assert f"{SITE}/people/experts/" in sitemap and f"{SITE}/people/ines-castellane/" in sitemap
