"""The example's podcast show: its feed read by other projects' parsers, its page, its players.

podcastparser (gPodder's parser) reads each episode as podcast apps do; feedparser reads
the whole feed; the Apple and Podcasting 2.0 tags are checked against what Apple and the
namespace specify, the durations and sizes against the audio files (mutagen, on disk).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from pathlib import Path

import feedparser
import mutagen
import podcastparser
from lxml import etree, html
from pydantic import TypeAdapter

from newsroom.links import item_url, short_url
from newsroom.podcasts import APPLE_CATEGORIES
from newsroom.repository import open_newsroom
from newsroom.site.model import item_state

from .conftest import ExampleSite

SITE = "https://news.aldermoor.example"
FEED = "podcasts/lab-notes.xml"
FEED_URL = f"{SITE}/{FEED}"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
PODCAST = "{https://podcastindex.org/namespace/1.0}"
# The namespace's own fixed UUID for `podcast:guid` (podcast-namespace docs/tags/guid.md).
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def episodes(site: ExampleSite) -> list:
    """The example's published episodes of Lab Notes, newest first."""
    found = [i for i in site.published if i.meta.podcast and i.meta.podcast.show == "lab-notes"]
    return sorted(found, key=lambda i: (-i.date.timestamp(), i.id))


def published_file(site: ExampleSite, url: str) -> Path:
    assert url.startswith(f"{SITE}/"), url
    path = site.output / url.removeprefix(f"{SITE}/")
    assert path.is_file(), url
    return path


def test_the_example_show_has_two_episodes(example_site: ExampleSite) -> None:
    assert len(episodes(example_site)) == 2


def test_podcastparser_reads_every_episode_s_enclosure_duration_and_guid(
    example_site: ExampleSite,
) -> None:
    config = open_newsroom(example_site.root).config
    with (example_site.output / FEED).open("rb") as stream:
        parsed = podcastparser.parse(FEED_URL, stream)
    assert parsed["title"] == "Lab Notes"
    assert parsed["cover_url"] == f"{SITE}/images/podcasts/lab-notes.png"
    assert parsed["itunes_categories"] == [["Science", "Natural Sciences"]]
    assert parsed["explicit"] is False
    assert parsed["itunes_owner"] == {"name": "Press Office", "email": "press@aldermoor.example"}
    expected = episodes(example_site)
    assert [e["guid"] for e in parsed["episodes"]] == [short_url(config, i.id) for i in expected]
    for entry, item in zip(parsed["episodes"], expected, strict=True):
        assert entry["link"] == item_url(config, item)
        assert entry["number"] == item.meta.podcast.episode
        (enclosure,) = entry["enclosures"]
        audio = published_file(example_site, enclosure["url"])
        assert audio.read_bytes() == (example_site.root / item.meta.podcast.audio).read_bytes()
        assert enclosure["file_size"] == audio.stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert "audio/mpeg" in mutagen.File(audio).mime  # the file is what the feed says
        assert entry["total_time"] == round(mutagen.File(audio).info.length) > 0


