"""Markdown → HTML, then sanitised to a documented allow-list with nh3.

Contributors are not developers and their text is published under the institution's
name: whatever raw HTML they paste, only the tags and attributes below survive, and
links may only use the URL schemes below. Everything else is removed — `<script>`,
`<style>` and `<iframe>` with their content, `on…=` handlers, `style=`, and
`javascript:` / `data:` URLs. The handbook's Architecture page ("Safe Markdown", in
docs/maintainers/architecture.md) repeats this list.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import nh3
import pyromark

# Text structure, emphasis, lists, quotes, code, tables, figures, and links/images.
ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
        "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    }
)  # fmt: skip
# Attributes per tag; "*" applies to every allowed tag.
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"lang", "dir", "title", "id"},
    "a": {"href", "hreflang"},
    "abbr": set(),
    "code": {"class"},  # `language-…` from fenced code blocks
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
}
# Removed together with their content (not just unwrapped).
REMOVED_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "iframe", "object", "embed", "template", "noscript", "textarea"}
)
ALLOWED_URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
# CommonMark — what GitHub shows in the pull request and what the web editor writes — with
# tables, footnotes, ~~strikethrough~~, definition lists, `## Heading {#anchor}` and
# typographic quotes and dashes, rendered by pulldown-cmark (pyromark): ≈ 5 µs a body, so a
# cold build of 10,000 items spends well under a second on Markdown. Raw HTML is passed on:
# nh3 below is the one filter.
MARKDOWN_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_SMART_PUNCTUATION
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
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
