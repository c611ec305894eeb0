"""Markdown → HTML, then sanitised to a documented allow-list with nh3.

Contributors are not developers and their text is published under the institution's
name: whatever raw HTML they paste, only the tags and attributes of the allow-list survive, and
links may only use the URL schemes listed in `markup.py` (the one allow-list, which
`check` reads too, to report at its line whatever would be removed). Everything else is
removed — `<script>`, `<style>` and `<iframe>` with their content, `on…=` handlers,
`style=`, and `javascript:` / `data:` URLs.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import nh3
import pyromark

from ..markup import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    MARKDOWN_OPTIONS,
    REMOVED_WITH_CONTENT,
)

RewriteUrl = Callable[[str], str | None]


class MarkdownRenderer:
    """Renders Markdown bodies to safe HTML."""

    def render(self, text: str, rewrite_url: RewriteUrl | None = None) -> str:
        """The body as sanitised HTML; `rewrite_url` maps relative URLs (repo files)."""
        return sanitize(pyromark.html(text, options=MARKDOWN_OPTIONS), rewrite_url)


def sanitize(html: str, rewrite_url: RewriteUrl | None = None) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes of `html`."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer",
        url_relative=rewrite_url or _keep,
    )


def absolutize(html: str, page_url: str) -> str:
    """The same HTML with every relative URL made absolute (feeds are read elsewhere)."""
    return sanitize(html, lambda url: urljoin(page_url, url))


def safe_url(url: str | None) -> str:
    """`url` if it is an absolute link with an allowed scheme, else "" (front matter URLs)."""
    scheme = urlsplit((url or "").strip()).scheme.lower()
    return url.strip() if url and scheme in ALLOWED_URL_SCHEMES else ""


def _keep(url: str) -> str:
    return url
