"""A fake Instagram Graph API (content publishing, Facebook Login flavour) on loopback.

Rules enforced, as Meta documents them (developers.facebook.com/docs/instagram-platform:
IG User Media, IG Container, Media Publish, Content Publishing Limit, Error Codes; Graph API
`debug_token`):
- every call is versioned in its path, `/vNN.N/...` (else error 2500; older than
  `oldest_version`: 2635);
- a user access token, as `Authorization: Bearer …` or the `access_token` parameter; unknown
  → error 190, expired → 190 subcode 463 (HTTP 400, OAuthException); a token acts only for
  its own Instagram user (error 200) and only with its permissions: posting needs
  `instagram_content_publish`, reading `instagram_basic` (error 10);
- errors are Graph error objects `{"error": {message, type, code, error_subcode,
  error_user_msg, fbtrace_id}}`;
- `POST /{ig-user-id}/media` with `image_url` and `caption` (form or query): the image URL
  must be http(s) and a JPEG (path ending `.jpg`/`.jpeg`, else 9004/2207052), the caption at
  most 2,200 characters and 5 hashtags (error 100); answers a container `{"id"}`;
- carousel posts (Content Publishing, "Carousel posts"): an item container is an image
  container with `is_carousel_item=true` (no caption); a container with
  `media_type=CAROUSEL` names its `children` (2 to 10 item containers of the same user,
  each FINISHED and in no other carousel, error 100) with the caption; an item container is
  never published by itself (error 100); a published carousel is one media of media_type
  CAROUSEL_ALBUM with its `children` (image URLs, alt texts), one post against the quota;
- `GET /{container-id}?fields=status_code,status`: IN_PROGRESS for the first
  `in_progress_polls` reads, then FINISHED (or ERROR for the next `broken` containers);
  EXPIRED once older than `expire_after` seconds; PUBLISHED after media_publish;
- `POST /{ig-user-id}/media_publish` with `creation_id`: refused for an unknown container
  (100), one not FINISHED (9007/2207027), an expired one (9007/2207008) or one already
  published (9007/2207026); past `quota_total` publications in 24 h: error 9 subcode 2207042;
  answers the new media `{"id"}`;
- `GET /{ig-user-id}/content_publishing_limit?fields=quota_usage,config`;
- `GET /{ig-user-id}/media?fields=…&limit=…` newest first, only the fields asked;
- `GET /{media-id}?fields=…` (`like_count`, `comments_count`, `permalink`, `timestamp`,
  `caption`); an unknown id → error 100 subcode 33;
- `GET /{ig-user-id}?fields=id,username`;
- `GET /debug_token?input_token=…` with an app token (`app_id|app_secret`) or a user token of
  the same app: `data` with `is_valid`, `expires_at`, `scopes`, `user_id` (an expired token:
  `is_valid` false and the error inside `data`);
- `rate_limit(times, code)`: the next calls answer error 4 (or `code`), HTTP 400.
Inspection: `fake.media`, `fake.containers`, `GET /_fake/media`; faults: see loopback.py.
"""

from __future__ import annotations

import itertools
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.servers.loopback import FakeNetwork, Request, Response

MAX_CAPTION = 2200
MAX_HASHTAGS = 5  # since 19 Dec 2025 (Instagram's @creators announcement)
CAROUSEL_ITEMS = (2, 10)  # the children a CAROUSEL container may name
QUOTA_DURATION = 86400
VERSION = r"/([^/_]+)"
# A hashtag as Instagram links it: `#` then word characters, not all digits.
_HASHTAG = re.compile(r"(?<![\w#&])#(?!\d+\b)\w+")
APP_ID = "990001112223334"
READ, PUBLISH = "instagram_basic", "instagram_content_publish"
ALL_SCOPES = (READ, PUBLISH, "pages_read_engagement", "pages_show_list")


@dataclass
class Token:
    user: str  # the Instagram user id it acts for
    scopes: tuple[str, ...] = ALL_SCOPES
    expires_at: int = field(default_factory=lambda: int(time.time()) + 60 * 86400)
    app_id: str = APP_ID

    @property
    def expired(self) -> bool:
        return 0 < self.expires_at <= time.time()


