"""How each network counts a post, its default limits and its price: the per-network table.

The composer asks the adapter for the real limits at publish time (Mastodon reads its
instance); `check`, `--dry-run` and the pull-request preview use these defaults, which need
no network and no SDK. A network missing here (a new adapter) gets the generic rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..networks import counting
from ..networks.base import Limits


@dataclass(frozen=True)
class TextRules:
    """What composition needs to know about a network without asking it."""

    limits: Limits
    measure: Callable[[str], int]
    cost_per_post: float = 0.0  # USD per post request without a link
    cost_per_post_with_link: float = 0.0  # USD per post request containing a URL
    refused: frozenset[str] = frozenset()  # characters that make the network refuse a post


def _characters(text: str) -> int:
    return len(text)


# X counts 1 for most code points below U+1100 and 2 for the rest; © and ® are emoji (2).
_X_DOUBLE = re.compile("[\u1100-\U0010ffff\u00a9\u00ae]")


def x_upper_bound(text: str, limits: Limits) -> int:
    """A cheap bound X's weighted length never exceeds (text in NFC).

    Every code point weighs at most 2, and only those of `_X_DOUBLE` more than 1; a URL
    counts 23 and holds at least one dot, so 23 per dot covers every URL, however short.
    """
    return len(text) + len(_X_DOUBLE.findall(text)) + (limits.url_length or 23) * text.count(".")


def mastodon_upper_bound(text: str, limits: Limits) -> int:
    """A bound for Mastodon's count: graphemes ≤ code points, each URL adds ≤ its 23.

    Every URL Mastodon counts has a protocol (`https://`, `gemini://`, ...), so `://` is
    in it; mentions only shorten the count.
    """
    url_length = limits.url_length or counting.MASTODON_DEFAULT_URL_LENGTH
    return len(text) + url_length * text.count("://")


# Cheap upper bounds by network: when the bound fits, the exact (slow) count is not needed.
# Graphemes never outnumber code points; exact counts stay the authority otherwise.
UPPER_BOUNDS: dict[str, Callable[[str, Limits], int]] = {
    "x": x_upper_bound,
    "mastodon": mastodon_upper_bound,
    "bluesky": lambda text, limits: len(text),
}


RULES: dict[str, TextRules] = {
    "x": TextRules(
        Limits(counting.X_MAX_WEIGHTED, "weighted characters", url_length=counting.X_URL_LENGTH),
        counting.x_weighted_length,
        # X bills its API per request (docs/networks.md): a post with a URL costs far more.
        cost_per_post=0.015,
        cost_per_post_with_link=0.20,
        refused=counting.X_REFUSED_CHARACTERS,
    ),
    "mastodon": TextRules(
        Limits(
            counting.MASTODON_DEFAULT_MAX,
            "characters",
            url_length=counting.MASTODON_DEFAULT_URL_LENGTH,
            max_media=4,
        ),
        counting.mastodon_length,
    ),
    "bluesky": TextRules(
        Limits(
            counting.BLUESKY_MAX_GRAPHEMES,
            "graphemes",
            max_media=4,
            max_bytes=counting.BLUESKY_MAX_BYTES,
        ),
        counting.graphemes,
    ),
    "linkedin": TextRules(
        Limits(counting.LINKEDIN_MAX, "characters (escaped)"), counting.linkedin_length
    ),
    # Facebook builds the link preview itself, from the page's OpenGraph tags.
    "facebook": TextRules(Limits(counting.FACEBOOK_MAX, "characters"), counting.code_points),
}

GENERIC = TextRules(Limits(500, "characters"), _characters)


def rules_for(network: str) -> TextRules:
    """The text rules of `network`; generic rules for a network not described here."""
    return RULES.get(network, GENERIC)


def refused_character(text: str, network: str) -> str | None:
    """The first character of `text` that makes `network` refuse the post, if any."""
    refused = rules_for(network).refused
    return next((c for c in text if c in refused), None) if refused else None


def fits(
    text: str, limits: Limits, measure: Callable[[str], int], network: str | None = None
) -> bool:
    """Whether the network would take `text`: within the length limit (and the byte limit,
    where there is one) and, with `network`, free of the characters it refuses.

    With `network`, a cheap upper bound is tried first (only valid with that network's own
    counting: `measure` must be it, whatever the limit).
    """
    if limits.max_bytes is not None and len(text.encode("utf-8")) > limits.max_bytes:
        return False
    if network is not None and refused_character(text, network) is not None:
        return False
    bound = UPPER_BOUNDS.get(network or "")
    if bound is not None and bound(text, limits) <= limits.max_length:
        return True
    return measure(text) <= limits.max_length
