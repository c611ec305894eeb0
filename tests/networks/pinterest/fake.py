"""A fake Pinterest API v5 (pins, boards, pin analytics, OAuth refresh) on loopback.

Rules enforced, as Pinterest documents them (developers.pinterest.com/docs/api/v5: Create
Pin, List Pins on board, Get Pin analytics, List boards, Get user account, Generate OAuth
access token; reference/rate-limits; key-concepts/access-tiers):
- every call but the token endpoint takes `Authorization: Bearer <token>`; unknown or
  expired → 401 `{"code": 2, "message": "Authentication failed."}`; a token without the
  endpoint's scope → 401 code 3;
- errors are `{"code", "message"}`;
- `POST /v5/pins` (JSON, pins:write): `board_id` of a board the token's user owns (else 404
  code 2 "Board not found."), `media_source` `{"source_type": "image_url", "url"}` with an
  http(s) URL; `title` ≤ 100, `description` ≤ 800, `alt_text` ≤ 500, `link` ≤ 2,048
  characters (else 400 code 1 "Invalid parameters."); answers 201 with the pin
  (`id`, `created_at`, `board_id`, `link`, `title`, `description`, `alt_text`, `media`);
  with `trial` set (an app with Trial access, outside the Sandbox), 403 code 29;
- `GET /v5/boards/{id}/pins?page_size=&bookmark=` (boards:read, pins:read): newest first,
  `{"items", "bookmark"}` (page_size 1-250; a board of another user: 404);
- `GET /v5/pins/{id}/analytics?start_date&end_date&metric_types&app_types` (pins:read):
  dates `YYYY-MM-DD`, start ≤ end ≤ today, start within the last 90 days (else 400 code 1);
  `{"all": {"summary_metrics", "lifetime_metrics", "daily_metrics"}}` for the metrics asked;
  a pin of another user or none: 404 code 50 "Pin not found.";
- `DELETE /v5/pins/{id}`: 204;
- `GET /v5/user_account`, `GET /v5/boards` (boards:read);
- `POST /v5/oauth/token` (Basic auth `app_id:app_secret`, form `grant_type=refresh_token`,
  `refresh_token`): a new access token of 30 days (`expires_in` 2592000) and, as the
  OpenAPI description's OauthAccessTokenResponseRefresh requires, a new continuous refresh
  token of 60 days (`refresh_token`, `refresh_token_expires_in`, `refresh_token_expires_at`);
- `rate_limit(times, reset)`: the next calls answer 429 code 8; the headers of a 429 are
  documented nowhere, so none unless `reset` is given (then `Retry-After` and
  `X-RateLimit-Limit/Remaining/Reset`, as a server might send).
Inspection: `fake.pins` (newest first), `fake.tokens`; faults: `fail`/`delay` of FakeNetwork.
"""

from __future__ import annotations

import base64
import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from tests.servers.loopback import FakeNetwork, Request, Response

MAX_TITLE, MAX_DESCRIPTION, MAX_ALT_TEXT, MAX_LINK = 100, 800, 500, 2048
ANALYTICS_DAYS = 90
ACCESS_LIFETIME = 30 * 86400
REFRESH_LIFETIME = 60 * 86400  # the continuous refresh token
METRICS = ("IMPRESSION", "SAVE", "OUTBOUND_CLICK", "PIN_CLICK")
ALL_SCOPES = ("boards:read", "pins:read", "pins:write", "user_accounts:read")


@dataclass
class Token:
    user: str  # the username it acts for
    scopes: tuple[str, ...] = ALL_SCOPES
    expires_at: float = field(default_factory=lambda: time.time() + ACCESS_LIFETIME)

    @property
    def expired(self) -> bool:
        return self.expires_at <= time.time()


