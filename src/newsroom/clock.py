"""The current time, which tests and previews can pin with `NEWSROOM_NOW`.

Whether an item is published depends on "now" (a future date schedules it), so the site
build and the syndication engine ask this module rather than the system clock: setting
`NEWSROOM_NOW=2026-11-20T10:00:00+01:00` makes every command behave as at that instant.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from .problems import Problem, ProblemsFound

ENV_VAR = "NEWSROOM_NOW"


def parse_now(text: str, source: str = ENV_VAR) -> datetime:
    """Read an ISO 8601 date-time with its UTC offset; raise ProblemsFound otherwise."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        value = None
    if value is None or value.tzinfo is None or value.utcoffset() is None:
        raise ProblemsFound(
            [
                Problem(
                    source,
                    1,
                    "",
                    f"{text!r} is not a date-time with its UTC offset "
                    "— write e.g. 2026-11-20T10:00:00+01:00",
                )
            ]
        )
    return value


def now() -> datetime:
    """The current instant (aware): `$NEWSROOM_NOW` when set, else the system clock."""
    pinned = os.environ.get(ENV_VAR)
    if pinned:
        return parse_now(pinned)
    return datetime.now(UTC)