class FakeInstagram(FakeNetwork):
    """State and routes of the fake Instagram Graph API."""

    def __init__(self, oldest_version: str = "v21.0", in_progress_polls: int = 2) -> None:
        super().__init__()
        self.oldest_version = oldest_version
        self.in_progress_polls = in_progress_polls  # status reads answering IN_PROGRESS
        self.expire_after = 24 * 3600.0  # seconds before an unpublished container expires
        self.quota_total = 50
        self.broken = 0  # the next containers end in ERROR (an image Instagram cannot use)
        self.tokens: dict[str, Token] = {}
        self.app_tokens: set[str] = set()  # `app_id|app_secret`
        self.usernames: dict[str, str] = {}  # Instagram user id → username
        self.containers: dict[str, dict[str, Any]] = {}
        self.media: list[dict[str, Any]] = []  # newest first
        self.rate_limited: list[int] = []  # error codes, one per refused call
        self._ids = itertools.count(17_889_000_000_000_001)
        self.route("GET", r"/([^/_]+)/debug_token", self._debug_token)
        self.route("POST", VERSION + r"/(\d+)/media", self._create_container)
        self.route("GET", VERSION + r"/(\d+)/media", self._list_media)
        self.route("POST", VERSION + r"/(\d+)/media_publish", self._publish)
        self.route("GET", VERSION + r"/(\d+)/content_publishing_limit", self._limit)
        self.route("GET", VERSION + r"/(\d+)", self._read)
        self.route("GET", r"/_fake/media", lambda r, m: Response(200, self.media))

    def add_user(self, user_id: str, username: str) -> None:
        self.usernames[user_id] = username

    def add_token(self, token: str, user_id: str, **options: Any) -> None:
        self.tokens[token] = Token(user_id, **options)

    def add_app(self, app_id: str, app_secret: str) -> None:
        self.app_tokens.add(f"{app_id}|{app_secret}")

    def rate_limit(self, times: int = 1, code: int = 4) -> None:
        """The next `times` Graph calls answer the rate-limit error `code` (4, 17, 32, 613)."""
        with self.lock:
            self.rate_limited += [code] * times

    def reset(self) -> None:
        super().reset()
        self.containers.clear()
        self.media.clear()
        self.rate_limited.clear()
        self.broken = 0

    # -- checks shared by every route --------------------------------------------------------

    def _check(
        self, request: Request, version: str, user: str | None, scope: str | None = READ
    ) -> tuple[Response | None, Token | None]:
        """Graph's refusal of this call (or None) and the caller's token."""
        refused = self._check_version(version)
        if refused is not None:
            return refused, None
        token = self.tokens.get(request.access_token())
        if token is None:
            return _error(400, 190, "Invalid OAuth access token - Cannot parse access token"), None
        if token.expired:
            return _error(400, 190, "Error validating access token: Session has expired", 463), None
        if user is not None and token.user != user:
            return _error(403, 200, "(#200) The token does not grant access to this user"), None
        if scope is not None and scope not in token.scopes:
            return _error(
                403, 10, f"(#10) Application does not have permission for this action ({scope})"
            ), None
        if self.rate_limited:
            code = self.rate_limited.pop(0)
            return _error(400, code, f"(#{code}) Application request limit reached"), None
        return None, token

    def _check_version(self, version: str) -> Response | None:
        match = re.fullmatch(r"v(\d+)\.(\d+)", version)
        if match is None:
            return _error(400, 2500, f"Unknown path components: /{version}")
        oldest = tuple(int(n) for n in self.oldest_version[1:].split("."))
        if (int(match.group(1)), int(match.group(2))) < oldest:
            return _error(
                400,
                2635,
                f"You are calling a deprecated version of the Graph API ({version}). "
                f"Please update to the latest version: {self.oldest_version} or later.",
            )
        return None

    # -- publishing --------------------------------------------------------------------------

    def _create_container(self, request: Request, match: re.Match[str]) -> Response:
        version, user = match.groups()
        refused, _ = self._check(request, version, user, PUBLISH)
        if refused is not None:
            return refused
        fields = request.fields()
        image_url, caption = fields.get("image_url", ""), fields.get("caption", "")
        item = fields.get("is_carousel_item", "false")
        if item not in ("true", "false") or (item == "true" and "caption" in fields):
            return _error(400, 100, "(#100) A carousel item has no caption")
        carousel = fields.get("media_type") == "CAROUSEL"
        if carousel:
            refused = self._refused_children(fields.get("children", ""), user)
            if refused is not None:
                return refused
        elif not image_url:
            return _error(400, 100, "(#100) The parameter image_url is required")
        parts = urlsplit(image_url)
        jpeg = parts.scheme in ("http", "https") and parts.path.lower().endswith((".jpg", ".jpeg"))
        if not carousel and not jpeg:
            return _error(
                400,
                9004,
                "Only photo or video can be accepted as media type.",
                2207052,
                "The media could not be fetched from this URI: only JPEG images are supported",
            )
        if len(caption) > MAX_CAPTION:
            return _error(400, 100, "(#100) The caption is too long", 2207035,
                          f"The caption is longer than {MAX_CAPTION} characters.")  # fmt: skip
        if len(_HASHTAG.findall(caption)) > MAX_HASHTAGS:
            return _error(400, 100, "(#100) Too many hashtags", 2207036,
                          f"A caption may hold at most {MAX_HASHTAGS} hashtags.")  # fmt: skip
        container = str(next(self._ids))
        broken = self.broken > 0
        self.broken -= broken
        self.containers[container] = {
            "id": container,
            "user": user,
            "image_url": image_url or None,
            "caption": caption,
            "alt_text": fields.get("alt_text"),
            "created": time.monotonic(),
            "polls": self.in_progress_polls,
            "broken": broken,
            "published": None,
            "carousel_item": item == "true",
            "children": fields.get("children", "").split(",") if carousel else [],
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
                return _error(400, 100, f"(#100) {child!r} is no carousel item container")
            if self._status(container) != "FINISHED":
                return _error(400, 100, f"(#100) The carousel item {child} is not finished")
            if "parent" in container:
                return _error(400, 100, f"(#100) The carousel item {child} is already used")
        return None

    def _status(self, container: dict[str, Any]) -> str:
        if container["published"]:
            return "PUBLISHED"
        if time.monotonic() - container["created"] > self.expire_after:
            return "EXPIRED"
        if container["polls"] > 0:
            return "IN_PROGRESS"
        return "ERROR" if container["broken"] else "FINISHED"

    def _publish(self, request: Request, match: re.Match[str]) -> Response:
        version, user = match.groups()
        refused, _ = self._check(request, version, user, PUBLISH)
        if refused is not None:
            return refused
        creation_id = request.fields().get("creation_id", "")
        container = self.containers.get(creation_id)
        if container is None or container["user"] != user:
            return _error(400, 100, f"(#100) Param creation_id {creation_id!r} is not valid")
        status = self._status(container)
        if container["carousel_item"]:
            return _error(400, 100, "(#100) A carousel item is published in its carousel")
        if status == "PUBLISHED":
            return _error(400, 9007, "The media has already been published", 2207026)
        if status == "EXPIRED":
            return _error(400, 9007, "The media container has expired", 2207008)
        if status != "FINISHED":
            return _error(400, 9007, "Media ID is not available", 2207027,
                          "The media is not ready for publishing, please wait for a moment")  # fmt: skip
        if self._usage(user) >= self.quota_total:
            return _error(400, 9, "Application request limit reached", 2207042,
                          "You reached maximum number of posts that is allowed to be "
                          "published by Content Publishing API.")  # fmt: skip
        media_id = str(next(self._ids))
        container["published"] = media_id
        self.media.insert(
            0,
            {
                "id": media_id,
                "user": user,
                "caption": container["caption"],
                "image_url": container["image_url"],
                "alt_text": container["alt_text"],
                "media_type": "CAROUSEL_ALBUM" if container["children"] else "IMAGE",
                "children": [
                    {k: self.containers[c][k] for k in ("image_url", "alt_text")}
                    for c in container["children"]
                ],
                "permalink": f"https://www.instagram.com/p/{_shortcode(media_id)}/",
                "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime()),
                "published_at": time.time(),
                "like_count": 0,
                "comments_count": 0,
            },
        )
        return Response(200, {"id": media_id})

    def _usage(self, user: str) -> int:
        since = time.time() - QUOTA_DURATION
        return sum(1 for m in self.media if m["user"] == user and m["published_at"] > since)

    def _limit(self, request: Request, match: re.Match[str]) -> Response:
        version, user = match.groups()
        refused, _ = self._check(request, version, user)
        if refused is not None:
            return refused
        wanted = request.query.get("fields", "quota_usage").split(",")
        entry: dict[str, Any] = {}
        if "quota_usage" in wanted:
            entry["quota_usage"] = self._usage(user)
        if "config" in wanted:
            entry["config"] = {"quota_total": self.quota_total, "quota_duration": QUOTA_DURATION}
        return Response(200, {"data": [entry]})

    # -- reading -----------------------------------------------------------------------------

    def _list_media(self, request: Request, match: re.Match[str]) -> Response:
        version, user = match.groups()
        refused, _ = self._check(request, version, user)
        if refused is not None:
            return refused
        limit = int(request.query.get("limit", 25))
        if not 0 < limit <= 100:
            return _error(400, 100, "(#100) limit must be between 1 and 100")
        wanted = request.query.get("fields", "id").split(",")
        known = {"id", "caption", "permalink", "timestamp", "like_count", "comments_count"}
        if not set(wanted) <= known:
            return _error(400, 100, f"(#100) Tried accessing nonexisting field ({wanted})")
        mine = [m for m in self.media if m["user"] == user][:limit]
        data = [{k: m[k] for k in wanted if m.get(k) is not None} for m in mine]
        return Response(200, {"data": data, "paging": {"cursors": {"before": "b", "after": "a"}}})

    def _read(self, request: Request, match: re.Match[str]) -> Response:
        """`GET /{id}`: an Instagram user, a container or a media object."""
        version, node = match.groups()
        wanted = [f for f in request.query.get("fields", "id").split(",") if f]
        if node in self.usernames:
            refused, _ = self._check(request, version, node)
            if refused is not None:
                return refused
            user = {"id": node, "username": self.usernames[node]}
            return Response(200, {k: user[k] for k in wanted if k in user})
        container = self.containers.get(node)
        media = next((m for m in self.media if m["id"] == node), None)
        owner = (container or media or {}).get("user")
        refused, _ = self._check(request, version, owner)
        if refused is not None:
            return refused
        if container is not None:
            status = self._status(container)
            if status == "IN_PROGRESS":
                container["polls"] -= 1
            answer = {"id": node, "status_code": status}
            answer["status"] = "Error: 2207003" if status == "ERROR" else status.capitalize()
            return Response(200, {k: answer[k] for k in ["id", *wanted] if k in answer})
        if media is None:
            return _error(
                400,
                100,
                f"Unsupported get request. Object with ID '{node}' does not exist",
                33,
                kind="GraphMethodException",
            )
        return Response(200, {k: media[k] for k in ["id", *wanted] if k in media})

    def _debug_token(self, request: Request, match: re.Match[str]) -> Response:
        refused = self._check_version(match.group(1))
        if refused is not None:
            return refused
        caller = request.access_token()
        caller_token = self.tokens.get(caller)
        allowed = caller in self.app_tokens or (
            caller_token is not None and not caller_token.expired
        )
        if not allowed:
            return _error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        inspected = self.tokens.get(request.query.get("input_token", ""))
        if inspected is None:
            return _error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        data: dict[str, Any] = {
            "app_id": inspected.app_id,
            "type": "USER",
            "application": "Aldermoor Newsroom",
            "expires_at": inspected.expires_at,
            "is_valid": not inspected.expired,
            "issued_at": inspected.expires_at - 60 * 86400,
            "scopes": list(inspected.scopes),
            "user_id": "10229876543210",
        }
        if inspected.expired:
            data["error"] = {
                "code": 190,
                "message": "Error validating access token: Session has expired",
                "subcode": 463,
            }
        return Response(200, {"data": data})


def _shortcode(media_id: str) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    number, code = int(media_id), ""
    while number:
        number, digit = divmod(number, 64)
        code = alphabet[digit] + code
    return code


def _error(
    status: int,
    code: int,
    message: str,
    subcode: int | None = None,
    user_message: str | None = None,
    kind: str = "OAuthException",
) -> Response:
    error: dict[str, Any] = {"message": message, "type": kind, "code": code}
    if subcode is not None:
        error["error_subcode"] = subcode
    error["is_transient"] = False
    if user_message:
        error["error_user_msg"] = user_message
    error["fbtrace_id"] = secrets.token_urlsafe(8)
    return Response(status, {"error": error})