class FakePinterest(FakeNetwork):
    """State and routes of the fake Pinterest API v5."""

    def __init__(self) -> None:
        super().__init__()
        self.tokens: dict[str, Token] = {}
        self.refresh_tokens: dict[str, str] = {}  # refresh token → username
        self.apps: dict[str, str] = {}  # app id → secret
        self.boards: dict[str, str] = {}  # board id → owner's username
        self.pins: list[dict[str, Any]] = []  # newest first
        self.trial = False  # an app with Trial access calling production: no pin created
        self.rate_limited: list[int | None] = []  # reset seconds (None: no headers), a call each
        self._ids = itertools.count(1_098_000_000_000_000_001)
        self.route("POST", r"/v5/pins", self._create_pin)
        self.route("GET", r"/v5/boards/([^/]+)/pins", self._board_pins)
        self.route("GET", r"/v5/pins/([^/]+)/analytics", self._analytics)
        self.route("DELETE", r"/v5/pins/([^/]+)", self._delete)
        self.route("GET", r"/v5/user_account", self._user_account)
        self.route("GET", r"/v5/boards", self._list_boards)
        self.route("POST", r"/v5/oauth/token", self._token)

    def add_token(self, token: str, user: str, **options: Any) -> None:
        self.tokens[token] = Token(user, **options)

    def add_board(self, board_id: str, owner: str) -> None:
        self.boards[board_id] = owner

    def add_app(self, app_id: str, app_secret: str) -> None:
        self.apps[app_id] = app_secret

    def rate_limit(self, times: int = 1, reset: int | None = None) -> None:
        with self.lock:
            self.rate_limited += [reset] * times

    def reset(self) -> None:
        super().reset()
        self.pins.clear()
        self.rate_limited.clear()
        self.trial = False

    def pin(self, pin_id: str) -> dict[str, Any] | None:
        return next((p for p in self.pins if p["id"] == pin_id), None)

    # -- checks shared by every route --------------------------------------------------------

    def _caller(self, request: Request, scope: str) -> tuple[Response | None, str]:
        """Pinterest's refusal of this call (or None) and the caller's username."""
        header = request.headers.get("authorization", "")
        token = self.tokens.get(header[7:]) if header.startswith("Bearer ") else None
        if token is None or token.expired:
            return _error(401, 2, "Authentication failed."), ""
        if scope not in token.scopes:
            return _error(401, 3, f"Not authorized to access the resource ({scope})."), ""
        if self.rate_limited:
            reset = self.rate_limited.pop(0)
            refused = _error(429, 8, "You have exceeded your rate limit. Try again later.")
            if reset is not None:
                refused.headers.update(
                    {
                        "Retry-After": str(reset),
                        "X-RateLimit-Limit": "1000",
                        "X-RateLimit-Remaining": "0",
                        "X-RateLimit-Reset": str(reset),
                    }
                )
            return refused, ""
        return None, token.user

    # -- pins --------------------------------------------------------------------------------

    def _create_pin(self, request: Request, match: re.Match[str]) -> Response:
        refused, user = self._caller(request, "pins:write")
        if refused is not None:
            return refused
        if self.trial:
            return _error(
                403,
                29,
                "Apps with Trial access may not create Pins in production "
                "https://api.pinterest.com - use API Sandbox https://api-sandbox.pinterest.com "
                "instead.",
            )
        body = request.json() or {}
        if self.boards.get(str(body.get("board_id"))) != user:
            return _error(404, 2, "Board not found.")
        source = body.get("media_source") or {}
        url = str(source.get("url") or "")
        if source.get("source_type") != "image_url" or urlsplit(url).scheme not in (
            "http",
            "https",
        ):
            return _error(400, 1, "Invalid parameters: media_source.url must be an image URL.")
        for name, maximum in (
            ("title", MAX_TITLE),
            ("description", MAX_DESCRIPTION),
            ("alt_text", MAX_ALT_TEXT),
            ("link", MAX_LINK),
        ):
            value = body.get(name)
            if value is not None and (not isinstance(value, str) or len(value) > maximum):
                return _error(
                    400, 1, f"Invalid parameters: '{name}' is longer than {maximum} characters."
                )
        pin = {
            "id": str(next(self._ids)),
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
            "board_id": str(body["board_id"]),
            "board_owner": {"username": user},
            "link": body.get("link"),
            "title": body.get("title"),
            "description": body.get("description"),
            "alt_text": body.get("alt_text"),
            "media": {"media_type": "image", "images": {"originals": {"url": url}}},
            "metrics": dict.fromkeys(METRICS, 0),
        }
        self.pins.insert(0, pin)
        return Response(201, _public(pin))

    def _board_pins(self, request: Request, match: re.Match[str]) -> Response:
        refused, user = self._caller(request, "pins:read")
        if refused is not None:
            return refused
        board = match.group(1)
        if self.boards.get(board) != user:
            return _error(404, 2, "Board not found.")
        size = request.query.get("page_size", "25")
        if not size.isdigit() or not 1 <= int(size) <= 250:
            return _error(400, 1, "Invalid parameters: page_size must be 1 to 250.")
        on_board = [p for p in self.pins if p["board_id"] == board]
        start = int(request.query.get("bookmark") or 0)
        page = on_board[start : start + int(size)]
        more = start + int(size) < len(on_board)
        return Response(
            200,
            {
                "items": [_public(p) for p in page],
                "bookmark": str(start + int(size)) if more else None,
            },
        )

    def _analytics(self, request: Request, match: re.Match[str]) -> Response:
        refused, user = self._caller(request, "pins:read")
        if refused is not None:
            return refused
        pin = self.pin(match.group(1))
        if pin is None or pin["board_owner"]["username"] != user:
            return _error(404, 50, "Pin not found.")
        try:
            start = date.fromisoformat(request.query["start_date"])
            end = date.fromisoformat(request.query["end_date"])
        except (KeyError, ValueError):
            return _error(400, 1, "Invalid parameters: start_date and end_date, YYYY-MM-DD.")
        today = datetime.now(UTC).date()
        if not today - timedelta(days=ANALYTICS_DAYS) <= start <= end <= today:
            return _error(400, 1, "Invalid parameters: dates must be within the last 90 days.")
        asked = [m for m in request.query.get("metric_types", "").split(",") if m]
        if not asked or any(m not in METRICS for m in asked):
            return _error(400, 1, f"Invalid parameters: metric_types must be among {METRICS}.")
        summary = {m: pin["metrics"][m] for m in asked}
        daily = [{"date": end.isoformat(), "data_status": "READY", "metrics": summary}]
        return Response(
            200,
            {
                "all": {
                    "summary_metrics": summary,
                    "lifetime_metrics": summary,
                    "daily_metrics": daily,
                }
            },
        )

    def _delete(self, request: Request, match: re.Match[str]) -> Response:
        refused, user = self._caller(request, "pins:write")
        if refused is not None:
            return refused
        pin = self.pin(match.group(1))
        if pin is None or pin["board_owner"]["username"] != user:
            return _error(404, 50, "Pin not found.")
        self.pins.remove(pin)
        return Response(204)

    # -- the account -------------------------------------------------------------------------

    def _user_account(self, request: Request, match: re.Match[str]) -> Response:
        refused, user = self._caller(request, "user_accounts:read")
        if refused is not None:
            return refused
        return Response(200, {"username": user, "account_type": "BUSINESS"})

    def _list_boards(self, request: Request, match: re.Match[str]) -> Response:
        refused, user = self._caller(request, "boards:read")
        if refused is not None:
            return refused
        owned = [{"id": b, "owner": {"username": u}} for b, u in self.boards.items() if u == user]
        return Response(200, {"items": owned, "bookmark": None})

    def _token(self, request: Request, match: re.Match[str]) -> Response:
        header = request.headers.get("authorization", "")
        try:
            app_id, _, app_secret = base64.b64decode(header[6:]).decode().partition(":")
        except ValueError:
            app_id = app_secret = ""
        if not header.startswith("Basic ") or self.apps.get(app_id) != app_secret:
            return _error(401, 2, "Authentication failed.")
        fields = request.fields()
        user = self.refresh_tokens.get(fields.get("refresh_token", ""))
        if fields.get("grant_type") != "refresh_token" or user is None:
            return _error(400, 1, "Invalid parameters: refresh_token.")
        token, renewal = "pina_" + secrets.token_urlsafe(24), "pinr_" + secrets.token_urlsafe(24)
        self.add_token(token, user)
        self.refresh_tokens[renewal] = user
        return Response(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": ACCESS_LIFETIME,
                "scope": ",".join(ALL_SCOPES),
                "response_type": "refresh_token",
                "refresh_token": renewal,
                "refresh_token_expires_in": REFRESH_LIFETIME,
                "refresh_token_expires_at": int(time.time()) + REFRESH_LIFETIME,
            },
        )


def _public(pin: dict[str, Any]) -> dict[str, Any]:
    """A pin as the API shows it (without the fake's metrics)."""
    return {k: v for k, v in pin.items() if k != "metrics"}


def _error(status: int, code: int, message: str) -> Response:
    return Response(status, {"code": code, "message": message})
