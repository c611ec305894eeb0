"""Time `newsroom build` on the example site and on generated newsrooms.

Run:  .venv/bin/python benchmarks/bench_build.py [N ...]    (default N = 1000)
Prints the wall time of the real command (a subprocess, start-up included), median of
3 runs, for the example content of this repository and for N generated items.
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

RUNS = 3
PROJECT = Path(__file__).resolve().parents[1]
NEWSROOM = Path(sys.executable).parent / "newsroom"


def build_seconds(root: Path, output: Path) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            [NEWSROOM, "--root", root, "build", "--output", output],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        seconds = build_seconds(PROJECT, Path(folder) / "example")
        print(f"newsroom build, example site: {seconds:6.2f} s")
        for count in counts:
            root = Path(folder) / f"n{count}"
            generate(root, count)
            seconds = build_seconds(root, root / "output")
            print(
                f"newsroom build, {count:>6} items: {seconds:6.2f} s   "
                f"{seconds / count * 1e3:5.1f} ms/item"
            )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000])
