"""Every performance figure of the 10,000-item goal, side by side with plain Pelican.

Run:  .venv/bin/python benchmarks/bench_all.py [N ...] [--runs K]
      (default N = 1000 10000, K = 3; N = 10000 takes a while — minutes per figure)

For each N it generates a synthetic newsroom (benchmarks/synthetic.py: 12 themes, ~600-word
bodies, tags, images, 5 years of dates) and prints, as medians of K runs of the real
commands (subprocesses, start-up included):
- `newsroom check`;
- a cold full `newsroom build` (no previous site, no cache) and its peak memory (maximum
  resident set size of the build process or of its second rendering process, from
  `os.wait4`);
- the first rebuild after a cold build, one item edited: the second site folder does not
  exist yet, so every unchanged file is hard-linked into it (see
  src/newsroom/site/output_cache.py);
- warm rebuilds once both folders exist (what `newsroom serve` and every later build
  do): after editing one item's body, and after adding one item;
- plain Pelican building the same items (converted to Pelican-native Markdown metadata),
  with its default theme and its own feeds, cold, with its peak memory — and the ratio
  Newsroom / Pelican of the cold builds.
Once, whatever N: `newsroom publish --dry-run` with 10,000 items already posted in the
ledger (40,000 posts) and 1 new item, as the command and as the engine's plan alone.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

from bench_publish import NOW, write_ledger, write_newsroom
from synthetic import generate, write_item

BIN = Path(sys.executable).parent
NEWSROOM = BIN / "newsroom"
PELICAN = BIN / "pelican"
PELICANCONF = """\
SITENAME = "Synthetic News"
SITEURL = "https://news.synthetic.example"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
PATH = "content"
STATIC_PATHS = ["images"]
FEED_DOMAIN = SITEURL
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
CATEGORY_FEED_RSS = "feeds/{slug}.rss.xml"
DEFAULT_PAGINATION = 10
"""


@dataclass
class Run:
    """One timed subprocess: wall seconds and peak resident memory in MB."""

    seconds: float
    peak_mb: float


def run(command: list, env: dict[str, str] | None = None) -> Run:
    """Run `command` to completion; its wall time and its own peak memory (wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(c) for c in command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
    )
    errors = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{command} failed:\n{errors.decode(errors='replace')}")
    return Run(elapsed, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def median_run(runs: int, prepare: Callable[[int], None], command: Callable[[], list]) -> Run:
    """Median time and peak memory of `runs` runs, each after `prepare(k)` (not timed)."""
    done = []
    for k in range(runs):
        prepare(k)
        done.append(run(command()))
    return Run(
        statistics.median(r.seconds for r in done), statistics.median(r.peak_mb for r in done)
    )


def to_pelican(root: Path, target: Path) -> None:
    """Write the newsroom's items as Pelican-native Markdown (`Title:`… metadata) in `target`."""
    content = target / "content"
    shutil.copytree(root / "content/images", content / "images")
    for source in sorted((root / "content/news").rglob("*.md")):
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        theme = source.relative_to(root / "content/news").parts[0]
        header = (
            f"Title: {meta['title']}\nDate: {meta['date'].isoformat()}\nCategory: {theme}\n"
            f"Tags: {', '.join(meta.get('tags', []))}\nSlug: {source.stem}\n"
            f"Summary: {meta['summary']}\n"
            f"Image: {meta['image'].removeprefix('content/')}\n\n"
        )
        destination = content / theme / source.name
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(header + body, encoding="utf-8")
    (target / "pelicanconf.py").write_text(PELICANCONF, encoding="utf-8")


def edit_one_item(root: Path, k: int) -> None:
    """Change one item's body, as a contributor's fix would."""
    path = min((root / "content/news").rglob("*.md"))
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\nA correction was added to this story (revision {k}).\n")


def add_one_item(root: Path, k: int) -> None:
    """Write one more item, dated after every other one."""
    when = datetime(2026, 11, 1, 9, tzinfo=UTC) + timedelta(hours=k)
    write_item(root, random.Random(k), set(), when, 100_000 + k)


def clear_build(root: Path) -> None:
    """Remove the previous site folders and every cache: the next build is cold."""
    for path in (root / "output", *root.glob(".output-*"), root / ".cache"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def bench_newsroom(count: int, folder: Path, runs: int) -> dict[str, Run]:
    root = folder / f"newsroom-{count}"
    generate(root, count)
    pelican = folder / f"pelican-{count}"
    to_pelican(root, pelican)  # the same items, before any edit
    build = [NEWSROOM, "--root", root, "build", "--output", root / "output"]
    figures = {
        "check": median_run(runs, lambda k: None, lambda: [NEWSROOM, "--root", root, "check"]),
        "cold build": median_run(runs, lambda k: clear_build(root), lambda: build),
    }

    def cold_then_edit(k: int) -> None:
        clear_build(root)
        run(build)
        edit_one_item(root, 100 + k)

    figures["first rebuild: 1 edited"] = median_run(runs, cold_then_edit, lambda: build)
    run(build)  # both folders exist from here on
    figures["warm: 1 edited"] = median_run(runs, lambda k: edit_one_item(root, k), lambda: build)
    figures["warm: 1 added"] = median_run(runs, lambda k: add_one_item(root, k), lambda: build)
    figures["plain Pelican, cold"] = median_run(
        runs,
        lambda k: shutil.rmtree(pelican / "output", ignore_errors=True),
        lambda: [
            PELICAN,
            pelican / "content",
            "-s",
            pelican / "pelicanconf.py",
            "-o",
            pelican / "output",
            "-q",
        ],
    )
    return figures


def bench_publish(folder: Path, runs: int) -> tuple[Run, float]:
    """`publish --dry-run` (command), and the engine's plan alone (in-process), seconds."""
    from newsroom.repository import open_newsroom
    from newsroom.syndication.preview import dry_run

    root = folder / "publish"
    root.mkdir()
    ids = write_newsroom(root, 10_001)
    write_ledger(root, ids[:-1])
    env = {"NEWSROOM_NOW": NOW.isoformat()}
    command = [NEWSROOM, "--root", root, "publish", "--dry-run"]
    cli = [run(command, env) for _ in range(runs)]
    newsroom = open_newsroom(root)
    engine = []
    for _ in range(runs):
        start = time.perf_counter()
        planned = dry_run(newsroom, NOW)
        engine.append(time.perf_counter() - start)
    assert [p.item.id for p in planned] == ids[-1:], "exactly the new item is due"
    median = Run(
        statistics.median(r.seconds for r in cli), statistics.median(r.peak_mb for r in cli)
    )
    return median, statistics.median(engine)


def print_table(count: int, figures: dict[str, Run]) -> None:
    print(f"\nN = {count:,} items")
    print(f"  {'figure':<28}{'seconds':>10}{'peak MB':>10}")
    for name, figure in figures.items():
        print(f"  {name:<28}{figure.seconds:>10.2f}{figure.peak_mb:>10.0f}")
    ratio = figures["cold build"].seconds / figures["plain Pelican, cold"].seconds
    print(f"  cold build, Newsroom / Pelican: {ratio:.2f} (goal at 10,000: ≤ 0.5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    arguments = parser.parse_args()
    print(f"medians of {arguments.runs} runs; {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for count in arguments.counts:
            print_table(count, bench_newsroom(count, folder, arguments.runs))
        cli, engine = bench_publish(folder, arguments.runs)
    print("\npublish --dry-run, 10,000 items in the ledger + 1 new")
    print(
        f"  command: {cli.seconds:.2f} s (peak {cli.peak_mb:.0f} MB); "
        f"engine plan alone: {engine:.3f} s (goal ≤ 1 s)"
    )


if __name__ == "__main__":
    main()
