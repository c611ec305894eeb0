"""A fake X API v2 on loopback, enforcing the documented rules Newsroom relies on.

Rules enforced (each is what X does, per its docs or observed behaviour):
- OAuth 1.0a user context: the HMAC-SHA1 signature is verified against the registered
  consumer and token secrets (as tweepy signs for `https://api.twitter.com`); else 401.
- `POST /2/tweets`: at most 280 weighted characters (twitter-text: URLs 23, CJK/emoji 2),
  else 400; the same text twice from one account → 403 "duplicate content"; per-user rate
  limit (200 per 15 min by default) with `x-rate-limit-limit/remaining/reset` headers and 429.
  Stored text has its links rewritten to t.co, with `entities.urls[].expanded_url`, as X does.
- `POST /2/media/upload` (base64 JSON body, `media_category`) and `POST /2/media/metadata`
  (alt text ≤ 1,000 characters); unknown or foreign media ids in a post → 400.
- `GET /2/users/me`, `GET /2/users/:id/tweets` (newest first, `max_results` 5 to 100),
  `GET /2/tweets/:id` with `public_metrics`.
- `refuse_access(access_token, reason)`: every call of that user answers X's 403 of the 2026
  access changes, `client-not-enrolled` (app outside a Project) or `unsupported-authentication`
  (OAuth 1.0a refused), with X's problem bodies.
Inspection: `fake.tweets`, `fake.media`, `GET /_fake/tweets`; faults: see loopback.py.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from oauthlib.oauth1.rfc5849 import signature, utils

from newsroom.networks.x import text as x_text
from tests.servers.loopback import FakeNetwork, Request, Response

SIGNED_HOST = "https://api.twitter.com"  # tweepy signs for this host, whatever we redirect to
DUPLICATE = "You are not allowed to create a Tweet with duplicate content."
NON_PUBLIC_DAYS = 30
# X's 403 bodies when the app's access, not the token, is refused.
ACCESS_REFUSALS: dict[str, dict[str, Any]] = {
    "client-not-enrolled": {
        "client_id": "12345678",
        "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use "
        "keys and tokens from a Twitter developer App that is attached to a Project. You can "
        "create a project via the developer portal.",
        "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
        "title": "Client Forbidden",
        "required_enrollment": "Appropriate Level of API Access",
        "reason": "client-not-enrolled",
        "type": "https://api.twitter.com/2/problems/client-forbidden",
    },
    "unsupported-authentication": {
        "title": "Unsupported Authentication",
        "detail": "Authenticating with OAuth 1.0a User Context is forbidden for this endpoint. "
        "Supported authentication types are [OAuth 2.0 Application-Only].",
        "type": "https://api.twitter.com/2/problems/unsupported-authentication",
        "status": 403,
    },
}


@dataclass
class User:
    id: str
    username: str
    consumer_key: str
    consumer_secret: str
    access_token: str
    access_token_secret: str
    posted_at: list[float] = field(default_factory=list)  # for the rate limit


MAX_MEDIA = 4  # photos in one post


class FakeX(FakeNetwork):
    """State and routes of the fake X."""

    def __init__(self, rate_limit: int = 200, window: int = 900) -> None:
        super().__init__()
        self.rate_limit, self.window = rate_limit, window
        self.users: dict[str, User] = {}  # by access token
        self.refusals: dict[str, str] = {}  # access token → 403 reason (refuse_access)
        self.tweets: list[dict[str, Any]] = []
        self.media: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1_800_000_000_000_000_000)
        self.route("POST", r"/2/tweets", self._create_tweet)
        self.route("POST", r"/2/media/upload", self._upload)
        self.route("POST", r"/2/media/metadata", self._metadata)
        self.route("GET", r"/2/users/me", self._me)
        self.route("GET", r"/2/users/(\d+)/tweets", self._timeline)
        self.route("GET", r"/2/tweets/(\d+)", self._tweet)
        self.route("GET", r"/_fake/tweets", lambda r, m: Response(200, self.tweets))

    def add_user(self, username: str, **keys: str) -> User:
        """Register an account and its app; `keys` are tweepy's four OAuth 1.0a names."""
        user = User(id=str(next(self._ids)), username=username, **keys)
        self.users[user.access_token] = user
        return user

    def refuse_access(self, access_token: str, reason: str) -> None:
        """From now on, answer this user's calls with X's 403 for `reason`."""
        assert reason in ACCESS_REFUSALS, reason
        self.refusals[access_token] = reason

    def reset(self) -> None:
        super().reset()
        self.refusals.clear()
        self.tweets.clear()
        self.media.clear()
        for user in self.users.values():
            user.posted_at.clear()

    # -- authentication ----------------------------------------------------------------------

    def _authenticate(self, request: Request) -> User | Response:
        header = request.headers.get("authorization", "")
        if not header.startswith("OAuth "):
            return _problem(401, "Unauthorized", "Unauthorized")
        # Header values are percent-encoded (RFC 5849 §3.5.1): compare the decoded keys.
        oauth = {k: utils.unescape(v) for k, v in utils.parse_authorization_header(header)}
        user = self.users.get(oauth.get("oauth_token", ""))
        if user is None or oauth.get("oauth_consumer_key") != user.consumer_key:
            return _problem(401, "Unauthorized", "Unauthorized")
        params = signature.collect_parameters(
            uri_query=request.raw_query,
            headers={"Authorization": header},
            exclude_oauth_signature=True,
        )
        base = signature.signature_base_string(
            request.method,
            signature.base_string_uri(SIGNED_HOST + request.path),
            signature.normalize_parameters(params),
        )
        key = f"{utils.escape(user.consumer_secret)}&{utils.escape(user.access_token_secret)}"
        digest = hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()
        expected = base64.b64encode(digest).decode()
        if expected != oauth.get("oauth_signature", ""):
            return _problem(401, "Unauthorized", "Unauthorized")
        if user.access_token in self.refusals:
            return Response(403, ACCESS_REFUSALS[self.refusals[user.access_token]])
        return user

    # -- routes ------------------------------------------------------------------------------

    def _create_tweet(self, request: Request, match: re.Match[str]) -> Response:
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        now = time.time()
        user.posted_at = [t for t in user.posted_at if t > now - self.window]
        reset = int((user.posted_at[0] if user.posted_at else now) + self.window)
        if len(user.posted_at) >= self.rate_limit:
            return _limited(_problem(429, "Too Many Requests", "Too Many Requests"), 0, self, reset)
        body = request.json() or {}
        text = body.get("text", "")
        refusal = self._refuse(user, text, body.get("media", {}).get("media_ids", []))
        if refusal is not None:
            return refusal
        user.posted_at.append(now)
        tweet = self._store(user, text, body)
        remaining = self.rate_limit - len(user.posted_at)
        data = {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}
        return _limited(Response(201, {"data": data}), remaining, self, reset)

    def _refuse(self, user: User, text: str, media_ids: list[str]) -> Response | None:
        # X's own counting (twitter-text 3.1.0, whose JS library judges this port in
        # tests/networks/x/test_x_oracle.py): the length and the characters X refuses.
        parsed = x_text.parse(text)
        if not text and not media_ids:
            return _invalid("text", "Post text is empty")
        if parsed.weighted_length > 280 or not parsed.valid:
            return _invalid("text", f"Tweet text is too long ({parsed.weighted_length} > 280)")
        if len(media_ids) > MAX_MEDIA:  # "up to 4 photos" per post (X's media docs)
            return _invalid("media.media_ids", f"{len(media_ids)} media: at most {MAX_MEDIA}")
        for media_id in media_ids:
            if self.media.get(media_id, {}).get("owner") != user.id:
                return _invalid("media.media_ids", f"Your media IDs are invalid: {media_id}")
        if any(t["author_id"] == user.id and t["original_text"] == text for t in self.tweets):
            return _problem(403, "Forbidden", DUPLICATE)
        return None

    def _store(self, user: User, text: str, body: dict[str, Any]) -> dict[str, Any]:
        tweet_id = str(next(self._ids))
        shown, urls = _wrap_links(text)
        tweet = {
            "id": tweet_id,
            "author_id": user.id,
            "text": shown,
            "original_text": text,
            "entities": {"urls": urls} if urls else {},
            "created_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "media_ids": list(body.get("media", {}).get("media_ids", [])),
            "public_metrics": {
                "retweet_count": 0,
                "reply_count": 0,
                "like_count": 0,
                "quote_count": 0,
                "bookmark_count": 0,
                "impression_count": 0,
            },
        }
        self.tweets.insert(0, tweet)
        return tweet

    def _upload(self, request: Request, match: re.Match[str]) -> Response:
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        body = request.json() or {}
        try:
            data = base64.b64decode(body.get("media", ""), validate=True)
        except ValueError:
            return _invalid("media", "media is not valid base64")
        if not data or body.get("media_category") not in {"tweet_image", "tweet_gif"}:
            return _invalid("media_category", "media and media_category are required")
        media_id = str(next(self._ids))
        self.media[media_id] = {
            "owner": user.id,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "media_type": body.get("media_type"),
            "alt_text": None,
        }
        data_out = {"id": media_id, "media_key": f"3_{media_id}", "size": len(data)}
        return Response(200, {"data": {**data_out, "expires_after_secs": 86400}})

    def _metadata(self, request: Request, match: re.Match[str]) -> Response:
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        body = request.json() or {}
        media = self.media.get(str(body.get("id")))
        if media is None or media["owner"] != user.id:
            return _invalid("id", "unknown media id")
        alt = body.get("metadata", {}).get("alt_text", {}).get("text", "")
        if len(alt) > 1000:
            return _invalid("metadata.alt_text.text", "alt text longer than 1000 characters")
        media["alt_text"] = alt
        return Response(200, {"data": {"id": body["id"], "associated_metadata": True}})

    def _me(self, request: Request, match: re.Match[str]) -> Response:
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        return Response(200, {"data": {"id": user.id, "username": user.username, "name": ""}})

    def _timeline(self, request: Request, match: re.Match[str]) -> Response:
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        limit = int(request.query.get("max_results", 10))
        if not 5 <= limit <= 100:
            return _invalid("max_results", "max_results must be between 5 and 100")
        mine = [t for t in self.tweets if t["author_id"] == match.group(1)][:limit]
        fields = set(request.query.get("tweet.fields", "").split(","))
        data = [_public(t, fields) for t in mine]
        meta = {"result_count": len(data)}
        return Response(200, {"data": data, "meta": meta} if data else {"meta": meta})

    def _tweet(self, request: Request, match: re.Match[str]) -> Response:
        user = self._authenticate(request)
        if isinstance(user, Response):
            return user
        tweet = next((t for t in self.tweets if t["id"] == match.group(1)), None)
        if tweet is None:  # X answers 200 with an error object for a missing post
            detail = f"Could not find tweet with id: [{match.group(1)}]."
            return Response(200, {"errors": [{"detail": detail, "title": "Not Found Error"}]})
        fields = set(request.query.get("tweet.fields", "").split(","))
        if "non_public_metrics" in fields:
            return self._non_public(user, tweet, fields)
        return Response(200, {"data": _public(tweet, fields)})

    def _non_public(self, user: User, tweet: dict[str, Any], fields: set[str]) -> Response:
        """Only the author's user context sees them, only for posts of the last 30 days;
        link clicks are `tweet["url_link_clicks"]`, set by tests."""
        if tweet["author_id"] != user.id:
            return _problem(403, "Forbidden", "non_public_metrics are for the author only")
        created = datetime.fromisoformat(tweet["created_at"].replace("Z", "+00:00"))
        if (datetime.now(UTC) - created).days >= NON_PUBLIC_DAYS:
            detail = "non_public_metrics are only available for posts of the last 30 days"
            return _invalid("tweet.fields", detail)
        shown = _public(tweet, fields - {"non_public_metrics"})
        shown["non_public_metrics"] = {
            "impression_count": tweet["public_metrics"].get("impression_count", 0),
            "url_link_clicks": tweet.get("url_link_clicks", 0),
            "user_profile_clicks": 0,
        }
        return Response(200, {"data": shown})


