"""The stats report: a static HTML page with plots, a data table under each, and CSV files.

Plots are SVG files drawn by matplotlib (Agg, no display needed); each has a text
alternative and the same numbers as a table, so the page reads without the pictures.
`stats.csv` holds one row per post (its latest reading), `snapshots.csv` every reading,
`returns.csv` one row per item and network (posts, interactions, clicks, visits).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ..html_templates import html_template
from ..networks import NETWORKS, label
from .aggregate import Figures, ReturnRow, Returns
from .archive import ReadingStatus, Snapshot

COUNTS = ("likes", "reposts", "replies", "quotes")
OTHER_COLOUR = "#4a5160"  # several networks sharing one link, or one no longer declared
TOP_ITEMS = 15  # bars in the per-item plot; the table lists every item
STATUS_TEXT = {
    ReadingStatus.OK: "read",
    ReadingStatus.DELETED: "deleted",
    ReadingStatus.UNREACHABLE: "unreachable",
}


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "newsroom"  # same data, same file
    matplotlib.rcParams["font.size"] = 10
    from matplotlib import pyplot

    return pyplot


def _label(network: str) -> str:
    if not network:  # one link shared by posts on several networks (stats/links.py)
        return "Several networks"
    return label(network)


def _colour(network: str) -> str:
    declared = NETWORKS.get(network)
    return declared.colour if declared is not None else OTHER_COLOUR


def clicks_reported() -> tuple[str, str]:
    """Which networks report link clicks, and which do not, in words for the report."""
    reporting = [
        n.label if n.clicks == "for every post" else f"{n.label} {n.clicks}"
        for n in NETWORKS.values()
        if n.clicks
    ]
    silent = [n.label for n in NETWORKS.values() if not n.clicks]
    return _words(reporting), _words(silent)


def _words(names: list[str]) -> str:
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else "none"


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _save(figure, path: Path) -> None:  # type: ignore[no-untyped-def]
    figure.tight_layout()
    figure.savefig(path, format="svg", metadata={"Date": None})
    _pyplot().close(figure)


def _stacked_bars(
    rows: list[tuple[str, Counter[str]]], networks: list[str], path: Path, xlabel: str
) -> None:
    """Horizontal bars, one per row, stacked by network."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 0.4 * max(len(rows), 3) + 1.2))
    labels = [_short(label) for label, _ in rows][::-1]
    left = [0] * len(rows)
    for network in networks:
        values = [counts.get(network, 0) for _, counts in rows][::-1]
        axes.barh(labels, values, left=left, label=_label(network), color=_colour(network))
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_xlabel(xlabel)
    axes.spines[["top", "right"]].set_visible(False)
    if any(networks):  # the month's plot has one unnamed series: no legend
        axes.legend(loc="lower right", frameon=False)
    _save(figure, path)


def _lines(figures: Figures, path: Path) -> None:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 3.6))
    days = sorted(figures.per_day)
    for network in figures.networks:
        values = [figures.per_day[d].get(network, 0) for d in days]
        axes.plot(days, values, marker="o", label=_label(network), color=_colour(network))
    axes.set_ylabel("interactions (total so far)")
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    if figures.networks:
        axes.legend(frameon=False)
    _save(figure, path)


@dataclass(frozen=True)
class Status:
    """A post's status cell: its text, a class for the colour, the error as a tooltip."""

    status: str
    text: str
    title: str = ""


Cell = str | int | Status


@dataclass(frozen=True)
class Table:
    """A data table: each row's first cell heads it; columns from `numeric_from` are numbers."""

    caption: str
    head: list[str]
    rows: list[list[Cell]]
    numeric_from: int = 1


@dataclass(frozen=True)
class Figure:
    """A plot (an SVG file beside the page) with its text alternative and caption."""

    src: str
    alt: str
    caption: str


class Totals(NamedTuple):
    """The figures at the top of the report."""

    posts: int
    items: int
    interactions: int
    readings: int
    visits: int | None = None  # None: no analytics configured, or nothing read yet
    clicks: int | None = None  # None: no network reported clicks


