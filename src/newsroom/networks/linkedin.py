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
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import httpx

from . import counting
from .base import Adapter as BaseAdapter
from .base import (
    AuthError,
    Interactions,
    Limits,
    Post,
    RateLimited,
    RejectedError,
    Sent,
    TransientError,
)
from .support import (
    carries_item_link,
    from_epoch,
    image_type,
    require_secrets,
    urls_written_in,
    who,
)

API = "https://api.linkedin.com"
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

    def limits(self) -> Limits:
        return Limits(counting.LINKEDIN_MAX, "characters", url_length=None, max_media=1)

    def measure(self, text: str) -> int:
        return counting.linkedin_length(text)

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
            content=post.card.image.read_bytes(),
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
        account = who(self)
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
