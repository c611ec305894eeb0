"""Videos on the built site: the facade, the site's own player, JSON-LD, feeds and stills.

Built by the real `newsroom build`. Stills come from a loopback fake of the three
providers (the `NEWSROOM_VIDEO_STILLS` seam); no test reaches a provider.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import lxml.html
import pytest
from click.testing import Result
from PIL import Image

from newsroom.site.sanitize import MarkdownRenderer
from newsroom.site.video import VideoView, replace_blocks
from newsroom.site.video_stills import ENV_VAR

from ..conftest import VALID_ITEM, VALID_PATH, write
from ..github_markdown import render as github_render
from .conftest import VNU, require

NOW = "2026-12-01T00:00:00+00:00"
YOUTUBE_ID = "aqz-KE-bpKQ"
PEERTUBE_UUID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
FRONT = (
    "video:\n"
    f"  url: https://www.youtube.com/watch?v={YOUTUBE_ID}\n"
    '  title: "How the sensor sees the brain"\n'
    "  transcript: content/files/talk.txt\n"
    '  duration: "12:05"\n'
)
BODY = (
    "The sensor works at room temperature.\n\n"
    "[The team in the clean room](https://vimeo.com/76979871)\n\n"
    f"https://tube.example.org/w/{PEERTUBE_UUID}\n\n"
    "A [link to a video](https://youtu.be/aqz-KE-bpKQ) inside a sentence stays a link.\n"
)
FILE_ITEM = "content/news/quantum/2026/2026-11-19-the-lab-on-film.md"
FILM = (
    "video:\n"
    "  url: content/files/lab.webm\n"
    '  title: "A day in the lab"\n'
    "  captions: content/files/lab.vtt\n"
)
PAGE = "news/quantum/2026/quantum-sensor/index.html"
FILE_PAGE = "news/quantum/2026/the-lab-on-film/index.html"


def image(kind: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 60, 140)).save(buffer, kind)
    return buffer.getvalue()


def video_newsroom(root: Path) -> Path:
    text = VALID_ITEM.replace("tags:", FRONT + "tags:", 1)
    text = text[: text.index("---\n", 4) + 4] + BODY
    write(root, VALID_PATH, text)
    write(root, "content/files/talk.txt", "The transcript.\n")
    film = VALID_ITEM.replace("k7q2m9ab", "k7q2m9cd").replace("2026-11-20T", "2026-11-19T")
    film = film.replace("Quantum sensor maps brain activity", "The lab on film")
    film = film.replace("tags:", FILM + "tags:", 1)
    write(root, FILE_ITEM, film)
    write(root, "content/files/lab.webm", b"\x1aE\xdf\xa3 a film")
    write(root, "content/files/lab.vtt", "WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n")
    return root


def build(run: Callable[..., Result], root: Path, stills: str = "off") -> Result:
    result = run(root, "build", "-o", str(root / "out"), env={"NEWSROOM_NOW": NOW, ENV_VAR: stills})
    assert result.exit_code == 0, result.output
    return result


def page(root: Path, rel: str = PAGE) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((root / "out" / rel).read_bytes())


def json_ld_videos(tree: lxml.html.HtmlElement) -> list[dict]:
    found = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        found += [d for d in data.get("@graph", []) if d.get("@type") == "VideoObject"]
    return found


def test_a_provider_video_is_a_facade_that_asks_nothing_of_the_provider(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    root = video_newsroom(newsroom)
    build(run, root)
    tree = page(root)
    figures = tree.xpath('//figure[@class="video"]')
    # The front matter's video first (in place of the image), then the body's two blocks.
    assert [f.get("data-embed") for f in figures] == [
        f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1",
        "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        f"https://tube.example.org/videos/embed/{PEERTUBE_UUID}?p2p=0&autoplay=1",
    ]
    first = figures[0]
    button = first.xpath(".//button")[0]
    assert button.get("type") == "button" and button.get("hidden") is not None  # until JS
    assert "How the sensor sees the brain" in button.get("aria-label")
    links = {a.text: a.get("href") for a in first.xpath(".//figcaption/a")}
    assert links == {
        "How the sensor sees the brain": f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
        "Transcript": "/files/talk.txt",
    }
    assert (root / "out/files/talk.txt").is_file()
    # With no still fetched, the item's image stands in; and it is not shown twice.
    assert first.xpath(".//img/@src") == ["/images/sensor.png"]
    assert not tree.xpath('//figure[@class="item-figure"]')
    assert figures[1].xpath(".//figcaption/a")[0].text == "The team in the clean room"
    assert figures[2].xpath(".//figcaption/a")[0].text == "Quantum sensor maps brain activity"
    # A link inside a sentence is a link; no player is in the page before a click.
    assert tree.xpath('//p/a[text()="link to a video"]/@href') == [f"https://youtu.be/{YOUTUBE_ID}"]
    assert not tree.xpath("//iframe")
    loaded = tree.xpath("//img/@src | //script/@src | //link[@rel='stylesheet']/@href")
    assert all(src.startswith("/") for src in loaded), loaded
    assert tree.xpath("//script/@src")[-1] == "/theme/js/video.js"


def test_a_video_file_of_the_repository_plays_on_the_site_with_its_captions(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    root = video_newsroom(newsroom)
    build(run, root)
    tree = page(root, FILE_PAGE)
    video = tree.xpath("//figure[@class='video']/video")[0]
    assert video.get("controls") is not None and video.get("preload") == "none"
    assert video.xpath("source/@src") == ["/files/lab.webm"]
    assert video.xpath("source/@type") == ["video/webm"]
    track = tree.xpath("//figure[@class='video']//track")[0]  # lxml's HTML 4 parser moves it
    assert (track.get("kind"), track.get("src"), track.get("srclang")) == (
        "captions",
        "/files/lab.vtt",
        "en",
    )
    assert (root / "out/files/lab.webm").is_file() and (root / "out/files/lab.vtt").is_file()
    assert not tree.xpath("//figure[@data-embed]")  # nothing of a third party
    assert "/theme/js/video.js" not in tree.xpath("//script/@src")


def test_json_ld_has_a_video_object_with_the_fields_google_requires(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    root = video_newsroom(newsroom)
    build(run, root)
    videos = json_ld_videos(page(root))
    assert [v["name"] for v in videos] == [
        "How the sensor sees the brain",
        "The team in the clean room",
        "Quantum sensor maps brain activity",
    ]
    first = videos[0]
    assert first["uploadDate"] == "2026-11-20T10:00:00+01:00"
    assert first["thumbnailUrl"] == ["https://news.aldermoor.example/images/sensor.png"]
    assert first["embedUrl"] == f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}"
    assert first["duration"] == "PT12M5S"
    assert first["description"].startswith("A team of physicists")
    film = json_ld_videos(page(root, FILE_PAGE))[0]
    assert film["contentUrl"] == "https://news.aldermoor.example/files/lab.webm"


def test_feeds_link_the_videos_as_readers_expect(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    root = video_newsroom(newsroom)
    build(run, root)
    atom = feedparser.parse((root / "out/feeds/all.atom.xml").read_bytes())
    assert not atom.bozo, atom.bozo_exception
    entries = {entry.title: entry for entry in atom.entries}
    related = [link.href for link in entries["Quantum sensor maps brain activity"].links
               if link.rel == "related"]  # fmt: skip
    assert related == [
        f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
        "https://vimeo.com/76979871",
        f"https://tube.example.org/w/{PEERTUBE_UUID}",
    ]
    film = [(e.href, e.type) for e in entries["The lab on film"].enclosures]
    assert ("https://news.aldermoor.example/files/lab.webm", "video/webm") in film
    # RSS keeps one enclosure: the item's image (the card readers show).
    rss = feedparser.parse((root / "out/feeds/all.rss.xml").read_bytes())
    enclosures = {e.title: [x.type for x in e.enclosures] for e in rss.entries}
    assert enclosures["The lab on film"] == ["image/png"]


class FakeProviders:
    """YouTube's image host, Vimeo's oEmbed and a PeerTube API on one loopback origin."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.jpeg = image("JPEG", (480, 360))
        self.png = image("PNG", (640, 360))
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.asked.append(self.path)
                body, kind = fake.answer(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", kind)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path: str) -> tuple[bytes, str]:
        if path == f"/vi/{YOUTUBE_ID}/hqdefault.jpg":
            return self.jpeg, "image/jpeg"
        if path.startswith("/api/oembed.json?url=https%3A%2F%2Fvimeo.com%2F76979871"):
            still = {"thumbnail_url": "https://i.vimeocdn.com/video/1-d_1280", "duration": 2480}
            return json.dumps(still).encode(), "application/json"
        if path == "/video/1-d_1280":
            return self.jpeg, "image/jpeg"
        if path == f"/api/v1/videos/{PEERTUBE_UUID}":
            still = {"previewPath": "/lazy-static/previews/p.png", "duration": 65}
            return json.dumps(still).encode(), "application/json"
        if path == "/lazy-static/previews/p.png":
            return self.png, "image/png"
        return b"", "text/plain"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def providers() -> Iterator[FakeProviders]:
    fake = FakeProviders()
    yield fake
    fake.stop()


def test_stills_are_fetched_once_from_each_provider_and_published_by_the_site(
    newsroom: Path, run: Callable[..., Result], providers: FakeProviders
) -> None:
    root = video_newsroom(newsroom)
    build(run, root, providers.origin)
    assert len(providers.asked) == 5, providers.asked  # 1 YouTube, 2 Vimeo, 2 PeerTube
    tree = page(root)
    stills = tree.xpath("//figure[@class='video']//img")
    assert [(i.get("src"), i.get("width"), i.get("height")) for i in stills] == [
        (f"/files/video-stills/youtube-{YOUTUBE_ID}.jpg", "480", "360"),
        ("/files/video-stills/vimeo-76979871.jpg", "480", "360"),
        (f"/files/video-stills/peertube-tube-example-org-{PEERTUBE_UUID}.png", "640", "360"),
    ]
    for still in stills:
        assert (root / "out" / still.get("src").lstrip("/")).is_file()
    captions = tree.xpath("//figure[@class='video']//span[@class='video-meta']/text()")
    assert captions == ["(video on YouTube, 12:05)", "(video on Vimeo, 41:20)",
                        "(video on PeerTube, 1:05)"]  # fmt: skip
    videos = json_ld_videos(tree)
    assert videos[1]["thumbnailUrl"] == [
        "https://news.aldermoor.example/files/video-stills/vimeo-76979871.jpg"
    ]
    assert videos[1]["duration"] == "PT41M20S"
    # Kept in .cache/: a clean rebuild asks the providers nothing.
    providers.asked.clear()
    result = run(root, "build", "--clean", "-o", str(root / "out"),
                 env={"NEWSROOM_NOW": NOW, ENV_VAR: providers.origin})  # fmt: skip
    assert result.exit_code == 0 and providers.asked == [], result.output


# The example's themes besides the video item's, each given a story of its own below: a
# newsroom with an empty theme is never up to date (site/build.py: valid_until), which
# would hide whether a still not fetched makes the next build run.
OTHER_THEMES = {
    "climate": "c7q2m9ab",
    "health": "h7q2m9ab",
    "student-life": "s7q2m9ab",
    "events": "e7q2m9ab",
    "partnerships": "p7q2m9ab",
    "institution": "n7q2m9ab",
}


def test_offline_the_build_succeeds_with_the_items_image_and_a_warning(
    newsroom: Path, run: Callable[..., Result], providers: FakeProviders
) -> None:
    root = video_newsroom(newsroom)
    for theme, item_id in OTHER_THEMES.items():
        write(root, VALID_PATH.replace("quantum", theme), VALID_ITEM.replace("k7q2m9ab", item_id))
    closed = providers.origin
    providers.stop()  # nothing answers there any more
    result = build(run, root, closed)
    assert "warning: content/news/quantum/2026/2026-11-20-quantum-sensor.md: the still of " in (
        result.output
    )
    assert "the item's image is shown instead" in result.output
    tree = page(root)
    assert tree.xpath("//figure[@class='video'][1]//img/@src")[0] == "/images/sensor.png"
    # Back online, the next build fetches them, though no file changed and no theme is
    # empty (site/build.py: valid_until).
    online = FakeProviders()
    try:
        build(run, root, online.origin)
        assert len(online.asked) == 5
    finally:
        online.stop()
    assert page(root).xpath("//figure[@class='video'][1]//img/@src")[0] == (
        f"/files/video-stills/youtube-{YOUTUBE_ID}.jpg"
    )


def test_both_kinds_of_video_page_are_valid_html(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    require(VNU, "the Nu HTML Checker (vnu.jar)")
    java = shutil.which("java")
    assert java, "java not found — run scripts/install-browser.sh"
    root = video_newsroom(newsroom)
    build(run, root)
    pages = [str(root / "out" / rel) for rel in (PAGE, FILE_PAGE)]
    checked = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "gnu", *pages],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = (checked.stdout + checked.stderr).strip()
    assert checked.returncode == 0 and not messages, messages


@pytest.mark.parametrize(
    ("block", "text"),
    [
        (f"[The team in the lab](https://www.youtube.com/watch?v={YOUTUBE_ID})",
         "The team in the lab"),
        (f"<https://www.youtube.com/watch?v={YOUTUBE_ID}>", None),
        (f"https://www.youtube.com/watch?v={YOUTUBE_ID}", None),
    ],
)  # fmt: skip
def test_the_video_block_is_a_link_in_githubs_preview_and_a_video_on_the_site(
    block: str, text: str | None
) -> None:
    watch = f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
    shown = lxml.html.fromstring(github_render(f"Before.\n\n{block}\n\nAfter.\n").html)
    assert shown.xpath("//p/a/@href") == [watch]  # GitHub's own renderer (cmark-gfm)
    assert shown.xpath("//p/a/text()") == [text or watch]
    site_html = MarkdownRenderer().render(f"Before.\n\n{block}\n\nAfter.\n")
    made: list[tuple[str, str]] = []

    def make(source, title):  # type: ignore[no-untyped-def]
        made.append((source.watch_url, title))
        return VideoView(title, source)

    replaced, videos = replace_blocks(site_html, "The item's title", make)
    assert made == [(watch, text or "The item's title")] and len(videos) == 1
    assert replaced.count('<figure class="video"') == 1 and "<p>Before.</p>" in replaced
