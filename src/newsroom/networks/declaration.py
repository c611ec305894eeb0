"""What Newsroom knows about a network without asking it: one declaration per network.

Each network is one folder of this package: its `__init__.py` holds `NETWORK`, a `Network`
built from these classes (cheap to import: no SDK), and its `adapter.py` the `Adapter`
that talks to the network (imported only when posting or reading stats). Configuration
checks, routing, composition, previews, the handbook's network reference, the stats
schedule and report and the error catalogue all read the declarations (`NETWORKS`), so
adding a network touches its own folder only. In the spirit of Apprise's service classes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType


@dataclass(frozen=True)
class Limits:
    """How long a post may be on a network, in the network's own unit, and what it may hold."""

    max_length: int
    unit: str  # "weighted characters", "graphemes", "characters"
    url_length: int | None = None  # every URL counts this much; None: as written
    max_media: int = 1  # images in one post (Newsroom sends the item's one image)
    max_bytes: int | None = None  # a second bound in UTF-8 bytes (Bluesky: 3,000); None: none
    max_links: int | None = None  # URLs in one post (Threads: 5); None: no limit
    max_hashtags: int | None = None  # hashtags in one post (Instagram: 30); None: no limit
    max_alt_text: int | None = None  # characters of an image's alt text; None: not documented


@dataclass(frozen=True)
class RateLimit:
    """How many posts an account may publish through the API in a sliding window."""

    posts: int
    per: timedelta

    def __str__(self) -> str:
        hours = self.per.total_seconds() / 3600
        window = f"{hours:g} h" if hours >= 1 else f"{self.per.total_seconds() / 60:g} min"
        return f"{self.posts} posts per {window}"


# A network's rules are checked against their sources at least this often (`newsroom
# accounts check` warns past it): platforms change their limits without notice.
RULES_STALE_AFTER = timedelta(days=183)  # six months


@dataclass(frozen=True)
class Source:
    """The page some of a network's declared rules come from, and the day they were last
    checked there. `rules` names them as `Network.declared_rules` does ("length", "hashtags");
    `note` says where the page falls short (a figure only third parties state)."""

    rules: tuple[str, ...]
    url: str
    checked: date
    note: str = ""  # what the page does not say, e.g. that no primary page states a figure

    def __str__(self) -> str:
        shown = f"{', '.join(self.rules)}: {self.url} (checked {self.checked.isoformat()})"
        return f"{shown} — {self.note}" if self.note else shown


@dataclass(frozen=True)
class ThemeSetting:
    """A setting an account of the network gives for each theme routed to it (the board a
    theme's posts go to), under the account's `per_theme.<theme>.<name>`. `newsroom check`
    refuses an account routed a theme without it."""

    name: str  # the key under `per_theme.<theme>:`, e.g. `board`
    what: str  # what the value is and where to find it, for messages and the handbook


def _no_bound(text: str, limits: Limits) -> int | None:
    return None


def _no_profile(handle: str, base_url: str | None) -> str | None:
    return None


