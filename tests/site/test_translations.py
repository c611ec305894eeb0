"""Both language versions of a news item: built, linked to each other, marked up by language.

On the example newsroom (a French item and its English translation) and on a small one
where one original has two translations.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from lxml import etree as lxml_etree
from lxml import html as lxml_html

from newsroom.build_assembly import build_site

from ..conftest import VALID_ITEM, VALID_PATH, write
from .conftest import ExampleSite

SITE = "https://news.aldermoor.example"
ATOM = "http://www.w3.org/2005/Atom"
ITEM_PAGE = re.compile(r"^/news/[^/]+/\d{4}/[^/]+/$")
FRENCH = "news/partnerships/2026/aldermoor-et-valmont-lancent-un-double-diplome-en-photonique/"
ENGLISH = "news/partnerships/2026/aldermoor-and-valmont-launch-a-double-degree-in-photonics/"


def page(output: Path, path: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring((output / path / "index.html").read_bytes())


def alternates(doc: lxml_html.HtmlElement) -> dict[str, str]:
    """hreflang → href of the head's `<link rel="alternate" hreflang>`."""
    return {
        link.get("hreflang"): link.get("href")
        for link in doc.xpath("/html/head/link[@rel='alternate'][@hreflang]")
    }


def test_the_example_pair_links_both_ways_with_lang_and_hreflang(
    example_site: ExampleSite,
) -> None:
    french, english = page(example_site.output, FRENCH), page(example_site.output, ENGLISH)
    assert french.get("lang") == "fr" and english.get("lang") == "en"
    both = {"fr": f"{SITE}/{FRENCH}", "en": f"{SITE}/{ENGLISH}"}
    assert alternates(french) == alternates(english) == both  # absolute, self included
    [to_english] = french.xpath("//p[@class='translation']")
    assert to_english.get("lang") == "en"
    assert to_english.xpath("a/@href") == [f"/{ENGLISH}"]
    assert to_english.xpath("a/@hreflang") == ["en"]
    assert to_english.xpath("string(a)") == "Read in English"
    [to_french] = english.xpath("//p[@class='translation']")
    assert (to_french.get("lang"), to_french.xpath("string(a)")) == ("fr", "Lire en français")
    assert to_french.xpath("a/@href") == [f"/{FRENCH}"]
    # ll_TT: the site's language with `site.territory` (GB), another language its usual one.
    assert french.xpath("//meta[@property='og:locale']/@content") == ["fr_FR"]
    assert french.xpath("//meta[@property='og:locale:alternate']/@content") == ["en_GB"]
    assert english.xpath("//meta[@property='og:locale']/@content") == ["en_GB"]


def test_each_version_keeps_its_own_short_link_with_its_own_preview(
    example_site: ExampleSite,
) -> None:
    """A network builds its link preview from the short link's OpenGraph tags."""
    for item_id, path, lang, locale in [
        ("m1zq5s64", FRENCH, "fr", "fr_FR"),
        ("tazn1qp0", ENGLISH, "en", "en_GB"),
    ]:
        stub = page(example_site.output, f"s/{item_id}")
        assert stub.get("lang") == lang
        og = {m.get("property"): m.get("content") for m in stub.xpath("//meta[@property]")}
        assert og["og:url"] == f"{SITE}/{path}"
        assert og["og:locale"] == locale
        assert og["og:image"].startswith(f"{SITE}/images/partnerships/")
        assert og["og:title"] == stub.xpath("string(//title)").split(" — ")[0]
    other = page(
        example_site.output,
        "news/partnerships/2026/aldermoor-joins-the-arcus-european-university-alliance/",
    )
    assert alternates(other) == {} and not other.xpath("//p[@class='translation']")


