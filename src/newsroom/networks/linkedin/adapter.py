"""LinkedIn organization pages through the versioned Posts API (`/rest/posts`), with httpx.

Credentials: `access_token` — a 3-legged OAuth token of a page administrator with the
`w_organization_social` scope (and `r_organization_social` for `find`/`stats`). Such tokens
last 60 days. The account's `handle` is the organization URN (`urn:li:organization:<id>`).

The commentary is "little text": its reserved characters are backslash-escaped here, else
LinkedIn silently cuts the post at the first one while answering success, and its hashtags are
sent as LinkedIn's hashtag template (`{hashtag|\\#|Governance}`), which makes them real
hashtags (an escaped `\\#Governance` is plain text). See counting.linkedin_commentary.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

import httpx

from ...image_metadata import published_image
from .. import counting
from ..base import (
    AccountStatus,
    AuthError,
    Interactions,
    NetworkError,
    Post,
    RateLimited,
    RejectedError,
    Sent,
    TransientError,
)
from ..base import Adapter as BaseAdapter
from ..support import (
    account_label,
    carries_item_link,
    from_epoch,
    image_type,
    refused,
    require_secrets,
    urls_written_in,
)

API = "https://api.linkedin.com"
INTROSPECT = "https://www.linkedin.com/oauth/v2/introspectToken"
# Versions are served for about a year; override per account with `api_version` if the
# configuration declares one (see the report to the lead), else this one.
DEFAULT_VERSION = "202608"
RECENT_POSTS = 50  # searched by find()
RENEW = (
    "LinkedIn access tokens last 60 days: a page administrator renews it (LinkedIn developer "
    "portal → your app → Auth → OAuth 2.0 tools, scope w_organization_social) and updates "
    "the secret"
)


class Adapter(BaseAdapter):
    """One LinkedIn organization page."""

    network = "linkedin"
    timeout = 30.0

    _http: httpx.Client | None = None

    def publish(self, post: Post) -> Sent:
        article: dict[str, Any] = {
            "source": post.card.url,
            "title": post.card.title,
            "description": post.card.description,
        }
        if post.card.image is not None:
            article["thumbnail"] = self._upload_image(post)
        body = {
            "author": self.settings.handle,
            "commentary": counting.linkedin_commentary(post.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "content": {"article": article},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        try:
            response = self._call("POST", "/rest/posts", "posting", json=body)
        except RejectedError as error:
            if "DUPLICATE_POST" not in str(error):
                raise
            # LinkedIn refuses an identical post: we sent it before (perhaps before a crash).
            found = self.find(post)
            if found is None:
                raise
            return found
        urn = response.headers.get("x-restli-id", "")
        return self._sent(urn, datetime.now(UTC))

    def find(self, post: Post) -> Sent | None:
        query = f"author={quote(self.settings.handle, safe='')}&q=author&count={RECENT_POSTS}"
        response = self._call(
            "GET", f"/rest/posts?{query}", "listing the page's posts", finder=True
        )
        for element in response.json().get("elements", []):
            if _links_to(element, post.link):
                created = element.get("createdAt") or element.get("publishedAt")
                at = from_epoch(created / 1000) if isinstance(created, int) else None
                return self._sent(element["id"], at)
        return None

    def interactions(self, sent: Sent) -> Interactions:
        try:
            response = self._call(
                "GET", f"/rest/socialActions/{quote(sent.post_id, safe='')}", "reading reactions"
            )
        except RejectedError as error:
            if "404" in str(error):
                return Interactions(deleted=True)
            raise
        data = response.json()
        return Interactions(
            counts={
                "likes": data.get("likesSummary", {}).get("totalLikes", 0),
                "comments": data.get("commentsSummary", {}).get("aggregatedTotalComments", 0),
            }
        )

    def clicks(self, sent: Sent) -> int | None:
        """`clickCount` of the post's lifetime organic statistics (Organization Share
        Statistics, `organizationalEntityShareStatistics`, permission rw_organization_admin);
        LinkedIn keeps the last 12 months. None when LinkedIn has no statistics for it."""
        kind = "ugcPosts" if sent.post_id.startswith("urn:li:ugcPost:") else "shares"
        query = (
            f"q=organizationalEntity&organizationalEntity={quote(self.settings.handle, safe='')}"
            f"&{kind}=List({quote(sent.post_id, safe='')})"
        )
        response = self._call(
            "GET", f"/rest/organizationalEntityShareStatistics?{query}", "reading link clicks"
        )
        for element in response.json().get("elements", []):
            count = (element.get("totalShareStatistics") or {}).get("clickCount")
            if isinstance(count, int):
                return count
        return None

    def check_account(self) -> AccountStatus:
        """Token introspection (`POST /oauth/v2/introspectToken`: active, expiry, scopes) when
        the app's `client_id` and `client_secret` are configured, then the token's roles
        (`GET /rest/organizationAcls?q=roleAssignee`): is it an administrator of the page,
        and is the account's `LinkedIn-Version` still served? Without the app's credentials
        the expiry and scopes are unknown."""
        retires = version_retirement(self._version())
        try:
            info = self._introspect()
            if info is not None and not info.get("active"):
                state = info.get("status") or "not active"
                return AccountStatus(
                    reachable=True,
                    problems=(
                        f"{account_label(self)}: LinkedIn says the token is {state} — {RENEW}",
                    ),
                    expires_at=from_epoch(info.get("expires_at")),
                    version_retires=retires,
                )
            administered = self._administered()
        except NetworkError as error:
            return replace(refused(error), version_retires=retires)
        return self._status(info, administered, retires)

    def close(self) -> None:
        if self._http is not None:
            self._http.close()

    # -- internals ---------------------------------------------------------------------------

    def _client(self) -> httpx.Client:
        if self._http is None:
            token = require_secrets(self, "access_token")["access_token"]
            version = getattr(self.settings, "api_version", None) or DEFAULT_VERSION
            self._http = httpx.Client(
                base_url=(self.settings.base_url or API).rstrip("/"),
                headers={
                    "Authorization": f"Bearer {token}",
                    "LinkedIn-Version": version,
                    "X-Restli-Protocol-Version": "2.0.0",
                },
                timeout=self.timeout,
            )
        return self._http

    def _version(self) -> str:
        return getattr(self.settings, "api_version", None) or DEFAULT_VERSION

    def _introspect(self) -> dict[str, Any] | None:
        """LinkedIn's word on the token, or None without the app's client id and secret."""
        if not (self.secrets.get("client_id") and self.secrets.get("client_secret")):
            return None
        keys = require_secrets(self, "client_id", "client_secret", "access_token")
        base = self.settings.base_url
        url = f"{base.rstrip('/')}/oauth/v2/introspectToken" if base else INTROSPECT
        form = {
            "client_id": keys["client_id"],
            "client_secret": keys["client_secret"],
            "token": keys["access_token"],
        }
        with self._errors("introspecting the token"):
            # Its own request: the client credentials are the authentication, not the token.
            response = httpx.post(url, data=form, timeout=self.timeout)
            if response.status_code in (400, 401):
                keys = ("client_id", "client_secret")
                names = [self.settings.credentials.get(k, k) for k in keys]
                raise AuthError(
                    f"{account_label(self)}: LinkedIn refused the app's client id or secret while "
                    f"introspecting the token — check the variables {', '.join(names)}"
                )
            _raise_for(response)
        answer = response.json()
        return answer if isinstance(answer, dict) else {}

    def _administered(self) -> set[str]:
        """The organizations the token's member administers (approved roles)."""
        query = "q=roleAssignee&role=ADMINISTRATOR&state=APPROVED"
        response = self._call("GET", f"/rest/organizationAcls?{query}", "reading the roles")
        return {
            str(element.get("organization") or element.get("organizationTarget") or "")
            for element in response.json().get("elements", [])
        }

    def _status(
        self, info: dict[str, Any] | None, administered: set[str], retires: date | None
    ) -> AccountStatus:
        problems = ()
        if self.settings.handle not in administered:
            problems = (
                f"{account_label(self)}: "
                f"the token's member is no administrator of {self.settings.handle} "
                "— a page administrator must create the token",
            )
        missing: tuple[str, ...] = ()
        detail = "expiry unknown: set client_id and client_secret to introspect the token"
        if info is not None:
            scopes = {s.strip() for s in str(info.get("scope") or "").split(",")}
            missing = tuple(p for p in self.declaration.permissions if p not in scopes)
            detail = f"scopes: {', '.join(sorted(scopes - {''}))}"
        return AccountStatus(
            reachable=True,
            problems=problems,
            expires_at=from_epoch(info.get("expires_at")) if info else None,
            version_retires=retires,
            missing_permissions=missing,
            detail=f"LinkedIn-Version {self._version()}; {detail}",
        )

    def _upload_image(self, post: Post) -> str:
        """Upload the card image (initializeUpload, then PUT); its `urn:li:image:…`."""
        assert post.card.image is not None
        init = {"initializeUploadRequest": {"owner": self.settings.handle}}
        value = self._call(
            "POST", "/rest/images?action=initializeUpload", "preparing the image", json=init
        ).json()["value"]
        self._call(
            "PUT",
            value["uploadUrl"],
            "uploading the image",
            content=published_image(post.card.image),
            headers={"Content-Type": image_type(post.card.image)},
        )
        return value["image"]

    def _call(
        self, method: str, url: str, doing: str, finder: bool = False, **kw: Any
    ) -> httpx.Response:
        headers = kw.pop("headers", {})
        if finder:
            headers["X-RestLi-Method"] = "FINDER"
        with self._errors(doing):
            response = self._client().request(method, url, headers=headers, **kw)
            _raise_for(response)
        return response

    def _sent(self, urn: str, at: datetime | None) -> Sent:
        return Sent(urn, f"https://www.linkedin.com/feed/update/{urn}/", at)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        account = account_label(self)
        try:
            yield
        except _Failure as failure:
            raise failure.translate(account, doing) from None
        except httpx.HTTPError as error:
            raise TransientError(
                f"{account}: no answer from LinkedIn while {doing} ({type(error).__name__})"
            ) from None


