"""Mastodon: the declaration; the adapter (Mastodon.py) is in `adapter.py`."""

from __future__ import annotations

from datetime import date, timedelta

from .. import counting
from ..declaration import Limits, Network, RateLimit, Source


def upper_bound(text: str, limits: Limits) -> int:
    """A bound for Mastodon's count: graphemes ≤ code points, each URL adds ≤ its 23.

    Every URL Mastodon counts has a protocol (`https://`, `gemini://`, ...), so `://` is
    in it; mentions only shorten the count.
    """
    url_length = limits.url_length or counting.MASTODON_DEFAULT_URL_LENGTH
    return len(text) + url_length * text.count("://")


_CODE = "https://github.com/mastodon/mastodon/blob/main/app"
# Where each rule comes from, and when it was last checked there.
SOURCES = (
    Source(
        ("length", "counting"),
        f"{_CODE}/validators/status_length_validator.rb",
        date(2026, 11, 23),
    ),
    Source(("alt text",), f"{_CODE}/models/media_attachment.rb", date(2026, 11, 29)),
    Source(("rate limit",), "https://docs.joinmastodon.org/api/rate-limits/", date(2026, 11, 29)),
)


def profile_url(handle: str, base_url: str | None) -> str | None:
    """`@name@instance` → `https://instance/@name` (the instance from `base_url` if absent)."""
    user, _, host = handle.lstrip("@").partition("@")
    base = f"https://{host}" if host else (base_url or "").rstrip("/")
    return f"{base}/@{user}" if base else None


NETWORK = Network(
    name="mastodon",
    label="Mastodon",
    order=20,
    writing="People read with more patience: two or three sentences are fine. The instance "
    "decides the limit (500 by default). The image's alt text is sent with it.",
    limits=Limits(
        counting.MASTODON_DEFAULT_MAX,
        "characters",
        url_length=counting.MASTODON_DEFAULT_URL_LENGTH,
        max_media=4,
        max_alt_text=1500,  # MediaAttachment::MAX_DESCRIPTION_LENGTH
    ),
    measure=counting.mastodon_length,
    upper_bound=upper_bound,
    profile_url=profile_url,
    counted="characters as you see them; `@user@domain` counts as `@user`; the instance may "
    "allow more, and Newsroom asks it",
    credentials=("access_token",),
    colour="#6364ff",
    stats_reads=200,
    rate_limit=RateLimit(300, timedelta(hours=3)),  # statuses and media, per account
    preview_note="Mastodon lengths use the default limit (500); publish reads each instance's.",
    permissions=("read:accounts", "read:statuses", "write:statuses", "write:media"),
    renew="create a new access token in the account's Preferences → Development → your "
    "application, and update the secret",
    sources=SOURCES,
    example_account={
        "network": "mastodon",
        "handle": "@aldermoor@mastodon.example",
        "base_url": "https://mastodon.example",
        "credentials": {"access_token": "NEWSROOM_MASTODON_TOKEN"},
    },
)
