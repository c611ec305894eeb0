"""Rendered Markdown kept across builds, by content hash, so an unchanged body is never re-rendered.

An entry's key is the hash of the body and of everything else the HTML depends on: the
Markdown and nh3 versions, the extensions, and the sanitiser's allow-lists (any change to
them is a new key, so no stale HTML survives a policy change). A body's relative URLs
also depend on the build (which items exist, where files are published), so an entry
records every URL the sanitiser asked to rewrite with its answer; it is reused only if
the current build answers the same — replaying them also records the files to publish.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cache
from importlib.metadata import version
from pathlib import Path

from . import sanitize
from .sanitize import MarkdownRenderer, RewriteUrl

# Bump when the entry format or the meaning of an entry changes.
FORMAT = 1


@cache
def renderer_fingerprint() -> str:
    """A digest of everything besides the body that decides the sanitised HTML."""
    policy = [
        FORMAT,
        version("markdown"),
        version("nh3"),
        sanitize.MARKDOWN_EXTENSIONS,
        sorted(sanitize.ALLOWED_TAGS),
        {tag: sorted(names) for tag, names in sorted(sanitize.ALLOWED_ATTRIBUTES.items())},
        sorted(sanitize.REMOVED_WITH_CONTENT),
        sorted(sanitize.ALLOWED_URL_SCHEMES),
    ]
    return hashlib.sha256(json.dumps(policy).encode()).hexdigest()


class RenderCache:
    """Renders bodies, reusing the HTML stored in `folder` (None: no cache).

    With `writable` false the cache is only read: a dry run leaves no file behind.
    """

    def __init__(
        self,
        folder: Path | None,
        renderer: MarkdownRenderer | None = None,
        *,
        writable: bool = True,
    ) -> None:
        self.folder = folder
        self.renderer = renderer or MarkdownRenderer()
        self.writable = writable
        self.renders = 0  # bodies actually rendered (cache misses)
        self.hits = 0

    def render(self, text: str, rewrite_url: RewriteUrl) -> str:
        """The body as sanitised HTML, from the cache when the same build would render the same."""
        key = hashlib.sha256(f"{renderer_fingerprint()}\n{text}".encode()).hexdigest()
        entry = self._load(key)
        if entry is not None and all(rewrite_url(url) == answer for url, answer in entry["urls"]):
            self.hits += 1
            return entry["html"]
        asked: list[tuple[str, str | None]] = []

        def recording(url: str) -> str | None:
            answer = rewrite_url(url)
            asked.append((url, answer))
            return answer

        html = self.renderer.render(text, recording)
        self.renders += 1
        self._store(key, {"html": html, "urls": asked})
        return html

    def _path(self, key: str) -> Path | None:
        return self.folder / key[:2] / f"{key}.json" if self.folder else None

    def _load(self, key: str) -> dict | None:
        path = self._path(key)
        if path is None:
            return None
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # absent, or damaged: render again
            return None

    def _store(self, key: str, entry: dict) -> None:
        path = self._path(key)
        if path is None or self.folder is None or not self.writable:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():  # a cache is never committed, whatever the repository ignores
                ignore.write_text("*\n", encoding="utf-8")
            # Written aside then renamed: a crash or a parallel build never leaves half an entry.
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(entry, file)
            os.replace(temporary, path)
        except OSError:  # a read-only checkout still builds, only without the cache
            return