@dataclass(frozen=True)
class Network:
    """One network: everything the rest of Newsroom may know about it.

    `measure` counts a text as the network does (pure, no SDK); `upper_bound` is an optional
    cheap bound never below `measure` (None when it cannot say), tried first by the composer.
    `credentials` are the keys an account's `credentials:` must name (environment variable
    names as values); `optional_credentials` may be named too (e.g. a refresh right).
    """

    name: str  # what users write in `newsroom.yml` (`network:`) and in an item's `social:`
    label: str  # how people write it: "X", "LinkedIn"
    order: int  # position in tables, previews and reports
    limits: Limits
    measure: Callable[[str], int]
    counted: str  # how length is measured, in the handbook's words
    credentials: tuple[str, ...]
    colour: str  # the report's colour for this network (distinct, readable on white)
    writing: str  # how to write for it, the handbook's tab (its setup: `guide.md` beside it)
    stats_reads: int  # default `stats.max_reads`: posts read per run (API quotas)
    upper_bound: Callable[[str, Limits], int | None] = _no_bound
    optional_credentials: tuple[str, ...] = ()
    refused: frozenset[str] = frozenset()  # characters that make the network refuse a post
    cost_per_post: float = 0.0  # USD per post request without a link
    cost_per_post_with_link: float = 0.0  # USD per post request containing a URL
    rate_limit: RateLimit | None = None  # API publishing limit of one account
    api_version: str | None = None  # default `api_version` where the network versions its API
    api_version_pattern: str | None = None  # what a valid `api_version` looks like (regex)
    needs_image: bool = False  # no post without an image (Instagram)
    theme_settings: tuple[ThemeSetting, ...] = ()  # what an account gives for each theme
    image_types: tuple[str, ...] | None = None  # media types it takes; None: any the site has
    link_clickable: bool = True  # False: a link in the text is not a link (Instagram captions)
    link_wording: str | None = None  # default words where links are not clickable
    clicks: str | None = None  # what the network reports of link clicks, or None
    preview_note: str | None = None  # a line under a preview that uses these default limits
    permissions: tuple[str, ...] = ()  # scopes / permissions a token needs to post and read
    token_lifetime: timedelta | None = None  # how long a token lasts, where it expires
    renew: str = ""  # how to get a new token, for messages and the handbook
    # The public page of an account from its handle and `base_url` (JSON-LD `sameAs`).
    profile_url: Callable[[str, str | None], str | None] = _no_profile
    # Its share page for a story (title, link): the item page's Share links; None: no link.
    share_url: Callable[[str, str], str] | None = None
    example_account: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    sources: tuple[Source, ...] = ()  # where each of `declared_rules` comes from

    def declared_rules(self) -> tuple[str, ...]:
        """The rules this declaration states about the network, each needing a source."""
        limits = self.limits
        stated = {
            "length": True,
            "counting": True,
            "bytes": limits.max_bytes is not None,
            "links": limits.max_links is not None,
            "hashtags": limits.max_hashtags is not None,
            "alt text": limits.max_alt_text is not None,
            "cost": bool(self.cost_per_post or self.cost_per_post_with_link),
            "rate limit": self.rate_limit is not None,
            "token lifetime": self.token_lifetime is not None,
        }
        return tuple(rule for rule, is_stated in stated.items() if is_stated)

    def rules_checked(self) -> date | None:
        """The day the least recently checked of the network's rules was checked."""
        return min((source.checked for source in self.sources), default=None)

    def stale_sources(self, today: date) -> tuple[Source, ...]:
        """The sources last checked more than six months before `today`."""
        return tuple(s for s in self.sources if today - s.checked > RULES_STALE_AFTER)

    def refused_character(self, text: str) -> str | None:
        """The first character of `text` that makes this network refuse the post, if any."""
        refused = self.refused
        return next((c for c in text if c in refused), None) if refused else None

    def fits(
        self, text: str, limits: Limits | None = None, measure: Callable[[str], int] | None = None
    ) -> bool:
        """Whether the network would take `text`: within its length (and byte) limits, free of
        the characters it refuses, with at most its number of links and hashtags.

        `limits`/`measure` override the declared ones (an instance's own, read at publish
        time); the cheap upper bound is tried first, with this network's own counting.
        """
        limits = limits or self.limits
        measure = measure or self.measure
        if limits.max_bytes is not None and len(text.encode("utf-8")) > limits.max_bytes:
            return False
        if self.refused_character(text) is not None:
            return False
        if self.too_many(text, limits) is not None:
            return False
        bound = self.upper_bound(text, limits)
        if bound is None or bound > limits.max_length:
            return measure(text) <= limits.max_length
        return True

    def too_many(self, text: str, limits: Limits | None = None) -> str | None:
        """`6/5 links` when `text` holds more links or hashtags than the network takes."""
        from . import counting  # the counting patterns compile on first use

        limits = limits or self.limits
        for maximum, count, what in (
            (limits.max_links, counting.links, "links"),
            (limits.max_hashtags, counting.hashtags, "hashtags"),
        ):
            if maximum is not None and (found := count(text)) > maximum:
                return f"{found}/{maximum} {what}"
        return None

    def cost(self, with_link: bool = True) -> float:
        """What one post costs through the API, in USD (0 where the API is free)."""
        return self.cost_per_post_with_link if with_link else self.cost_per_post
