"""Videos on item pages: a facade that loads the provider's player only when asked.

A provider's video is shown as its still, a labelled play button and a plain link to the
provider's page: the page itself contacts no third party. The button (shown by
`theme/js/video.js`; hidden without JavaScript, where the link does the work) replaces the
still by the player from the provider's privacy-enhanced address (`video.VideoSource`).
A video file of the repository plays in `<video controls preload="none">` with its
captions as a `<track>`: nothing leaves the site.

The body's video block is a paragraph holding only a link to a provider's video,
`[Title of the talk](https://www.youtube.com/watch?v=…)` (or only the address): GitHub's
preview and the web editor show a link; the site shows the facade in its place. It is
found in the sanitised HTML, so it holds nothing the allow-list would have removed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..video import VideoSource, video_source

# A paragraph that is only a link (Markdown link or autolink), or only an address, as
# the sanitiser writes it.
_BLOCK = re.compile(
    r'<p><a href="(?P<href>[^"]+)" rel="noopener noreferrer">(?P<text>[^<]+)</a></p>'
    r"|<p>(?P<bare>https?://[^<\s]+)</p>"
)


@dataclass(frozen=True)
class PublishedFile:
    """A file the site publishes for a video (still, captions, the video itself)."""

    url: str  # root-relative, for pages
    absolute: str  # for feeds and structured data
    media_type: str = ""
    length: int = 0
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class VideoView:
    """One video of an item as the site shows it, and its markup."""

    title: str
    source: VideoSource | None  # None: a video file of the repository
    file: PublishedFile | None = None
    still: PublishedFile | None = None
    captions: PublishedFile | None = None
    transcript: str = ""  # root-relative or web address
    duration: int | None = None  # seconds
    lang: str = "en"

    @property
    def watch_url(self) -> str:
        """Where a reader watches it without this page's script."""
        if self.source is not None:
            return self.source.watch_url
        return self.file.absolute if self.file else ""

    @property
    def embed_url(self) -> str:
        return self.source.embed_url if self.source is not None else ""

    @property
    def html(self) -> str:
        """The figure: the facade of a provider's video, or the site's own player."""
        return _facade(self) if self.source is not None else _player(self)


def _facade(video: VideoView) -> str:
    source = video.source
    assert source is not None
    title = html.escape(video.title)
    still = _still(video.still)
    label = html.escape(f"Play the video: {video.title} (loads the {source.label} player)")
    return (
        f'<figure class="video" data-embed="{html.escape(source.play_url)}" '
        f'data-title="{title}">\n'
        f'<div class="video-frame">{still}<button type="button" class="video-play" hidden '
        f'aria-label="{label}"><span class="video-play-icon" aria-hidden="true"></span>'
        "</button></div>\n"
        f'<figcaption><a href="{html.escape(source.watch_url)}">{title}</a> '
        f'<span class="video-meta">(video on {source.label}{_length(video)})</span>'
        f"{_companions(video)}</figcaption>\n</figure>"
    )


def _player(video: VideoView) -> str:
    file = video.file
    assert file is not None
    title = html.escape(video.title)
    poster = f' poster="{html.escape(video.still.url)}"' if video.still else ""
    size = ""
    if video.still and video.still.width and video.still.height:
        size = f' width="{video.still.width}" height="{video.still.height}"'
    track = ""
    if video.captions:
        track = (
            f'<track kind="captions" src="{html.escape(video.captions.url)}" '
            f'srclang="{html.escape(video.lang)}" label="Captions" default>'
        )
    kind = file.media_type.rpartition("/")[2].upper()
    return (
        f'<figure class="video">\n<video controls preload="none"{poster}{size}>'
        f'<source src="{html.escape(file.url)}" type="{html.escape(file.media_type)}">{track}'
        f'<a href="{html.escape(file.url)}">Download the video: {title}</a></video>\n'
        f'<figcaption>{title} <span class="video-meta">({kind}, {_size(file.length)}'
        f"{_length(video)})</span> · "
        f'<a href="{html.escape(file.url)}" download>Download the video</a>'
        f"{_companions(video)}</figcaption>\n</figure>"
    )


def _still(still: PublishedFile | None) -> str:
    if still is None:
        return ""
    size = f' width="{still.width}" height="{still.height}"' if still.width else ""
    # Decorative: the title is the caption and the button's name.
    return f'<img src="{html.escape(still.url)}" alt=""{size} loading="lazy" decoding="async">'


def _companions(video: VideoView) -> str:
    links = []
    if video.captions and video.source is not None:
        links.append(f'<a href="{html.escape(video.captions.url)}">Captions (WebVTT)</a>')
    if video.transcript:
        links.append(f'<a href="{html.escape(video.transcript)}">Transcript</a>')
    return "".join(f" · {link}" for link in links)


def _length(video: VideoView) -> str:
    if not video.duration:
        return ""
    minutes, seconds = divmod(video.duration, 60)
    hours, minutes = divmod(minutes, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
    return f", {text}"


def _size(length: int) -> str:
    return f"{length / 1_000_000:.1f} MB" if length >= 1_000_000 else f"{round(length / 1000)} KB"


def has_video_blocks(body_html: str) -> bool:
    """Whether a rendered body holds a video block."""
    return any(_block_source(match) for match in _BLOCK.finditer(body_html))


def _block_source(match: re.Match[str]) -> VideoSource | None:
    return video_source(html.unescape(match["href"] or match["bare"]))


def replace_blocks(
    body_html: str, default_title: str, make: Callable[[VideoSource, str], VideoView]
) -> tuple[str, list[VideoView]]:
    """The body with each video block replaced by its figure, and those videos in order.

    `make(source, title)` gives a block's video (its still fetched, its files published).
    """
    found: list[VideoView] = []

    def replace(match: re.Match[str]) -> str:
        address = html.unescape(match["href"] or match["bare"])
        source = _block_source(match)
        if source is None:
            return match[0]
        text = html.unescape(match["text"] or "").strip()
        title = text if text and text != address and "://" not in text else default_title
        video = make(source, title)
        found.append(video)
        return video.html

    return _BLOCK.sub(replace, body_html), found
