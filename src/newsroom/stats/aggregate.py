"""The report's numbers, from the archive: per post, per item, per theme, per day, per month.

A post's counts are those of its latest `ok` reading; its status is that of its latest
reading (so a post deleted since shows `deleted` with its last known counts). Sums are of
interactions: likes + reposts + replies + quotes, each network's names mapped to these.

Returns: a post's clicks are those of its latest `ok` reading that has them (networks that
report none have no clicks, not zero); a link's visits are those of its latest `ok` visits
reading, counted under the network of the posts carrying it ("" when several networks share
one link, see stats/links.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ..config import SiteConfig
from ..content import Item
from ..networks import NETWORKS
from .archive import ReadingStatus, Snapshot, VisitsReading


@dataclass(frozen=True)
class PostStats:
    """One post as the report shows it."""

    item: str
    title: str
    theme: str
    account: str
    network: str
    post_id: str
    status: ReadingStatus  # of the latest reading
    counts: dict[str, int]  # of the latest ok reading ({} if never read)
    last_read: datetime
    readings: int
    error: str = ""

    @property
    def interactions(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("likes", "reposts", "replies", "quotes"))

    @property
    def clicks(self) -> int | None:
        """Link clicks reported by the network; None where it reports none."""
        return self.counts.get("clicks")


@dataclass(frozen=True)
class ReturnRow:
    """What one network brought back for one item (or theme, or in all)."""

    label: str  # item title, theme name or network label
    network: str
    posts: int
    interactions: int
    clicks: int | None  # None: the network reported no clicks for these posts
    visits: int | None  # None: no visits reading for these links
    key: str = ""  # the item id of a per-item row


@dataclass
class Returns:
    """The returns part of the report, already summed."""

    provider: str  # matomo | plausible | "" (no analytics configured)
    networks: list[str]  # with posts or visits, configuration order ("" last: shared links)
    per_item: list[ReturnRow]  # one row per (item, network), best first
    per_theme: list[ReturnRow]
    per_network: list[ReturnRow]
    visits_day: dict[date, Counter[str]]  # day → network → visits known at its end
    clicks_day: dict[date, Counter[str]]  # day → network → clicks known at its end
    unreachable: tuple[int, str] = (0, "")  # links whose last visits reading failed, why
    readings: int = 0

    @property
    def visits(self) -> int:
        return sum(r.visits or 0 for r in self.per_network)

    @property
    def clicks(self) -> int:
        return sum(r.clicks or 0 for r in self.per_network)

    @property
    def any(self) -> bool:
        return any(r.visits is not None or r.clicks is not None for r in self.per_network)


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
    returns: Returns | None = None


def _totals(snapshot: Snapshot) -> int:
    return snapshot.interactions


def figures(
    snapshots: list[Snapshot],
    items: list[Item],
    config: SiteConfig,
    now: datetime,
    visits: list[VisitsReading] | None = None,
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
        if snapshot.status == ReadingStatus.OK:
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
        if post.status == ReadingStatus.UNREACHABLE:
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
        returns=returns(posts, snapshots, visits or [], by_id, config),
    )


def _per_day(snapshots: list[Snapshot], zone: ZoneInfo) -> dict[date, Counter[str]]:
    """Interactions known at the end of each day of readings, by network."""
    if not snapshots:
        return {}
    readings = [
        (s.at, (s.item, s.account), s.network, _totals(s))
        for s in snapshots
        if s.status == ReadingStatus.OK
    ]
    moments = [s.at for s in snapshots]  # unreadable days count too: their totals carry on
    return _known_by_day(readings, zone, (min(moments), max(moments)))


def _top_of_month(
    snapshots: list[Snapshot], now: datetime, zone: ZoneInfo, limit: int = 10
) -> list[tuple[str, int]]:
    """Items by interactions gained since the first day of `now`'s month."""
    local = now.astimezone(zone)
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    before: dict[tuple[str, str], int] = {}
    after: dict[tuple[str, str], int] = {}
    for snapshot in sorted(snapshots, key=lambda s: s.at):
        if snapshot.status != ReadingStatus.OK or snapshot.at > now:
            continue
        key = (snapshot.item, snapshot.account)
        (before if snapshot.at < start else after)[key] = _totals(snapshot)
    gained: Counter[str] = Counter()
    for key, value in after.items():
        gained[key[0]] += value - before.get(key, 0)
    ranked = [(item, n) for item, n in gained.most_common() if n > 0]
    return sorted(ranked, key=lambda pair: (-pair[1], pair[0]))[:limit]


