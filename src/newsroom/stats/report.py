"""The stats report: a static HTML page with plots, a data table under each, and CSV files.

Plots are SVG files drawn by matplotlib (Agg, no display needed); each has a text
alternative and the same numbers as a table, so the page reads without the pictures.
`stats.csv` holds one row per post (its latest reading), `snapshots.csv` every reading.
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
from ..networks import NETWORKS
from .aggregate import Figures
from .archive import Snapshot

COUNTS = ("likes", "reposts", "replies", "quotes")
COLOURS = {
    "x": "#1a1d24",
    "mastodon": "#6364ff",
    "bluesky": "#1185fe",
    "linkedin": "#e69f00",
    "facebook": "#a4161a",
}
TOP_ITEMS = 15  # bars in the per-item plot; the table lists every item
STATUS_TEXT = {"ok": "read", "deleted": "deleted", "unreachable": "unreachable"}


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = "newsroom"  # same data, same file
    matplotlib.rcParams["font.size"] = 10
    from matplotlib import pyplot

    return pyplot


def _label(network: str) -> str:
    return NETWORKS.get(network, network)


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
        axes.barh(labels, values, left=left, label=_label(network), color=COLOURS.get(network))
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
        axes.plot(days, values, marker="o", label=_label(network), color=COLOURS.get(network))
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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
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
    if figures.posts:  # no readings, no plots: the page says so instead
        sections = [
            _section_items(figures, folder),
            _section_themes(figures, folder),
            _section_time(figures, folder),
            _section_month(figures, folder),
        ]
    page = html_template("stats_report.html").render(
        site_name=site_name,
        subtitle=f"Generated {generated:%Y-%m-%d %H:%M %Z}".strip(),
        totals=Totals(
            posts=len(figures.posts),
            items=len(figures.per_item),
            interactions=sum(p.interactions for p in figures.posts),
            readings=figures.readings,
        ),
        unreachable=[
            (_label(network), n, why) for network, (n, why) in sorted(figures.unreachable.items())
        ],
        deleted=sum(1 for p in figures.posts if p.status == "deleted"),
        sections=sections,
        posts_table=_posts_table(figures) if figures.posts else None,
    )
    (folder / "stats.csv").write_text(posts_csv(figures), encoding="utf-8")
    (folder / "snapshots.csv").write_text(snapshots_csv(snapshots), encoding="utf-8")
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
