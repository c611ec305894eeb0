"""Pinterest business accounts: the declaration; the adapter (httpx, API v5) is in `adapter.py`.

A pin is an image with a title, a description, a link and alt text, saved to a board: each
theme routed to the account goes to its own board (the account's `per_theme.<theme>.board`).
Apps with Trial
access may create pins only in the API Sandbox (`base_url: https://api-sandbox.pinterest.com`).
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

from .. import counting
from ..declaration import Limits, Network, RateLimit, Source, ThemeSetting

TITLE_MAX = 100  # characters of a pin's `title`
DESCRIPTION_MAX = 800  # characters of a pin's `description`
ALT_TEXT_MAX = 500  # characters of a pin's `alt_text`
# Trial access: 1,000 requests per day per app, every endpoint together; Standard access has
# per-minute limits per category (pins_write among them), far above a newsroom's needs.
TRIAL_REQUESTS = RateLimit(1000, timedelta(days=1))
SANDBOX = "https://api-sandbox.pinterest.com"
BOARD = ThemeSetting(
    "board",
    "the id of the theme's board: `GET /v5/boards` lists them, or the number at the end "
    "of the board's edit page",
)

_DOCS = "https://developers.pinterest.com/docs"
# Where each rule comes from, and when it was last checked there.
SOURCES = (
    Source(("length", "counting", "alt text"), f"{_DOCS}/api/v5/pins-create", date(2026, 12, 7)),
    Source(("rate limit",), f"{_DOCS}/reference/rate-limits/", date(2026, 12, 7)),
    Source(
        ("token lifetime",),
        "https://github.com/pinterest/pinterest-python-generated-api-client/blob/main/docs/OauthApi.md",
        date(2026, 12, 7),
    ),
)
# Not rules of the declaration, but what the adapter and the handbook rely on (checked
# 2026-12-07): Trial access creates pins visible only to their creator and, since Pinterest
# answers code 29 to a Trial app creating pins on api.pinterest.com, only in the Sandbox
# ({_DOCS}/key-concepts/access-tiers/, {_DOCS}/developer-tools/sandbox/: Create Pin, List Pins
# on board, Get Pin and Delete Pin are served there).


def profile_url(handle: str, base_url: str | None) -> str | None:
    """The account's username → its public profile."""
    if not handle.isascii() or "/" in handle:
        return None
    return f"https://www.pinterest.com/{quote(handle)}/"


NETWORK = Network(
    name="pinterest",
    label="Pinterest",
    order=80,
    writing="A picture that leads somewhere: only items with an image are pinned (others are "
    "skipped, and `publish --dry-run` says why), each to the **board of its theme**. The "
    "pin's title is the item's title (cut at a word to 100 characters), its description "
    "the summary, its hashtags and its link (800 characters), its alt text the image's "
    "(at most 500).",
    limits=Limits(DESCRIPTION_MAX, "characters", max_media=1, max_alt_text=ALT_TEXT_MAX),
    measure=counting.code_points,
    counted="characters (Unicode code points) of the pin's description; the item's title is "
    f"the pin's title (cut at a word to {TITLE_MAX} characters), its link the pin's link",
    credentials=("access_token",),
    # The app's id and secret and the refresh token renew the access token (30 days).
    optional_credentials=("refresh_token", "app_id", "app_secret"),
    colour="#bd081c",
    stats_reads=100,
    rate_limit=TRIAL_REQUESTS,
    needs_image=True,
    theme_settings=(BOARD,),
    clicks="outbound clicks of the last 90 days",
    permissions=("boards:read", "pins:read", "pins:write", "user_accounts:read"),
    token_lifetime=timedelta(days=30),
    renew="Pinterest access tokens last 30 days and their refresh token 365: with the "
    "account's `refresh_token`, `app_id` and `app_secret`, `newsroom accounts refresh` gets a "
    "new access token; past a year, a board owner authorises the app again (OAuth, scopes "
    "boards:read, pins:read, pins:write, user_accounts:read) and updates both secrets",
    profile_url=profile_url,
    sources=SOURCES,
    example_account={
        "network": "pinterest",
        "handle": "aldermooruni",
        "per_theme": {"quantum": {"board": "1234567890123456789"}},
        "credentials": {"access_token": "NEWSROOM_PINTEREST_TOKEN"},
    },
)
