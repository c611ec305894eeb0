"""Facebook Pages through the Graph API (`/{version}/{page-id}/feed`), with httpx.

Credentials: `page_access_token` — a Page access token with `pages_manage_posts` (posting)
and `pages_read_engagement` (`find` and `stats`). The account's `handle` is the page id;
`api_version` (e.g. `v23.0`) is sent in the path: Graph API versions are served about two
years, then calls to them fail.

Facebook builds the link preview itself from the OpenGraph tags of the linked page (the
short-link stub carries the item's own), so a post is just `message` + `link`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from . import counting
from .base import Adapter as BaseAdapter
from .base import (
    AuthError,
    Interactions,
    Limits,
    NetworkError,
    Post,
    RateLimited,
    RejectedError,
    Sent,
    TransientError,
)
from .support import carries_item_link, require_secrets, urls_written_in, who

API = "https://graph.facebook.com"
DEFAULT_VERSION = "v23.0"
RECENT_POSTS = 50  # searched by find()
RENEW = (
    "renew the Page access token (Meta for Developers → Graph API Explorer or your app: a "
    "long-lived user token of a page admin with pages_manage_posts and "
    "pages_read_engagement, then GET /me/accounts for the page's token) and update the secret"
)
# Graph API error codes (developers.facebook.com/docs/graph-api/guides/error-handling).
AUTH_CODES = {102, 190}  # session / access token invalid or expired
PERMISSION_CODES = {10, 200}  # missing permission (200-299 as well)
RATE_LIMIT_CODES = {4, 17, 32, 613}  # app, user, page and custom rate limits
TRANSIENT_CODES = {1, 2}  # "unknown error", "service temporarily unavailable"
DUPLICATE_CODE = 506
DEPRECATED_VERSION_CODES = {2635, 12}


class Adapter(BaseAdapter):
    """One Facebook Page."""

    network = "facebook"
    timeout = 30.0

    _http: httpx.Client | None = None

    def limits(self) -> Limits:
        return Limits(counting.FACEBOOK_MAX, "characters", url_length=None, max_media=1)

    def measure(self, text: str) -> int:
        return counting.code_points(text)

    def publish(self, post: Post) -> Sent:
        data = {"message": post.text, "link": post.link}
        try:
            answer = self._call("POST", f"{self._page()}/feed", "posting", data=data).json()
        except _Duplicate:
            # Facebook refuses the same message twice: we sent it before (perhaps before a crash).
            found = self.find(post)
            if found is None:
                raise RejectedError(
                    f"{who(self)}: Facebook calls this post a duplicate, yet no recent post "
                    "of the page contains its link"
                ) from None
            return found
        return self._sent(str(answer["id"]), datetime.now(UTC))

    def find(self, post: Post) -> Sent | None:
        params = {
            "fields": "id,message,permalink_url,created_time",
            "limit": str(RECENT_POSTS),
        }
        answer = self._call(
            "GET", f"{self._page()}/posts", "listing the page's posts", params=params
        )
        for element in answer.json().get("data", []):
            message = str(element.get("message") or "")
            if carries_item_link(urls_written_in(message), post.link):
                return self._sent(
                    element["id"],
                    _created(element.get("created_time")),
                    element.get("permalink_url"),
                )
        return None

    def interactions(self, sent: Sent) -> Interactions:
        fields = "reactions.summary(total_count),comments.summary(total_count),shares"
        try:
            answer = self._call(
                "GET", quote(sent.post_id, safe=""), "reading reactions", params={"fields": fields}
            )
        except _Missing:
            return Interactions(deleted=True)
        data = answer.json()
        return Interactions(
            counts={
                "reactions": data.get("reactions", {}).get("summary", {}).get("total_count", 0),
                "comments": data.get("comments", {}).get("summary", {}).get("total_count", 0),
                "shares": data.get("shares", {}).get("count", 0),  # absent when none
            }
        )

    def clicks(self, sent: Sent) -> int | None:
        """Link clicks of the post: Page post insights `post_clicks_by_type` (lifetime),
        its `link clicks` (the Page token needs read_insights; Pages under 100 likes have
        no insights: None)."""
        params = {"metric": "post_clicks_by_type", "period": "lifetime"}
        try:
            answer = self._call(
                "GET", f"{quote(sent.post_id, safe='')}/insights", "reading link clicks",
                params=params,
            )  # fmt: skip
        except _Missing:
            return None
        for metric in answer.json().get("data", []):
            if metric.get("name") == "post_clicks_by_type" and metric.get("values"):
                value = metric["values"][-1].get("value") or {}
                count = value.get("link clicks", 0)
                return count if isinstance(count, int) else None
        return None

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    # -- internals ---------------------------------------------------------------------------

    def _page(self) -> str:
        return quote(self.settings.handle, safe="")

    def _client(self) -> httpx.Client:
        if self._http is None:
            token = require_secrets(self, "page_access_token")["page_access_token"]
            version = self.settings.api_version or DEFAULT_VERSION
            base = (self.settings.base_url or API).rstrip("/")
            self._http = httpx.Client(
                base_url=f"{base}/{version}/",
                # In a header rather than `access_token=`: URLs end up in logs.
                headers={"Authorization": f"Bearer {token}"},
                timeout=self.timeout,
            )
        return self._http

    def _call(self, method: str, path: str, doing: str, **kw: Any) -> httpx.Response:
        account = who(self)
        try:
            response = self._client().request(method, path, **kw)
        except httpx.HTTPError as error:
            raise TransientError(
                f"{account}: no answer from Facebook while {doing} ({type(error).__name__})"
            ) from None
        if not response.is_success:
            raise _translate(response, account, doing)
        return response

    def _sent(self, post_id: str, at: datetime | None, permalink: str | None = None) -> Sent:
        page, _, number = post_id.partition("_")
        url = permalink or f"https://www.facebook.com/{page}/posts/{number or page}"
        return Sent(post_id, url, at)


class _Duplicate(RejectedError):
    """Error 506: the page already has a post with this message."""


class _Missing(RejectedError):
    """The object does not exist (deleted post): error 100, subcode 33, or HTTP 404."""


def _translate(response: httpx.Response, account: str, doing: str) -> NetworkError:
    """The NetworkError for a Graph API error answer (never quoting the token)."""
    status = response.status_code
    error = _error_object(response)
    code, subcode = error.get("code"), error.get("error_subcode")
    detail = f"code {code}: {error.get('message', response.reason_phrase)}"
    if code in AUTH_CODES or status == 401:
        return AuthError(
            f"{account}: Facebook refused the Page token while {doing} ({detail}) — {RENEW}"
        )
    if code in DEPRECATED_VERSION_CODES:
        return AuthError(
            f"{account}: Facebook no longer serves this Graph API version ({detail}) — set a "
            f"newer `api_version` (e.g. {DEFAULT_VERSION}) for the account"
        )
    if code in PERMISSION_CODES or (isinstance(code, int) and 200 <= code <= 299):
        return AuthError(
            f"{account}: Facebook forbids this while {doing} ({detail}) — the Page token needs "
            "pages_manage_posts and pages_read_engagement, from an admin of the page"
        )
    if code in RATE_LIMIT_CODES or status == 429:
        return RateLimited(
            f"{account}: Facebook rate limit while {doing} ({detail})", _reset(response)
        )
    if code == DUPLICATE_CODE:
        return _Duplicate(f"{account}: Facebook refused a duplicate while {doing} ({detail})")
    if status >= 500 or code in TRANSIENT_CODES or error.get("is_transient"):
        return TransientError(f"{account}: Facebook server error {status} while {doing} ({detail})")
    if status == 404 or (code == 100 and subcode == 33):
        return _Missing(f"{account}: Facebook has no such object while {doing} ({detail})")
    return RejectedError(f"{account}: Facebook refused ({status}) while {doing}: {detail}")


def _error_object(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}


def _reset(response: httpx.Response) -> datetime | None:
    """When access comes back: the longest `estimated_time_to_regain_access` (minutes)."""
    minutes = []
    for header in ("x-business-use-case-usage", "x-page-usage", "x-app-usage"):
        try:
            usage = json.loads(response.headers.get(header, "null"))
        except ValueError:
            continue
        minutes += _regain_minutes(usage)
    if not minutes:
        return None
    return datetime.now(UTC) + timedelta(minutes=max(minutes))


def _regain_minutes(usage: Any) -> list[float]:
    """Every `estimated_time_to_regain_access` in a usage header, however nested."""
    if isinstance(usage, list):
        return [m for entry in usage for m in _regain_minutes(entry)]
    if not isinstance(usage, dict):
        return []
    found = []
    for key, value in usage.items():
        if key == "estimated_time_to_regain_access" and isinstance(value, int | float):
            found.append(float(value))
        else:
            found += _regain_minutes(value)
    return found


def _created(value: str | None) -> datetime | None:
    """Graph API times look like `2026-11-20T10:00:00+0000`."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None
