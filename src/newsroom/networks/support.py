"""Small helpers shared by the adapters: credentials, reset times, images (no SDK imported)."""

from __future__ import annotations

import mimetypes
from datetime import UTC, datetime
from pathlib import Path

from .base import Adapter, AuthError


def require_secrets(adapter: Adapter, *keys: str) -> dict[str, str]:
    """The adapter's secrets for `keys`; AuthError naming the missing variables otherwise."""
    missing = [key for key in keys if not adapter.secrets.get(key)]
    if missing:
        names = [adapter.settings.credentials.get(key, f"<credentials.{key}>") for key in missing]
        raise AuthError(
            f"{who(adapter)}: missing credentials "
            f"{', '.join(missing)} — set the environment variables {', '.join(names)} "
            f"and name them under accounts.{adapter.account_id}.credentials in newsroom.yml"
        )
    return {key: adapter.secrets[key] for key in keys}


def from_epoch(value: str | int | float | None) -> datetime | None:
    """A UTC datetime from a Unix timestamp header value; None when absent or unreadable."""
    if value is None:
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def image_type(path: Path) -> str:
    """The MIME type of an image file, from its name (the composer checked the file exists)."""
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def who(adapter: Adapter) -> str:
    """How error messages name an account: `x account 'uni-x' (@AldermoorUni)`."""
    return f"{adapter.network} account {adapter.account_id!r} ({adapter.settings.handle})"
