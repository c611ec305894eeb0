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
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from ..base import (
    AccountStatus,
    Interactions,
    NetworkError,
    Post,
    RejectedError,
    Sent,
)
from ..graph_api import GraphAdapter, GraphMissing, error_object, graph_time, translate
from ..support import (
    account_label,
    carries_item_link,
    from_epoch,
    refused,
    urls_written_in,
)
from . import NETWORK

API = "https://graph.facebook.com"
DEFAULT_VERSION = "v23.0"
RECENT_POSTS = 50  # searched by find()
# Graph API error codes (developers.facebook.com/docs/graph-api/guides/error-handling).
DUPLICATE_CODE = 506
# "Available until" of the Graph API versions (developers.facebook.com/docs/graph-api/
# changelog/versions, as published in 2026); a version not listed: unknown yet.
GRAPH_VERSIONS_UNTIL = {
    "v19.0": date(2026, 5, 21),
    "v20.0": date(2026, 9, 24),
    "v21.0": date(2027, 1, 21),
    "v22.0": date(2027, 5, 20),
    "v23.0": date(2027, 10, 8),
    "v24.0": date(2028, 2, 18),
    "v25.0": date(2028, 7, 29),
}


class Adapter(GraphAdapter):
    """One Facebook Page."""

    network = "facebook"
    api = API
    token_key = "page_access_token"

    def publish(self, post: Post) -> Sent:
        data = {"message": post.text, "link": post.link}
        try:
            answer = self._call("POST", f"{self._page()}/feed", "posting", data=data).json()
        except _Duplicate:
            # Facebook refuses the same message twice: we sent it before (perhaps before a crash).
            found = self.find(post)
            if found is None:
                raise RejectedError(
                    f"{account_label(self)}: "
                    "Facebook calls this post a duplicate, yet no recent post "
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
                    graph_time(element.get("created_time")),
                    element.get("permalink_url"),
                )
        return None

    def interactions(self, sent: Sent) -> Interactions:
        fields = "reactions.summary(total_count),comments.summary(total_count),shares"
        try:
            answer = self._call(
                "GET", quote(sent.post_id, safe=""), "reading reactions", params={"fields": fields}
            )
        except GraphMissing:
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
        except GraphMissing:
            return None
        for metric in answer.json().get("data", []):
            if metric.get("name") == "post_clicks_by_type" and metric.get("values"):
                value = metric["values"][-1].get("value") or {}
                count = value.get("link clicks", 0)
                return count if isinstance(count, int) else None
        return None

    def check_account(self) -> AccountStatus:
        """`GET /debug_token?input_token=…`: valid, until when (`expires_at`, and
        `data_access_expires_at` after which nothing can be read; 0 = never), its scopes and
        its page. Meta asks for an app token (`app_id|app_secret`, from the optional
        credentials) or a token of the app; without the app's credentials the Page token
        inspects itself."""
        version = self.settings.api_version or DEFAULT_VERSION
        retires = GRAPH_VERSIONS_UNTIL.get(version)
        try:
            data = self._debug_token()
        except NetworkError as error:
            status = refused(error)
            return AccountStatus(status.reachable, status.problems, version_retires=retires)
        expires = [from_epoch(data.get(k)) for k in ("expires_at", "data_access_expires_at")]
        expires_at = min((e for e in expires if e is not None and e.timestamp() > 0), default=None)
        if not data.get("is_valid"):
            message = (data.get("error") or {}).get("message") or "the token is not valid"
            problem = f"{account_label(self)}: Facebook says {message} — {NETWORK.renew}"
            return AccountStatus(True, (problem,), expires_at, retires)
        scopes = {str(s) for s in data.get("scopes") or []}
        problems = ()
        page = str(data.get("profile_id") or "")
        if page and page != self.settings.handle:
            problems = (
                f"{account_label(self)}: the token is the Page token of {page}, not of "
                f"{self.settings.handle} — take the token of this page from GET /me/accounts",
            )
        return AccountStatus(
            reachable=True,
            problems=problems,
            expires_at=expires_at,
            version_retires=retires,
            missing_permissions=tuple(p for p in self.declaration.permissions if p not in scopes),
            detail=f"{data.get('type', 'token')} of app {data.get('application', '?')}; "
            f"Graph API {version}",
        )

    def error_for(self, response: httpx.Response, account: str, doing: str) -> NetworkError:
        """The NetworkError for a Graph API error answer; a duplicate post is Facebook's own."""
        error = error_object(response)
        if error.get("code") == DUPLICATE_CODE:
            detail = f"code {DUPLICATE_CODE}: {error.get('message', response.reason_phrase)}"
            return _Duplicate(f"{account}: Facebook refused a duplicate while {doing} ({detail})")
        return translate(response, account, doing, NETWORK, reset=_reset(response))

    # -- internals ---------------------------------------------------------------------------

    def _page(self) -> str:
        return quote(self.settings.handle, safe="")

    def _sent(self, post_id: str, at: datetime | None, permalink: str | None = None) -> Sent:
        page, _, number = post_id.partition("_")
        url = permalink or f"https://www.facebook.com/{page}/posts/{number or page}"
        return Sent(post_id, url, at)


class _Duplicate(RejectedError):
    """Error 506: the page already has a post with this message."""


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
