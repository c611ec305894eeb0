"""X (Twitter) through tweepy's v2 `Client`, OAuth 1.0a user context.

Credentials (keys of `credentials:` in newsroom.yml): `consumer_key`, `consumer_secret`
(the app's "API key" and "API key secret"), `access_token`, `access_token_secret` (the
account's, generated with read+write permission). OAuth 1.0a because its user tokens do
not expire, where OAuth 2.0 user tokens last two hours and need a refresh flow CI cannot do.

Images go through v2 `POST /2/media/upload` + `POST /2/media/metadata` (alt text): tweepy
4.17 has no v2 upload method and v1.1 upload is being retired, so we send them through
tweepy's own signed `Client.request`.

tweepy's host is fixed (`https://api.twitter.com`); when `base_url` is set (tests), a
requests transport adapter on tweepy's session sends those requests to it instead.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import tweepy
from requests.adapters import HTTPAdapter

from ... import clock
from ...image_metadata import published_image
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
from ..base import (
    Adapter as BaseAdapter,
)
from ..support import (
    account_label,
    carries_item_link,
    from_epoch,
    image_type,
    refused,
    require_secrets,
    urls_written_in,
)

CREDENTIALS = ("consumer_key", "consumer_secret", "access_token", "access_token_secret")
X_HOSTS = {"api.twitter.com", "upload.twitter.com", "api.x.com"}
TIMELINE_DEPTH = 100  # recent posts searched by find(): several days of an institution's posts


class _Transport(HTTPAdapter):
    """Gives every request a timeout (tweepy sets none) and, in tests, another host."""

    def __init__(self, base_url: str | None, timeout: float):
        super().__init__()
        self.base_url = base_url.rstrip("/") if base_url else None
        self.timeout = timeout

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        parts = urlsplit(request.url or "")
        if self.base_url and parts.hostname in X_HOSTS:
            request.url = self.base_url + parts.path + (f"?{parts.query}" if parts.query else "")
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().send(request, **kwargs)


class Adapter(BaseAdapter):
    """One X account."""

    network = "x"
    timeout = 30.0  # seconds per request

    _client: tweepy.Client | None = None
    _user_id: str | None = None

    def publish(self, post: Post) -> Sent:
        client = self._tweepy()
        images = [(post.image, post.image_alt)] if post.image else []
        # The gallery's photos after the image: up to 4 in all (compose keeps within it).
        media_ids = [self._upload_image(path, alt) for path, alt in [*images, *post.gallery]]
        try:
            with self._errors("posting"):
                response = client.create_tweet(text=post.text, media_ids=media_ids or None)
        except RejectedError as error:
            # X refuses an identical text with 403 "duplicate content": we may have posted it
            # before a crash; if so, it is on the timeline.
            if "duplicate" not in str(error).lower():
                raise
            found = self.find(post)
            if found is None:
                raise
            return found
        return self._sent(response.data["id"])

    def find(self, post: Post) -> Sent | None:
        client = self._tweepy()
        with self._errors("reading the timeline"):
            tweets = client.get_users_tweets(
                self._own_id(),
                max_results=TIMELINE_DEPTH,
                tweet_fields=["created_at", "entities"],
                user_auth=True,
            ).data
        for tweet in tweets or []:
            if _links_to(tweet, post.link):
                return self._sent(tweet.id, tweet.created_at)
        return None

    def interactions(self, sent: Sent) -> Interactions:
        client = self._tweepy()
        try:
            with self._errors("reading a post's metrics"):
                tweet = client.get_tweet(
                    sent.post_id, tweet_fields=["public_metrics"], user_auth=True
                ).data
        except RejectedError as error:
            if "404" in str(error):
                return Interactions(deleted=True)
            raise
        if tweet is None:  # X answers 200 with an error object for a deleted post
            return Interactions(deleted=True)
        return Interactions(counts=dict(tweet.public_metrics or {}))

    def clicks(self, sent: Sent) -> int | None:
        """`non_public_metrics.url_link_clicks`, which X gives only to the posting user and
        only for posts of the last 30 days (docs.x.com, "Metrics"): None after that."""
        age = (clock.now() - sent.at).total_seconds() / 86400 if sent.at else None
        if age is None or age > NON_PUBLIC_METRICS_DAYS:
            return None
        with self._errors("reading a post's link clicks"):
            tweet = (
                self._tweepy()
                .get_tweet(sent.post_id, tweet_fields=["non_public_metrics"], user_auth=True)
                .data
            )
        if tweet is None:
            return None
        count = (tweet.non_public_metrics or {}).get("url_link_clicks")
        return count if isinstance(count, int) else None

    def check_account(self) -> AccountStatus:
        """`GET /2/users/me`: the four keys work and belong to the configured account.

        OAuth 1.0a user tokens do not expire, so no date; a 403 saying the app is not
        enrolled in a Project or that OAuth 1.0a is refused is X's access change of 2026.
        """
        try:
            with self._errors("checking the account"):
                try:
                    me = self._tweepy().get_me(user_auth=True).data
                except tweepy.Forbidden as error:
                    access = _access_refused(error)
                    if access is None:
                        raise
                    problem = f"{account_label(self)}: {access}"
                    return AccountStatus(reachable=True, problems=(problem,))
        except NetworkError as error:
            return refused(error)
        username = str(me.username)
        problems = ()
        if username.lower() != self.settings.handle.lstrip("@").lower():
            problems = (
                f"{account_label(self)}: "
                f"the tokens belong to @{username}, not {self.settings.handle} — "
                "generate the access token and secret while logged in as the account",
            )
        detail = f"@{username} (id {me.id}); OAuth 1.0a user tokens do not expire"
        return AccountStatus(reachable=True, problems=problems, detail=detail)

    def close(self) -> None:
        if self._client is not None:
            self._client.session.close()

    # -- internals ---------------------------------------------------------------------------

    def _tweepy(self) -> tweepy.Client:
        if self._client is None:
            keys = require_secrets(self, *CREDENTIALS)
            client = tweepy.Client(**keys, wait_on_rate_limit=False)
            transport = _Transport(self.settings.base_url, self.timeout)
            client.session.mount("https://", transport)
            client.session.mount("http://", transport)
            self._client = client
        return self._client

    def _own_id(self) -> str:
        if self._user_id is None:
            with self._errors("reading the account"):
                self._user_id = str(self._tweepy().get_me(user_auth=True).data.id)
        return self._user_id

    def _upload_image(self, image: Path, alt: str | None) -> str:
        client = self._tweepy()
        body = {
            "media": base64.b64encode(published_image(image)).decode("ascii"),
            "media_category": "tweet_image",
            "media_type": image_type(image),
        }
        with self._errors("uploading the image"):
            media_id = client.request("POST", "/2/media/upload", json=body, user_auth=True)
            media_id = media_id.json()["data"]["id"]
            if alt:
                metadata = {"id": media_id, "metadata": {"alt_text": {"text": alt}}}
                client.request("POST", "/2/media/metadata", json=metadata, user_auth=True)
        return str(media_id)

    def _sent(self, tweet_id: Any, at: Any = None) -> Sent:
        username = self.settings.handle.lstrip("@")
        return Sent(str(tweet_id), f"https://x.com/{username}/status/{tweet_id}", at)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Translate tweepy's and requests' exceptions into the adapter interface's errors."""
        account = account_label(self)
        try:
            yield
        except tweepy.TooManyRequests as error:
            reset = from_epoch(error.response.headers.get("x-rate-limit-reset"))
            raise RateLimited(f"{account}: rate limited while {doing}", reset) from None
        except tweepy.Unauthorized:
            raise AuthError(
                f"{account}: X refused the credentials (401) while {doing} — check the four "
                f"OAuth 1.0a keys ({', '.join(CREDENTIALS)}) in the environment variables "
                f"named in newsroom.yml"
            ) from None
        except tweepy.Forbidden as error:
            message = _api_message(error)
            if "duplicate" in message.lower():
                raise RejectedError(f"{account}: duplicate content: {message}") from None
            raise AuthError(
                f"{account}: X forbids this (403) while {doing}: {message} — does the app "
                "have read and write permission, and were the tokens generated after it?"
            ) from None
        except tweepy.TwitterServerError as error:
            status = error.response.status_code
            raise TransientError(f"{account}: X server error {status} while {doing}") from None
        except tweepy.HTTPException as error:
            status = error.response.status_code
            raise RejectedError(
                f"{account}: X refused ({status}) while {doing}: {_api_message(error)}"
            ) from None
        except requests.RequestException as error:
            # The exception text may quote request details; the class name is enough.
            raise TransientError(
                f"{account}: no answer from X while {doing} ({type(error).__name__})"
            ) from None


