"""Item details on small newsrooms: translations, attachments, images, body links."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from lxml import html as lxml_html

from newsroom.build_assembly import build_site
from newsroom.image_metadata import without_metadata

from ..conftest import PNG, VALID_ITEM, write
from .conftest import ExampleSite

NOW = datetime.fromisoformat("2026-12-01T00:00:00+00:00")
FRENCH = """\
---
id: k7q2m9fr
title: "Un capteur quantique cartographie le cerveau"
date: 2026-11-20T11:00:00+01:00
summary: >-
  Une équipe de physiciens et de neuroscientifiques a cartographié l'activité cérébrale.
authors: [amelie-durand]
lang: fr
translation_of: k7q2m9ab
attachments: [content/files/rapport.pdf]
---
Voir [l'article en anglais](content/news/quantum/2026/2026-11-20-quantum-sensor.md) et
![le capteur](content/images/sensor.png).
"""


def test_translations_attachments_and_repository_links(tmp_path: Path, newsroom: Path) -> None:
    write(newsroom, "content/files/rapport.pdf", b"%PDF-1.4 tiny")
    write(newsroom, "content/news/quantum/2026/2026-11-20-capteur-quantique.md", FRENCH)
    output = build_site(newsroom, tmp_path / "out", now=NOW).output
    french = lxml_html.fromstring(
        (output / "news/quantum/2026/capteur-quantique/index.html").read_bytes()
    )
    english = lxml_html.fromstring(
        (output / "news/quantum/2026/quantum-sensor/index.html").read_bytes()
    )
    assert french.get("lang") == "fr" and english.get("lang") == "en"
    assert english.xpath('//a[@hreflang="fr"]/@href') == ["/news/quantum/2026/capteur-quantique/"]
    assert french.xpath('//a[@hreflang="en"]/@href') == ["/news/quantum/2026/quantum-sensor/"]
    assert french.xpath('//section[@class="attachments"]//a/@href') == ["/files/rapport.pdf"]
    assert (output / "files/rapport.pdf").read_bytes() == b"%PDF-1.4 tiny"
    prose = french.xpath('//div[@class="prose"]')[0]
    assert prose.xpath(".//a/@href")[0] == "/news/quantum/2026/quantum-sensor/"
    assert prose.xpath(".//img/@src") == ["/images/sensor.png"]
    # Published without metadata: the tests' tiny PNG keeps only the chunks that can be read.
    assert (output / "images/sensor.png").read_bytes() == without_metadata(PNG)


def test_images_of_unpublished_items_are_not_published(tmp_path: Path, newsroom: Path) -> None:
    write(newsroom, "content/images/secret.png", PNG)
    draft = VALID_ITEM.replace("k7q2m9ab", "k7q2m9dd").replace("sensor.png", "secret.png")
    write(
        newsroom,
        "content/news/quantum/2026/2026-11-20-secret.md",
        draft.replace("---\nThe", "draft: true\n---\nThe"),
    )
    output = build_site(newsroom, tmp_path / "out", now=NOW).output
    assert (output / "images/sensor.png").is_file()
    assert not (output / "images/secret.png").exists()
    assert not (output / "s/k7q2m9dd").exists()


def test_pages_load_nothing_from_elsewhere(example_site: ExampleSite) -> None:
    """Light and private: no third-party script, font, style or image on any page."""
    for path in example_site.html_files():
        doc = lxml_html.fromstring(path.read_bytes())
        for url in doc.xpath(
            "//script/@src | //link[@rel='stylesheet' or @rel='icon']/@href | //img/@src"
        ):
            assert url.startswith("/"), (path, url)
        scripts = doc.xpath("//script/@src")
        # JavaScript only where it is the feature, and the page works without it: the
        # search page, and a video's play button (site/video.py).
        if doc.xpath("//figure[@data-embed]"):
            assert scripts == ["/theme/js/video.js"], (path, scripts)
            continue
        allowed = {"/theme/js/search.js", "/pagefind/pagefind.js"}
        assert path.parent.name == "search" or not scripts, path
        assert set(scripts) <= allowed, (path, scripts)


def test_a_site_under_a_path_prefix_links_within_it(tmp_path: Path, newsroom: Path) -> None:
    config = newsroom / "newsroom.yml"
    config.write_text(
        config.read_text().replace(
            "https://news.aldermoor.example", "https://www.aldermoor.example/news"
        )
    )
    output = build_site(newsroom, tmp_path / "out", now=NOW).output
    item = lxml_html.fromstring(
        (output / "news/quantum/2026/quantum-sensor/index.html").read_bytes()
    )
    assert item.xpath('//link[@rel="stylesheet"]/@href') == ["/news/theme/css/site.css"]
    assert item.xpath('//link[@rel="canonical"]/@href') == [
        "https://www.aldermoor.example/news/news/quantum/2026/quantum-sensor/"
    ]
    assert (
        "/news/s/k7q2m9ab /news/news/quantum/2026/quantum-sensor/ 301!"
        in (output / "_redirects").read_text()
    )