@dataclass(frozen=True)
class ChartSection:
    """A section of the report: a plot and its numbers, or `empty` when there is nothing."""

    id: str
    heading: str
    figure: Figure | None = None
    table: Table | None = None
    empty: str = ""


def _network_rows(rows: list[tuple[str, Counter[str]]], networks: list[str]) -> list[list[Cell]]:
    return [[label, *(c.get(n, 0) for n in networks), sum(c.values())] for label, c in rows]


def _best(rows: list[tuple[str, Counter[str]]]) -> str:
    if not rows or not sum(rows[0][1].values()):
        return "No interactions yet."
    return f"Highest: {rows[0][0]}, {sum(rows[0][1].values())} interactions."


def _section_items(figures: Figures, folder: Path) -> ChartSection:
    rows = sorted(
        ((figures.titles.get(i, i), c) for i, c in figures.per_item.items()),
        key=lambda r: (-sum(r[1].values()), r[0]),
    )
    _stacked_bars(rows[:TOP_ITEMS], figures.networks, folder / "per-item.svg", "interactions")
    alt = (
        f"Bar chart of interactions per item, the {min(len(rows), TOP_ITEMS)} highest, "
        f"stacked by network. {_best(rows)} Every item is in the table below."
    )
    head = ["Item", *map(_label, figures.networks), "Total"]
    return ChartSection(
        "items",
        "Interactions per item",
        Figure("per-item.svg", alt, "Interactions per item across networks."),
        Table("Interactions per item and network", head, _network_rows(rows, figures.networks)),
    )


def _section_themes(figures: Figures, folder: Path) -> ChartSection:
    rows = sorted(figures.per_theme.items(), key=lambda r: (-sum(r[1].values()), r[0]))
    _stacked_bars(rows, figures.networks, folder / "per-theme.svg", "interactions")
    alt = f"Bar chart of interactions per theme, stacked by network. {_best(rows)}"
    head = ["Theme", *map(_label, figures.networks), "Total"]
    return ChartSection(
        "themes",
        "Interactions per theme",
        Figure("per-theme.svg", alt, "Interactions per theme across networks."),
        Table("Interactions per theme and network", head, _network_rows(rows, figures.networks)),
    )


def _section_time(figures: Figures, folder: Path) -> ChartSection:
    days = sorted(figures.per_day)
    _lines(figures, folder / "over-time.svg")
    span = f"from {days[0]} to {days[-1]}" if days else "no readings yet"
    alt = (
        f"Line chart of the interactions known at the end of each day, one line per network, "
        f"{span}. The numbers are in the table below."
    )
    rows = [(d.isoformat(), figures.per_day[d]) for d in days]
    head = ["Day", *map(_label, figures.networks), "Total"]
    return ChartSection(
        "time",
        "Per network over time",
        Figure("over-time.svg", alt, "Interactions known at the end of each day, by network."),
        Table("Interactions by day and network", head, _network_rows(rows, figures.networks)),
    )


def _section_month(figures: Figures, folder: Path) -> ChartSection:
    rows = [(figures.titles.get(i, i), Counter({"": n})) for i, n in figures.top_month]
    heading = f"Top items of the month ({figures.month})"
    if not rows:
        return ChartSection("month", heading, empty="No interactions recorded this month yet.")
    _stacked_bars(rows, [""], folder / "top-month.svg", "interactions gained this month")
    alt = f"Bar chart of the items that gained the most interactions in {figures.month}. " + _best(
        rows
    )
    table_rows: list[list[Cell]] = [[t, c[""]] for t, c in rows]
    return ChartSection(
        "month",
        heading,
        Figure("top-month.svg", alt, f"Interactions gained in {figures.month}."),
        Table(f"Top items of {figures.month}", ["Item", "Interactions gained"], table_rows),
    )


# -- returns: what the posts brought back to the site ------------------------------------------

NONE = "–"  # a network that reports no clicks, or no visits read: not zero


def _maybe(value: int | None) -> Cell:
    return NONE if value is None else value


def _returns_metric(returns: Returns) -> str:
    """Plots show visits when the site's analytics gave any, else the networks' clicks."""
    return "visits" if any(r.visits is not None for r in returns.per_network) else "clicks"


