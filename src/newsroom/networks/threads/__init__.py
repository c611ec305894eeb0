"""Threads (Meta): the declaration; the adapter (httpx, Threads Graph API) is in `adapter.py`."""

from __future__ import annotations

from datetime import date, timedelta

import regex

from .. import counting
from ..declaration import Limits, Network, RateLimit, Source

MAX_LENGTH = 500  # "Text posts are limited to 500 characters" (Threads Posts, Limitations)
MAX_LINKS = 5  # refused at container creation since 22 Dec 2025 (THREADS_API__LINK_LIMIT_EXCEEDED)
MAX_TOPIC_TAGS = 1  # "one tag per post": a hashtag in the text is the post's topic tag
MAX_CAROUSEL = 20  # "at least 2 and up to 20 total images or videos" (Posts, Carousel posts)

# A grapheme holding one of these is (part of) an emoji: Meta counts it as its UTF-8 bytes.
# Emoji_Component takes in what is no pictograph alone yet is emoji: skin tones (U+1F3FB…
# U+1F3FF, alone or after a letter), U+FE0F, the ZWJ, keycaps, tags, regional indicators.
_EMOJI = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Component}]")


def threads_length(text: str) -> int:
    """The length Threads holds to its 500: Meta documents that "emojis are counted as the
    number of UTF-8 bytes" (😀 counts 4, a family emoji 18); every other character counts
    one per code point — never fewer than Threads' own count, which is at most that."""
    return sum(
        len(cluster.encode("utf-8")) if _EMOJI.search(cluster) else len(cluster)
        for cluster in counting.grapheme_clusters(text)
    )


def upper_bound(text: str, limits: Limits) -> int:
    """UTF-8 bytes: an emoji counts its bytes, any other code point one byte or more."""
    return len(text.encode("utf-8"))


_DOCS = "https://developers.facebook.com"
# Where each rule comes from, and when it was last checked there. Posts: "Text posts are
# limited to 500 characters. Emojis are counted as the number of UTF-8 bytes." The one tag
# per post is Meta's rule for Threads, reported with Instagram's 5-hashtag cap.
SOURCES = (
    # The same page's "Carousel posts" (checked 2026-12-07): one item container per photo
    # (`is_carousel_item=true`), then a CAROUSEL container with `children` ("at least 2 and
    # up to 20") and the text, published with threads_publish: `max_media` (20).
    Source(("length", "counting"), f"{_DOCS}/documentation/threads/posts", date(2026, 12, 7)),
    Source(("links",), f"{_DOCS}/documentation/threads/posts", date(2026, 11, 29)),
    Source(
        ("hashtags",),
        "https://www.socialmediatoday.com/news/instagrams-implementing-new-limits-on-hashtag-use/808309/",
        date(2026, 12, 7),
    ),
    # "Carousels count as a single post" against the 250.
    Source(("rate limit",), f"{_DOCS}/docs/threads/overview/", date(2026, 12, 7)),
    Source(
        ("token lifetime",),
        f"{_DOCS}/docs/threads/get-started/long-lived-tokens/",
        date(2026, 12, 7),
    ),
)


def profile_url(handle: str, base_url: str | None) -> str:
    return f"https://www.threads.com/@{handle.lstrip('@')}"


NETWORK = Network(
    name="threads",
    label="Threads",
    order=60,
    writing="A conversation: a sentence or two and the link, like on Mastodon. 500 characters, "
    "where an emoji counts as its bytes (4 for most, a skin tone 4 even on its own), at "
    "most 5 links and **one topic tag**: only the first tag of the item becomes a "
    "hashtag, and the preview names the others. With an image (JPEG or PNG) Threads shows "
    "the picture, and with a gallery a **carousel** of up to 20 photos (the image, then the "
    "gallery's JPEG and PNG photos in their order); without one, it builds the link preview "
    "itself.",
    limits=Limits(
        MAX_LENGTH,
        "characters",
        max_media=MAX_CAROUSEL,
        max_links=MAX_LINKS,
        max_hashtags=MAX_TOPIC_TAGS,
    ),
    measure=threads_length,
    upper_bound=upper_bound,
    profile_url=profile_url,
    # Meta: "Emojis are counted as the number of UTF-8 bytes"; the rest is counted here one
    # per code point (an accent written apart from its letter counts two), the safe side.
    counted="characters (one per Unicode code point), except that an emoji counts as many "
    "as its UTF-8 bytes (4 for most, more for combined ones, a skin tone 4 even alone or "
    "after a letter), as Meta documents; at most 5 links and one topic tag (hashtag); the "
    "link preview is built by Threads from the first link (none under an image)",
    credentials=("access_token",),
    colour="#2d6a4f",
    stats_reads=100,
    rate_limit=RateLimit(250, timedelta(hours=24)),  # API-published posts per profile
    api_version="v1.0",
    api_version_pattern=r"v\d+\.\d+",
    image_types=None,  # JPEG and PNG are posted with the text; other images are left out
    clicks=None,  # Threads counts link clicks per account and URL, not per post
    permissions=("threads_basic", "threads_content_publish", "threads_manage_insights"),
    token_lifetime=timedelta(days=60),
    renew="Threads long-lived tokens last 60 days and are refreshed for 60 more (at least a "
    "day old, not yet expired) by `newsroom accounts check`'s workflow; once expired, get a "
    "new one (Meta for Developers → your app → Threads → User Token Generator, scopes "
    "threads_basic, threads_content_publish, threads_manage_insights, then exchange it with "
    "GET /access_token?grant_type=th_exchange_token) and update the secret",
    sources=SOURCES,
    example_account={
        "network": "threads",
        "handle": "@aldermoor",
        "credentials": {"access_token": "NEWSROOM_THREADS_TOKEN"},
    },
)
