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
# Pinterest's own OpenAPI description of API v5 (the reference pages are generated from it).
_OPENAPI = "https://github.com/pinterest/api-description/blob/main/v5/openapi.yaml"
# Where each rule comes from, and when it was last checked there.
SOURCES = (
    # PinCreate: title maxLength 100, description 800, alt_text 500, link 2048.
    Source(("length", "counting", "alt text"), _OPENAPI, date(2026, 12, 7)),
    # "Trial access: 1000 requests per day for all API requests".
    Source(("rate limit",), f"{_DOCS}/reference/rate-limits/", date(2026, 12, 7)),
    # POST /oauth/token: "the continuous refresh token (60-day expiration, refreshable
    # indefinitely). Pinterest no longer supports the legacy refresh token (365-day
    # expiration, hard limit)"; every refresh answers a new refresh_token.
    Source(
        ("token lifetime",),
        _OPENAPI,
        date(2026, 12, 7),
        note="the access token's 30 days are stated by no Pinterest page found (third "
        "parties, and the `expires_in` Pinterest answers); the refresh token's 60 days are",
    ),
)
# Not rules of the declaration, but what the adapter and the handbook rely on (checked
# 2026-12-07): Trial access creates pins visible only to their creator
# ({_DOCS}/key-concepts/access-tiers/); the Sandbox serves Create Pin, List Pins on board,
# Get Pin and Delete Pin ({_DOCS}/developer-tools/sandbox/); a Trial app creating a pin on
# api.pinterest.com is answered code 29 "use API Sandbox" (the API's own answer, quoted in
# github.com/gitroomhq/postiz-app/issues/1084: no documentation page states it). A 429's
# headers are documented nowhere (the OpenAPI description gives the status and an error
# body only): the adapter reads `Retry-After` or `X-RateLimit-Reset` if Pinterest sends them.


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
    # The app's id and secret and the refresh token (60 days) renew the access token (30).
    optional_credentials=("refresh_token", "app_id", "app_secret"),
    colour="#bd081c",
    stats_reads=100,
    rate_limit=TRIAL_REQUESTS,
    needs_image=True,
    theme_settings=(BOARD,),
    clicks="outbound clicks of the last 90 days",
    permissions=("boards:read", "pins:read", "pins:write", "user_accounts:read"),
    token_lifetime=timedelta(days=30),
    renew="Pinterest access tokens last 30 days and their (continuous) refresh token 60: "
    "with the account's `refresh_token`, `app_id` and `app_secret`, `newsroom accounts "
    "refresh` gets a new access token; Newsroom does not keep the new refresh token Pinterest "
    "answers with it, so within 60 days a board owner authorises the app again (OAuth, scopes "
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
