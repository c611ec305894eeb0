"""Bluesky: the declaration; the adapter (atproto) is in `adapter.py`."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from .. import counting
from ..declaration import Limits, Network, RateLimit, Source


def upper_bound(text: str, limits: Limits) -> int:
    """Graphemes never outnumber code points."""
    return len(text)


# Where each rule comes from, and when it was last checked there. The post record's `text`:
# maxGraphemes 300, maxLength 3000 (bytes).
SOURCES = (
    Source(
        ("length", "counting", "bytes"),
        "https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/feed/post.json",
        date(2026, 12, 7),
    ),
    Source(
        ("rate limit",),
        "https://docs.bsky.app/docs/advanced-guides/rate-limits",
        date(2026, 11, 29),
    ),
)


def profile_url(handle: str, base_url: str | None) -> str:
    return f"https://bsky.app/profile/{handle.lstrip('@')}"


def share_url(title: str, link: str) -> str:
    """Bluesky's compose intent for a story: the title and the link as the text."""
    return f"https://bsky.app/intent/compose?text={quote(f'{title} {link}', safe='/')}"


NETWORK = Network(
    name="bluesky",
    label="Bluesky",
    order=30,
    writing="300 characters as you see them. Newsroom adds a link card (title, summary, image), "
    "so the text need not repeat the title; an item with a gallery shows up to 4 photos "
    "instead (the image, then the gallery's first), each with its alt text. Hashtags and the "
    "link become clickable.",
    limits=Limits(
        counting.BLUESKY_MAX_GRAPHEMES,
        "graphemes",
        max_media=4,
        max_bytes=counting.BLUESKY_MAX_BYTES,
    ),
    measure=counting.graphemes,
    upper_bound=upper_bound,
    profile_url=profile_url,
    share_url=share_url,
    counted="characters as you see them (an emoji with a skin tone is one, a Devanagari "
    "conjunct is one), and at most 3,000 bytes; the link card is added by Newsroom",
    credentials=("app_password",),
    colour="#1185fe",
    stats_reads=300,
    # 5,000 points an hour per account, 3 points a record created.
    rate_limit=RateLimit(1666, timedelta(hours=1)),
    renew="create a new app password (Settings → Privacy and security → App passwords) and "
    "update the secret",
    sources=SOURCES,
    example_account={
        "network": "bluesky",
        "handle": "aldermoor.bsky.social",
        "credentials": {"app_password": "NEWSROOM_BLUESKY_APP_PASSWORD"},
    },
)