def _metric_of(row: ReturnRow, metric: str) -> int:
    return (row.visits if metric == "visits" else row.clicks) or 0


def _by_label(rows: list[ReturnRow], metric: str) -> list[tuple[str, Counter[str]]]:
    """(label, network → metric) in the rows' order of first appearance."""
    grouped: dict[str, Counter[str]] = {}
    for row in rows:
        grouped.setdefault(row.label, Counter())[row.network] += _metric_of(row, metric)
    return sorted(grouped.items(), key=lambda r: (-sum(r[1].values()), r[0]))


def _returns_rows(rows: list[ReturnRow]) -> list[list[Cell]]:
    return [
        [r.label, _label(r.network), r.posts, r.interactions, _maybe(r.clicks), _maybe(r.visits)]
        for r in rows
    ]


RETURNS_HEAD = ["Network", "Posts", "Interactions", "Clicks", "Visits"]


def _returns_by(
    returns: Returns, rows: list[ReturnRow], what: str, folder: Path, name: str
) -> ChartSection:
    metric = _returns_metric(returns)
    chart = _by_label(rows, metric)
    _stacked_bars(chart[:TOP_ITEMS], returns.networks, folder / name, metric)
    best = (
        f"Highest: {chart[0][0]}, {sum(chart[0][1].values())} {metric}."
        if chart and sum(chart[0][1].values())
        else f"No {metric} yet."
    )
    alt = (
        f"Bar chart of the {metric} each {what} brought to the site, the "
        f"{min(len(chart), TOP_ITEMS)} highest, stacked by network. {best} "
        "Every row is in the table below."
    )
    heading = "Item" if what == "item" else "Theme"
    return ChartSection(
        f"returns-{what}",
        f"Returns per {what}",
        Figure(name, alt, f"{metric.capitalize()} per {what}, by network."),
        Table(
            f"Visits and clicks per {what} and network",
            [heading, *RETURNS_HEAD],
            _returns_rows(rows),
            numeric_from=2,
        ),
    )


def _returns_lines(returns: Returns, path: Path) -> None:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 3.6))
    for series, style, days_of in (
        ("visits", "-", returns.visits_day),
        ("clicks", "--", returns.clicks_day),
    ):
        days = sorted(days_of)
        for network in returns.networks:
            if not any(network in days_of[d] for d in days):
                continue
            values = [days_of[d].get(network, 0) for d in days]
            axes.plot(
                days,
                values,
                style,
                marker="o",
                label=f"{_label(network)} {series}",
                color=_colour(network),
            )
    axes.set_ylabel("visits (solid), clicks (dashed)")
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    if axes.get_legend_handles_labels()[0]:
        axes.legend(frameon=False, fontsize=8)
    _save(figure, path)


def _returns_time(returns: Returns, folder: Path) -> ChartSection:
    days = sorted(set(returns.visits_day) | set(returns.clicks_day))
    _returns_lines(returns, folder / "returns-over-time.svg")
    span = f"from {days[0]} to {days[-1]}" if days else "no readings yet"
    alt = (
        "Line chart of the visits (solid lines) and link clicks (dashed lines) known at the "
        f"end of each day, one line per network, {span}. The numbers are in the table below."
    )
    head = ["Day"]
    for network in returns.networks:
        head += [f"{_label(network)} visits", f"{_label(network)} clicks"]
    rows: list[list[Cell]] = []
    for day in days:
        visits, clicks = returns.visits_day.get(day), returns.clicks_day.get(day)
        row: list[Cell] = [day.isoformat()]
        for network in returns.networks:
            row += [
                visits.get(network, 0) if visits else NONE,
                clicks.get(network, 0) if clicks else NONE,
            ]
        rows.append(row)
    return ChartSection(
        "returns-time",
        "Returns over time",
        Figure("returns-over-time.svg", alt, "Visits and clicks known at the end of each day."),
        Table("Visits and clicks by day and network", head, rows),
    )


