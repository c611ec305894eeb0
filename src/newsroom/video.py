"""Videos an item shows: which provider an address names, and where its player lives.

One declaration per provider (YouTube, Vimeo, PeerTube) says which addresses are its
videos, the page a reader can open without script, the player loaded on a click from its
privacy-enhanced address, and where a still can be fetched at build time. The schema,
`check`, the body's video block and the site all ask `video_source`, so what `check`
accepts is what the site shows. A video file of the repository (`.mp4`, `.webm`) needs no
provider: the site plays it itself, with no third party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

# Files the site plays itself, with `<video controls>`: the two formats every browser plays.
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
CAPTION_SUFFIXES = (".vtt",)  # WebVTT, the one format `<track>` takes
_YOUTUBE_ID = r"[A-Za-z0-9_-]{11}"
_PEERTUBE_ID = r"[0-9a-fA-F-]{36}|[1-9A-HJ-NP-Za-km-z]{20,24}"  # UUID or short UUID (base58)
_DURATION = re.compile(r"^(?:(?:(\d{1,2}):)?([0-5]?\d):)?([0-5]?\d)$")
EXAMPLE_URL = "https://www.youtube.com/watch?v=…"


class Provider(StrEnum):
    """Where a video is hosted."""

    YOUTUBE = "youtube"
    VIMEO = "vimeo"
    PEERTUBE = "peertube"


LABELS = {Provider.YOUTUBE: "YouTube", Provider.VIMEO: "Vimeo", Provider.PEERTUBE: "PeerTube"}


@dataclass(frozen=True)
class VideoSource:
    """A video of a provider: its id (and PeerTube's host) and the addresses derived from it."""

    provider: Provider
    id: str
    host: str = ""  # PeerTube: the instance; Vimeo: an unlisted video's hash
    secret: str = ""

    @property
    def label(self) -> str:
        return LABELS[self.provider]

    @property
    def key(self) -> str:
        """A file-name-safe name of the video (its still is published under it)."""
        host = f"{self.host.replace('.', '-')}-" if self.host else ""
        return f"{self.provider}-{host}{self.id}"

    @property
    def watch_url(self) -> str:
        """The provider's page of the video: the link that works without JavaScript."""
        if self.provider is Provider.YOUTUBE:
            return f"https://www.youtube.com/watch?v={self.id}"
        if self.provider is Provider.VIMEO:
            return f"https://vimeo.com/{self.id}" + (f"/{self.secret}" if self.secret else "")
        return f"https://{self.host}/w/{self.id}"

    @property
    def embed_url(self) -> str:
        """The player, from the provider's privacy-enhanced address, loaded only on a click.

        YouTube: youtube-nocookie.com sets no cookie before play. Vimeo: `dnt=1` stops its
        session data and tracking. PeerTube: the instance's own player, `p2p=0` so that
        viewers' addresses are not shared with other viewers (WebRTC peer-to-peer).
        """
        if self.provider is Provider.YOUTUBE:
            return f"https://www.youtube-nocookie.com/embed/{self.id}"
        if self.provider is Provider.VIMEO:
            secret = f"h={self.secret}&" if self.secret else ""
            return f"https://player.vimeo.com/video/{self.id}?{secret}dnt=1"
        return f"https://{self.host}/videos/embed/{self.id}?p2p=0"

    @property
    def play_url(self) -> str:
        """The player as a click loads it: playing at once (the reader asked for it)."""
        return self.embed_url + ("&" if "?" in self.embed_url else "?") + "autoplay=1"

    @property
    def origin(self) -> str:
        """The origin the player is loaded from (what a reader's browser contacts on click)."""
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}"


def video_source(url: str) -> VideoSource | None:
    """The provider's video a web address names, or None when it names none we know."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host, path = parts.hostname.lower(), parts.path
    query = parse_qs(parts.query)
    return _youtube(host, path, query) or _vimeo(host, path, query) or _peertube(host, path)


def _youtube(host: str, path: str, query: dict[str, list[str]]) -> VideoSource | None:
    found = None
    if host in ("youtu.be",):
        found = re.fullmatch(rf"/({_YOUTUBE_ID})/?", path)
    elif host.removeprefix("www.").removeprefix("m.") in ("youtube.com", "youtube-nocookie.com"):
        if path in ("/watch", "/watch/") and query.get("v"):
            found = re.fullmatch(rf"({_YOUTUBE_ID})", query["v"][0])
        else:
            found = re.fullmatch(rf"/(?:embed|shorts|live|v)/({_YOUTUBE_ID})/?", path)
    return VideoSource(Provider.YOUTUBE, found[1]) if found else None


def _vimeo(host: str, path: str, query: dict[str, list[str]]) -> VideoSource | None:
    if host in ("vimeo.com", "www.vimeo.com"):
        found = re.fullmatch(r"/(\d{4,12})(?:/([0-9a-f]{6,20}))?/?", path)
        secret = found[2] if found else ""
    elif host == "player.vimeo.com":
        found = re.fullmatch(r"/video/(\d{4,12})/?", path)
        secret = query.get("h", [""])[0] if found else ""
    else:
        return None
    if not found or not re.fullmatch(r"[0-9a-f]{0,20}", secret or ""):
        return None
    return VideoSource(Provider.VIMEO, found[1], secret=secret or "")


def _peertube(host: str, path: str) -> VideoSource | None:
    # Any host may run PeerTube: its addresses are recognised by their path.
    found = re.fullmatch(rf"/(?:w|videos/watch|videos/embed)/({_PEERTUBE_ID})/?", path)
    if not found or not re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9-]+)+", host):
        return None
    return VideoSource(Provider.PEERTUBE, found[1], host=host)


def is_video_file(path: str) -> bool:
    """Whether a repository path names a video the site plays itself (`.mp4`, `.webm`)."""
    return "." + path.rpartition(".")[2].lower() in VIDEO_TYPES and "://" not in path


def video_type(path: str) -> str:
    """The media type of a video file of the repository."""
    return VIDEO_TYPES.get("." + path.rpartition(".")[2].lower(), "application/octet-stream")


def parse_duration(value: str) -> int | None:
    """Seconds of a duration written `41:20` or `1:02:03` (or `45` seconds); None if not one."""
    found = _DURATION.match(value.strip())
    if not found:
        return None
    hours, minutes, seconds = (int(part or 0) for part in found.groups())
    return hours * 3600 + minutes * 60 + seconds


def iso_duration(seconds: int) -> str:
    """`PT41M20S`: a duration as ISO 8601 writes it (JSON-LD)."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else ""]
    return "PT" + "".join(parts) + (f"{seconds}S" if seconds or not any(parts) else "")
