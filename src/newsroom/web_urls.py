"""Web addresses in content and configuration: `http`/`https` only, checked where they are written.

A URL field reaches many outputs — pages, feeds, JSON-LD, `.ics` calendars, the web editor's
configuration — and not all of them filter schemes. `javascript:` or `data:` in any of them
runs in a reader's or an editor's browser, so a bad scheme is refused once, at its line, by
`newsroom check`, rather than filtered by each output.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

# No white space, no control characters, no quotes or angle brackets anywhere in the address.
_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f<>\"'`\\]")
_EMAIL = re.compile(
    r"^[^@\s<>\"'`\\()\[\],;:]+@[^@\s<>\"'`\\()\[\],;:]+\.[^@\s<>\"'`\\()\[\],;:]+$"
)
MAX_URL = 2048  # longer addresses are refused by browsers and crawlers alike


def check_web_url(value: str) -> str:
    """`value` if it is an absolute `http(s)://host/…` address; a validation error otherwise."""
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or _UNSAFE.search(value)
        or len(value) > MAX_URL
    ):
        raise PydanticCustomError(
            "web_url",
            "{value} is not a web address — write a full http:// or https:// address, "
            "e.g. https://www.example.edu/page (other schemes such as javascript: are refused)",
            {"value": repr(value[:80])},
        )
    return value


def check_email(value: str) -> str:
    """`value` if it looks like one e-mail address (or is empty); a validation error otherwise."""
    if value and not _EMAIL.match(value):
        raise PydanticCustomError(
            "email",
            "{value} is not an e-mail address — write one address, e.g. press@example.edu",
            {"value": repr(value[:80])},
        )
    return value


WebUrl = Annotated[str, AfterValidator(check_web_url)]
EmailAddress = Annotated[str, AfterValidator(check_email)]