def _returns_against(returns: Returns, folder: Path) -> ChartSection:
    """Which network brings readers, not only likes: the three numbers side by side."""
    rows = returns.per_network
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(9, 0.7 * max(len(rows), 3) + 1.2))
    labels = [_label(r.network) for r in rows][::-1]
    positions = list(range(len(rows)))
    height = 0.27
    series = [
        ("interactions", [r.interactions for r in rows][::-1], "#4a5160"),
        ("clicks", [r.clicks or 0 for r in rows][::-1], "#e69f00"),
        ("visits", [r.visits or 0 for r in rows][::-1], "#0b3d91"),
    ]
    for offset, (name, values, colour) in enumerate(series):
        shifted = [p + (offset - 1) * height for p in positions]
        axes.barh(shifted, values, height=height, label=name, color=colour)
    axes.set_yticks(positions, labels)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(loc="lower right", frameon=False)
    _save(figure, folder / "returns-against-interactions.svg")
    best = max(rows, key=lambda r: r.visits or 0, default=None)
    lead = (
        f"Most visits: {_label(best.network)}, {best.visits} visits for "
        f"{best.interactions} interactions."
        if best is not None and best.visits
        else "No visits recorded yet."
    )
    alt = (
        "Grouped bar chart comparing, for each network, its interactions, the link clicks it "
        f"reported and the visits it brought to the site. {lead}"
    )
    table_rows: list[list[Cell]] = [
        [
            _label(r.network),
            r.posts,
            r.interactions,
            _maybe(r.clicks),
            _maybe(r.visits),
            _per_hundred(r.visits, r.interactions),
        ]
        for r in rows
    ]
    return ChartSection(
        "returns-against",
        "Returns against interactions",
        Figure("returns-against-interactions.svg", alt, "Interactions, clicks and visits."),
        Table(
            "Interactions, clicks and visits per network",
            ["Network", "Posts", "Interactions", "Clicks", "Visits", "Visits per 100 interactions"],
            table_rows,
        ),
    )


def _per_hundred(visits: int | None, interactions: int) -> Cell:
    if visits is None or not interactions:
        return NONE
    return f"{100 * visits / interactions:.1f}"


def returns_sections(returns: Returns, folder: Path) -> list[ChartSection]:
    """The returns part of the report; one sentence instead when nothing was recorded."""
    if not returns.any:
        why = (
            "No visits or clicks recorded yet. Networks that report link clicks "
            f"({clicks_reported()[0]}) add them at the next reading; visits need the "
            "site's analytics (`analytics:` in newsroom.yml)."
        )
        return [ChartSection("returns", "Returns", empty=why)]
    return [
        _returns_by(returns, returns.per_item, "item", folder, "returns-per-item.svg"),
        _returns_by(returns, returns.per_theme, "theme", folder, "returns-per-theme.svg"),
        _returns_time(returns, folder),
        _returns_against(returns, folder),
    ]


def returns_csv(returns: Returns | None) -> str:
    """One row per item and network: posts, interactions, clicks, visits (empty: none)."""
    out, writer = _csv_writer()
    writer.writerow(["item", "title", "network", "posts", "interactions", "clicks", "visits"])
    for r in returns.per_item if returns else []:
        clicks = "" if r.clicks is None else r.clicks
        visits = "" if r.visits is None else r.visits
        writer.writerow([r.key, r.label, r.network, r.posts, r.interactions, clicks, visits])
    return out.getvalue()


# OWASP's CSV injection rule: a spreadsheet takes a cell starting with one of these for a
# formula (`=HYPERLINK(…)`, `@SUM(…)`), so such text gets a `'` first and stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """`value`, with `'` before text a spreadsheet would run as a formula; numbers as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SpreadsheetSafeWriter:
    """`csv.writer` whose every text cell goes through `spreadsheet_text`."""

    def __init__(self, out: io.StringIO):
        # RFC 4180's CRLF: with "\n" alone, csv leaves a cell's lone "\r" unquoted, and a
        # spreadsheet starts a new row there.
        self._writer = csv.writer(out, lineterminator="\r\n")

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([spreadsheet_text(cell) for cell in row])


def _csv_writer() -> tuple[io.StringIO, _SpreadsheetSafeWriter]:
    out = io.StringIO()
    return out, _SpreadsheetSafeWriter(out)


