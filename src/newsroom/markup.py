"""The body's Markdown dialect and its HTML allow-list, declared once.

The site's sanitiser (`site/sanitize.py`, with nh3) keeps only what is listed here, and
`check` (`body_rules.py`) reports, at its line, whatever the sanitiser would remove: both
read these lists, so what `check` accepts is what the site publishes.
"""

from __future__ import annotations

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
# Attributes whose value is a URL: the sanitiser filters their scheme and maps relative ones.
URL_ATTRIBUTES: frozenset[str] = frozenset({"href", "src", "cite"})
# CommonMark — what GitHub shows in the pull request and what the web editor writes — with
# tables, footnotes, ~~strikethrough~~, definition lists, `## Heading {#anchor}` and
# typographic quotes and dashes, rendered by pulldown-cmark (pyromark): ≈ 5 µs a body, so a
# cold build of 10,000 items spends well under a second on Markdown. Raw HTML is passed on:
# the sanitiser is the one filter.
MARKDOWN_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_FOOTNOTES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_SMART_PUNCTUATION
    | pyromark.Options.ENABLE_DEFINITION_LIST
    | pyromark.Options.ENABLE_HEADING_ATTRIBUTES
)


def allowed_attributes(tag: str) -> set[str]:
    """The attributes the sanitiser keeps on `tag` (its own and those of every tag)."""
    return ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
