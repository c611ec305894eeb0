"""Time the search index (Pagefind, src/newsroom/site/search.py) on generated newsrooms.

Run:  .venv/bin/python benchmarks/bench_search.py [N ...] [--runs K]   (default N = 1000 10000)
For each N (benchmarks/synthetic.py: ~600-word bodies over 5 years, so one bundle per year
of ≈ N/5 items) it prints, as medians of K runs:
- the whole index made from nothing (every year's bundle, one Pagefind run after another:
  what a cold build adds, before it overlaps the index with its own work), with Pagefind's
  processor time (user + system: steadier than wall time on a shared machine) and the
  peak memory of the largest Pagefind process;
- one year made again (what a build after editing or adding one item adds, at most).
`newsroom build` runs Pagefind beside its own work, so the build's wall time grows by less
than these figures; bench_all.py measures the builds themselves.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import generate

from newsroom import clock
from newsroom.site.model import build_model
from newsroom.site.search import bundles, pagefind_binary
from newsroom.site.writer import PageKeys
from newsroom.syndication.checks import open_checked_newsroom


@dataclass
class SearchFigures:
    items: int
    bundles: int
    whole: float  # seconds, every bundle
    one_year: float  # seconds, the largest bundle
    peak_mb: float  # the largest Pagefind process
    cpu: float  # Pagefind's processor seconds (user + system) for the whole index


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(root: Path, runs: int) -> SearchFigures:
    binary = pagefind_binary()
    if binary is None:
        raise SystemExit("no Pagefind binary: install the project (`pagefind[bin]`)")
    model = build_model(open_checked_newsroom(root, None), clock.now(), False, None)
    whole, one_year, cpu = [], [], []
    made = []
    for _ in range(runs):
        # The keys are the pages' own (writer.PageKeys): a build has computed them already.
        keys = PageKeys(model, "bench")
        made = bundles(model, keys, "bench")
        with tempfile.TemporaryDirectory() as scratch:
            start, used = time.perf_counter(), _children_cpu()
            for bundle in made:
                bundle.make(binary, Path(scratch))
            whole.append(time.perf_counter() - start)
            cpu.append(_children_cpu() - used)
        largest = max(bundles(model, keys, "bench"), key=lambda b: len(b.views))  # unmade
        with tempfile.TemporaryDirectory() as scratch:
            start = time.perf_counter()
            largest.make(binary, Path(scratch))
            one_year.append(time.perf_counter() - start)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return SearchFigures(
        len(model.items),
        len(made),
        statistics.median(whole),
        statistics.median(one_year),
        peak,
        statistics.median(cpu),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        for count in arguments.counts:
            root = Path(name) / f"newsroom-{count}"
            generate(root, count)
            f = measure(root, arguments.runs)
            print(
                f"search index, {f.items:>6} items in {f.bundles} bundles: "
                f"whole {f.whole:6.2f} s (Pagefind CPU {f.cpu:5.2f} s), "
                f"one year {f.one_year:5.2f} s, "
                f"Pagefind peak {f.peak_mb:4.0f} MB"
            )


if __name__ == "__main__":
    main()
