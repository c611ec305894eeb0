"""Threads through Meta's Threads API (graph.threads.net), with httpx.

Credentials: `access_token` — a long-lived Threads user token (60 days) with
`threads_basic`, `threads_content_publish` (posting, `find`) and `threads_manage_insights`
(`stats`). Calls name the user `me`: the token says whose account it is, and the account's
`handle` (`@name`) is its public name. `api_version` (default `v1.0`) is sent in the path.

Publishing is two steps: create a media container (`POST /me/threads`, `media_type` TEXT,
or IMAGE with `image_url` — the item's image on the deployed site, which Threads fetches),
wait until its `status` is FINISHED, then `POST /me/threads_publish?creation_id=…`. A
container never published expires after 24 hours and is never shown: a run killed between
the two steps creates a new one next time, and a run killed after publishing finds the
post among the account's recent threads by its permanent link.

With a gallery, the post is a **carousel** (2 to 20 photos: the item's image, then the
gallery's first photos, as the site publishes them): one item container per photo
(`is_carousel_item=true`), each waited for until FINISHED, then a CAROUSEL container with
the `children` and the text, waited for in turn, then published like any other. A run
killed before publishing leaves containers that are never shown; after, `find` finds it.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from ..base import (
    AccountStatus,
    Interactions,
    NetworkError,
    Post,
    RefreshedToken,
    RejectedError,
    Sent,
    TransientError,
)
from ..graph_api import GraphAdapter, GraphMissing, debug_token, graph_time, poll_waits
from ..support import (
    account_label,
    carries_item_link,
    from_epoch,
    refused,
    require_secrets,
    urls_written_in,
)

API = "https://graph.threads.net"
DEFAULT_VERSION = "v1.0"
RECENT_THREADS = 50  # searched by find()
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")  # the image formats Threads takes
CAROUSEL_MIN = 2  # "at least 2 and up to 20 total images or videos" (Threads Posts, Carousel)
METRICS = ("views", "likes", "replies", "reposts", "quotes")  # media insights
# Meta error codes (Graph API error handling, which the Threads API shares).


class Adapter(GraphAdapter):
    """One Threads profile."""

    network = "threads"
    api = API
    # Meta advises checking a container's status about once a minute, for at most five
    # minutes; an image is usually ready within seconds, so the waits start short and
    # double up to a minute. After five minutes, a later run tries again.
    poll_wait = 0.5
    poll_max_wait = 60.0
    poll_total = 300.0

    def publish(self, post: Post) -> Sent:
        photos = _carousel_photos(post, self.declaration.limits.max_media)
        if len(photos) >= CAROUSEL_MIN:
            container = self._create_carousel(post, photos)
        else:
            container = self._create_container(post, photos[0] if photos else None)
        self._wait_until_ready(container)
        answer = self._call(
            "POST", "me/threads_publish", "publishing", data={"creation_id": container}
        )
        media_id = str(answer.json()["id"])
        return self._published(media_id)

    def find(self, post: Post) -> Sent | None:
        params = {"fields": "id,text,permalink,timestamp", "limit": str(RECENT_THREADS)}
        answer = self._call("GET", "me/threads", "listing the account's threads", params=params)
        for thread in answer.json().get("data", []):
            if carries_item_link(urls_written_in(str(thread.get("text") or "")), post.link):
                url = thread.get("permalink") or self._profile()
                return Sent(str(thread["id"]), url, graph_time(thread.get("timestamp")))
        return None

    def interactions(self, sent: Sent) -> Interactions:
        params = {"metric": ",".join(METRICS)}
        try:
            answer = self._call("GET", f"{_node(sent.post_id)}/insights", "reading insights",
                                params=params)  # fmt: skip
        except GraphMissing:
            return Interactions(deleted=True)
        counts = {}
        for metric in answer.json().get("data", []):
            value = _metric_value(metric)
            if metric.get("name") in METRICS and value is not None:
                counts[metric["name"]] = value
        return Interactions(counts=counts)

    def check_account(self) -> AccountStatus:
        try:
            me = self._call("GET", "me", "reading the profile", params={"fields": "id,username"})
        except NetworkError as error:
            return refused(error)
        user = me.json()
        detail = f"@{user.get('username')} (Threads user {user.get('id')})"
        problems = []
        if str(user.get("username", "")).lower() != self.settings.handle.lstrip("@").lower():
            problems.append(
                f"{account_label(self)}: the token is @{user.get('username')}'s, not "
                f"{self.settings.handle}'s — set the account's handle, or use a token of "
                f"{self.settings.handle}"
            )
        token = self._introspect()
        if token is None:  # Threads lets only its testers' tokens introspect: expiry unknown
            return AccountStatus(True, tuple(problems), detail=detail)
        missing = tuple(p for p in self.declaration.permissions if p not in token["scopes"])
        if missing:
            problems.append(
                f"{account_label(self)}: "
                f"the token lacks {', '.join(missing)} — {self.declaration.renew}"
            )
        if not token["valid"]:
            problems.append(f"{account_label(self)}: Threads says the token is no longer valid — "
                            f"{self.declaration.renew}")  # fmt: skip
        return AccountStatus(
            True, tuple(problems), token["expires_at"], missing_permissions=missing, detail=detail
        )

    def refresh_token(self) -> RefreshedToken | None:
        """A fresh 60-day token for the current one (`th_refresh_token`: the token must be at
        least a day old and not expired). The endpoint takes the token as a parameter and
        sits beside the versions, not under them."""
        token = require_secrets(self, "access_token")["access_token"]
        params = {"grant_type": "th_refresh_token", "access_token": token}
        answer = self._call("GET", "/refresh_access_token", "refreshing the token",
                            params=params).json()  # fmt: skip
        expires_in = answer.get("expires_in")
        expires_at = (
            datetime.now(UTC) + timedelta(seconds=expires_in)
            if isinstance(expires_in, int | float)
            else None
        )
        return RefreshedToken("access_token", str(answer["access_token"]), expires_at)

    # -- publishing steps --------------------------------------------------------------------

    def _create_container(self, post: Post, photo: tuple[str, str | None] | None = None) -> str:
        """The container of a text post, or of a post with one photo (URL, alt text)."""
        data = {"media_type": "TEXT", "text": post.text}
        if photo is not None:
            url, alt = photo
            data.update(media_type="IMAGE", image_url=url)
            if alt:
                data["alt_text"] = alt
        answer = self._call("POST", "me/threads", "creating the post's container", data=data)
        return str(answer.json()["id"])

    def _create_carousel(self, post: Post, photos: list[tuple[str, str | None]]) -> str:
        """The photos' item containers, each FINISHED, then the carousel container holding
        them and the text (Threads refuses children that are not ready)."""
        children = []
        for url, alt in photos:
            data = {"media_type": "IMAGE", "image_url": url, "is_carousel_item": "true"}
            if alt:
                data["alt_text"] = alt
            answer = self._call("POST", "me/threads", "creating a photo's container", data=data)
            children.append(str(answer.json()["id"]))
        for child in children:
            self._wait_until_ready(child)
        data = {"media_type": "CAROUSEL", "children": ",".join(children), "text": post.text}
        answer = self._call("POST", "me/threads", "creating the carousel's container", data=data)
        return str(answer.json()["id"])

    def _wait_until_ready(self, container: str) -> None:
        """Poll the container until FINISHED; ERROR and EXPIRED are refusals of this post."""
        waited, (wait,) = 0.0, poll_waits((self.poll_wait,))
        while True:
            answer = self._call("GET", _node(container), "waiting for the container",
                                params={"fields": "status,error_message"})  # fmt: skip
            state = answer.json()
            status = state.get("status")
            if status == "FINISHED":
                return
            if status in ("ERROR", "EXPIRED", "PUBLISHED"):
                reason = state.get("error_message") or status
                raise RejectedError(
                    f"{account_label(self)}: Threads could not prepare the post ({reason}) — check "
                    "that the item's image is published on the site as JPEG or PNG"
                )
            if waited + wait > self.poll_total:
                raise TransientError(
                    f"{account_label(self)}: "
                    f"Threads was still preparing the post after {waited:g} s "
                    "— a later run tries again"
                )
            time.sleep(wait)
            waited, wait = waited + wait, min(wait * 2, self.poll_max_wait)

    def _published(self, media_id: str) -> Sent:
        """The published post with its permalink (one more call; the post exists anyway)."""
        try:
            answer = self._call("GET", _node(media_id), "reading the new post's link",
                                params={"fields": "permalink,timestamp"})  # fmt: skip
        except NetworkError:
            return Sent(media_id, self._profile(), datetime.now(UTC))
        data = answer.json()
        at = graph_time(data.get("timestamp")) or datetime.now(UTC)
        return Sent(media_id, data.get("permalink") or self._profile(), at)

    # -- internals ---------------------------------------------------------------------------

    def _introspect(self) -> dict[str, Any] | None:
        """`GET /debug_token` of the account's own token: validity, expiry and scopes; None
        when Threads refuses to tell (only testers' tokens may ask)."""
        token = require_secrets(self, "access_token")["access_token"]
        try:
            data = debug_token(self._call, token, self.secrets)
        except NetworkError:
            return None
        expires = data.get("expires_at")
        return {
            "valid": bool(data.get("is_valid")),
            "expires_at": from_epoch(expires) if expires else None,  # 0: never expires
            "scopes": tuple(data.get("scopes") or ()),
        }

    def _profile(self) -> str:
        return str(self.declaration.profile_url(self.settings.handle, None))


def _postable_image(url: str | None) -> bool:
    """Whether the item's published image is one Threads takes (JPEG or PNG, over http(s));
    another one (SVG, WebP) is left out and the post goes as text."""
    if not url:
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.path.lower().endswith(IMAGE_SUFFIXES)


def _carousel_photos(post: Post, most: int) -> list[tuple[str, str | None]]:
    """The photos (URL on the site, alt text) of the post's carousel: the item's image, then
    the gallery's, those Threads takes (JPEG, PNG), at most `most`."""
    photos = [(post.image_url, post.image_alt)] if post.image_url else []
    photos += zip(post.gallery_urls, (alt for _, alt in post.gallery), strict=False)
    return [(str(url), alt) for url, alt in photos if _postable_image(url)][:most]


def _metric_value(metric: dict[str, Any]) -> int | None:
    """A media insight's number: `values[-1].value`, or `total_value.value`."""
    values = metric.get("values") or [metric.get("total_value") or {}]
    value = values[-1].get("value") if isinstance(values[-1], dict) else None
    return value if isinstance(value, int) else None


def _node(object_id: str) -> str:
    return quote(object_id, safe="")