def _access_refused(error: tweepy.Forbidden) -> str | None:
    """What X's 403 says when the app's access, not the token, is refused (X's API access
    changes of 2026: apps outside a Project, OAuth 1.0a refused on an endpoint); else None."""
    try:
        body = error.response.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    reason, title = str(body.get("reason") or ""), str(body.get("title") or "")
    if reason == "client-not-enrolled":
        return (
            "X refuses the app (403 client-not-enrolled): since X's 2026 access changes an app "
            "must belong to a Project with an API access plan — attach the app to a Project in "
            "the developer portal (Projects & Apps), then regenerate the access token and secret"
        )
    if title == "Unsupported Authentication" or "unsupported-authentication" in str(
        body.get("type") or ""
    ):
        return (
            "X no longer accepts OAuth 1.0a user tokens here (403 Unsupported Authentication) "
            "— check the app's access plan and authentication settings in the developer portal"
        )
    return None


def _api_message(error: tweepy.HTTPException) -> str:
    messages = list(error.api_messages) or [error.response.reason or ""]
    return "; ".join(str(m) for m in messages)


def _links_to(tweet: tweepy.Tweet, link: str) -> bool:
    """Whether a post carries the item's link (X shows t.co in the text; entities keep ours)."""
    entities = [u for u in (tweet.entities or {}).get("urls", []) if isinstance(u, dict)]
    urls = [u.get(key) for u in entities for key in ("expanded_url", "unwound_url")]
    return carries_item_link([*urls, *urls_written_in(tweet.text or "")], link)


# Non-public metrics (link clicks) exist only for posts created within the last 30 days.
NON_PUBLIC_METRICS_DAYS = 30
