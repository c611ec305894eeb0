"""The stats report: a static HTML page with plots, a data table under each, and CSV files.

Plots are SVG files drawn by matplotlib (Agg, no display needed); each has a text
alternative and the same numbers as a table, so the page reads without the pictures.
`stats.csv` holds one row per post (its latest reading), `snapshots.csv` every reading.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime
from html import escape
from pathlib import Path

from ..networks import NETWORKS
from .aggregate import Figures, PostStats
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


def _table(caption: str, head: list[str], rows: list[list[str]], numeric_from: int = 1) -> str:
    cells = "".join(
        f'<th scope="col"{" class=num" if i >= numeric_from else ""}>{escape(h)}</th>'
        for i, h in enumerate(head)
    )
    body = []
    for row in rows:
        first = f'<th scope="row">{row[0]}</th>'
        rest = "".join(
            f"<td{' class=num' if i + 1 >= numeric_from else ''}>{c}</td>"
            for i, c in enumerate(row[1:])
        )
        body.append(f"<tr>{first}{rest}</tr>")
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{cells}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def _figure(src: str, alt: str, caption: str) -> str:
    return (
        f'<figure><img src="{src}" alt="{escape(alt)}">'
        f"<figcaption>{escape(caption)}</figcaption></figure>"
    )


def _network_rows(rows: list[tuple[str, Counter[str]]], networks: list[str]) -> list[list[str]]:
    return [
        [escape(label), *(str(c.get(n, 0)) for n in networks), str(sum(c.values()))]
        for label, c in rows
    ]


def _best(rows: list[tuple[str, Counter[str]]]) -> str:
    if not rows or not sum(rows[0][1].values()):
        return "No interactions yet."
    return f"Highest: {rows[0][0]}, {sum(rows[0][1].values())} interactions."


def _section_items(figures: Figures, folder: Path) -> str:
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
    return (
        '<section aria-labelledby="items"><h2 id="items">Interactions per item</h2>'
        + _figure("per-item.svg", alt, "Interactions per item across networks.")
        + _table("Interactions per item and network", head, _network_rows(rows, figures.networks))
        + "</section>"
    )


def _section_themes(figures: Figures, folder: Path) -> str:
    rows = sorted(figures.per_theme.items(), key=lambda r: (-sum(r[1].values()), r[0]))
    _stacked_bars(rows, figures.networks, folder / "per-theme.svg", "interactions")
    alt = f"Bar chart of interactions per theme, stacked by network. {_best(rows)}"
    head = ["Theme", *map(_label, figures.networks), "Total"]
    return (
        '<section aria-labelledby="themes"><h2 id="themes">Interactions per theme</h2>'
        + _figure("per-theme.svg", alt, "Interactions per theme across networks.")
        + _table("Interactions per theme and network", head, _network_rows(rows, figures.networks))
        + "</section>"
    )


def _section_time(figures: Figures, folder: Path) -> str:
    days = sorted(figures.per_day)
    _lines(figures, folder / "over-time.svg")
    span = f"from {days[0]} to {days[-1]}" if days else "no readings yet"
    alt = (
        f"Line chart of the interactions known at the end of each day, one line per network, "
        f"{span}. The numbers are in the table below."
    )
    rows = [(d.isoformat(), figures.per_day[d]) for d in days]
    head = ["Day", *map(_label, figures.networks), "Total"]
    return (
        '<section aria-labelledby="time"><h2 id="time">Per network over time</h2>'
        + _figure("over-time.svg", alt, "Interactions known at the end of each day, by network.")
        + _table("Interactions by day and network", head, _network_rows(rows, figures.networks))
        + "</section>"
    )


def _section_month(figures: Figures, folder: Path) -> str:
    rows = [(figures.titles.get(i, i), Counter({"": n})) for i, n in figures.top_month]
    heading = f'<h2 id="month">Top items of the month ({figures.month})</h2>'
    if not rows:
        return (
            f'<section aria-labelledby="month">{heading}'
            "<p>No interactions recorded this month yet.</p></section>"
        )
    _stacked_bars(rows, [""], folder / "top-month.svg", "interactions gained this month")
    alt = f"Bar chart of the items that gained the most interactions in {figures.month}. " + _best(
        rows
    )
    table_rows = [[escape(t), str(c[""])] for t, c in rows]
    return (
        f'<section aria-labelledby="month">{heading}'
        + _figure("top-month.svg", alt, f"Interactions gained in {figures.month}.")
        + _table(f"Top items of {figures.month}", ["Item", "Interactions gained"], table_rows)
        + "</section>"
    )


def _status_cell(post: PostStats) -> str:
    text = STATUS_TEXT.get(post.status, post.status)
    title = f' title="{escape(post.error)}"' if post.error else ""
    return f'<span class="status {post.status}"{title}>{text}</span>'


def _section_posts(figures: Figures) -> str:
    head = ["Item", "Account", "Network", "Status", *COUNTS, "Total", "Last read"]
    rows = [
        [
            escape(p.title),
            escape(p.account),
            escape(_label(p.network)),
            _status_cell(p),
            *(str(p.counts.get(k, 0)) if p.counts else "–" for k in COUNTS),
            str(p.interactions),
            p.last_read.astimezone(
                figures.generated.tzinfo if figures.generated else None
            ).strftime("%Y-%m-%d %H:%M"),
        ]
        for p in figures.posts
    ]
    return (
        '<section aria-labelledby="posts"><h2 id="posts">Every post</h2>'
        "<p>Counts are those of each post's latest successful reading. "
        "<strong>deleted</strong>: the network no longer has the post; "
        "<strong>unreachable</strong>: it could not be read at the last attempt.</p>"
        + _table("Every post, its status and counts", head, rows, numeric_from=4)
        + "</section>"
    )


def _notes(figures: Figures) -> str:
    notes = []
    for network, (n, why) in sorted(figures.unreachable.items()):
        notes.append(
            f"<li><strong>{escape(_label(network))}</strong>: {n} post(s) could not be read at "
            f"the last attempt — {escape(why)}</li>"
        )
    deleted = sum(1 for p in figures.posts if p.status == "deleted")
    if deleted:
        notes.append(f"<li>{deleted} post(s) were deleted on their network.</li>")
    if not notes:
        return ""
    return '<div class="notes" role="note"><h2>Notes</h2><ul>' + "".join(notes) + "</ul></div>"


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


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<style>
:root {{ --ink: #1a1d24; --muted: #4a5160; --wash: #f3f5f8; --line: #d5dae3;
  --brand: #0b3d91; --accent: #a4161a; --focus: #ffbf47; }}
body {{ margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); }}
header {{ background: var(--brand); color: #fff; padding: 1rem 1.5rem; }}
header h1 {{ margin: 0; font-size: 1.5rem; }}
header p {{ margin: .25rem 0 0; }}
main {{ max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }}
a {{ color: var(--brand); }}
a:focus, summary:focus {{ outline: 3px solid var(--focus); }}
.summary {{ display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; list-style: none; }}
.summary li {{ background: var(--wash); border: 1px solid var(--line); border-radius: 6px;
  padding: .5rem 1rem; }}
.summary strong {{ display: block; font-size: 1.5rem; }}
.notes {{ border-left: 4px solid var(--accent); background: var(--wash); padding: .25rem 1rem; }}
figure {{ margin: 1rem 0; }}
figure img {{ max-width: 100%; height: auto; }}
figcaption {{ color: var(--muted); font-size: .9rem; }}
table {{ border-collapse: collapse; width: 100%; margin: 1rem 0 2rem; font-size: .9rem; }}
caption {{ text-align: left; font-weight: 600; padding: .25rem 0; }}
th, td {{ border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; }}
thead th {{ background: var(--wash); }}
.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.status.deleted {{ color: var(--accent); font-weight: 600; }}
.status.unreachable {{ color: var(--muted); font-style: italic; }}
</style>
</head>
<body>
<header><h1>{title}</h1><p>{subtitle}</p></header>
<main>
{body}
</main>
</body>
</html>
"""


