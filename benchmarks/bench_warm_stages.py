"""Where a warm rebuild spends its processor time, stage by stage (issue #27).

Run:  .venv/bin/python benchmarks/bench_warm_stages.py ROOT [--edit body|title|none] [--runs K]

ROOT is a newsroom whose both site folders exist (`benchmarks/synthetic.py`, built twice
into ROOT/output with NEWSROOM_NOW pinned). Each run edits it as `bench_all.py` does (a
line added to the first item's body, or the last item retitled), then builds it in a fresh
process with each stage wrapped by `time.process_time`. Times are exclusive (a stage
nested in another is subtracted from it) and the build's own process only: not the second
rendering process nor Pagefind. Prints each stage's median over the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

NOW = "2026-12-01T12:00:00+00:00"


def measure(root: Path) -> dict[str, float]:
    """One build of `root` in this process, by stage (processor seconds, exclusive)."""
    began = time.process_time()
    import newsroom.build_assembly as assembly
    import newsroom.site.build as site_build
    from newsroom.build_cache import BuildCache
    from newsroom.site.generator import NewsroomGenerator
    from newsroom.site.output_cache import OutputCache
    from newsroom.site.search import SearchIndex
    from newsroom.site.writer import CachingWriter, PageKeys

    times: dict[str, float] = {"imports": time.process_time() - began}
    stack: list[float] = []  # time spent in stages nested in the running ones

    def wrap(owner: object, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.process_time()
            stack.append(0.0)
            try:
                return original(*args, **kwargs)
            finally:
                nested = stack.pop()
                spent = time.process_time() - start
                times[stage] = times.get(stage, 0.0) + spent - nested
                if stack:
                    stack[-1] += spent

        # A classmethod read from its class is bound already: calling it through a plain
        # function set on the class still passes the class.
        setattr(owner, name, timed)

    wrap(assembly, "check_up_to_date", "check_up_to_date")
    wrap(BuildCache, "__init__", "loading the build caches")
    wrap(assembly, "open_checked_newsroom", "opening the newsroom (checks)")
    wrap(assembly, "build_model", "site model")
    wrap(assembly, "find_redirects", "short links (find_redirects)")
    wrap(SearchIndex, "start", "starting the search index")
    wrap(NewsroomGenerator, "generate_context", "Pelican reading every article")
    wrap(CachingWriter, "write_file", "the writer asking pages")
    wrap(PageKeys, "structure", "the build's structure")
    wrap(OutputCache, "flush", "rendering and linking")
    wrap(site_build, "write_outputs", "feeds, short links, sitemap")
    wrap(BuildCache, "save", "saving the build caches")
    wrap(assembly, "add_handbook_and_editor", "handbook and editor")
    wrap(assembly, "record_build", "record")
    start = time.process_time()
    result = assembly.build_site(root, root / "output", now=datetime_now())
    total = time.process_time() - start
    times["the rest"] = total - sum(v for k, v in times.items() if k != "imports")
    times["build"] = total + times["imports"]
    times["rendered"] = result.rendered
    times["asked"] = result.asked
    return times


def datetime_now():
    from datetime import datetime

    return datetime.fromisoformat(NOW)


def edit(root: Path, what: str, k: int) -> None:
    from bench_all import edit_one_item, retitle_one_item

    if what == "body":
        edit_one_item(root, k)
    elif what == "title":
        retitle_one_item(root, k)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--edit", choices=["body", "title", "none"], default="body")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="builds after the same edit first, not measured: after a change of Newsroom's "
        "code every cache is stale (2: the first rebuilds both site folders)",
    )
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.one:
        print(json.dumps(measure(options.root)))
        return
    runs = []
    for k in range(options.warmup + options.runs):
        edit(options.root, options.edit, int(time.time()) % 100000 + k)
        env = dict(os.environ, NEWSROOM_NOW=NOW)
        out = subprocess.run(
            [sys.executable, __file__, str(options.root), "--one"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if k >= options.warmup:
            runs.append(json.loads(out.strip().splitlines()[-1]))
    for stage in runs[0]:
        values = [run.get(stage, 0.0) for run in runs]
        print(
            f"{stage:40s} {statistics.median(values):8.2f}   "
            + " ".join(f"{v:.2f}" for v in values)
        )


if __name__ == "__main__":
    main()