def _posts_table(figures: Figures) -> Table:
    head = ["Item", "Account", "Network", "Status", *COUNTS, "Total", "Last read"]
    zone = figures.generated.tzinfo if figures.generated else None
    rows: list[list[Cell]] = [
        [
            p.title,
            p.account,
            _label(p.network),
            Status(p.status, STATUS_TEXT.get(p.status, p.status), p.error),
            *(p.counts.get(k, 0) if p.counts else "–" for k in COUNTS),
            p.interactions,
            p.last_read.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        ]
        for p in figures.posts
    ]
    return Table("Every post, its status and counts", head, rows, numeric_from=4)


def posts_csv(figures: Figures) -> str:
    """One row per post: its latest status and counts."""
    extras = sorted({k for p in figures.posts for k in p.counts} - set(COUNTS))
    out, writer = _csv_writer()
    writer.writerow(
        [
            "item",
            "title",
            "theme",
            "account",
            "network",
            "post_id",
            "status",
            *COUNTS,
            "interactions",
            *extras,
            "last_read",
            "readings",
        ]
    )
    for p in figures.posts:
        writer.writerow(
            [
                p.item,
                p.title,
                p.theme,
                p.account,
                p.network,
                p.post_id,
                p.status,
                *(p.counts.get(k, "") if p.counts else "" for k in COUNTS),
                p.interactions,
                *(p.counts.get(k, "") for k in extras),
                p.last_read.isoformat(),
                p.readings,
            ]
        )
    return out.getvalue()


def snapshots_csv(snapshots: list[Snapshot]) -> str:
    """Every reading of the archive, one row each."""
    out, writer = _csv_writer()
    writer.writerow(["at", "item", "account", "network", "post_id", "status", *COUNTS, "error"])
    for s in snapshots:
        counts = [s.counts.get(k, "") for k in COUNTS]
        row = [s.at.isoformat(), s.item, s.account, s.network, s.post_id, s.status]
        writer.writerow([*row, *counts, s.error])
    return out.getvalue()


def write_report(figures: Figures, snapshots: list[Snapshot], folder: Path, site_name: str) -> Path:
    """Write index.html, its plots and the CSV files into `folder`; the page's path."""
    folder.mkdir(parents=True, exist_ok=True)
    generated = figures.generated or datetime.now().astimezone()
    sections: list[ChartSection] = []
    returns: list[ChartSection] = []
    if figures.posts:  # no readings, no plots: the page says so instead
        sections = [
            _section_items(figures, folder),
            _section_themes(figures, folder),
            _section_time(figures, folder),
            _section_month(figures, folder),
        ]
        if figures.returns is not None:
            returns = returns_sections(figures.returns, folder)
    numbers = figures.returns
    page = html_template("stats_report.html").render(
        site_name=site_name,
        subtitle=f"Generated {generated:%Y-%m-%d %H:%M %Z}".strip(),
        totals=Totals(
            posts=len(figures.posts),
            items=len(figures.per_item),
            interactions=sum(p.interactions for p in figures.posts),
            readings=figures.readings,
            visits=numbers.visits if numbers and numbers.readings else None,
            clicks=numbers.clicks
            if numbers and any(p.clicks is not None for p in figures.posts)
            else None,
        ),
        returns=returns,
        clicks_reported=clicks_reported(),
        analytics=_analytics_note(numbers),
        unreachable=[
            (_label(network), n, why) for network, (n, why) in sorted(figures.unreachable.items())
        ],
        deleted=sum(1 for p in figures.posts if p.status == ReadingStatus.DELETED),
        sections=sections,
        posts_table=_posts_table(figures) if figures.posts else None,
    )
    (folder / "stats.csv").write_text(posts_csv(figures), encoding="utf-8")
    (folder / "snapshots.csv").write_text(snapshots_csv(snapshots), encoding="utf-8")
    (folder / "returns.csv").write_text(returns_csv(figures.returns), encoding="utf-8")
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def _analytics_note(returns: Returns | None) -> str:
    """Why the visits may be incomplete: the last reading of some links failed."""
    if returns is None or not returns.unreachable[0]:
        return ""
    count, why = returns.unreachable
    return f"the visits of {count} link(s) could not be read at the last attempt — {why}"
