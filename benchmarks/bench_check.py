"""Time `newsroom check` over generated newsrooms.

Run:  .venv/bin/python benchmarks/bench_check.py [N ...]    (default N = 1000)
Prints the median of 5 runs of the real command (a subprocess, start-up included) and
of the in-process validation alone.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import generate

from newsroom.syndication.checks import open_checked_newsroom

RUNS = 5


def median_seconds(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, count)
        newsroom = Path(sys.executable).parent / "newsroom"

        def command() -> None:
            subprocess.run(
                [newsroom, "--root", root, "check"], check=True, stdout=subprocess.DEVNULL
            )

        def in_process() -> None:
            loaded = open_checked_newsroom(root)
            assert len(loaded.content.items) == count and not loaded.content.problems

        cli, core = median_seconds(command), median_seconds(in_process)
        print(
            f"newsroom check, {count:>6} items: {cli:6.2f} s (command)   "
            f"{core:6.2f} s in-process   {core / count * 1e6:6.0f} µs/item"
        )


if __name__ == "__main__":
    for n in [int(a) for a in sys.argv[1:]] or [1000]:
        bench(n)
