"""Pinterest business accounts through API v5 (`/v5/pins`), with httpx.

Credentials: `access_token` — an OAuth user token of the account with boards:read, pins:read,
pins:write and user_accounts:read (30 days); optionally `refresh_token` (365 days) with the
app's `app_id` and `app_secret`, which `refresh_token()` trades for a new access token. The
account's `handle` is its username; `per_theme.<theme>.board` names the board of each theme.

A pin is one call: `POST /v5/pins` with the board of the item's theme, the item's image on the
deployed site (`media_source` of type `image_url`, which Pinterest fetches), the title, the
composed description, the tracked link and the alt text. After a crash, `find` lists the
board's pins and recognises the pin by its link — the tracked link with its UTM parameters,
the same every time for an item and an account. Statistics: `GET /v5/pins/{id}/analytics`
(impressions, saves, outbound clicks; Pinterest keeps 90 days of them).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import httpx

from ..base import (
    AccountStatus,
    AuthError,
    Interactions,
    NetworkError,
    Post,
    RateLimited,
    RefreshedToken,
    RejectedError,
    Sent,
    TransientError,
)
from ..base import Adapter as BaseAdapter
from ..support import account_label, is_item_link, refused, require_secrets
from . import BOARD, NETWORK, SANDBOX, TITLE_MAX

API = "https://api.pinterest.com"
PAGE_SIZE = 100  # pins per page of a board (the API's maximum)
FIND_PAGES = 3  # pages of the board searched by find(): its 300 newest pins
ANALYTICS_DAYS = 90  # Pinterest answers analytics for the last 90 days only
METRICS = ("IMPRESSION", "SAVE", "OUTBOUND_CLICK")
# Pinterest's error code for a Trial app creating pins outside the Sandbox.
TRIAL_IN_PRODUCTION = 29


class Adapter(BaseAdapter):
    """One Pinterest business account."""

    network = "pinterest"
    timeout = 30.0

    _http: httpx.Client | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._analytics: dict[str, dict[str, int]] = {}  # pin id → its metrics, this run

    def publish(self, post: Post) -> Sent:
        if not post.image_url:
            raise RejectedError(
                f"{account_label(self)}: a pin needs the item's image — add `image:` to the item"
            )
        body: dict[str, Any] = {
            "board_id": self._board(post),
            "title": pin_title(post.card.title),
            "description": post.text,
            "link": post.link,
            "media_source": {"source_type": "image_url", "url": post.image_url},
        }
        if post.image_alt:
            body["alt_text"] = post.image_alt  # the composer cut it to ALT_TEXT_MAX
        pin = self._call("POST", "/v5/pins", "creating the pin", json=body).json()
        return self._sent(pin)

    def find(self, post: Post) -> Sent | None:
        board, bookmark = quote(self._board(post), safe=""), None
        for _ in range(FIND_PAGES):
            params = {"page_size": str(PAGE_SIZE)} | ({"bookmark": bookmark} if bookmark else {})
            page = self._call(
                "GET", f"/v5/boards/{board}/pins", "listing the board's pins", params=params
            ).json()
            for pin in page.get("items") or []:
                if same_link(pin.get("link"), post.link):
                    return self._sent(pin)
            bookmark = page.get("bookmark")
            if not bookmark:
                return None
        return None

    def interactions(self, sent: Sent) -> Interactions:
        """Saves (under the report's `reposts`: a save pins it again) and impressions."""
        try:
            metrics = self._metrics(sent)
        except RejectedError as error:
            if "404" in str(error):
                return Interactions(deleted=True)
            raise
        counts = {"reposts": metrics.get("SAVE"), "impressions": metrics.get("IMPRESSION")}
        return Interactions(counts={k: v for k, v in counts.items() if v is not None})

    def clicks(self, sent: Sent) -> int | None:
        """OUTBOUND_CLICK: clicks through to the pin's link, over the last 90 days."""
        return self._metrics(sent).get("OUTBOUND_CLICK")

    def check_account(self) -> AccountStatus:
        """`GET /v5/user_account` (whose token is it?) and `GET /v5/boards` (are the boards of
        `per_theme` the account's own?). Pinterest does not tell a token's expiry."""
        try:
            me = self._call("GET", "/v5/user_account", "reading the account").json()
            owned = self._board_ids()
        except NetworkError as error:
            return refused(error)
        problems = [
            f"{account_label(self)}: board {board} (theme {theme}) is not one of the account's "
            "boards — use the id of a board it owns"
            for theme, board in self._boards().items()
            if board not in owned
        ]
        return AccountStatus(
            reachable=True, problems=tuple(problems), detail=f"@{me.get('username', '?')}"
        )

    def refresh_token(self) -> RefreshedToken | None:
        """A new 30-day access token for the refresh token (`POST /v5/oauth/token`,
        grant_type refresh_token, the app's id and secret as Basic auth). Without them,
        AuthError naming what to add: the access token would end within 30 days."""
        secrets = require_secrets(self, "refresh_token", "app_id", "app_secret")
        answer = self._call(
            "POST",
            "/v5/oauth/token",
            "refreshing the token",
            data={"grant_type": "refresh_token", "refresh_token": secrets["refresh_token"]},
            auth=(secrets["app_id"], secrets["app_secret"]),
        ).json()
        expires_in = answer.get("expires_in")
        expires_at = (
            datetime.now(UTC) + timedelta(seconds=expires_in)
            if isinstance(expires_in, int | float)
            else None
        )
        return RefreshedToken("access_token", str(answer["access_token"]), expires_at)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    # -- internals ---------------------------------------------------------------------------

    def _boards(self) -> dict[str, str]:
        """The board of each theme, from the account's `per_theme` settings."""
        per_theme = (self.settings.per_theme or {}).items()
        return {theme: given[BOARD.name] for theme, given in per_theme if BOARD.name in given}

    def _board(self, post: Post) -> str:
        board = self._boards().get(post.theme or "")
        if post.theme is None:
            raise RejectedError(f"{account_label(self)}: the post names no theme, so no board")
        if board is None:
            raise RejectedError(
                f"{account_label(self)}: no board for theme {post.theme} — add `{post.theme}: "
                f"{{{BOARD.name}: <board id>}}` under accounts.{self.account_id}.per_theme in "
                "newsroom.yml"
            )
        return board

    def _board_ids(self) -> set[str]:
        answer = self._call(
            "GET", "/v5/boards", "listing the boards", params={"page_size": str(PAGE_SIZE)}
        ).json()
        return {str(board.get("id")) for board in answer.get("items") or []}

    def _metrics(self, sent: Sent) -> dict[str, int]:
        """The pin's summed metrics since it was pinned (at most the last 90 days), read once
        per run for both interactions and clicks."""
        if sent.post_id not in self._analytics:
            today = datetime.now(UTC).date()
            start = max(
                sent.at.date() if sent.at else today, today - timedelta(days=ANALYTICS_DAYS - 1)
            )
            params = {
                "start_date": min(start, today).isoformat(),
                "end_date": today.isoformat(),
                "metric_types": ",".join(METRICS),
                "app_types": "ALL",
            }
            answer = self._call(
                "GET",
                f"/v5/pins/{quote(sent.post_id, safe='')}/analytics",
                "reading the pin's analytics",
                params=params,
            ).json()
            summary = (answer.get("all") or {}).get("summary_metrics") or {}
            self._analytics[sent.post_id] = {
                k: int(v) for k, v in summary.items() if isinstance(v, int | float)
            }
        return self._analytics[sent.post_id]

    def _sent(self, pin: dict[str, Any]) -> Sent:
        pin_id = str(pin["id"])
        return Sent(pin_id, f"https://www.pinterest.com/pin/{pin_id}/", pin_time(pin))

    def _client(self) -> httpx.Client:
        if self._http is None:
            token = require_secrets(self, "access_token")["access_token"]
            self._http = httpx.Client(
                base_url=(self.settings.base_url or API).rstrip("/"),
                headers={"Authorization": f"Bearer {token}"},
                timeout=self.timeout,
            )
        return self._http

    def _call(self, method: str, path: str, doing: str, **options: Any) -> httpx.Response:
        # `auth` (the token endpoint: the app's Basic auth) replaces the user's token.
        try:
            response = self._client().request(method, path, **options)
        except httpx.TimeoutException:
            raise TransientError(f"{account_label(self)}: Pinterest timed out {doing}") from None
        except httpx.HTTPError as error:
            raise TransientError(
                f"{account_label(self)}: Pinterest unreachable {doing}: {type(error).__name__}"
            ) from None
        if response.is_success:
            return response
        raise self.error_for(response, doing)

    def error_for(self, response: httpx.Response, doing: str) -> NetworkError:
        """The NetworkError for one of Pinterest's error answers (`{"code", "message"}`)."""
        who, status = account_label(self), response.status_code
        try:
            error = response.json()
        except ValueError:
            error = {}
        error = error if isinstance(error, dict) else {}
        message = str(error.get("message") or response.reason_phrase)[:300]
        said = f"Pinterest answered {status} {doing}: {message}"
        if status == 401:
            return AuthError(f"{who}: {said} — {NETWORK.renew}")
        if status == 429:
            return RateLimited(f"{who}: {said}; the post waits", reset_at(response.headers))
        if status >= 500:
            return TransientError(f"{who}: {said}")
        if error.get("code") == TRIAL_IN_PRODUCTION:
            return RejectedError(
                f"{who}: {said} — an app with Trial access pins only in the Sandbox: set "
                f"`base_url: {SANDBOX}` (or ask Pinterest for Standard access)"
            )
        if status == 403:
            return AuthError(f"{who}: {said} — the token needs {', '.join(NETWORK.permissions)}")
        return RejectedError(f"{who}: {said}")


def pin_title(title: str) -> str:
    """The item's title as a pin's title: whole when it fits, else cut at a word with `…`."""
    if len(title) <= TITLE_MAX:
        return title
    cut = title[: TITLE_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-—–")
    return f"{cut or title[: TITLE_MAX - 1]}…"


def same_link(found: object, link: str) -> bool:
    """Whether a pin's link is `link` itself: the item's permanent link with the same UTM
    parameters (the account's own), whatever their order."""
    if not isinstance(found, str) or not is_item_link(found, link):
        return False
    return parse_qs(urlsplit(found).query) == parse_qs(urlsplit(link).query)


def pin_time(pin: dict[str, Any]) -> datetime | None:
    """A pin's `created_at` (ISO 8601, UTC, without offset) as a UTC datetime."""
    created = pin.get("created_at")
    if not isinstance(created, str):
        return None
    try:
        moment = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def reset_at(headers: httpx.Headers) -> datetime | None:
    """When a 429 ends: `Retry-After` seconds, else `X-RateLimit-Reset` (seconds to wait)."""
    for name in ("retry-after", "x-ratelimit-reset"):
        value = headers.get(name)
        if value is not None and value.strip().isdigit():
            return datetime.now(UTC) + timedelta(seconds=int(value))
    return None
