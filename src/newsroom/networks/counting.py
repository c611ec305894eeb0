"""How each network counts the length of a post: pure functions, no network SDK imported.

`newsroom check` and the composer use these to keep texts within limits without loading
tweepy, Mastodon.py or atproto; the adapters' `measure()` delegate here so both agree.
"""

from __future__ import annotations

import re
import unicodedata

X_MAX_WEIGHTED = 280
X_URL_LENGTH = 23
MASTODON_DEFAULT_MAX = 500
MASTODON_DEFAULT_URL_LENGTH = 23
BLUESKY_MAX_GRAPHEMES = 300
BLUESKY_MAX_BYTES = 3000
LINKEDIN_MAX = 3000
FACEBOOK_MAX = 63206  # a Page post's `message`, in code points

# LinkedIn's "little text" reserved characters: unescaped, the API silently truncates there.
LINKEDIN_RESERVED = "\\|{}@[]()<>#*_~"
_LINKEDIN_RESERVED_RE = re.compile("([" + re.escape(LINKEDIN_RESERVED) + "])")

# A URL as Mastodon sees it; trailing punctuation is left out, as its extractor does, so we
# count it as text (the safe side: never under-count).
_URL_RE = re.compile(r"https?://[^\s<>\"]+")
_URL_TRAILING = ".,;:!?)]}'\""
# `@user@domain` counts as `@user` on Mastodon (mentions of remote accounts are not penalised).
_MENTION_RE = re.compile(r"(?<![\w/])@(\w+(?:[.-]\w+)*)@[\w.-]+\w")


def x_weighted_length(text: str) -> int:
    """X's weighted length (NFC; Latin-1 counts 1, CJK and emoji 2, every URL 23)."""
    # twitter_text compiles large regexes at import (≈0.2 s): only pay that when counting.
    from twitter_text import parse_tweet

    return parse_tweet(unicodedata.normalize("NFC", text)).weightedLength


def graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters), as Bluesky counts them."""
    import grapheme

    return grapheme.length(text)


def utf8_length(text: str) -> int:
    """Bytes of the UTF-8 encoding (Bluesky's second limit, and facet offsets)."""
    return len(text.encode("utf-8"))


def urls_in(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) in code points of the http(s) URLs of `text`."""
    spans = []
    for match in _URL_RE.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _URL_TRAILING:
            end -= 1
        spans.append((start, end))
    return spans


def mastodon_length(text: str, url_length: int = MASTODON_DEFAULT_URL_LENGTH) -> int:
    """Mastodon's count: graphemes, each URL as `url_length`, `@user@domain` as `@user`."""
    pieces, position = [], 0
    for start, end in urls_in(text):
        pieces.append(text[position:start])
        pieces.append("x" * url_length)
        position = end
    pieces.append(text[position:])
    countable = _MENTION_RE.sub(lambda m: "@" + m.group(1), "".join(pieces))
    return graphemes(countable)


def code_points(text: str) -> int:
    """Unicode code points, as Facebook counts a post's message."""
    return len(text)


def linkedin_escape(text: str) -> str:
    """Backslash-escape LinkedIn's reserved characters so the commentary is not truncated."""
    return _LINKEDIN_RESERVED_RE.sub(r"\\\1", text)


def linkedin_length(text: str) -> int:
    """Length LinkedIn checks against its 3,000 limit: characters after escaping."""
    return len(linkedin_escape(text))