class _Failure(Exception):
    """A non-2xx answer, kept until the adapter knows which account and action it was."""

    def __init__(self, response: httpx.Response):
        super().__init__(response.status_code)
        self.response = response

    def translate(self, account: str, doing: str) -> Exception:
        status = self.response.status_code
        detail = _detail(self.response)
        if status == 401:
            return AuthError(f"{account}: LinkedIn refused the token while {doing} — {RENEW}")
        if status == 426 or "VERSION" in detail:
            return AuthError(
                f"{account}: LinkedIn no longer serves this API version ({detail}) — set a "
                "newer LinkedIn-Version (YYYYMM) for the account"
            )
        if status == 403:
            return AuthError(
                f"{account}: LinkedIn forbids this while {doing} ({detail}) — the token needs "
                "w_organization_social and an administrator role on the page"
            )
        if status == 429:
            reset = _retry_after(self.response)
            return RateLimited(f"{account}: LinkedIn rate limit while {doing}", reset)
        if status >= 500:
            return TransientError(f"{account}: LinkedIn server error {status} while {doing}")
        return RejectedError(f"{account}: LinkedIn refused ({status}) while {doing}: {detail}")


def version_retirement(version: str) -> date | None:
    """When LinkedIn stops serving a `LinkedIn-Version` (YYYYMM): each version is supported
    "for a minimum of one year"; the sunset dates LinkedIn publishes fall mid-month a year
    on (202411 → 17 November 2025, 202601 → 15 January 2027), so the 15th of the same month
    a year later: never after the published date."""
    match = re.fullmatch(r"(20\d\d)(0[1-9]|1[0-2])(?:\.\d\d)?", version)
    if match is None:
        return None
    return date(int(match.group(1)) + 1, int(match.group(2)), 15)


def _raise_for(response: httpx.Response) -> None:
    if not response.is_success:
        raise _Failure(response)


def _detail(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return response.reason_phrase
    if not isinstance(data, dict):
        return response.reason_phrase
    return " ".join(str(data[k]) for k in ("code", "message") if data.get(k)) or str(data)


def _retry_after(response: httpx.Response) -> datetime | None:
    value = response.headers.get("retry-after")
    if value and value.isdigit():
        return from_epoch(datetime.now(UTC).timestamp() + int(value))
    return None


def _links_to(element: dict[str, Any], link: str) -> bool:
    source = element.get("content", {}).get("article", {}).get("source")
    commentary = re.sub(r"\\(.)", r"\1", str(element.get("commentary") or ""))
    return carries_item_link([source, *urls_written_in(commentary)], link)
