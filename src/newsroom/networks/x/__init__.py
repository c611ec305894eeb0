"""X (formerly Twitter): the declaration; the adapter (tweepy) is in `adapter.py`."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import quote

from ..declaration import Limits, Network, RateLimit, Source
from . import text as x_text

# X counts 1 for most code points below U+1100 and 2 for the rest; © and ® are emoji (2).
_DOUBLE = re.compile("[\u1100-\U0010ffff\u00a9\u00ae]")


def upper_bound(text: str, limits: Limits) -> int:
    """A cheap bound X's weighted length never exceeds, whatever the text's normal form.

    X counts the text in NFC, which may be longer than the text (`क़` U+0958 has no composed
    form: it becomes `क` + U+093C), so the bound is taken on the NFC text. Every code point
    weighs at most 2, and only those of `_DOUBLE` more than 1; a URL counts 23 and holds at
    least one dot, so 23 per dot covers every URL, however short.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return len(text) + len(_DOUBLE.findall(text)) + (limits.url_length or 23) * text.count(".")


# Where each rule comes from, and when it was last checked there (`newsroom accounts check`
# warns six months later).
SOURCES = (
    Source(
        ("length", "counting"),
        "https://docs.x.com/fundamentals/counting-characters",
        date(2026, 12, 7),
    ),
    # Pay-per-use: "Content: Create $0.015 per request", "Content: Create (with URL) $0.200".
    Source(("cost",), "https://docs.x.com/x-api/getting-started/pricing", date(2026, 12, 7)),
    Source(
        ("rate limit",), "https://docs.x.com/x-api/fundamentals/rate-limits", date(2026, 11, 29)
    ),
    Source(
        ("alt text",), "https://docs.x.com/x-api/media/create-media-metadata", date(2026, 11, 29)
    ),
)


def profile_url(handle: str, base_url: str | None) -> str:
    return f"https://x.com/{handle.lstrip('@')}"


def share_url(title: str, link: str) -> str:
    """X's post intent for a story: the title as the text, the link as `url`."""
    return f"https://x.com/intent/post?text={quote(title, safe='/')}&url={quote(link, safe='/')}"


NETWORK = Network(
    name="x",
    label="X",
    order=10,
    writing="Short and direct. Every link counts 23 characters whatever its length; emoji and "
    "Chinese, Japanese or Korean characters count 2. X charges the university for each "
    "post (more with a link), so a theme may turn X off.",
    limits=Limits(
        x_text.MAX_WEIGHTED_LENGTH,
        "weighted characters",
        url_length=x_text.TRANSFORMED_URL_LENGTH,
        max_media=4,
        max_alt_text=1000,  # POST /2/media/metadata: alt_text.text, 1,000 characters
    ),
    measure=x_text.weighted_length,
    upper_bound=upper_bound,
    profile_url=profile_url,
    share_url=share_url,
    counted="X's weights: most Latin letters count 1, CJK characters and emoji 2",
    credentials=("consumer_key", "consumer_secret", "access_token", "access_token_secret"),
    colour="#1a1d24",
    stats_reads=50,
    refused=x_text.INVALID_CHARACTERS,
    # X bills its API per request since February 2026 (docs/networks.md): a post with a URL
    # costs far more.
    cost_per_post=0.015,
    cost_per_post_with_link=0.20,
    rate_limit=RateLimit(100, timedelta(minutes=15)),  # POST /2/tweets, per user
    clicks="for posts of the last 30 days",
    permissions=("tweet.read", "tweet.write", "users.read", "media.write"),
    renew="OAuth 1.0a user tokens do not expire; if X refuses them, regenerate the access "
    "token and secret (read and write) in the developer portal and update the secrets",
    sources=SOURCES,
    example_account={
        "network": "x",
        "handle": "@aldermoor",
        "credentials": {
            "consumer_key": "NEWSROOM_X_CONSUMER_KEY",
            "consumer_secret": "NEWSROOM_X_CONSUMER_SECRET",
            "access_token": "NEWSROOM_X_ACCESS_TOKEN",
            "access_token_secret": "NEWSROOM_X_ACCESS_TOKEN_SECRET",
        },
    },
)
