"""Stills of provider videos, fetched once when the site is built and kept in `.cache/`.

The facade shows a still before a reader asks for the player, so the page makes no request
to the provider: the still is fetched by the build, published as a site file, and kept in
`.cache/video-stills/` so later builds fetch nothing. Where each provider serves it:
YouTube's image host (`i.ytimg.com/vi/ID/hqdefault.jpg`, no key needed), Vimeo's oEmbed
(`vimeo.com/api/oembed.json`: still and duration), PeerTube's API (`/api/v1/videos/ID`:
preview and duration). A failed fetch never fails the build: the item's image takes its
place, and the build says so (a warning); the next build tries again.

`NEWSROOM_VIDEO_STILLS` is the seam: `off` fetches nothing (the item's image is the still,
silently); an `http://host:port` address sends every request to that origin instead of the
provider's, with the same path and query (the tests' loopback fake).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from ..atomic_files import write_atomically
from ..images import image_problem
from ..video import Provider, VideoSource

if TYPE_CHECKING:  # imported when a still is fetched: 0.15 s that a build of kept ones skips
    import httpx

ENV_VAR = "NEWSROOM_VIDEO_STILLS"
FOLDER = Path(".cache/video-stills")
TIMEOUT = 5.0  # seconds: a slow provider delays one build by at most this per request
MAX_BYTES = 2_000_000  # a provider's still is about 30 to 200 KB; more is not a still
_SUFFIXES = {b"\xff\xd8": ".jpg", b"\x89P": ".png", b"RI": ".webp"}


@dataclass(frozen=True)
class Still:
    """A fetched still in the repository's cache, and the video's length when known."""

    path: str  # repository-relative, under .cache/video-stills/
    duration: int | None = None


class StillFailed(Exception):
    """The provider did not give a usable still (the message says why)."""


class StillFetcher:
    """Fetches each video's still once, through `transport` (tests hand in theirs)."""

    def __init__(self, root: Path, transport: httpx.BaseTransport | None = None) -> None:
        self.root = root
        setting = os.environ.get(ENV_VAR, "").strip()
        self.off = setting.lower() == "off"
        self.origin = setting if "://" in setting else ""
        self.transport = transport
        self._client: httpx.Client | None = None
        self.warnings: list[str] = []

    def still(self, source: VideoSource, where: str) -> Still | None:
        """The video's still (fetched now if not kept yet), or None with a warning noted."""
        if self.off:
            return None
        kept = self._kept(source)
        if kept is not None:
            return kept
        import httpx

        try:
            image, duration = self._fetch(source)
        except (StillFailed, httpx.HTTPError, ValueError) as error:
            self.warnings.append(
                f"{where}: the still of {source.watch_url} could not be fetched ({error}) — "
                "the item's image is shown instead; the next build tries again"
            )
            return None
        return self._keep(source, image, duration)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _kept(self, source: VideoSource) -> Still | None:
        facts = self.root / FOLDER / f"{source.key}.json"
        try:
            data = json.loads(facts.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        path = data.get("path") if isinstance(data, dict) else None
        if not isinstance(path, str) or not (self.root / path).is_file():
            return None
        duration = data.get("duration")
        return Still(path, duration if isinstance(duration, int) else None)

    def _keep(self, source: VideoSource, image: bytes, duration: int | None) -> Still | None:
        folder = self.root / FOLDER
        path = (FOLDER / f"{source.key}{_SUFFIXES[image[:2]]}").as_posix()
        write_atomically(self.root / path, image, durable=False)
        wrong = image_problem(self.root / path)
        if wrong is not None:  # never published: the item's image takes its place
            (self.root / path).unlink()
            self.warnings.append(f"the still of {source.watch_url} {wrong}")
            return None
        facts = json.dumps({"path": path, "duration": duration})
        write_atomically(folder / f"{source.key}.json", facts.encode("utf-8"), durable=False)
        return Still(path, duration)

    def _fetch(self, source: VideoSource) -> tuple[bytes, int | None]:
        if source.provider is Provider.YOUTUBE:
            return self._image(f"https://i.ytimg.com/vi/{source.id}/hqdefault.jpg"), None
        if source.provider is Provider.VIMEO:
            page = quote(source.watch_url, safe="")
            data = self._json(f"https://vimeo.com/api/oembed.json?url={page}&width=1280")
            return self._image(str(data.get("thumbnail_url", ""))), _seconds(data)
        base = f"https://{source.host}"
        data = self._json(f"{base}/api/v1/videos/{source.id}")
        preview = data.get("previewPath") or data.get("thumbnailPath") or ""
        return self._image(urljoin(base, str(preview))), _seconds(data)

    def _get(self, url: str) -> httpx.Response:
        if not url.startswith("https://"):
            raise StillFailed(f"the provider named no https still ({url[:80]!r})")
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                transport=self.transport, timeout=TIMEOUT, follow_redirects=True
            )
        response = self._client.get(self._routed(url))
        response.raise_for_status()
        if len(response.content) > MAX_BYTES:
            raise StillFailed(f"{len(response.content):,} bytes is too large for a still")
        return response

    def _routed(self, url: str) -> str:
        """`url` at the seam's origin when one is set (same path and query)."""
        if not self.origin:
            return url
        parts, origin = urlsplit(url), urlsplit(self.origin)
        return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, ""))

    def _json(self, url: str) -> dict[str, object]:
        data = self._get(url).json()
        if not isinstance(data, dict):
            raise StillFailed("the provider's answer is not a JSON object")
        return data

    def _image(self, url: str) -> bytes:
        image = self._get(url).content
        if image[:2] not in _SUFFIXES:
            raise StillFailed("the answer is not a JPEG, PNG or WebP image")
        return image


def _seconds(data: dict[str, object]) -> int | None:
    duration = data.get("duration")
    return duration if isinstance(duration, int) and duration > 0 else None
