"""A fake Threads API (graph.threads.net) on loopback, enforcing what Newsroom relies on.

Rules enforced, as Meta's Threads API documents them (developers.facebook.com/docs/threads):
- every call but `/refresh_access_token` is versioned in its path (`/v1.0/...`); a path that
  is no version answers error 2500;
- a user access token, as `Authorization: Bearer …` or the `access_token` parameter (query
  or form); unknown → error 190 (HTTP 400, OAuthException), expired → 190 subcode 463; a
  token without the scope an endpoint needs → error 10 (HTTP 403); a token acts for its own
  user only (`me` or its numeric id);
- errors are Meta error objects `{"error": {message, type, code, error_subcode,
  fbtrace_id}}`;
- `POST /{user}/threads` creates a container: `media_type` TEXT (with `text`) or IMAGE
  (with `image_url`, an http(s) URL whose host is one of `image_hosts`, the site's: the
  fake "fetches" only those); `text` at most 500 characters, an emoji counting its UTF-8
  bytes (error 100); at most 5 distinct links (error 100, THREADS_API__LINK_LIMIT_EXCEEDED);
  needs threads_content_publish;
- carousel posts (Threads Posts, "Carousel posts"): an item container is IMAGE with
  `is_carousel_item=true` (its `text` is not used); a CAROUSEL container names its
  `children` (2 to 20 item containers of the same user, each FINISHED and not yet a child
  of another carousel, error 100) with the text; an item container cannot be published by
  itself (error 100); a published carousel is a thread of media_type CAROUSEL_ALBUM with
  its `children` (their image URLs and alt texts);
- a TEXT container is FINISHED at once; an IMAGE container is IN_PROGRESS for its first
  `image_polls` status reads (`GET /{container}?fields=status`), then FINISHED; `expire()`
  makes containers EXPIRED (Threads: after 24 h unpublished);
- `POST /{user}/threads_publish?creation_id=…`: an unknown container → error 100 subcode 33,
  one not FINISHED → error 100 ("not ready"), expired → error 100, published already →
  error 100; more than `quota` (250) publications in 24 h → error 4 (the fake's choice for
  the documented limit; Meta does not document the code);
- `GET /{user}/threads?fields=…&limit=…` newest first (limit ≤ 100), only the fields asked;
- `GET /{media}?fields=permalink,timestamp,text`, `GET /{media}/insights?metric=…` (views,
  likes, replies, reposts, quotes, shares; threads_manage_insights);
- `GET /{user}/threads_publishing_limit`, `GET /me?fields=id,username`,
  `GET /debug_token?input_token=…` (validity, expiry, scopes), `GET /refresh_access_token?
  grant_type=th_refresh_token&access_token=…` (a new 60-day token; the old one must be at
  least 24 h old and unexpired).
Inspection: `fake.threads` (published, newest first), `fake.containers`; faults: loopback.py.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import regex

from tests.servers.loopback import FakeNetwork, Request, Response

MAX_TEXT = 500
MAX_LINKS = 5
CAROUSEL_ITEMS = (2, 20)  # the children a CAROUSEL container may name
QUOTA = 250
DAY = 86400
TOKEN_LIFETIME = 60 * DAY
VERSION = r"/(v\d+\.\d+)"
# A code point that is (part of) an emoji in Unicode's emoji data: pictographs, skin tones,
# U+FE0F, the ZWJ, keycaps, tags, regional indicators.
_EMOJI = regex.compile(r"[\p{Emoji}\p{Emoji_Component}]")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
SCOPES = ("threads_basic", "threads_content_publish", "threads_manage_insights")


@dataclass
class Token:
    """One user access token and what Threads knows of it."""

    user_id: str
    username: str
    scopes: tuple[str, ...] = SCOPES
    issued_at: float = field(default_factory=lambda: time.time() - 2 * DAY)
    expires_at: float = field(default_factory=lambda: time.time() + 58 * DAY)


class FakeThreads(FakeNetwork):
    """State and routes of the fake Threads API."""

    def __init__(self, image_hosts: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.image_hosts = set(image_hosts)
        self.tokens: dict[str, Token] = {}
        self.containers: dict[str, dict[str, Any]] = {}
        self.threads: list[dict[str, Any]] = []  # published, newest first
        self.image_polls = 1  # status reads an image container stays IN_PROGRESS
        self.quota = QUOTA
        self._ids = itertools.count(17_890_000_000_000_001)
        node = r"/(\d+|me)"
        self.route("POST", VERSION + node + r"/threads", self._create_container)
        self.route("POST", VERSION + node + r"/threads_publish", self._publish)
        self.route("GET", VERSION + node + r"/threads", self._list)
        self.route("GET", VERSION + node + r"/threads_publishing_limit", self._limit)
        self.route("GET", VERSION + r"/debug_token", self._debug_token)
        self.route("GET", r"/refresh_access_token", self._refresh)
        self.route("GET", VERSION + r"/(\d+)/insights", self._insights)
        self.route("GET", VERSION + node, self._read)
        self.route("GET", r"/_fake/threads", lambda r, m: Response(200, self.threads))

    def add_token(self, token: str, user_id: str, username: str, **options: Any) -> Token:
        self.tokens[token] = Token(user_id, username, **options)
        return self.tokens[token]

    def expire(self) -> None:
        """Every unpublished container expires (Threads: 24 hours after its creation)."""
        with self.lock:
            for container in self.containers.values():
                if container["status"] != "PUBLISHED":
                    container["status"] = "EXPIRED"

    def reset(self) -> None:
        super().reset()
        self.containers.clear()
        self.threads.clear()
        self.image_polls = 1
        self.quota = QUOTA

    # -- checks shared by the routes ---------------------------------------------------------

    def _auth(self, request: Request, scope: str = "threads_basic") -> Token | Response:
        """The caller's token, or Meta's refusal."""
        value = request.access_token()
        token = self.tokens.get(value)
        if token is None:
            return _error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        if token.expires_at <= time.time():
            return _error(400, 190, "Error validating access token: Session has expired", 463)
        if scope not in token.scopes:
            return _error(403, 10, f"(#10) Application does not have permission: {scope}")
        return token

    def _user(self, request: Request, node: str, scope: str) -> Token | Response:
        token = self._auth(request, scope)
        if isinstance(token, Token) and node not in ("me", token.user_id):
            return _error(403, 10, "(#10) The token does not act for this user")
        return token

    # -- routes ------------------------------------------------------------------------------

    def _create_container(self, request: Request, match: re.Match[str]) -> Response:
        token = self._user(request, match.group(2), "threads_content_publish")
        if isinstance(token, Response):
            return token
        fields = request.fields()
        kind, text = fields.get("media_type", ""), fields.get("text", "")
        if kind not in ("TEXT", "IMAGE", "CAROUSEL"):
            return _error(
                400, 100, f"(#100) Param media_type must be TEXT, IMAGE or CAROUSEL: {kind!r}"
            )
        item = fields.get("is_carousel_item", "false")
        if item not in ("true", "false") or (item == "true" and kind != "IMAGE"):
            return _error(400, 100, f"(#100) is_carousel_item={item!r} is not for {kind}")
        if kind == "CAROUSEL":
            refused = self._refused_children(fields.get("children", ""), token.user_id)
            if refused:
                return refused
        if kind == "TEXT" and not text:
            return _error(400, 100, "(#100) The parameter text is required for TEXT")
        if length(text) > MAX_TEXT:
            return _error(400, 100, f"(#100) Param text must be at most {MAX_TEXT} characters")
        if len(set(_URL.findall(text))) > MAX_LINKS:
            return _error(400, 100, "THREADS_API__LINK_LIMIT_EXCEEDED: at most 5 links")
        image = fields.get("image_url")
        if kind == "IMAGE" and not self._fetchable(image):
            return _error(400, 100, "(#100) The media could not be fetched from the image_url")
        container = str(next(self._ids))
        self.containers[container] = {
            "id": container,
            "user": token.user_id,
            "username": token.username,
            "media_type": kind,
            "text": text,
            "image_url": image if kind == "IMAGE" else None,
            "alt_text": fields.get("alt_text"),
            "status": "FINISHED" if kind == "TEXT" else "IN_PROGRESS",
            "polls": 0,
            "carousel_item": item == "true",
            "children": fields.get("children", "").split(",") if kind == "CAROUSEL" else [],
        }
        for child in self.containers[container]["children"]:
            self.containers[child]["parent"] = container
        return Response(200, {"id": container})

    def _refused_children(self, children: str, user: str) -> Response | None:
        """Meta's refusal of a carousel's `children`, or None when they may form one."""
        ids = [c for c in children.split(",") if c]
        low, high = CAROUSEL_ITEMS
        if not low <= len(ids) <= high or len(set(ids)) != len(ids):
            return _error(400, 100, f"(#100) children must name {low} to {high} distinct items")
        for child in ids:
            container = self.containers.get(child)
            if container is None or container["user"] != user or not container["carousel_item"]:
                return _error(400, 100, f"(#100) {child!r} is no carousel item container", 33)
            if container["status"] != "FINISHED":
                state = container["status"].lower().replace("_", " ")
                return _error(400, 100, f"(#100) The carousel item {child} is {state}")
            if "parent" in container:
                return _error(400, 100, f"(#100) The carousel item {child} is already used")
        return None

    def _fetchable(self, url: str | None) -> bool:
        if not url:
            return False
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and parts.hostname in self.image_hosts

    def _publish(self, request: Request, match: re.Match[str]) -> Response:
        token = self._user(request, match.group(2), "threads_content_publish")
        if isinstance(token, Response):
            return token
        creation = request.fields().get("creation_id", "")
        container = self.containers.get(creation)
        if container is None or container["user"] != token.user_id:
            return _error(400, 100, f"(#100) Media container {creation!r} does not exist", 33)
        if container["status"] != "FINISHED":
            state = container["status"].lower().replace("_", " ")
            return _error(400, 100, f"(#100) The media container is {state}: not publishable")
        if container["carousel_item"]:
            return _error(400, 100, "(#100) A carousel item is published in its carousel")
        day_ago = time.time() - DAY
        mine = [t for t in self.threads if t["user"] == token.user_id and t["at"] > day_ago]
        if len(mine) >= self.quota:
            return _error(400, 4, f"(#4) Publishing limit reached: {self.quota} posts per 24 h")
        container["status"] = "PUBLISHED"
        media = str(next(self._ids))
        now = time.time()
        self.threads.insert(
            0,
            {
                **{k: container[k] for k in ("user", "text", "image_url")},
                "media_type": _published_type(container["media_type"]),
                "children": [
                    {k: self.containers[c][k] for k in ("image_url", "alt_text")}
                    for c in container["children"]
                ],
                "id": media,
                "container": creation,
                "at": now,
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(now)),
                "permalink": f"https://www.threads.com/@{token.username}/post/T{media[-8:]}",
                "metrics": dict.fromkeys(("views", "likes", "replies", "reposts", "quotes"), 0),
            },
        )
        return Response(200, {"id": media})

    def _list(self, request: Request, match: re.Match[str]) -> Response:
        token = self._user(request, match.group(2), "threads_basic")
        if isinstance(token, Response):
            return token
        limit = int(request.query.get("limit", 25))
        if not 0 < limit <= 100:
            return _error(400, 100, "(#100) limit must be between 1 and 100")
        wanted = request.query.get("fields", "id").split(",")
        if not set(wanted) <= {"id", "text", "permalink", "timestamp", "media_type"}:
            return _error(400, 100, f"(#100) Tried accessing nonexisting field: {wanted}")
        mine = [t for t in self.threads if t["user"] == token.user_id][:limit]
        data = [{k: t[k] for k in wanted if t.get(k) is not None} for t in mine]
        return Response(200, {"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}})

    def _read(self, request: Request, match: re.Match[str]) -> Response:
        """A container (status), a published post (its fields) or the user (`me`)."""
        node = match.group(2)
        token = self._auth(request)
        if isinstance(token, Response):
            return token
        wanted = request.query.get("fields", "id").split(",")
        if node in ("me", token.user_id):
            return Response(200, {"id": token.user_id, "username": token.username})
        if node in self.containers and self.containers[node]["user"] == token.user_id:
            container = self.containers[node]
            if container["status"] == "IN_PROGRESS":
                container["polls"] += 1
                if container["polls"] > self.image_polls:
                    container["status"] = "FINISHED"
            return Response(200, {"id": node, "status": container["status"]})
        post = next((t for t in self.threads if t["id"] == node), None)
        if post is None or post["user"] != token.user_id:
            return _missing(node)
        return Response(200, {"id": node, **{k: post[k] for k in wanted if k in post}})

    def _insights(self, request: Request, match: re.Match[str]) -> Response:
        token = self._auth(request, "threads_manage_insights")
        if isinstance(token, Response):
            return token
        node = match.group(2)
        post = next((t for t in self.threads if t["id"] == node), None)
        if post is None or post["user"] != token.user_id:
            return _missing(node)
        metrics = request.query.get("metric", "").split(",")
        known = {"views", "likes", "replies", "reposts", "quotes", "shares"}
        if not metrics or not set(metrics) <= known:
            return _error(400, 100, "(#100) metric must be one of " + ", ".join(sorted(known)))
        data = [
            {
                "name": name,
                "period": "lifetime",
                "values": [{"value": post["metrics"].get(name, 0)}],
                "id": f"{node}/insights/{name}/lifetime",
            }
            for name in metrics
        ]
        return Response(200, {"data": data})

    def _limit(self, request: Request, match: re.Match[str]) -> Response:
        token = self._user(request, match.group(2), "threads_content_publish")
        if isinstance(token, Response):
            return token
        day_ago = time.time() - DAY
        used = sum(t["user"] == token.user_id and t["at"] > day_ago for t in self.threads)
        config = {"quota_total": self.quota, "quota_duration": DAY}
        return Response(200, {"data": [{"quota_usage": used, "config": config}]})

    def _debug_token(self, request: Request, match: re.Match[str]) -> Response:
        caller = self._auth(request)
        if isinstance(caller, Response):
            return caller
        inspected = self.tokens.get(request.query.get("input_token", ""))
        if inspected is None:
            return _error(400, 190, "(#190) The input_token is not a valid access token")
        data = {
            "type": "USER",
            "application": "Newsroom test app",
            "is_valid": inspected.expires_at > time.time(),
            "issued_at": int(inspected.issued_at),
            "expires_at": int(inspected.expires_at),
            "scopes": list(inspected.scopes),
            "user_id": inspected.user_id,
        }
        return Response(200, {"data": data})

    def _refresh(self, request: Request, match: re.Match[str]) -> Response:
        if request.query.get("grant_type") != "th_refresh_token":
            return _error(400, 100, "(#100) grant_type must be th_refresh_token")
        token = self._auth(request)
        if isinstance(token, Response):
            return token
        if time.time() - token.issued_at < DAY:
            return _error(400, 100, "(#100) A token can be refreshed once it is 24 hours old")
        fresh = "THR" + secrets.token_urlsafe(24)
        now = time.time()
        self.tokens[fresh] = Token(
            token.user_id, token.username, token.scopes, now, now + TOKEN_LIFETIME
        )
        body = {"access_token": fresh, "token_type": "bearer", "expires_in": TOKEN_LIFETIME}
        return Response(200, body)


def _published_type(kind: str) -> str:
    """A published post's media_type: a CAROUSEL container becomes a CAROUSEL_ALBUM."""
    return "CAROUSEL_ALBUM" if kind == "CAROUSEL" else kind


def length(text: str) -> int:
    """Threads' documented count: an emoji counts its UTF-8 bytes, anything else one per
    code point (the fake's own reading of the rule, written apart from the adapter's: code
    point by code point, where the adapter counts whole graphemes)."""
    return sum(len(point.encode()) if _EMOJI.match(point) else 1 for point in text)


def _missing(node: str) -> Response:
    return _error(400, 100, f"Unsupported get request. Object with ID '{node}' does not exist", 33)


def _error(status: int, code: int, message: str, subcode: int | None = None) -> Response:
    kind = "OAuthException" if code in (10, 190) else "THApiException"
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["fbtrace_id"] = secrets.token_urlsafe(8)
    return Response(status, {"error": error})
