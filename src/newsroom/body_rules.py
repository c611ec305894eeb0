"""The rules of an item's or page's text: nothing written there disappears silently.

The site renders the Markdown, then keeps only the HTML allow-list of `markup.py`. Every
element, attribute or URL scheme the sanitiser would remove is reported here at its line in
the file, with the supported way to say the same thing; so is every image or link to a
repository file that does not exist, or that the site would not publish. A link to an item
or page file (`….md`) is fine: the build turns it into that item's or page's address.
`resolve_body_path` is the one answer to "which file does this URL name", for `check` and
for the build (`site/model.py`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import pyromark

from . import urls
from .images import image_size_advice
from .markup import (
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    MARKDOWN_OPTIONS,
    REMOVED_WITH_CONTENT,
    URL_ATTRIBUTES,
    allowed_attributes,
)
from .problems import Problem, did_you_mean
from .safe_files import linked_part
from .video import video_source

CONTENT = "content"
ITEM_FILE = re.compile(
    r"^content/news/(?P<theme>[^/]+)/(?P<year>\d{4})/\d{4}-\d{2}-\d{2}-(?P<slug>[a-z0-9-]+)\.md$"
)
PAGE_FILE = re.compile(r"^content/pages/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
MARKDOWN_ONLY = (
    "write it in Markdown (**bold**, *italic*, ## headings, lists, > quotes, | tables |) "
    "or with an allowed tag (the handbook's “What the text may contain”)"
)
VIDEO_BLOCK = "the video block: a line holding only a link to the video's page"


def check_body(
    root: Path, rel: str, body: str, body_line: int, looked_at: list[str] | None = None
) -> list[Problem]:
    """Every problem of a body: what the site would remove, and files that are not there.

    `body_line` is the file's line of the body's first character. `looked_at` receives the
    repository paths looked up (the outcome depends on those files too).
    """
    encoded = body.encode("utf-8")  # Markdown events give UTF-8 byte offsets
    folder = PurePosixPath(rel).parent
    return [
        Problem(rel, body_line + encoded.count(b"\n", 0, offset) + lines, "body", message)
        for offset, lines, message in _removed_and_missing(root, folder, body, looked_at)
    ]


def body_image_warnings(root: Path, rel: str, body: str, body_line: int) -> list[Problem]:
    """A warning for each image of the body heavier than any screen needs."""
    encoded = body.encode("utf-8")
    folder = PurePosixPath(rel).parent
    resolved = root.resolve()
    found = []
    for event, span in _events(body):
        for lines, url in _image_sources(event):
            target = unquote(url.strip().partition("#")[0])
            image = resolve_body_path(resolved, folder, target) if ":" not in target else None
            advice = image_size_advice(root / image) if image else None
            if advice is not None:
                line = body_line + encoded.count(b"\n", 0, span["start"]) + lines
                found.append(Problem(rel, line, "body", f"{target!r} {advice}"))
    return found


def _image_sources(event: object) -> list[tuple[int, str]]:
    """The images an event shows: their line within it, and their address."""
    if not isinstance(event, dict):
        return []
    if "Html" in event:
        return [
            (line, dict(attrs).get("src") or "")
            for line, tag, attrs in _tags(event["Html"])
            if tag == "img"
        ]
    start = event.get("Start")
    return [(0, start["Image"]["dest_url"])] if isinstance(start, dict) and "Image" in start else []


def _removed_and_missing(
    root: Path, folder: PurePosixPath, body: str, looked_at: list[str] | None
) -> Iterator[tuple[int, int, str]]:
    """Each problem: the offset of its event, its line within the event, the message."""
    for event, span in _events(body):
        if isinstance(event, dict) and "Html" in event:
            for line, tag, attributes in _tags(event["Html"]):
                for message in _tag_problems(root, folder, tag, attributes, looked_at):
                    yield span["start"], line, message
        elif isinstance(event, dict) and "Start" in event:
            for message in _markdown_problems(root, folder, event["Start"], looked_at):
                yield span["start"], 0, message


def _events(body: str) -> Iterator[tuple[Any, dict[str, int]]]:
    """Markdown events with their byte range; an HTML block's lines joined into one event."""
    block: list[str] = []
    start = 0
    for event, span in pyromark.events_with_range(body, options=MARKDOWN_OPTIONS):
        if event == {"Start": "HtmlBlock"}:
            block, start = [], span["start"]
        elif event == {"End": "HtmlBlock"}:
            yield {"Html": "".join(block)}, {"start": start, "end": span["end"]}
        elif isinstance(event, dict) and "Html" in event:
            block.append(event["Html"])
        elif isinstance(event, dict) and "InlineHtml" in event:
            yield {"Html": event["InlineHtml"]}, span
        else:
            yield event, span