def test_feedparser_reads_the_feed_without_error(example_site: ExampleSite) -> None:
    parsed = feedparser.parse((example_site.output / FEED).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert [e.itunes_duration for e in parsed.entries] == ["12", "9"]
    assert all(e.enclosures[0].type == "audio/mpeg" for e in parsed.entries)


def test_the_feed_carries_the_tags_apple_requires(example_site: ExampleSite) -> None:
    channel = etree.parse(str(example_site.output / FEED)).getroot().find("channel")
    image = channel.find(f"{ITUNES}image").get("href")
    published_file(example_site, image)
    category = channel.find(f"{ITUNES}category")
    assert category.get("text") in APPLE_CATEGORIES
    sub = category.find(f"{ITUNES}category").get("text")
    assert sub in APPLE_CATEGORIES[category.get("text")]
    assert channel.findtext(f"{ITUNES}explicit") in ("true", "false")  # Apple's values since 2022
    assert channel.findtext(f"{ITUNES}owner/{ITUNES}email") == "press@aldermoor.example"
    assert channel.findtext(f"{ITUNES}author")
    assert channel.findtext("language") == "en" and channel.findtext("description")
    for item in channel.findall("item"):
        enclosure = item.find("enclosure")
        assert int(enclosure.get("length")) > 0 and enclosure.get("type") == "audio/mpeg"
        assert item.findtext("guid") and item.findtext("title")
        assert int(item.findtext(f"{ITUNES}duration")) > 0


def test_the_podcasting_2_0_tags(example_site: ExampleSite) -> None:
    channel = etree.parse(str(example_site.output / FEED)).getroot().find("channel")
    # A UUIDv5 of the feed URL without its scheme, as the namespace specifies (its own
    # example first: the same function gives the published value for a known feed).
    bare = FEED_URL.removeprefix("https://")
    spec_example = uuid.uuid5(GUID_NAMESPACE, "mp3s.nashownotes.com/pc20rss.xml")
    assert str(spec_example) == "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    assert channel.findtext(f"{PODCAST}guid") == str(uuid.uuid5(GUID_NAMESPACE, bare))
    items = channel.findall("item")
    for item, expected in zip(items, episodes(example_site), strict=True):
        transcript = item.find(f"{PODCAST}transcript")
        assert transcript.get("type") == "text/vtt" and transcript.get("language") == "en"
        text = published_file(example_site, transcript.get("url")).read_text(encoding="utf-8")
        assert text.startswith("WEBVTT")
        chapters = item.find(f"{PODCAST}chapters")
        assert (chapters is not None) == bool(expected.meta.podcast.chapters)
        if chapters is not None:
            assert chapters.get("type") == "application/json+chapters"
            data = json.loads(published_file(example_site, chapters.get("url")).read_text())
            assert data["version"] and data["chapters"]


def test_the_show_s_page_lists_its_episodes_and_links_its_feed(example_site: ExampleSite) -> None:
    config = open_newsroom(example_site.root).config
    page = html.parse(str(example_site.output / "podcasts/lab-notes/index.html")).getroot()
    assert page.findtext(".//h1") == "Lab Notes"
    feed_links = page.xpath("//link[@type='application/rss+xml']/@href")
    assert FEED_URL in feed_links
    assert FEED_URL in page.xpath("//main//a/@href")
    listed = page.xpath("//ol[@class='episode-list']/li//h3/a/@href")
    assert [f"{SITE}{href}" for href in listed] == [
        item_url(config, i) for i in episodes(example_site)
    ]
    sitemap = etree.parse(str(example_site.output / "sitemap.xml"))
    locs = sitemap.xpath("//s:loc/text()", namespaces={"s": SITEMAP_NS})
    assert f"{SITE}/podcasts/lab-notes/" in locs


def test_an_episode_s_page_plays_it_with_its_transcript(example_site: ExampleSite) -> None:
    config = open_newsroom(example_site.root).config
    item = episodes(example_site)[-1]
    path = item_url(config, item).removeprefix(f"{SITE}/")
    page = html.parse(str(example_site.output / path / "index.html")).getroot()
    (audio,) = page.xpath("//section[@class='episode']//audio")
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    (source,) = audio.xpath("source")
    assert source.get("type") == "audio/mpeg"
    assert source.get("src") == "/files/podcasts/lab-notes-01.mp3"
    links = page.xpath("//section[@class='episode']//a/@href")
    assert "/files/podcasts/lab-notes-01.vtt" in links
    assert "/podcasts/lab-notes/" in links
    assert (example_site.output / "files/podcasts/lab-notes-01.vtt").is_file()


def test_an_audio_attachment_is_played_with_its_transcript(tmp_path: Path, small_newsroom) -> None:
    from newsroom.build_assembly import build_site

    from ..audio_files import m4a
    from ..conftest import VALID_ITEM, VALID_PATH, write
    from .conftest import EXAMPLE_NOW

    write(small_newsroom, "content/files/talk.m4a", m4a(75))
    write(small_newsroom, "content/files/talk.vtt", "WEBVTT\n")
    listed = "attachments:\n  - content/files/talk.m4a\n  - content/files/talk.vtt\n"
    write(small_newsroom, VALID_PATH, VALID_ITEM.replace("tags:", f"{listed}tags:", 1))
    output = build_site(small_newsroom, tmp_path / "out", now=EXAMPLE_NOW).output
    page = html.parse(str(output / "news/quantum/2026/quantum-sensor/index.html")).getroot()
    (player,) = page.xpath("//section[@class='audio']//figure")
    (audio,) = player.xpath(".//audio")
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    assert audio.xpath("source/@type") == ["audio/mp4"]  # read from the file: AAC in MPEG-4
    assert player.xpath(".//time/@datetime") == ["PT1M15S"]
    assert "/files/talk.vtt" in player.xpath(".//a/@href")
    assert (output / "files/talk.m4a").read_bytes() == m4a(75)
    # An attachment is no episode: the declared show's feed lists none.
    feed = etree.parse(str(output / FEED)).getroot()
    assert feed.findall("channel/item") == []


def test_a_theme_copied_before_podcasts_gets_the_shipped_show_page(
    tmp_path: Path, small_newsroom
) -> None:
    import shutil

    from newsroom.build_assembly import build_site
    from newsroom.site.settings import PROJECT_DIR

    from .conftest import EXAMPLE_NOW

    theme = small_newsroom / "themes/newsroom"
    shutil.copytree(PROJECT_DIR / "themes/newsroom", theme)
    (theme / "templates/podcast.html").unlink()
    base = theme / "templates/base.html"
    base.write_text(base.read_text().replace("</footer>", "<p>Our own footer</p></footer>"))
    output = build_site(small_newsroom, tmp_path / "out", now=EXAMPLE_NOW).output
    page = (output / "podcasts/lab-notes/index.html").read_text(encoding="utf-8")
    assert "<h1>Lab Notes</h1>" in page and "Our own footer" in page


def _json_ld(page: html.HtmlElement, kind: str) -> dict:
    (found,) = [
        data
        for script in page.xpath("//script[@type='application/ld+json']/text()")
        if (data := json.loads(script)).get("@type") == kind
    ]
    return found


def test_search_engines_are_told_the_episodes_and_their_show(tmp_path: Path, run) -> None:  # type: ignore[no-untyped-def]
    """`newsroom build` of the example: each episode's page carries a `PodcastEpisode` of
    its show's `PodcastSeries`, the show's page the series; what they say of the audio is
    what mutagen reads in the published file, the feed they name what podcastparser reads."""
    from .conftest import EXAMPLE_NOW, copy_example

    root = copy_example(tmp_path)
    result = run(root, "build", "-o", str(root / "out"), env={"NEWSROOM_NOW": str(EXAMPLE_NOW)})
    assert result.exit_code == 0, result.output
    built = ExampleSite(root, root / "out", None, [], [])  # type: ignore[arg-type]
    newsroom = open_newsroom(root)
    built.published = [
        i for i in newsroom.content.items if item_state(i, EXAMPLE_NOW) == "published"
    ]
    show_page = f"{SITE}/podcasts/lab-notes/"
    series = _json_ld(
        html.parse(str(built.output / "podcasts/lab-notes/index.html")).getroot(), "PodcastSeries"
    )
    with (built.output / FEED).open("rb") as stream:
        parsed = podcastparser.parse(FEED_URL, stream)
    assert series["@context"] == "https://schema.org"
    assert series["webFeed"] == FEED_URL and parsed["episodes"]  # the feed the apps read
    assert series["url"] == show_page and series["@id"].startswith(show_page)
    assert series["name"] == parsed["title"] == "Lab Notes"
    assert series["description"] == parsed["description"]
    assert series["image"] == parsed["cover_url"]
    published_file(built, series["image"])
    assert series["author"] == series["publisher"]  # no `author:`: the publisher
    assert series["publisher"]["name"] == newsroom.config.site.publisher
    assert series["inLanguage"] == "en"
    expected = episodes(built)
    assert len(expected) == 2
    for item in expected:
        url = item_url(newsroom.config, item)
        page = html.parse(str(built.output / url.removeprefix(f"{SITE}/") / "index.html"))
        episode = _json_ld(page.getroot(), "PodcastEpisode")
        assert episode["@context"] == "https://schema.org"
        assert episode["name"] == item.meta.title and episode["url"] == url
        assert episode["description"] == item.meta.summary
        assert episode["datePublished"] == item.date.isoformat()
        assert episode["episodeNumber"] == item.meta.podcast.episode
        assert episode["partOfSeries"] == {k: v for k, v in series.items() if k != "@context"}
        media = episode["associatedMedia"]
        assert media["@type"] == "AudioObject"
        audio = published_file(built, media["contentUrl"])
        assert audio.read_bytes() == (root / item.meta.podcast.audio).read_bytes()
        read = mutagen.File(audio)
        assert media["encodingFormat"] in read.mime
        duration = TypeAdapter(timedelta).validate_python(media["duration"])  # ISO 8601
        assert duration.total_seconds() == round(read.info.length) > 0
        assert media["contentSize"] == f"{audio.stat().st_size} B"
        transcript = published_file(built, media["transcript"])
        assert transcript.read_bytes() == (root / item.meta.podcast.transcript).read_bytes()