def returns(
    posts: list[PostStats],
    snapshots: list[Snapshot],
    visits: list[VisitsReading],
    items: dict[str, Item],
    config: SiteConfig,
) -> Returns:
    """Clicks and visits per item, theme and network, and their history by day."""
    zone = config.zone
    theme_names = {t.slug: t.name for t in config.themes}
    latest: dict[tuple[str, str, str], VisitsReading] = {}
    latest_ok: dict[tuple[str, str, str], VisitsReading] = {}
    for reading in sorted(visits, key=lambda r: r.at):
        key = (reading.item, reading.source, reading.campaign)
        latest[key] = reading
        if reading.status == ReadingStatus.OK:
            latest_ok[key] = reading
    # (item, network) → [posts, interactions, clicks or None, visits or None]
    cells: dict[tuple[str, str], list[int | None]] = {}
    for post in posts:
        cell = cells.setdefault((post.item, post.network), [0, 0, None, None])
        cell[0] = (cell[0] or 0) + 1
        cell[1] = (cell[1] or 0) + post.interactions
        if post.clicks is not None:
            cell[2] = (cell[2] or 0) + post.clicks
    for reading in latest_ok.values():
        cell = cells.setdefault((reading.item, reading.network), [0, 0, None, None])
        cell[3] = (cell[3] or 0) + reading.visits
    titles = {p.item: p.title for p in posts}
    themes = {p.item: p.theme for p in posts}
    for item_id in {i for i, _ in cells} - set(titles):
        item = items.get(item_id)
        titles[item_id] = item.title if item else item_id
        themes[item_id] = theme_names.get(item.theme, item.theme) if item else "(item removed)"
    order = [n for n in NETWORKS if any(net == n for _, net in cells)]
    order += sorted({net for _, net in cells} - set(order) - {""})
    order += [""] if any(net == "" for _, net in cells) else []
    per_item = [_row(titles[i], n, c, i) for (i, n), c in cells.items()]
    failed = [r for r in latest.values() if r.status == ReadingStatus.UNREACHABLE]
    return Returns(
        provider=config.analytics.provider or "",
        networks=order,
        per_item=sorted(per_item, key=_best_returns),
        per_theme=_grouped(cells, lambda item_id: themes[item_id]),
        per_network=_grouped(cells, lambda item_id: ""),
        visits_day=_known_by_day(
            [
                (r.at, (r.item, r.source, r.campaign), r.network, r.visits)
                for r in visits
                if r.status == ReadingStatus.OK
            ],
            zone,
        ),
        clicks_day=_known_by_day(
            [
                (r.at, (r.item, r.account), r.network, r.counts["clicks"])
                for r in snapshots
                if r.status == ReadingStatus.OK and "clicks" in r.counts
            ],
            zone,
        ),
        unreachable=(len(failed), failed[-1].error if failed else ""),
        readings=len(visits),
    )


def _row(label: str, network: str, cell: list[int | None], key: str = "") -> ReturnRow:
    return ReturnRow(label, network, cell[0] or 0, cell[1] or 0, cell[2], cell[3], key)


def _best_returns(row: ReturnRow) -> tuple[int, int, str, str]:
    return (-(row.visits or 0), -(row.clicks or 0), row.label, row.network)


def _grouped(
    cells: dict[tuple[str, str], list[int | None]], label_of: Callable[[str], str]
) -> list[ReturnRow]:
    """Rows summed by (label_of(item), network)."""
    summed: dict[tuple[str, str], list[int | None]] = {}
    for (item_id, network), cell in cells.items():
        total = summed.setdefault((label_of(item_id), network), [0, 0, None, None])
        for position, value in enumerate(cell):
            if value is not None:
                total[position] = (total[position] or 0) + value
    return sorted((_row(label, n, c) for (label, n), c in summed.items()), key=_best_returns)


def _known_by_day(
    readings: list[tuple[datetime, tuple[str, ...], str, int]],
    zone: ZoneInfo,
    span: tuple[datetime, datetime] | None = None,
) -> dict[date, Counter[str]]:
    """For each day from the first reading to the last (or of `span`): the latest value of
    every key known at its end, summed by network."""
    ordered = sorted(readings, key=lambda r: r[0])
    if span is None and not ordered:
        return {}
    first, final = span or (ordered[0][0], ordered[-1][0])
    known: dict[tuple[str, ...], tuple[str, int]] = {}
    days: dict[date, Counter[str]] = {}
    day, last = first.astimezone(zone).date(), final.astimezone(zone).date()
    position = 0
    while day <= last:
        while position < len(ordered) and ordered[position][0].astimezone(zone).date() <= day:
            _, key, network, value = ordered[position]
            known[key] = (network, value)
            position += 1
        totals: Counter[str] = Counter()
        for network, value in known.values():
            totals[network] += value
        days[day] = totals
        day += timedelta(days=1)
    return days
