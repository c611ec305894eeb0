"""What Meta's Graph APIs share (Facebook Pages, Instagram, Threads): the HTTP client with the
token in a header, `debug_token`, and the error object of a failed call.

Meta documents these once for all its Graph APIs (developers.facebook.com/docs/graph-api/
guides/error-handling, /docs/facebook-login/guides/debugging): each network's adapter keeps
only its own host, credential key and what its error codes mean.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import httpx

from .base import Adapter, AuthError, NetworkError, RateLimited, RejectedError, TransientError
from .declaration import Network
from .support import account_label, require_secrets


def graph_client(
    token: str,
    base_url: str,
    version: str,
    timeout: float,
    transport: httpx.BaseTransport | None = None,
) -> httpx.Client:
    """A client for `{base_url}/{version}/…`, the token sent as a bearer header rather than
    `access_token=`: URLs end up in logs."""
    return httpx.Client(
        base_url=f"{base_url.rstrip('/')}/{version}/",
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
        transport=transport,
    )


def debug_token(
    call: Callable[..., httpx.Response], token: str, secrets: Mapping[str, str]
) -> dict[str, Any]:
    """The `data` of `GET /debug_token?input_token=…`: validity, expiry, scopes.

    Asked with the app's token (`app_id|app_secret`) when the account names both, else with
    the token itself (Meta answers that for tokens of the app's own developers and testers).
    The inspected token must travel in the query (Meta reads it nowhere else); printed logs
    mask secrets. `call` is the adapter's (method, path, doing, **httpx options).
    """
    headers = {}
    if secrets.get("app_id") and secrets.get("app_secret"):
        headers["Authorization"] = f"Bearer {secrets['app_id']}|{secrets['app_secret']}"
    answer = call(
        "GET", "debug_token", "inspecting the token", params={"input_token": token},
        headers=headers,
    )  # fmt: skip
    data = answer.json().get("data")
    return data if isinstance(data, dict) else {}


def graph_time(value: str | None) -> datetime | None:
    """A Graph API time (`2026-11-20T10:00:00+0000`); None when absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        return None


def token_expiry(value: object) -> datetime | None:
    """debug_token's `expires_at`: a Unix time; 0 (or nothing) means it never expires."""
    if not isinstance(value, int) or value <= 0:
        return None
    return datetime.fromtimestamp(value, tz=UTC)


def error_object(response: httpx.Response) -> dict[str, Any]:
    """The `error` object of a Graph API answer (`code`, `error_subcode`, `message`…); empty
    when the answer holds none (a proxy's page, a bare 5xx)."""
    try:
        data = response.json()
    except ValueError:
        return {}
    error = data.get("error") if isinstance(data, dict) else None
    return error if isinstance(error, dict) else {}


# Meta's error codes, the same for every Graph API (graph-api/guides/error-handling).
AUTH_CODES = frozenset({102, 190})  # session / access token invalid or expired
PERMISSION_CODES = frozenset({10, 200})  # a permission is missing (200-299 as well)
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613})  # app, user, page and custom rate limits
TRANSIENT_CODES = frozenset({1, 2})  # "unknown error", "service temporarily unavailable"
DEPRECATED_VERSION_CODES = frozenset({2635, 12})  # the API version is no longer served
MISSING = (100, 33)  # code, subcode: the object does not exist (a deleted post)


class GraphMissing(RejectedError):
    """The object does not exist (a deleted post): error 100, subcode 33, or HTTP 404."""