def test_an_original_and_two_translations_all_link_to_each_other(
    tmp_path: Path, newsroom: Path
) -> None:
    for item_id, lang, slug in [("k7q2m9fr", "fr", "capteur"), ("k7q2m9de", "de", "sensor-de")]:
        text = VALID_ITEM.replace("id: k7q2m9ab", f"id: {item_id}").replace(
            "tags:", f"lang: {lang}\ntranslation_of: k7q2m9ab\ntags:"
        )
        write(newsroom, VALID_PATH.replace("quantum-sensor", slug), text)
    now = datetime.fromisoformat("2026-12-01T00:00:00+00:00")
    output = build_site(newsroom, tmp_path / "out", now=now).output
    docs = {
        lang: page(output, f"news/quantum/2026/{slug}")
        for lang, slug in [("en", "quantum-sensor"), ("fr", "capteur"), ("de", "sensor-de")]
    }
    for lang, doc in docs.items():
        assert doc.get("lang") == lang
        assert set(alternates(doc)) == {"en", "fr", "de"}
        links = doc.xpath("//p[@class='translation']/a/@hreflang")
        assert sorted(links) == sorted({"en", "fr", "de"} - {lang})


def item_links(doc: lxml_html.HtmlElement, where: str) -> list[str]:
    """The item pages linked in a part of a page (`where`: an XPath), in order."""
    return [href for href in doc.xpath(f"{where}//a/@href") if ITEM_PAGE.match(href)]


def atom_links(path: Path) -> list[str]:
    doc = lxml_etree.parse(str(path))
    return doc.xpath("//a:entry/a:link[@rel='alternate']/@href", namespaces={"a": ATOM})


def test_the_front_page_themes_and_feeds_list_the_story_once_in_the_site_language(
    example_site: ExampleSite,
) -> None:
    """Issue #28: the English and French versions sat side by side in every listing."""
    out = example_site.output
    front = page(out, "")
    latest = item_links(front, "//section[@class='latest']")
    by_theme = item_links(front, "//section[@class='theme-blocks']")
    theme = item_links(page(out, "news/partnerships"), "//main")

    for listing in (latest, by_theme, theme):
        assert f"/{ENGLISH}" in listing
        assert f"/{FRENCH}" not in listing
    assert by_theme.count(f"/{ENGLISH}") == 1
    for feed in ("all", "partnerships"):
        links = atom_links(out / f"feeds/{feed}.atom.xml")
        assert f"{SITE}/{ENGLISH}" in links and f"{SITE}/{FRENCH}" not in links
    # The French version keeps its page, in French, linked from the English one, and the
    # tag only it carries keeps its page, listing it.
    french = page(out, FRENCH)
    assert french.get("lang") == "fr"
    [to_french] = page(out, ENGLISH).xpath("//p[@class='translation']")
    assert (to_french.get("lang"), to_french.xpath("a/@href")) == ("fr", [f"/{FRENCH}"])
    tagged = item_links(page(out, "tags/photonique"), "//main")
    assert tagged and set(tagged) == {f"/{FRENCH}"}


def test_the_version_listed_is_the_site_language_else_the_original(newsroom: Path, run) -> None:
    def story(item_id: str, slug: str, lang: str | None, of: str | None = None) -> None:
        extra = (f"lang: {lang}\n" if lang else "") + (f"translation_of: {of}\n" if of else "")
        text = VALID_ITEM.replace("id: k7q2m9ab", f"id: {item_id}").replace(
            "tags:", f"{extra}tags:"
        )
        write(newsroom, VALID_PATH.replace("quantum-sensor", slug), text)

    story("k7q2m9fr", "capteur", "fr", of="k7q2m9ab")  # English original, French translation
    story("d3m2x9ab", "sensor-de", "de")  # German original, French translation, no English
    story("d3m2x9fr", "capteur-de", "fr", of="d3m2x9ab")
    story("f4n8c2zz", "seul", "fr")  # French only
    built = run(newsroom, "build", "--now", "2026-12-01T00:00:00+00:00")
    assert built.exit_code == 0, built.output
    output = newsroom / "output"

    listed = {"quantum-sensor", "sensor-de", "seul"}
    for links in (
        item_links(page(output, ""), "//main"),
        item_links(page(output, "news/quantum"), "//main"),
        [link.removeprefix(SITE) for link in atom_links(output / "feeds/all.atom.xml")],
    ):
        assert {link.split("/")[4] for link in links} == listed, links
    for slug in ("capteur", "capteur-de"):  # not listed, still published
        assert page(output, f"news/quantum/2026/{slug}").get("lang") == "fr"
