"""The states of a publishing run's posts, as values (never strings parsed by prefix).

Its own module, importing nothing: the CLI reads the states without loading the engine.
"""

from __future__ import annotations

from enum import StrEnum


class OutcomeStatus(StrEnum):
    """What became of a post in a run; the reason or the URL is the outcome's `detail`."""

    SENT = "sent"  # posted now
    RESOLVED = "resolved"  # found already posted (an earlier run crashed before recording)
    QUEUED = "queued"  # waits for spacing, the daily cap, a rate limit or a stopped account
    FAILED = "failed"  # the network refused it or could not be reached: the run fails
    HELD = "held"  # refused by the network in an earlier run: waits for an edit of the item
