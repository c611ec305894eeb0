"""Bluesky through the atproto SDK, talking to the account's PDS.

Credentials: `app_password` — an app password (Settings → Privacy and security → App
passwords) of the account named by `handle`. `base_url` is the PDS or entryway
(default `https://bsky.social`).

One session per adapter (Bluesky allows 30 `createSession` per 5 minutes per handle). The
session is created with `login(..., fetch_bsky_profile=False)`, which calls only
`com.atproto.server.createSession` (no app view needed, so it works on a bare PDS).
Records are created with a record key derived from `post.key` (a valid TID), so a retry
finds the first post with `getRecord` instead of posting twice.

A post embeds one thing: the link card (`app.bsky.embed.external`), or, when the item has a
gallery, its photos (`app.bsky.embed.images`: the item's image, then the gallery's first
photos, at most 4, each with its alt text and aspect ratio); the link stays clickable in
the text through its facet.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

import httpx
from atproto import Client, models
from atproto_client.exceptions import (
    BadRequestError,
    NetworkError,
    RateLimitExceededError,
    RequestErrorBase,
    UnauthorizedError,
)
from atproto_client.request import Request

from ...image_metadata import ORIENTATION_TAG, published_image
from ..base import (
    AccountStatus,
    AuthError,
    Interactions,
    Post,
    RateLimited,
    RejectedError,
    Sent,
    TransientError,
)
from ..base import Adapter as BaseAdapter
from ..base import NetworkError as AdapterError
from ..support import account_label, refused, require_secrets
from . import richtext as bluesky_richtext

COLLECTION = "app.bsky.feed.post"
MAX_THUMB_BYTES = 1_000_000  # a blob of an external thumb or of an image (the lexicons' maxSize)
MAX_IMAGES = 4  # app.bsky.embed.images: "maxLength": 4
SIDEWAYS = frozenset({5, 6, 7, 8})  # EXIF orientations shown turned a quarter: width ↔ height
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# Record-key timestamps are placed in a past window (2023-01-01 + up to ~2.2 years) so a
# derived TID never claims a future time; 46 bits of time + 10 of clock id come from the hash.
TID_EPOCH_US = 1_672_531_200_000_000


def record_key(key: str) -> str:
    """A valid TID (13 base32-sortable characters) derived from `key`, the same every time."""
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    micros = TID_EPOCH_US + (digest >> 18) % (1 << 46)
    clock_id = digest & 0x3FF
    value = (micros << 10) | clock_id  # top bit stays 0, as the TID spec requires
    return "".join(TID_ALPHABET[(value >> shift) & 31] for shift in range(60, -1, -5))


def facets(
    text: str, resolve: Callable[[str], str | None] | None = None
) -> list[models.AppBskyRichtextFacet.Main]:
    """The facets Bluesky's app makes for `text` (bluesky_richtext.detect), as SDK models.

    Links and tags are the app's, byte for byte. A mention needs the account's DID: `resolve`
    turns a handle into one; a mention it cannot resolve (or any, without `resolve`) gets no
    facet and stays plain text, since a handle where a DID belongs makes the record invalid.
    """
    made = []
    for found in bluesky_richtext.detect(text):
        feature = _feature(found, resolve)
        if feature is not None:
            index = models.AppBskyRichtextFacet.ByteSlice(
                byte_start=found.byte_start, byte_end=found.byte_end
            )
            made.append(models.AppBskyRichtextFacet.Main(index=index, features=[feature]))
    return made


Feature = (
    models.AppBskyRichtextFacet.Link
    | models.AppBskyRichtextFacet.Tag
    | models.AppBskyRichtextFacet.Mention
)


def _feature(
    found: bluesky_richtext.Facet, resolve: Callable[[str], str | None] | None
) -> Feature | None:
    if found.kind == "link":
        return models.AppBskyRichtextFacet.Link(uri=found.value)
    if found.kind == "tag":
        return models.AppBskyRichtextFacet.Tag(tag=found.value)
    did = resolve(found.value) if resolve is not None else None
    return models.AppBskyRichtextFacet.Mention(did=did) if did else None


class Adapter(BaseAdapter):
    """One Bluesky account."""

    network = "bluesky"
    timeout = 30.0
    transport: httpx.BaseTransport | None = None  # tests put a fault-injecting one here

    _client: Client | None = None
    _did: str | None = None

    def publish(self, post: Post) -> Sent:
        existing = self.find(post)  # cheap, and spares an orphan thumbnail upload
        if existing is not None:
            return existing
        client, rkey = self._session(), record_key(post.key)
        record = models.AppBskyFeedPost.Record(
            created_at=client.get_current_time_iso(),
            text=post.text,
            facets=facets(post.text, self._did_of) or None,
            embed=self._images(post) if post.gallery else self._card(post),
            langs=[post.language] if post.language else self.settings.languages,
        )
        data = models.ComAtprotoRepoCreateRecord.Data(
            repo=self._did, collection=COLLECTION, rkey=rkey, record=record
        )
        try:
            with self._errors("posting"):
                created = client.com.atproto.repo.create_record(data)
        except TransientError:
            # The PDS answers 500 when the rkey already exists: look before retrying.
            found = self.find(post)
            if found is None:
                raise
            return found
        return self._sent(created.uri, datetime.fromisoformat(record.created_at))

    def find(self, post: Post) -> Sent | None:
        client = self._session()
        params = models.ComAtprotoRepoGetRecord.Params(
            repo=self._did, collection=COLLECTION, rkey=record_key(post.key)
        )
        try:
            with self._errors("looking for the post"):
                got = client.com.atproto.repo.get_record(params)
        except RejectedError as error:
            if "RecordNotFound" in str(error) or "Could not locate record" in str(error):
                return None
            raise
        created = getattr(got.value, "created_at", None)
        return self._sent(got.uri, datetime.fromisoformat(created) if created else None)

    def interactions(self, sent: Sent) -> Interactions:
        """Counts come from the app view (`app.bsky.feed.getPosts`); a bare PDS has none."""
        client = self._session()
        with self._errors("reading the post's counts"):
            posts = client.app.bsky.feed.get_posts(
                models.AppBskyFeedGetPosts.Params(uris=[sent.post_id])
            ).posts
        if not posts:
            return Interactions(deleted=True)
        view = posts[0]
        counts = {
            "likes": view.like_count or 0,
            "reposts": view.repost_count or 0,
            "replies": view.reply_count or 0,
            "quotes": view.quote_count or 0,
        }
        return Interactions(counts=counts)

    def check_account(self) -> AccountStatus:
        """One session (`createSession` with the app password), then `getSession`: which
        account, and whether the PDS says it is active. App passwords do not expire."""
        try:
            client = self._session()
            with self._errors("checking the account"):
                session = client.com.atproto.server.get_session()
        except AdapterError as error:
            return refused(error)
        problems = []
        handle = str(session.handle)
        if handle.lower() != self.settings.handle.lstrip("@").lower():
            problems.append(
                f"{account_label(self)}: "
                f"the PDS knows this account as {handle} — write that handle in "
                "newsroom.yml"
            )
        if session.active is False:
            problems.append(
                f"{account_label(self)}: "
                f"the PDS says the account is {session.status or 'inactive'} — "
                "sign in to Bluesky to see why"
            )
        detail = f"{handle} ({session.did}); app passwords do not expire"
        return AccountStatus(reachable=True, problems=tuple(problems), detail=detail)

    def close(self) -> None:
        if self._client is not None:
            self._client.request.close()

    # -- internals ---------------------------------------------------------------------------

    def _session(self) -> Client:
        if self._client is None:
            password = require_secrets(self, "app_password")["app_password"]
            options = {"timeout": self.timeout}
            if self.transport is not None:
                options["transport"] = self.transport
            client = Client(self.settings.base_url, request=Request(**options))
            # The session (created or refreshed) tells us the account's DID: the repo we write.
            client.on_session_change(lambda event, session: setattr(self, "_did", session.did))
            with self._errors("opening a session"):
                client.login(self.settings.handle.lstrip("@"), password, fetch_bsky_profile=False)
            self._client = client
        return self._client

    def _did_of(self, handle: str) -> str | None:
        """The DID of `handle` (for a mention facet), or None when no account has it."""
        params = models.ComAtprotoIdentityResolveHandle.Params(handle=handle)
        try:
            with self._errors(f"resolving @{handle}"):
                return self._session().com.atproto.identity.resolve_handle(params).did
        except RejectedError:
            return None  # no such account: no facet, the mention stays plain text

    def _card(self, post: Post) -> models.AppBskyEmbedExternal.Main:
        thumb = None
        if post.card.image is not None:
            data = _thumbnail(published_image(post.card.image))
            if data is not None:
                with self._errors("uploading the card image"):
                    thumb = self._session().com.atproto.repo.upload_blob(data).blob
        external = models.AppBskyEmbedExternal.External(
            uri=post.card.url,
            title=post.card.title,
            description=post.card.description,
            thumb=thumb,
        )
        return models.AppBskyEmbedExternal.Main(external=external)

    def _images(self, post: Post) -> models.AppBskyEmbedImages.Main:
        """The item's image and the gallery's photos, each uploaded once with its alt text."""
        photos = [(post.image, post.image_alt)] if post.image is not None else []
        images = []
        for path, alt in [*photos, *post.gallery][:MAX_IMAGES]:
            original = published_image(path)
            data = _thumbnail(original)
            if data is None:  # no smaller JPEG fits the lexicon's limit: the others still go
                continue
            with self._errors(f"uploading the photo {path.name}"):
                blob = self._session().com.atproto.repo.upload_blob(data).blob
            ratio = _aspect_ratio(original)  # a shrunk copy keeps it, rounded
            images.append(
                models.AppBskyEmbedImages.Image(image=blob, alt=alt or "", aspect_ratio=ratio)
            )
        return models.AppBskyEmbedImages.Main(images=images)

    def _sent(self, uri: str, at: datetime | None) -> Sent:
        rkey = uri.rsplit("/", 1)[-1]
        handle = self.settings.handle.lstrip("@")
        return Sent(uri, f"https://bsky.app/profile/{handle}/post/{rkey}", at)

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Translate atproto's exceptions (their texts quote responses, never our password)."""
        account = account_label(self)
        try:
            yield
        except RateLimitExceededError as error:
            raise RateLimited(f"{account}: rate limited while {doing}", error.reset_at) from None
        except UnauthorizedError:
            raise AuthError(
                f"{account}: Bluesky refused the handle or app password while {doing} — "
                "create a new app password and update the secret"
            ) from None
        except NetworkError as error:
            raise TransientError(
                f"{account}: no answer from the PDS while {doing} ({_status(error)})"
            ) from None
        except BadRequestError as error:
            raise RejectedError(f"{account}: refused while {doing}: {_detail(error)}") from None
        except RequestErrorBase as error:
            status = _status(error)
            if isinstance(status, int) and status >= 500:
                raise TransientError(
                    f"{account}: PDS error {status} while {doing}: {_detail(error)}"
                ) from None
            raise RejectedError(f"{account}: refused ({status}) while {doing}") from None


