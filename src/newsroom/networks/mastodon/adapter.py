"""Mastodon through Mastodon.py.

Credentials: `access_token` — a token of an application created in the account's
Preferences → Development, with the scopes `read:accounts read:statuses write:statuses
write:media`. `base_url` is the instance (`https://mastodon.example`); without it the
instance is taken from the handle (`@name@instance`).

Limits come from the instance (`/api/v2/instance`), fetched once per adapter. Posts carry
`Idempotency-Key: post.key`, which Mastodon remembers for an hour; `find` reads the
account's own recent statuses for older retries.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonNetworkError,
    MastodonNotFoundError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonUnauthorizedError,
)

from ...image_metadata import published_image
from .. import counting
from ..base import (
    AccountStatus,
    AuthError,
    Interactions,
    Limits,
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
    hrefs_in,
    image_type,
    refused,
    require_secrets,
)

RECENT_STATUSES = 40  # Mastodon's maximum page; several days of an institution's posts


class Adapter(BaseAdapter):
    """One Mastodon account."""

    network = "mastodon"
    timeout = 30.0

    _api: Mastodon | None = None
    _limits: Limits | None = None
    _account_id: str | None = None

    def limits(self) -> Limits:
        if self._limits is None:
            with self._errors("reading the instance's limits"):
                instance = self._client(authenticated=False).instance_v2()
            statuses = _get(instance, "configuration", "statuses") or {}
            declared = self.declaration.limits
            self._limits = replace(
                declared,
                max_length=statuses.get("max_characters") or declared.max_length,
                url_length=statuses.get("characters_reserved_per_url") or declared.url_length,
                max_media=statuses.get("max_media_attachments") or declared.max_media,
            )
        return self._limits

    def measure(self, text: str) -> int:
        url_length = (self._limits or self.declaration.limits).url_length
        return counting.mastodon_length(text, url_length or counting.MASTODON_DEFAULT_URL_LENGTH)

    def publish(self, post: Post) -> Sent:
        api = self._client()
        media_ids = []
        images = [(post.image, post.image_alt)] if post.image is not None else []
        for path, alt in [*images, *post.gallery]:  # the gallery's photos after the image
            with self._errors("uploading the image"):
                media = api.media_post(
                    published_image(path),
                    mime_type=image_type(path),
                    description=alt,
                    file_name=path.name,
                )
            media_ids.append(media["id"])
        with self._errors("posting"):
            status = api.status_post(
                post.text,
                media_ids=media_ids or None,
                visibility="public",
                language=_language(post, self.settings.languages),
                idempotency_key=post.key,
            )
        return _sent(status)

    def find(self, post: Post) -> Sent | None:
        api = self._client()
        with self._errors("reading the account's statuses"):
            if self._account_id is None:
                self._account_id = str(api.account_verify_credentials()["id"])
            statuses = api.account_statuses(
                self._account_id, exclude_reblogs=True, limit=RECENT_STATUSES
            )
        for status in statuses:
            # The link's target is in the HTML (`href`); its text may be shortened.
            content = status.get("content") or ""
            card = (status.get("card") or {}).get("url")
            if carries_item_link([*hrefs_in(content), card], post.link):
                return _sent(status)
        return None

    def interactions(self, sent: Sent) -> Interactions:
        try:
            with self._errors("reading a status"):
                status = self._client().status(sent.post_id)
        except RejectedError as error:
            if "404" in str(error):
                return Interactions(deleted=True)
            raise
        keys = ("favourites_count", "reblogs_count", "replies_count")
        return Interactions(counts={k: int(status.get(k) or 0) for k in keys})

    def check_account(self) -> AccountStatus:
        """`GET /api/v1/accounts/verify_credentials` (the token works, for which account),
        then `GET /api/v1/apps/verify_credentials` for the scopes: Mastodon ≥ 4.3 lists the
        application's scopes there (older instances do not: scopes are then not checked).
        Mastodon tokens do not expire until revoked."""
        try:
            with self._errors("checking the account"):
                account = self._client().account_verify_credentials()
            scopes = self._app_scopes()
        except NetworkError as error:
            return refused(error)
        problems = []
        username = str(account.get("username") or "")
        wanted = self.settings.handle.lstrip("@").partition("@")[0]
        if username.lower() != wanted.lower():
            problems.append(
                f"{account_label(self)}: "
                f"the token belongs to @{username}, not {self.settings.handle} — "
                "create the token while logged in as the account"
            )
        missing = ()
        if scopes is not None:
            missing = tuple(p for p in self.declaration.permissions if not _granted(p, scopes))
        detail = f"@{username} on {self._base_url()}; " + (
            f"application scopes: {' '.join(scopes)}"
            if scopes is not None
            else "the instance does not list scopes (Mastodon < 4.3)"
        )
        return AccountStatus(
            reachable=True, problems=tuple(problems), missing_permissions=missing, detail=detail
        )

    def _app_scopes(self) -> list[str] | None:
        """The scopes of the token's application; None where the instance does not say."""
        try:
            with self._errors("reading the token's scopes"):
                app = self._client().app_verify_credentials()
        except RejectedError:  # 404 on an old instance, or no application behind the token
            return None
        scopes = app.get("scopes") if hasattr(app, "get") else None
        return [str(s) for s in scopes] if isinstance(scopes, list) else None

    def close(self) -> None:
        if self._api is not None:
            self._api.session.close()

    # -- internals ---------------------------------------------------------------------------

    def _client(self, authenticated: bool = True) -> Mastodon:
        if self._api is None or (authenticated and self._api.access_token is None):
            token = require_secrets(self, "access_token")["access_token"] if authenticated else None
            self._api = Mastodon(
                access_token=token,
                api_base_url=self._base_url(),
                # "throw": never let the SDK sleep until the reset; the engine decides.
                ratelimit_method="throw",
                request_timeout=self.timeout,
                version_check_mode="none",
            )
        return self._api

    def _base_url(self) -> str:
        if self.settings.base_url:
            return self.settings.base_url.rstrip("/")
        instance = self.settings.handle.lstrip("@").partition("@")[2]
        if not instance:
            raise RejectedError(
                f"{account_label(self)}: "
                "set base_url (the instance URL) or a handle like @name@instance"
            )
        return f"https://{instance}"

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Translate Mastodon.py's exceptions; their texts are not copied (no secrets leak)."""
        account = account_label(self)
        try:
            yield
        except MastodonRatelimitError:
            reset = from_epoch(self._api.ratelimit_reset) if self._api is not None else None
            raise RateLimited(f"{account}: rate limited while {doing}", reset) from None
        except MastodonUnauthorizedError:
            raise AuthError(
                f"{account}: the instance refused the access token (401) while {doing} — "
                "create a new one in Preferences → Development and update the secret"
            ) from None
        except MastodonServerError as error:
            raise TransientError(
                f"{account}: server error {_status(error)} while {doing}"
            ) from None
        except MastodonNetworkError as error:
            raise TransientError(
                f"{account}: no answer from the instance while {doing} ({type(error).__name__})"
            ) from None
        except MastodonNotFoundError:
            raise RejectedError(f"{account}: not found (404) while {doing}") from None
        except MastodonAPIError as error:
            status, message = _status(error), _message(error)
            if status == 403:
                raise AuthError(
                    f"{account}: forbidden (403) while {doing}: {message} — does the token have "
                    "the write:statuses and write:media scopes?"
                ) from None
            raise RejectedError(f"{account}: refused ({status}) while {doing}: {message}") from None


def _granted(scope: str, scopes: list[str]) -> bool:
    """Whether `scopes` grant `scope`: itself, or its parent (`write` covers `write:media`)."""
    return scope in scopes or scope.partition(":")[0] in scopes


def _status(error: Exception) -> Any:
    # Mastodon.py raises MastodonAPIError("…", status_code, reason, error_message).
    return error.args[1] if len(error.args) > 1 else "?"


def _message(error: Exception) -> str:
    return str(error.args[3]) if len(error.args) > 3 and error.args[3] else ""


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if hasattr(data, "get") else None
    return data


def _language(post: Post, languages: list[str] | None) -> str | None:
    language = getattr(post, "language", None)
    if language:
        return language.split("-")[0]
    return languages[0].split("-")[0] if languages and len(languages) == 1 else None


def _sent(status: Any) -> Sent:
    at = status.get("created_at")
    at = at.astimezone(UTC) if isinstance(at, datetime) else None  # Mastodon.py gives local time
    return Sent(str(status["id"]), status.get("url") or status.get("uri", ""), at)
