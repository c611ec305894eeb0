"""A fake Facebook Graph API for Pages on loopback, enforcing what Newsroom relies on.

Rules enforced, as the Graph API documents or behaves:
- every call is versioned in its path, `/vNN.N/...`: a malformed version answers error 2500
  (unknown path), a version older than `oldest_version` error 2635 (deprecated version);
- a Page access token, as `Authorization: Bearer …` or the `access_token` parameter (query
  or form); unknown → error 190 (HTTP 400, OAuthException), expired → 190 subcode 463; a
  token only acts for its own page (error 200, permissions);
- errors are Graph error objects `{"error": {message, type, code, error_subcode,
  fbtrace_id}}`;
- `POST /{page}/feed` with `message` and/or `link` (form or JSON): message ≤ 63,206
  characters (error 100); the same message twice → error 506 "Duplicate status message";
  answers `{"id": "{page}_{post}"}`;
- `GET /{page}/posts?fields=…&limit=…` newest first (`limit` ≤ 100), only the fields asked;
- `GET /{post-id}?fields=reactions.summary(total_count),comments.summary(total_count),
  shares`: counts (`shares` absent when none); an unknown id → error 100 subcode 33;
- `GET /debug_token?input_token=…` (`newsroom accounts check`), called with an app token
  (`app_id|app_secret` of `add_app`) or a valid Page token: `data` with `is_valid`,
  `expires_at` and `data_access_expires_at` (0 = never), `scopes`, `profile_id` (the page);
  an unknown or expired input token is `is_valid: false` with its error object;
- `rate_limit(times, minutes)`: the next calls answer error 32 (page rate limit, HTTP 400)
  with `X-Business-Use-Case-Usage` carrying `estimated_time_to_regain_access`.
Inspection: `fake.posts`, `GET /_fake/posts`; faults (5xx, delays): see loopback.py.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import time
from typing import Any

from tests.servers.loopback import FakeNetwork, Request, Response

MAX_MESSAGE = 63206
VERSION = r"/([^/_]+)"  # checked by the routes: Graph answers its own error


class FakeFacebook(FakeNetwork):
    """State and routes of the fake Graph API."""

    def __init__(self, oldest_version: str = "v21.0") -> None:
        super().__init__()
        self.oldest_version = oldest_version
        self.tokens: dict[str, str] = {}  # Page access token → page id
        self.token_info: dict[str, dict[str, Any]] = {}  # what debug_token tells of a token
        self.apps: dict[str, str] = {}  # app id → app secret
        self.expired: set[str] = set()
        self.posts: list[dict[str, Any]] = []  # newest first
        self.rate_limited: list[float] = []  # minutes to regain access, one per refused call
        self._ids = itertools.count(880_000_000_000_001)
        self.route("POST", VERSION + r"/(\d+)/feed", self._create_post)
        self.route("GET", VERSION + r"/(\d+)/posts", self._list_posts)
        self.route("GET", VERSION + r"/(\d+_\d+)", self._read_post)
        self.route("GET", VERSION + r"/(\d+_\d+)/insights", self._insights)
        self.route("GET", VERSION + r"/debug_token", self._debug_token)
        self.route("GET", r"/_fake/posts", lambda r, m: Response(200, self.posts))

    def add_token(
        self,
        token: str,
        page_id: str,
        *,
        expires_at: int = 0,
        data_access_expires_at: int = 0,
        scopes: tuple[str, ...] = (
            "pages_manage_posts",
            "pages_read_engagement",
            "pages_show_list",
        ),
    ) -> None:
        """A Page token; `expires_at` (epoch, 0 = never) and `scopes` as debug_token says."""
        self.tokens[token] = page_id
        self.token_info[token] = {
            "expires_at": expires_at,
            "data_access_expires_at": data_access_expires_at,
            "scopes": list(scopes),
        }

    def add_app(self, app_id: str, secret: str) -> None:
        self.apps[app_id] = secret

    def rate_limit(self, times: int = 1, minutes: float = 5) -> None:
        """The next `times` Graph calls answer error 32 with a usage header."""
        with self.lock:
            self.rate_limited += [minutes] * times

    def reset(self) -> None:
        super().reset()
        self.posts.clear()
        self.expired.clear()
        self.rate_limited.clear()

    # -- checks shared by every route --------------------------------------------------------

    def _version_refusal(self, version: str) -> Response | None:
        match = re.fullmatch(r"v(\d+)\.(\d+)", version)
        if match is None:
            return _error(400, 2500, "OAuthException", f"Unknown path components: /{version}")
        oldest = tuple(int(n) for n in self.oldest_version[1:].split("."))
        if (int(match.group(1)), int(match.group(2))) < oldest:
            return _error(
                400,
                2635,
                "OAuthException",
                f"You are calling a deprecated version of the Graph API ({version}). "
                f"Please update to the latest version: {self.oldest_version} or later.",
            )
        return None

    def _token_refusal(self, token: str) -> Response | None:
        expires_at = self.token_info.get(token, {}).get("expires_at", 0)
        if token in self.expired or 0 < expires_at <= time.time():
            return _error(
                400,
                190,
                "OAuthException",
                "Error validating access token: Session has expired",
                463,
            )
        if token not in self.tokens:
            return _error(400, 190, "OAuthException", "Invalid OAuth access token - Cannot parse")
        return None

    def _check(self, request: Request, version: str, page: str) -> Response | None:
        """Graph's refusal of this call, or None when the call may go on."""
        token = request.access_token()
        refused = self._version_refusal(version) or self._token_refusal(token)
        if refused is not None:
            return refused
        if self.tokens[token] != page:
            return _error(
                403, 200, "OAuthException", "(#200) The token does not grant access to this page"
            )
        if self.rate_limited:
            minutes = self.rate_limited.pop(0)
            usage = {
                page: [
                    {
                        "type": "pages",
                        "call_count": 100,
                        "total_cputime": 30,
                        "total_time": 40,
                        "estimated_time_to_regain_access": minutes,
                    }
                ]
            }
            return Response(
                400,
                _error_body(32, "OAuthException", "(#32) Page request limit reached"),
                {"X-Business-Use-Case-Usage": json.dumps(usage)},
            )
        return None

    # -- routes ------------------------------------------------------------------------------

    def _create_post(self, request: Request, match: re.Match[str]) -> Response:
        version, page = match.groups()
        refused = self._check(request, version, page)
        if refused is not None:
            return refused
        fields = request.fields()
        message, link = fields.get("message", ""), fields.get("link")
        if not message and not link:
            return _error(400, 100, "OAuthException", "(#100) Missing message or attachment")
        if len(message) > MAX_MESSAGE:
            return _error(400, 100, "OAuthException", "(#100) The message is too long")
        if message and any(p["message"] == message for p in self.posts if p["page"] == page):
            return _error(400, 506, "OAuthException", "(#506) Duplicate status message", 1455006)
        post_id = f"{page}_{next(self._ids)}"
        number = post_id.partition("_")[2]
        self.posts.insert(
            0,
            {
                "id": post_id,
                "page": page,
                "message": message,
                "link": link,
                "created_time": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime()),
                "permalink_url": f"https://www.facebook.com/{page}/posts/{number}",
                "reactions": 0,
                "comments": 0,
                "shares": 0,
            },
        )
        return Response(200, {"id": post_id})

    def _list_posts(self, request: Request, match: re.Match[str]) -> Response:
        version, page = match.groups()
        refused = self._check(request, version, page)
        if refused is not None:
            return refused
        limit = int(request.query.get("limit", 25))
        if not 0 < limit <= 100:
            return _error(400, 100, "OAuthException", "(#100) limit must be between 1 and 100")
        wanted = request.query.get("fields", "id,created_time,message").split(",")
        known = {"id", "message", "permalink_url", "created_time"}
        if not set(wanted) <= known:
            return _error(400, 100, "OAuthException", f"(#100) Unknown fields: {wanted}")
        mine = [p for p in self.posts if p["page"] == page][:limit]
        data = [{k: p[k] for k in wanted if p.get(k) is not None} for p in mine]
        return Response(200, {"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}})

    def _read_post(self, request: Request, match: re.Match[str]) -> Response:
        version, post_id = match.groups()
        refused = self._check(request, version, post_id.partition("_")[0])
        if refused is not None:
            return refused
        post = next((p for p in self.posts if p["id"] == post_id), None)
        if post is None:
            return _error(
                400,
                100,
                "GraphMethodException",
                f"Unsupported get request. Object with ID '{post_id}' does not exist",
                33,
            )
        answer: dict[str, Any] = {"id": post_id}
        fields = request.query.get("fields", "")
        if "reactions" in fields:
            answer["reactions"] = {"data": [], "summary": {"total_count": post["reactions"]}}
        if "comments" in fields:
            answer["comments"] = {"data": [], "summary": {"total_count": post["comments"]}}
        if "shares" in fields and post["shares"]:
            answer["shares"] = {"count": post["shares"]}
        return Response(200, answer)

    def _debug_token(self, request: Request, match: re.Match[str]) -> Response:
        """What Graph tells of `input_token`, to an app token or a valid token."""
        caller = request.access_token()
        app_id, _, secret = caller.partition("|")
        is_app = bool(secret) and self.apps.get(app_id) == secret
        refused = self._version_refusal(match.group(1)) or (
            None if is_app else self._token_refusal(caller)
        )
        if refused is not None:
            return refused
        token = request.query.get("input_token", "")
        if not token:
            return _error(
                400, 100, "OAuthException", "(#100) The parameter input_token is required"
            )
        info = self.token_info.get(token)
        if info is None:
            error = {"code": 190, "message": "Invalid OAuth access token."}
            return Response(200, {"data": {"is_valid": False, "scopes": [], "error": error}})
        data = {
            "app_id": next(iter(self.apps), "1234567890"),
            "type": "PAGE",
            "application": "Newsroom",
            "is_valid": True,
            "profile_id": self.tokens[token],
            "user_id": "100000000000001",
            **info,
        }
        if self._token_refusal(token) is not None:
            data["is_valid"] = False
            data["error"] = {"code": 190, "subcode": 463, "message": "Session has expired"}
        return Response(200, {"data": data})

    def _insights(self, request: Request, match: re.Match[str]) -> Response:
        """Page post insights: `metric=post_clicks_by_type` (lifetime) with `link clicks`
        (`post["link_clicks"]`, set by tests); an unknown metric is error 100."""
        version, post_id = match.groups()
        refused = self._check(request, version, post_id.partition("_")[0])
        if refused is not None:
            return refused
        post = next((p for p in self.posts if p["id"] == post_id), None)
        if post is None:
            return _error(
                400, 100, "GraphMethodException", f"Object '{post_id}' does not exist", 33
            )
        metrics = request.query.get("metric", "").split(",")
        if metrics != ["post_clicks_by_type"]:
            return _error(
                400, 100, "OAuthException", "(#100) The value must be a valid insights metric"
            )
        if request.query.get("period", "lifetime") != "lifetime":
            return _error(400, 100, "OAuthException", "(#100) Invalid period")
        value = {"link clicks": post.get("link_clicks", 0), "other clicks": 0}
        name = "post_clicks_by_type"
        data = [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": value}],
                "title": "Lifetime Post Consumptions by type",
                "id": f"{post_id}/insights/{name}/lifetime",
            }
        ]
        return Response(200, {"data": data, "paging": {}})


def _error_body(code: int, kind: str, message: str, subcode: int | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = secrets.token_urlsafe(8)
    return {"error": error}


def _error(status: int, code: int, kind: str, message: str, subcode: int | None = None) -> Response:
    return Response(status, _error_body(code, kind, message, subcode))