def _status(error: RequestErrorBase) -> int | str:
    return error.response.status_code if error.response is not None else type(error).__name__


def _detail(error: RequestErrorBase) -> str:
    content = error.response.content if error.response is not None else None
    if content is not None and hasattr(content, "error"):
        return f"{content.error}: {content.message or ''}"
    return str(_status(error))


def _aspect_ratio(data: bytes) -> models.AppBskyEmbedDefs.AspectRatio | None:
    """The image's width and height as shown (an EXIF quarter turn swaps them), which
    Bluesky's apps use to lay the photo out before it loads; None when unreadable."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError):
        return None
    width, height = image.size
    if image.getexif().get(ORIENTATION_TAG) in SIDEWAYS:
        width, height = height, width
    return models.AppBskyEmbedDefs.AspectRatio(width=width, height=height)


def _thumbnail(data: bytes) -> bytes | None:
    """An image within Bluesky's 1,000,000 bytes, recompressed as JPEG if needed."""
    if len(data) <= MAX_THUMB_BYTES:
        return data
    try:
        from PIL import Image, ImageOps  # only needed for oversized images
    except ImportError:
        return None  # a card without a thumbnail beats no post
    # The JPEG written keeps no EXIF: turn the pixels upright first, as the original shows.
    image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    for side, quality in ((2000, 85), (1600, 80), (1200, 75), (1000, 70), (800, 60)):
        image.thumbnail((side, side))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, optimize=True)
        if out.tell() <= MAX_THUMB_BYTES:
            return out.getvalue()
    return None
