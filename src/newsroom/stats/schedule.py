"""Which posts are due for a reading: young posts often, old ones rarely, within rate limits.

A post's interval depends on its age (since it was sent), by the `stats.schedule` steps of
newsroom.yml; it is due once that interval has passed since its last reading (whatever that
reading's status: an unreachable network is tried again at the same pace, not every run).
Deleted posts and posts past `stop_after_days` are not read again. Each network reads at
most its `max_reads_per_run`; the most overdue posts go first, the rest wait for a later run.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..config import StatsSettings
from ..networks import NETWORKS
from ..syndication.ledger import Record
from .archive import ReadingStatus, Snapshot

SLACK = 0.1  # a scheduled job starts a few minutes late: 10% early still counts as due


@dataclass(frozen=True)
class Due:
    """A post to read in this run."""

    item: str
    account: str
    network: str
    post_id: str
    url: str
    sent_at: datetime
    overdue: float  # time since the last reading, in intervals (new posts: infinity)


@dataclass
class Plan:
    """What this run reads, and what waits for a later run."""

    due: list[Due]
    deferred: Counter[str]  # network → posts due but over its reads per run
    not_due: int  # posts read recently enough


def interval(settings: StatsSettings, age: timedelta) -> timedelta:
    """How often a post of this age is read."""
    days = age.total_seconds() / 86400
    for step in settings.schedule:
        if days < step.younger_than_days:
            return timedelta(hours=step.every_hours)
    return timedelta(hours=settings.every_hours_after)


def max_reads(settings: StatsSettings, network: str) -> int:
    """Readings allowed per run on a network."""
    configured = settings.max_reads_per_run.get(network)
    if configured is not None:
        return configured
    # Each network declares reads well inside its API's limits for one account; posts of a
    # network no longer declared cannot be read (no adapter), so none are scheduled.
    declared = NETWORKS.get(network)
    return declared.stats_reads if declared is not None else 0


def plan_readings(
    posts: list[Record],
    latest: dict[tuple[str, str], Snapshot],
    settings: StatsSettings,
    now: datetime,
) -> Plan:
    """The posts due now, most overdue first, capped per network."""
    candidates: list[Due] = []
    not_due = 0
    for record in posts:
        post_id = record.data.get("post_id")
        if not post_id:
            continue
        age = now - record.at
        if settings.stop_after_days is not None and age > timedelta(days=settings.stop_after_days):
            continue
        last = latest.get((record.item, record.account))
        # A new post id (the item was deleted and posted again) starts afresh.
        if last is not None and last.post_id == post_id:
            if last.status == ReadingStatus.DELETED:
                continue
            overdue = (now - last.at) / interval(settings, age)
            if overdue < 1 - SLACK:
                not_due += 1
                continue
        else:
            overdue = float("inf")
        url = str(record.data.get("url", ""))
        candidates.append(
            Due(record.item, record.account, record.network, post_id, url, record.at, overdue)
        )
    candidates.sort(key=lambda d: (-d.overdue, -d.sent_at.timestamp(), d.item, d.account))
    taken: Counter[str] = Counter()
    deferred: Counter[str] = Counter()
    due = []
    for candidate in candidates:
        if taken[candidate.network] < max_reads(settings, candidate.network):
            taken[candidate.network] += 1
            due.append(candidate)
        else:
            deferred[candidate.network] += 1
    return Plan(due, deferred, not_due)
