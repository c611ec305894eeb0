"""Small helpers shared by the adapters: credentials, reset times, images (no SDK imported)."""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .base import AccountStatus, Adapter, AuthError, NetworkError, TransientError


def require_secrets(adapter: Adapter, *keys: str) -> dict[str, str]:
    """The adapter's secrets for `keys`; AuthError naming the missing variables otherwise."""
    missing = [key for key in keys if not adapter.secrets.get(key)]
    if missing:
        names = [adapter.settings.credentials.get(key, f"<credentials.{key}>") for key in missing]
        raise AuthError(
            f"{account_label(adapter)}: missing credentials "
            f"{', '.join(missing)} — set the environment variables {', '.join(names)} "
            f"and name them under accounts.{adapter.account_id}.credentials in newsroom.yml"
        )
    return {key: adapter.secrets[key] for key in keys}


def refused(error: NetworkError) -> AccountStatus:
    """The status of an account whose check the network refused or did not answer.

    `check_account` raises nothing for a refused token: the refusal (which says how to fix
    it) becomes the status's problem; the account is reachable unless nothing answered.
    """
    return AccountStatus(reachable=not isinstance(error, TransientError), problems=(str(error),))


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


def account_label(adapter: Adapter) -> str:
    """How error messages name an account: `x account 'uni-x' (@AldermoorUni)`."""
    return f"{adapter.network} account {adapter.account_id!r} ({adapter.settings.handle})"


# A URL written in a post's text ends at white space; punctuation right after it is prose.
_TEXT_URL = re.compile(r"https?://[^\s<>\"]+")
_PROSE_AFTER_URL = ".,;:!?)]}'\"»”’…"


def urls_written_in(text: str) -> list[str]:
    """The http(s) URLs written in a post's text, without the punctuation that follows them."""
    return [match.group().rstrip(_PROSE_AFTER_URL) for match in _TEXT_URL.finditer(text)]


def hrefs_in(html_text: str) -> list[str]:
    """The targets of the links of an HTML fragment (a Mastodon status's `content`)."""
    parser = _Hrefs()
    parser.feed(html_text)
    parser.close()
    return parser.hrefs


def is_item_link(url: object, link: str) -> bool:
    """Whether `url` is the item's permanent link `link` (UTM parameters aside).

    Crash recovery must recognise the post of *this* item only: ids are 6 to 16 characters, so
    one item's link may be a prefix of another's (`/s/hyg3qt` and `/s/hyg3qtekmy`). The two
    URLs are parsed and compared on scheme, host and path — never as substrings.
    """
    if not isinstance(url, str):
        return False
    try:
        found, wanted = urlsplit(url.strip()), urlsplit(link)
        same_host = (found.hostname or "") == (wanted.hostname or "") and found.port == wanted.port
    except ValueError:  # a malformed URL (bad port, brackets) is no link of ours
        return False
    return (
        same_host
        and found.scheme.lower() == wanted.scheme.lower()
        and found.path.rstrip("/") == wanted.path.rstrip("/")
    )


def carries_item_link(urls: Iterable[object], link: str) -> bool:
    """Whether any of `urls` is the item's permanent link `link`."""
    return any(is_item_link(url, link) for url in urls)


class _Hrefs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)
