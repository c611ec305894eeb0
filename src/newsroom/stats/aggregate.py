"""The report's numbers, from the archive: per post, per item, per theme, per day, per month.

A post's counts are those of its latest `ok` reading; its status is that of its latest
reading (so a post deleted since shows `deleted` with its last known counts). Sums are of
interactions: likes + reposts + replies + quotes, each network's names mapped to these.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..config import SiteConfig
from ..content import Item
from ..networks import NETWORKS
from .archive import Snapshot


@dataclass(frozen=True)
class PostStats:
    """One post as the report shows it."""

    item: str
    title: str
    theme: str
    account: str
    network: str
    post_id: str
    status: str  # of the latest reading: ok | deleted | unreachable
    counts: dict[str, int]  # of the latest ok reading ({} if never read)
    last_read: datetime
    readings: int
    error: str = ""

    @property
    def interactions(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("likes", "reposts", "replies", "quotes"))


@dataclass
class Figures:
    """Everything the report draws, already summed."""

    posts: list[PostStats]
    networks: list[str]  # those with posts, in the configuration's order
    per_item: dict[str, Counter[str]]  # item → network → interactions
    per_theme: dict[str, Counter[str]]  # theme name → network → interactions
    per_day: dict[date, Counter[str]]  # day → network → interactions known at its end
    month: str  # "YYYY-MM" of the report
    top_month: list[tuple[str, int]]  # (item, interactions gained this month), best first
    titles: dict[str, str] = field(default_factory=dict)
    unreachable: dict[str, tuple[int, str]] = field(default_factory=dict)  # network → (n, why)
    readings: int = 0
    generated: datetime | None = None


def _totals(snapshot: Snapshot) -> int:
    return snapshot.interactions


def figures(
    snapshots: list[Snapshot], items: list[Item], config: SiteConfig, now: datetime
) -> Figures:
    """Sum the archive for the report, as of `now` (in the site's time zone)."""
    zone = config.zone
    by_id = {item.id: item for item in items}
    theme_names = {t.slug: t.name for t in config.themes}
    latest: dict[tuple[str, str], Snapshot] = {}
    latest_ok: dict[tuple[str, str], Snapshot] = {}
    count: Counter[tuple[str, str]] = Counter()
    for snapshot in snapshots:
        key = (snapshot.item, snapshot.account)
        latest[key] = snapshot
        count[key] += 1
        if snapshot.status == "ok":
            latest_ok[key] = snapshot
    posts = []
    for key, last in latest.items():
        item = by_id.get(last.item)
        ok = latest_ok.get(key)
        posts.append(
            PostStats(
                last.item,
                item.title if item else last.item,
                theme_names.get(item.theme, item.theme) if item else "(item removed)",
                last.account,
                last.network,
                last.post_id,
                last.status,
                dict(ok.counts) if ok else {},
                last.at,
                count[key],
                last.error,
            )
        )
    posts.sort(key=lambda p: (-p.interactions, p.item, p.account))
    order = [n for n in NETWORKS if any(p.network == n for p in posts)]
    order += sorted({p.network for p in posts} - set(order))
    per_item: dict[str, Counter[str]] = defaultdict(Counter)
    per_theme: dict[str, Counter[str]] = defaultdict(Counter)
    for post in posts:
        per_item[post.item][post.network] += post.interactions
        per_theme[post.theme][post.network] += post.interactions
    unreachable: dict[str, tuple[int, str]] = {}
    for post in posts:
        if post.status == "unreachable":
            n, _ = unreachable.get(post.network, (0, ""))
            unreachable[post.network] = (n + 1, post.error)
    month = f"{now.astimezone(zone):%Y-%m}"
    return Figures(
        posts=posts,
        networks=order,
        per_item=dict(per_item),
        per_theme=dict(per_theme),
        per_day=_per_day(snapshots, zone),
        month=month,
        top_month=_top_of_month(snapshots, now, zone),
        titles={p.item: p.title for p in posts},
        unreachable=unreachable,
        readings=len(snapshots),
        generated=now,
    )


def _per_day(snapshots: list[Snapshot], zone: ZoneInfo) -> dict[date, Counter[str]]:
    """Interactions known at the end of each day of readings, by network."""
    if not snapshots:
        return {}
    known: dict[tuple[str, str], tuple[str, int]] = {}
    days: dict[date, Counter[str]] = {}
    ordered = sorted(snapshots, key=lambda s: s.at)
    day = ordered[0].at.astimezone(zone).date()
    last_day = ordered[-1].at.astimezone(zone).date()
    position = 0
    while day <= last_day:
        while position < len(ordered) and ordered[position].at.astimezone(zone).date() <= day:
            snapshot = ordered[position]
            if snapshot.status == "ok":
                known[(snapshot.item, snapshot.account)] = (snapshot.network, _totals(snapshot))
            position += 1
        totals: Counter[str] = Counter()
        for network, value in known.values():
            totals[network] += value
        days[day] = totals
        day += timedelta(days=1)
    return days


def _top_of_month(
    snapshots: list[Snapshot], now: datetime, zone: ZoneInfo, limit: int = 10
) -> list[tuple[str, int]]:
    """Items by interactions gained since the first day of `now`'s month."""
    local = now.astimezone(zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    before: dict[tuple[str, str], int] = {}
    after: dict[tuple[str, str], int] = {}
    for snapshot in sorted(snapshots, key=lambda s: s.at):
        if snapshot.status != "ok" or snapshot.at > now:
            continue
        key = (snapshot.item, snapshot.account)
        (before if snapshot.at < start else after)[key] = _totals(snapshot)
    gained: Counter[str] = Counter()
    for key, value in after.items():
        gained[key[0]] += value - before.get(key, 0)
    ranked = [(item, n) for item, n in gained.most_common() if n > 0]
    return sorted(ranked, key=lambda pair: (-pair[1], pair[0]))[:limit]