class _TagCollector(HTMLParser):
    """The start tags of an HTML fragment, each with its line in the fragment (from 0)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[int, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((self.getpos()[0] - 1, tag, attrs))

    handle_startendtag = handle_starttag


def _tags(html: str) -> list[tuple[int, str, list[tuple[str, str | None]]]]:
    parser = _TagCollector()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # `<![foo[`: the standard library's parser gives up; nh3 drops it
        pass
    return parser.tags


def _tag_problems(
    root: Path,
    folder: PurePosixPath,
    tag: str,
    attributes: list[tuple[str, str | None]],
    looked_at: list[str] | None,
) -> Iterator[str]:
    values = {name: value or "" for name, value in attributes}
    if tag not in ALLOWED_TAGS:
        yield _removed_tag(tag, values)
        if tag in ("video", "audio", "source") and values.get("src"):
            yield from _url_problems(root, folder, values["src"], looked_at)
        return
    kept = allowed_attributes(tag)
    for name, value in values.items():
        if name not in kept:
            yield _removed_attribute(tag, name, kept)
        elif name in URL_ATTRIBUTES:
            yield from _url_problems(root, folder, value, looked_at)


def _removed_tag(tag: str, values: dict[str, str]) -> str:
    source = values.get("src", "")
    if tag == "iframe":
        video = video_source(source)
        if video is not None:
            return (
                "an embedded video player (<iframe>) is not published: the site removes it "
                f"— use {VIDEO_BLOCK}, [Title of the video]({video.watch_url}), which the "
                "site shows with a play button that loads the player only when asked"
            )
        example = source or "https://…"
        return (
            "<iframe> is not published: the site removes it with its content (embedded pages "
            f"would follow readers) — link to the page instead: [See the page]({example})"
        )
    if tag == "video":
        return (
            "<video> is not published: the site removes it — put the video in the front "
            "matter, `video:` with `url:` (the file, .mp4 or .webm), `title:` and `captions:`; "
            f"or use {VIDEO_BLOCK} for a YouTube, Vimeo or PeerTube video"
        )
    if tag == "audio":
        return (
            "<audio> is not published: the site removes it (players are not supported yet) — "
            f"link to the file or to its page instead: [Listen to the recording]({source or '…'})"
        )
    if tag == "h1":
        return (
            "<h1> is not published as a heading: the title is the page's only level-1 heading "
            "— use a level-2 heading, `## …`"
        )
    if tag in REMOVED_WITH_CONTENT:
        return f"<{tag}> is not published: the site removes it with its content — remove it"
    return f"<{tag}> is not published: the site removes the tag, keeping its text — {MARKDOWN_ONLY}"


def _removed_attribute(tag: str, name: str, kept: set[str]) -> str:
    if name == "style":
        why = "the site's theme sets the look"
    elif name.startswith("on"):
        why = "no script runs on the site"
    else:
        why = f"<{tag}> keeps only {', '.join(sorted(kept))}"
    return f"{name}= on <{tag}> is removed ({why}) — remove it"


def _markdown_problems(
    root: Path, folder: PurePosixPath, start: object, looked_at: list[str] | None
) -> Iterator[str]:
    if not isinstance(start, dict):
        return
    if "Heading" in start:
        heading = start["Heading"]
        if heading["level"] == "H1":
            yield (
                "`# …` is not published as a heading: the title is the page's only level-1 "
                "heading — use a level-2 heading, `## …`"
            )
        if heading["classes"] or heading["attrs"]:
            yield (
                "classes and attributes of a heading are removed — keep only its anchor, "
                "`## Heading {#name}`"
            )
    for kind in ("Image", "Link"):
        if kind in start:
            yield from _url_problems(root, folder, start[kind]["dest_url"], looked_at)


def _url_problems(
    root: Path, folder: PurePosixPath, url: str, looked_at: list[str] | None
) -> Iterator[str]:
    url = url.strip()
    scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    if scheme and scheme not in ALLOWED_URL_SCHEMES:
        yield (
            f"a {scheme}: address is removed from the page — link to an https://, mailto: "
            "or tel: address, or to a file of the repository"
        )
        return
    target = url.partition("#")[0]  # as the build reads it: a query is part of the name
    if scheme or not target or url.startswith("/"):
        return  # a web address, a place on this page, or an address of the site
    yield from _path_problems(root, folder, target, looked_at)


def _path_problems(
    root: Path, folder: PurePosixPath, target: str, looked_at: list[str] | None
) -> Iterator[str]:
    name = unquote(target)
    if looked_at is not None:
        looked_at += [path.as_posix() for path in candidates(folder, name)]
    rel = resolve_body_path(root.resolve(), folder, name)
    if rel is None and _linked(root, folder, name):
        return  # a symbolic link: body_files says so, at this line
    if rel is None:
        yield _missing(root, folder, name)
    elif rel.endswith(".md") and markdown_site_path(rel) is None:
        yield (
            f"{name!r} is neither an item nor a page — link to an item of content/news/ "
            "or a page of content/pages/"
        )


def _linked(root: Path, folder: PurePosixPath, name: str) -> bool:
    """Whether a path the URL may name is, or is reached through, a symbolic link."""
    return any(
        os.path.lexists(root / candidate) and linked_part(root, candidate.as_posix()) is not None
        for candidate in candidates(folder, name)
    )


def _missing(root: Path, folder: PurePosixPath, name: str) -> str:
    for candidate in candidates(folder, name):
        if (root / candidate).is_file():
            return (
                f"{name!r} is not under content/, so the site does not publish it — "
                "move the file into content/ (e.g. content/files/) and link to it there"
            )
    where = root / PurePosixPath(name).parent
    siblings = [p.name for p in where.iterdir()] if where.is_dir() else []
    hint = did_you_mean(PurePosixPath(name).name, siblings)
    if name.endswith(".md"):
        return (
            f"no item or page at {name!r}{hint} — correct the path (an item is "
            "content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md, a page content/pages/<slug>.md)"
        )
    return (
        f"no file at {name!r}{hint} — add the file or correct the path (from the top of "
        "the repository, e.g. content/images/photo.jpg)"
    )


def candidates(folder: PurePosixPath, target: str) -> tuple[PurePosixPath, ...]:
    """The repository paths a relative URL may name: from the top, then from the folder."""
    return (PurePosixPath(target), folder / target)


def resolve_body_path(root: Path, folder: PurePosixPath, target: str) -> str | None:
    """The file under `content/` a body's relative URL names (`root` resolved), or None."""
    for candidate in candidates(folder, target):
        rel = _inside_content(root, candidate)
        if rel is not None:
            return rel
    return None


def _inside_content(root: Path, candidate: PurePosixPath) -> str | None:
    """The repository path of a file under `content/`, or None (never outside it, never
    through a symbolic link: a link would publish whatever it points to)."""
    if linked_part(root, candidate.as_posix()) is not None:
        return None
    try:
        resolved = (root / candidate).resolve()
    except (OSError, ValueError):
        return None
    if not resolved.is_relative_to(root / CONTENT) or not resolved.is_file():
        return None
    return resolved.relative_to(root).as_posix()


def markdown_site_path(rel: str) -> str | None:
    """The site path of an item or page file, from its place (None: neither)."""
    item = ITEM_FILE.match(rel)
    if item:
        return urls.item_path(item["theme"], int(item["year"]), item["slug"])
    page = PAGE_FILE.match(rel)
    return urls.PAGE.format(slug=page["slug"]) if page else None