def translate(
    response: httpx.Response,
    account: str,
    doing: str,
    network: Network,
    *,
    rate_limit_codes: frozenset[int] = frozenset(),
    transient_codes: frozenset[int] = frozenset(),
    reset: datetime | None = None,
) -> NetworkError:
    """The NetworkError for a Graph API error answer, in the network's words (its label, how
    to renew a token, the permissions it needs); never quoting the token. A network's own
    codes (Instagram's publishing limit) come as `rate_limit_codes`/`transient_codes`."""
    status = response.status_code
    error = error_object(response)
    code, subcode = error.get("code"), error.get("error_subcode")
    message = error.get("error_user_msg") or error.get("message") or response.reason_phrase
    where = f"code {code}" + (f"/{subcode}" if subcode else "") if code is not None else "HTTP"
    detail, name = f"{where}: {message}", network.label
    if code in AUTH_CODES or status == 401:
        return AuthError(f"{account}: {name} refused the token while {doing} ({detail}) — "
                         f"{network.renew}")  # fmt: skip
    if code in DEPRECATED_VERSION_CODES:
        return AuthError(
            f"{account}: {name} no longer serves this API version ({detail}) — set a newer "
            f"`api_version` (e.g. {network.api_version}) for the account"
        )
    if code in PERMISSION_CODES or (isinstance(code, int) and 200 <= code <= 299):
        return AuthError(
            f"{account}: {name} forbids this while {doing} ({detail}) — the token needs "
            f"{', '.join(network.permissions)}"
        )
    if code in RATE_LIMIT_CODES | rate_limit_codes or status == 429:
        return RateLimited(f"{account}: {name} rate limit while {doing} ({detail})", reset)
    if status >= 500 or code in TRANSIENT_CODES | transient_codes or error.get("is_transient"):
        return TransientError(f"{account}: {name} server error {status} while {doing} ({detail})")
    if status == 404 or (code, subcode) == MISSING:
        return GraphMissing(f"{account}: {name} has no such object while {doing} ({detail})")
    return RejectedError(f"{account}: {name} refused ({status}) while {doing}: {detail}")


class GraphAdapter(Adapter):
    """An account on one of Meta's Graph APIs: its client (token from `token_key`, version
    from the account's `api_version` or the declaration's), calls whose failures become
    NetworkErrors (`error_for`), and `debug_token`."""

    api: ClassVar[str]  # the API host, e.g. https://graph.facebook.com (`base_url` overrides)
    token_key: ClassVar[str] = "access_token"  # the credential holding the account's token
    timeout = 30.0
    transport: httpx.BaseTransport | None = None  # tests put a fault-injecting one here

    _http: httpx.Client | None = None

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    def _token(self) -> str:
        return require_secrets(self, self.token_key)[self.token_key]

    def _client(self) -> httpx.Client:
        if self._http is None:
            version = self.settings.api_version or self.declaration.api_version or ""
            base = self.settings.base_url or self.api
            self._http = graph_client(self._token(), base, version, self.timeout, self.transport)
        return self._http

    def _call(self, method: str, path: str, doing: str, **kw: Any) -> httpx.Response:
        """One request; `path` is below the version, or from the host's root when it starts
        with `/` (Threads' token endpoints are not versioned)."""
        account = account_label(self)
        if path.startswith("/"):
            base = urlsplit(str(self._client().base_url))
            path = f"{base.scheme}://{base.netloc}{path}"
        try:
            response = self._client().request(method, path, **kw)
        except httpx.HTTPError as error:
            raise TransientError(
                f"{account}: no answer from {self.declaration.label} while {doing} "
                f"({type(error).__name__})"
            ) from None
        if not response.is_success:
            raise self.error_for(response, account, doing)
        return response

    def error_for(self, response: httpx.Response, account: str, doing: str) -> NetworkError:
        """The NetworkError of a failed call (a network adds its own codes here)."""
        return translate(response, account, doing, self.declaration)

    def _debug_token(self) -> dict[str, Any]:
        return debug_token(self._call, self._token(), self.secrets)


def poll_waits(defaults: tuple[float, ...]) -> tuple[float, ...]:
    """The waits between reads of a media container's status: `defaults`, or each
    `$NEWSROOM_POLL_WAIT` seconds when set (like `NEWSROOM_RETRY_WAIT` for retries)."""
    setting = os.environ.get("NEWSROOM_POLL_WAIT")
    return defaults if setting is None else tuple(float(setting) for _ in defaults)