def _public(tweet: dict[str, Any], fields: set[str]) -> dict[str, Any]:
    shown = {"id": tweet["id"], "text": tweet["text"], "edit_history_tweet_ids": [tweet["id"]]}
    shown.update({k: tweet[k] for k in fields if k in tweet and k not in {"original_text"}})
    return shown


def _urls(text: str) -> list[dict[str, Any]]:
    """The URLs X links in `text` (twitter-text's extractor), with code-point indices."""
    view = x_text.utf16_view(text)
    found = []
    for url in x_text.urls_with_indices(view):
        start = len(x_text.from_utf16_view(view[: url.start]))
        end = start + len(x_text.from_utf16_view(view[url.start : url.end]))
        found.append({"url": text[start:end], "indices": (start, end)})
    return found


def _wrap_links(text: str) -> tuple[str, list[dict[str, Any]]]:
    """Replace each URL by a t.co link, as X stores and shows posts."""
    out, urls, position = [], [], 0
    for found in _urls(text):
        start, end = found["indices"]
        tco = "https://t.co/" + hashlib.sha1(found["url"].encode()).hexdigest()[:10]
        out.append(text[position:start])
        shown_start = sum(map(len, out))
        out.append(tco)
        urls.append(
            {
                "start": shown_start,
                "end": shown_start + len(tco),
                "url": tco,
                "expanded_url": found["url"],
                "display_url": found["url"].split("://", 1)[-1][:25],
            }
        )
        position = end
    out.append(text[position:])
    return "".join(out), urls


def _problem(status: int, title: str, detail: str) -> Response:
    body = {"title": title, "detail": detail, "type": "about:blank", "status": status}
    return Response(status, body)


def _invalid(parameter: str, message: str) -> Response:
    error = {"parameters": {parameter: []}, "message": message}
    body = {
        "errors": [error],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }
    return Response(400, body)


def _limited(response: Response, remaining: int, fake: FakeX, reset: int) -> Response:
    response.headers.update(
        {
            "x-rate-limit-limit": str(fake.rate_limit),
            "x-rate-limit-remaining": str(max(remaining, 0)),
            "x-rate-limit-reset": str(reset),
        }
    )
    return response
