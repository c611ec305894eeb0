"""A fake LinkedIn Posts API (`/rest/...`) on loopback, enforcing what Newsroom relies on.

Rules enforced, as LinkedIn documents or behaves:
- `Authorization: Bearer <known token>` (else 401 with LinkedIn's error body; a token marked
  expired answers 401 EXPIRED_ACCESS_TOKEN);
- `LinkedIn-Version: YYYYMM` present (400 VERSION_MISSING), well formed (400), and still
  served (426 NONEXISTENT_VERSION for versions older than `oldest_version`);
- `X-Restli-Protocol-Version: 2.0.0` (400 otherwise);
- `POST /rest/posts`: author must be an organization the token administers (403), commentary
  ≤ 3,000 characters (422; counted as Java does, in UTF-16 units: the strictest reading), the
  same commentary + link twice → 422 DUPLICATE_POST; the commentary is "little text": it is
  SILENTLY cut at the first unescaped reserved character
  (`\\ | { } @ [ ] ( ) < > # * _ ~`) that starts no hashtag template
  (`{hashtag|\\#|Tag}`) while the API answers 201 — `rendered` shows what readers would see
  (a template as `#Tag`), `hashtags` the real hashtags; the id comes back in `x-restli-id`;
- `POST /rest/images?action=initializeUpload` + `PUT` of the bytes to the `uploadUrl`;
- `GET /rest/posts?author=…&q=author` (finder header required), newest first;
- `GET /rest/socialActions/{urn}` (likes and comments summaries);
- `GET /rest/organizationAcls?q=roleAssignee` (the organizations the token administers) and
  `POST /oauth/v2/introspectToken` (form: the app's `client_id`/`client_secret` of
  `add_client`, else 401 `invalid_client`; `{"active": false}` for an unknown token, status
  `expired` past its `expires_at`; `scope` comma-separated), for `newsroom accounts check`.
Inspection: `fake.posts`, `fake.images`, `GET /_fake/posts`; faults: see loopback.py.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any
from urllib.parse import parse_qs, unquote

from tests.servers.loopback import FakeNetwork, Request, Response

SCOPES = ("w_organization_social", "r_organization_social", "rw_organization_admin")
SIXTY_DAYS = 60 * 86400
RESERVED = set("\\|{}@[]()<>#*_~")
# little text's HashtagTemplate: `{hashtag|` sign `|` Text `}`, the sign `#` (escaped or not) or
# the full-width `\uff03`; Text is escaped text, at least one character.
_HASHTAG_TEMPLATE = re.compile(r"\{hashtag\|(\\?#|\uff03)\|((?:\\.|[^\\|{}@\[\]()<>#*_~])+)\}")


class FakeLinkedIn(FakeNetwork):
    """State and routes of the fake LinkedIn."""

    def __init__(self, oldest_version: str = "202501") -> None:
        super().__init__()
        self.oldest_version = oldest_version
        self.tokens: dict[str, str] = {}  # token → organization URN it administers
        self.token_info: dict[str, dict[str, Any]] = {}  # what introspection tells
        self.clients: dict[str, str] = {}  # the app's client id → client secret
        self.expired: set[str] = set()
        self.posts: list[dict[str, Any]] = []
        self.images: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(7_300_000_000_000_000_000)
        self.route("POST", r"/rest/posts", self._create_post)
        self.route("GET", r"/rest/posts", self._list_posts)
        self.route("POST", r"/rest/images", self._initialize_upload)
        self.route("PUT", r"/upload/(\d+)", self._receive_image)
        self.route("GET", r"/rest/socialActions/([^/]+)", self._social_actions)
        self.route(
            "GET", r"/rest/organizationalEntityShareStatistics", self._share_statistics
        )  # fmt: skip
        self.route("GET", r"/rest/organizationAcls", self._organization_acls)
        self.route("POST", r"/oauth/v2/introspectToken", self._introspect)
        self.route("GET", r"/_fake/posts", lambda r, m: Response(200, self.posts))

    def add_token(
        self,
        token: str,
        organization: str,
        *,
        expires_in: float = SIXTY_DAYS,
        scopes: tuple[str, ...] = SCOPES,
    ) -> None:
        """A token administering `organization`, valid `expires_in` seconds from now."""
        self.tokens[token] = organization
        now = int(time.time())
        self.token_info[token] = {
            "created_at": now,
            "authorized_at": now,
            "expires_at": int(now + expires_in),
            "scope": ",".join(scopes),
        }

    def add_client(self, client_id: str, client_secret: str) -> None:
        self.clients[client_id] = client_secret

    def reset(self) -> None:
        super().reset()
        self.posts.clear()
        self.images.clear()
        self.expired.clear()

    # -- checks shared by every route --------------------------------------------------------

    def _check(self, request: Request) -> str | Response:
        """The organization of the caller, or LinkedIn's refusal."""
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token in self.expired or self._past_expiry(token):
            return _error(401, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired")
        if token not in self.tokens:
            return _error(401, "INVALID_ACCESS_TOKEN", "Invalid access token")
        version = request.headers.get("linkedin-version")
        if version is None:
            return _error(400, "VERSION_MISSING", "A version must be present.")
        if not re.fullmatch(r"20\d\d(0[1-9]|1[0-2])(\.\d\d)?", version):
            return _error(400, "INVALID_VERSION", f"Invalid version format {version}")
        if version[:6] < self.oldest_version:
            return _error(426, "NONEXISTENT_VERSION", f"Requested version {version} is not active")
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return _error(400, "INVALID_PROTOCOL", "X-Restli-Protocol-Version must be 2.0.0")
        return self.tokens[token]

    def _past_expiry(self, token: str) -> bool:
        return self.token_info.get(token, {}).get("expires_at", float("inf")) <= time.time()

    # -- routes ------------------------------------------------------------------------------

    def _organization_acls(self, request: Request, match: re.Match[str]) -> Response:
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        if request.query.get("q") != "roleAssignee":
            return _error(400, "ILLEGAL_ARGUMENT", "q must be roleAssignee")
        element = {
            "role": "ADMINISTRATOR",
            "organization": organization,
            "roleAssignee": "urn:li:person:abc123",
            "state": "APPROVED",
        }
        wanted = all(request.query.get(k, element[k]) == element[k] for k in ("role", "state"))
        elements = [element] if wanted else []
        return Response(200, {"elements": elements, "paging": {"count": 10, "start": 0}})

    def _introspect(self, request: Request, match: re.Match[str]) -> Response:
        form = {k: v[-1] for k, v in parse_qs(request.body.decode("utf-8")).items()}
        client = form.get("client_id", "")
        if not client or self.clients.get(client) != form.get("client_secret"):
            body = {"error": "invalid_client", "error_description": "Client authentication failed"}
            return Response(401, body)
        token = form.get("token", "")
        info = self.token_info.get(token)
        if info is None:
            return Response(200, {"active": False})
        expired = token in self.expired or self._past_expiry(token)
        status = "expired" if expired else "active"
        answer = {"active": not expired, "client_id": client, "status": status, **info}
        return Response(200, {**answer, "auth_type": "3L"})

    def _create_post(self, request: Request, match: re.Match[str]) -> Response:
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        body = request.json() or {}
        if body.get("author") != organization:
            return _error(403, "ACCESS_DENIED", "Not enough permissions to post as this author")
        commentary = body.get("commentary", "")
        if len(commentary.encode("utf-16-le")) // 2 > 3000:  # Java's String.length()
            return _error(422, "UNPROCESSABLE_ENTITY", "commentary length exceeds 3000")
        thumbnail = body.get("content", {}).get("article", {}).get("thumbnail")
        if thumbnail is not None and self.images.get(thumbnail, {}).get("data") is None:
            return _error(422, "UNPROCESSABLE_ENTITY", f"Image {thumbnail} was not uploaded")
        source = body.get("content", {}).get("article", {}).get("source")
        for post in self.posts:
            if post["commentary"] == commentary and _source(post) == source:
                return _error(422, "DUPLICATE_POST", f"Content is a duplicate of {post['id']}")
        urn = f"urn:li:share:{next(self._ids)}"
        now = int(time.time() * 1000)
        stored = {**body, "id": urn, "createdAt": now, "publishedAt": now}
        stored["rendered"] = render_little_text(commentary)
        stored["hashtags"] = little_text_hashtags(commentary)
        stored["likes"], stored["comments"] = 0, 0
        self.posts.insert(0, stored)
        return Response(201, b"", {"x-restli-id": urn, "x-linkedin-id": urn})

    def _list_posts(self, request: Request, match: re.Match[str]) -> Response:
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        if request.headers.get("x-restli-method", "").upper() != "FINDER":
            return _error(400, "ILLEGAL_ARGUMENT", "X-RestLi-Method: FINDER is required")
        author = unquote(request.query.get("author", ""))
        if request.query.get("q") != "author" or author != organization:
            return _error(403, "ACCESS_DENIED", "Not enough permissions to read these posts")
        count = int(request.query.get("count", 10))
        mine = [_public(p) for p in self.posts if p["author"] == author][:count]
        return Response(200, {"elements": mine, "paging": {"start": 0, "count": count}})

    def _initialize_upload(self, request: Request, match: re.Match[str]) -> Response:
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        if request.query.get("action") != "initializeUpload":
            return _error(400, "ILLEGAL_ARGUMENT", "action=initializeUpload is required")
        owner = (request.json() or {}).get("initializeUploadRequest", {}).get("owner")
        if owner != organization:
            return _error(403, "ACCESS_DENIED", "Not enough permissions for this owner")
        number = next(self._ids)
        urn = f"urn:li:image:C{number}"
        self.images[urn] = {"owner": owner, "data": None, "number": str(number)}
        upload = f"http://{request.headers.get('host')}/upload/{number}"
        value = {"uploadUrlExpiresAt": int(time.time() * 1000) + 86_400_000}
        return Response(200, {"value": {**value, "uploadUrl": upload, "image": urn}})

    def _receive_image(self, request: Request, match: re.Match[str]) -> Response:
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        image = next((i for i in self.images.values() if i["number"] == match.group(1)), None)
        if image is None or not request.body:
            return _error(400, "ILLEGAL_ARGUMENT", "Unknown upload or empty body")
        image["data"] = request.body
        image["content_type"] = request.headers.get("content-type")
        return Response(201, b"")

    def _social_actions(self, request: Request, match: re.Match[str]) -> Response:
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        urn = unquote(match.group(1))
        post = next((p for p in self.posts if p["id"] == urn), None)
        if post is None:
            return _error(404, "NOT_FOUND", f"{urn} not found")
        return Response(
            200,
            {
                "target": urn,
                "likesSummary": {"totalLikes": post["likes"], "likedByCurrentUser": False},
                "commentsSummary": {
                    "aggregatedTotalComments": post["comments"],
                    "totalFirstLevelComments": post["comments"],
                },
            },
        )

    def _share_statistics(self, request: Request, match: re.Match[str]) -> Response:
        """Organization Share Statistics, lifetime (no `timeIntervals`): `q=organizationalEntity`,
        the organization the token administers (403 otherwise), `shares=List(urn,…)` or
        `ugcPosts=List(…)` URL-encoded inside the list; one element per known post with its
        `totalShareStatistics` (clicks are `post["clicks"]`, set by tests)."""
        organization = self._check(request)
        if isinstance(organization, Response):
            return organization
        if request.query.get("q") != "organizationalEntity":
            return _error(400, "ILLEGAL_ARGUMENT", "q must be organizationalEntity")
        if request.query.get("organizationalEntity") != organization:
            return _error(403, "ACCESS_DENIED", "Not enough permissions for this organization")
        found = re.search(r"(?:^|&)(shares|ugcPosts)=List\(([^)]*)\)", request.raw_query)
        if found is None:
            return _error(400, "ILLEGAL_ARGUMENT", "shares=List(...) or ugcPosts=List(...)")
        if any(":" in urn for urn in found.group(2).split(",")):  # not encoded inside List()
            return _error(400, "ILLEGAL_ARGUMENT", "Invalid Rest.li list: encode the URNs")
        wanted = [unquote(urn) for urn in found.group(2).split(",")]
        elements = []
        for post in self.posts:
            if post["id"] in wanted and post["author"] == organization:
                statistics = {
                    "clickCount": post.get("clicks", 0),
                    "commentCount": post["comments"],
                    "likeCount": post["likes"],
                    "shareCount": 0,
                    "impressionCount": 0,
                    "uniqueImpressionsCount": 0,
                    "engagement": 0.0,
                }
                elements.append(
                    {
                        "organizationalEntity": organization,
                        found.group(1)[:-1]: post["id"],
                        "totalShareStatistics": statistics,
                    }
                )
        return Response(200, {"paging": {"count": 10, "start": 0}, "elements": elements})


def render_little_text(commentary: str) -> str:
    """What readers see: escapes resolved, hashtag templates shown as `#Tag`, everything from
    the first unescaped reserved character that starts no valid template gone."""
    return _parse_little_text(commentary)[0]


def little_text_hashtags(commentary: str) -> list[str]:
    """The hashtags LinkedIn makes from the commentary's templates (sign and text)."""
    return _parse_little_text(commentary)[1]


def _parse_little_text(commentary: str) -> tuple[str, list[str]]:
    out: list[str] = []
    tags: list[str] = []
    position = 0
    while position < len(commentary):
        char = commentary[position]
        if char == "\\" and position + 1 < len(commentary):
            out.append(commentary[position + 1])
            position += 2
            continue
        if char == "{":
            template = _HASHTAG_TEMPLATE.match(commentary, position)
            if template is None:
                break  # not a template LinkedIn knows: cut here, as for any reserved character
            sign = template.group(1).removeprefix("\\")
            text = re.sub(r"\\(.)", r"\1", template.group(2))
            out.append(sign + text)
            tags.append(sign + text)
            position = template.end()
            continue
        if char in RESERVED:
            break
        out.append(char)
        position += 1
    return "".join(out), tags


def _source(post: dict[str, Any]) -> str | None:
    return post.get("content", {}).get("article", {}).get("source")


def _public(post: dict[str, Any]) -> dict[str, Any]:
    hidden = {"rendered", "hashtags", "likes", "comments"}
    return {k: v for k, v in post.items() if k not in hidden}


def _error(status: int, code: str, message: str) -> Response:
    return Response(status, {"status": status, "code": code, "message": message})
