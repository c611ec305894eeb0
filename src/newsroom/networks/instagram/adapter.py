"""Instagram professional accounts through the Graph API's content publishing, with httpx.

Instagram API with Facebook Login, on graph.facebook.com (`/{version}/...`). Credentials:
`access_token` — a long-lived user token (60 days) of an admin of the Facebook Page linked to
the account, with instagram_basic, instagram_content_publish and pages_read_engagement;
optionally `app_id` + `app_secret`, whose app token reads `debug_token` (when the token
expires, which permissions it lacks). The account's `handle` is its Instagram user id.

A post is two steps: a media container (`POST /{ig-user-id}/media` with the image's public
URL and the caption), polled until Instagram has fetched the image (`status_code` FINISHED),
then `POST /{ig-user-id}/media_publish?creation_id=…`. The link is not in the caption (links
are not clickable there), so after a crash `find` recognises the post by its exact caption
among the account's recent media — the composer writes the same caption every time.

With a gallery, the post is a **carousel** (the item's image, then the gallery's first JPEG
photos, 2 to 10 in all): one item container per photo (`is_carousel_item=true`), each
polled until FINISHED, then a container with `media_type=CAROUSEL`, the `children` and the
caption, polled in turn and published like any other — one post against the daily limit.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import httpx

from ..base import (
    AccountStatus,
    Interactions,
    NetworkError,
    Post,
    RateLimited,
    RejectedError,
    Sent,
    TransientError,
)
from ..graph_api import (
    GraphAdapter,
    GraphMissing,
    graph_time,
    poll_waits,
    token_expiry,
    translate,
)
from ..support import account_label
from . import NETWORK

API = "https://graph.facebook.com"
DEFAULT_VERSION = "v23.0"
RECENT_MEDIA = 50  # searched by find()
# Graph API error codes (developers.facebook.com/docs/graph-api/guides/error-handling and the
# Instagram Platform's error codes).
PUBLISHING_LIMIT_CODE = 9  # subcode 2207042: the account's posts per 24 h are used up
IG_TRANSIENT_CODES = frozenset({-1, -2})  # Instagram's server and image download errors
CAROUSEL_MIN = 2  # a carousel holds 2 photos or more (and at most the declared max_media)
JPEG_SUFFIXES = (".jpg", ".jpeg")  # the only image format Instagram publishes


class Adapter(GraphAdapter):
    """One Instagram professional account."""

    network = "instagram"
    api = API
    # Waits (seconds) before each status read of a new container, the last one repeated, and
    # the total: an image is usually ready at once; past the budget the engine tries later.
    poll_waits: tuple[float, ...] = (0.0, 1.0, 2.0, 3.0, 5.0)
    poll_budget = 30.0

    def publish(self, post: Post) -> Sent:
        if not post.image_url:
            raise RejectedError(
                f"{account_label(self)}: "
                "an Instagram post needs the item's image (a JPEG) — add one"
            )
        self._within_publishing_limit()
        photos = _carousel_photos(post, self.declaration.limits.max_media)
        if len(photos) >= CAROUSEL_MIN:
            container = self._create_carousel(post, photos)
        else:  # one JPEG: an image post (with none, Instagram's refusal says why)
            url, alt = photos[0] if photos else (post.image_url, post.image_alt)
            container = self._create_container(url, alt, post.text)
        self._wait_until_ready(container, post.image_url)
        published = self._call(
            "POST",
            f"{self._user()}/media_publish",
            "publishing the media container",
            data={"creation_id": container},
        )
        return self._media(str(published.json()["id"]))

    def find(self, post: Post) -> Sent | None:
        params = {"fields": "id,caption,permalink,timestamp", "limit": str(RECENT_MEDIA)}
        answer = self._call(
            "GET", f"{self._user()}/media", "listing the account's media", params=params
        )
        wanted = post.text.strip()
        for media in answer.json().get("data", []):
            if str(media.get("caption") or "").strip() == wanted:
                return self._sent(str(media["id"]), media.get("permalink"), media.get("timestamp"))
        return None

    def interactions(self, sent: Sent) -> Interactions:
        params = {"fields": "like_count,comments_count"}
        try:
            answer = self._call("GET", quote(sent.post_id, safe=""), "reading likes", params=params)
        except GraphMissing:
            return Interactions(deleted=True)
        data = answer.json()
        # like_count is absent when the account hides likes: none is then counted.
        # Under the report's names: comments are the replies of other networks.
        counts = {"likes": data.get("like_count"), "replies": data.get("comments_count")}
        return Interactions(counts={k: v for k, v in counts.items() if isinstance(v, int)})

    def clicks(self, sent: Sent) -> int | None:
        """None: a caption has no clickable link, so Instagram counts no link clicks."""
        return None

    def check_account(self) -> AccountStatus:
        """`GET /{ig-user-id}?fields=id,username`, then `debug_token` for the expiry date and
        the permissions granted (with the app token when `app_id`/`app_secret` are set)."""
        try:
            me = self._call(
                "GET", self._user(), "reading the account", params={"fields": "id,username"}
            ).json()
        except NetworkError as error:
            return AccountStatus(reachable=False, problems=(str(error),))
        detail = f"@{me['username']}" if me.get("username") else f"id {me.get('id')}"
        try:
            token = self._debug_token()
        except NetworkError as error:
            return AccountStatus(reachable=True, detail=detail, problems=(str(error),))
        expires = token_expiry(token.get("expires_at"))
        granted = set(token.get("scopes") or ())
        missing = tuple(p for p in self.declaration.permissions if p not in granted)
        # Missing permissions are reported from `missing_permissions` by `accounts check`.
        problems = []
        if token.get("is_valid") is False:
            why = f"the token is no longer valid — {NETWORK.renew}"
            problems.append(f"{account_label(self)}: {why}")
        return AccountStatus(
            reachable=True,
            problems=tuple(problems),
            expires_at=expires,
            missing_permissions=missing,
            detail=detail,
        )

    # -- the steps of a post -----------------------------------------------------------------

    def _within_publishing_limit(self) -> None:
        """RateLimited when the account's posts of the last 24 h are used up (Meta asks apps
        to check `content_publishing_limit` rather than run into the refusal)."""
        answer = self._call(
            "GET",
            f"{self._user()}/content_publishing_limit",
            "reading the publishing limit",
            params={"fields": "quota_usage,config"},
        )
        data = (answer.json().get("data") or [{}])[0]
        used, total = data.get("quota_usage"), (data.get("config") or {}).get("quota_total")
        if isinstance(used, int) and isinstance(total, int) and used >= total:
            raise RateLimited(
                f"{account_label(self)}: "
                f"Instagram's publishing limit is reached ({used}/{total} posts "
                "in 24 h); the post waits"
            )

    def _create_container(
        self, image_url: str, alt: str | None, caption: str | None, item: bool = False
    ) -> str:
        """A media container of one image: the post itself, or (`item`) a carousel's photo."""
        data = {"image_url": image_url}
        if caption is not None:
            data["caption"] = caption
        if item:
            data["is_carousel_item"] = "true"
        if alt:
            data["alt_text"] = alt
        doing = "creating a photo's container" if item else "creating the media container"
        answer = self._call("POST", f"{self._user()}/media", doing, data=data)
        return str(answer.json()["id"])

    def _create_carousel(self, post: Post, photos: list[tuple[str, str | None]]) -> str:
        """The photos' item containers, each FINISHED, then the carousel's container with
        them and the caption (Instagram takes only children that are ready)."""
        children = [(self._create_container(url, alt, None, item=True), url) for url, alt in photos]
        for child, url in children:
            self._wait_until_ready(child, url)
        data = {
            "media_type": "CAROUSEL",
            "children": ",".join(child for child, _ in children),
            "caption": post.text,
        }
        answer = self._call(
            "POST", f"{self._user()}/media", "creating the carousel's container", data=data
        )
        return str(answer.json()["id"])

    def _wait_until_ready(self, container: str, image_url: str | None) -> None:
        """Poll the container until FINISHED; ERROR refuses the post, EXPIRED or a container
        still IN_PROGRESS past the budget is worth another try (with a new container)."""
        started, waits = time.monotonic(), list(poll_waits(self.poll_waits)) or [1.0]
        for attempt in range(10_000):
            wait = waits[min(attempt, len(waits) - 1)]
            if time.monotonic() - started + wait > self.poll_budget:
                break
            time.sleep(wait)
            answer = self._call(
                "GET",
                quote(container, safe=""),
                "reading the media container's status",
                params={"fields": "status_code,status"},
            ).json()
            status = answer.get("status_code")
            if status == "FINISHED":
                return
            if status == "ERROR":
                raise RejectedError(
                    f"{account_label(self)}: Instagram could not prepare the image "
                    f"{image_url} ({answer.get('status') or 'ERROR'}) — check it is a "
                    "public JPEG of at most 8 MB, with an aspect ratio between 4:5 and 1.91:1"
                )
            if status in ("EXPIRED", "PUBLISHED"):
                raise TransientError(
                    f"{account_label(self)}: "
                    f"the media container is {status} before being published; "
                    "a new one is made next time"
                )
        raise TransientError(
            f"{account_label(self)}: Instagram was still preparing the image after "
            f"{self.poll_budget:g} s; the post is tried again later"
        )

    def error_for(self, response: httpx.Response, account: str, doing: str) -> NetworkError:
        """The NetworkError for a Graph API error answer, with Instagram's own codes."""
        return translate(
            response, account, doing, NETWORK,
            rate_limit_codes=frozenset({PUBLISHING_LIMIT_CODE}), transient_codes=IG_TRANSIENT_CODES,
        )  # fmt: skip

    # -- internals ---------------------------------------------------------------------------

    def _user(self) -> str:
        return quote(self.settings.handle, safe="")

    def _media(self, media_id: str) -> Sent:
        """The published media's permalink (the answer of media_publish holds only its id)."""
        try:
            data = self._call(
                "GET",
                quote(media_id, safe=""),
                "reading the new post's link",
                params={"fields": "id,permalink,timestamp"},
            ).json()
        except NetworkError:  # posted all the same: record it with a link built from its id
            data = {}
        return self._sent(media_id, data.get("permalink"), data.get("timestamp"))

    def _sent(self, media_id: str, permalink: str | None, timestamp: str | None) -> Sent:
        url = permalink or f"https://www.instagram.com/{quote(self.settings.handle)}/"
        return Sent(media_id, url, graph_time(timestamp) or datetime.now(UTC))


def _carousel_photos(post: Post, most: int) -> list[tuple[str, str | None]]:
    """The photos (URL on the site, alt text) of the post's carousel: the item's image, then
    the gallery's JPEG photos (Instagram publishes no other format), at most `most`."""
    photos = [(post.image_url, post.image_alt)] if post.image_url else []
    photos += zip(post.gallery_urls, (alt for _, alt in post.gallery), strict=False)
    jpegs = [
        (str(url), alt) for url, alt in photos if urlsplit(url).path.lower().endswith(JPEG_SUFFIXES)
    ]
    return jpegs[:most]