def write_report(figures: Figures, snapshots: list[Snapshot], folder: Path, site_name: str) -> Path:
    """Write index.html, its plots and the CSV files into `folder`; the page's path."""
    folder.mkdir(parents=True, exist_ok=True)
    generated = figures.generated or datetime.now().astimezone()
    total = sum(p.interactions for p in figures.posts)
    summary = (
        '<ul class="summary">'
        f"<li><strong>{len(figures.posts)}</strong> posts</li>"
        f"<li><strong>{len(figures.per_item)}</strong> items</li>"
        f"<li><strong>{total}</strong> interactions</li>"
        f"<li><strong>{figures.readings}</strong> readings</li>"
        "</ul><p>Interactions are likes, reposts (boosts, shares), replies (comments) and "
        'quotes. Download the numbers: <a href="stats.csv">stats.csv</a> (one row per post), '
        '<a href="snapshots.csv">snapshots.csv</a> (every reading).</p>'
    )
    if figures.posts:
        sections = [
            _section_items(figures, folder),
            _section_themes(figures, folder),
            _section_time(figures, folder),
            _section_month(figures, folder),
            _section_posts(figures),
        ]
    else:
        sections = ["<p>No readings yet: run <code>newsroom stats</code> after a publish.</p>"]
    body = summary + _notes(figures) + "".join(sections)
    page = PAGE.format(
        title=escape(f"{site_name}: social media statistics"),
        subtitle=escape(f"Generated {generated:%Y-%m-%d %H:%M %Z}".strip()),
        body=body,
    )
    (folder / "stats.csv").write_text(posts_csv(figures), encoding="utf-8")
    (folder / "snapshots.csv").write_text(snapshots_csv(snapshots), encoding="utf-8")
    index = folder / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
