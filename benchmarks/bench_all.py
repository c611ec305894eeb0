"""Every performance goal of issues #20 and #27, each with its figure, in one run.

Run:  .venv/bin/python benchmarks/bench_all.py [N ...] [--runs K] [--pelican] [--no-serve]
      (default N = 10000, K = 3; ≈ 10 minutes at N = 10,000 on 2 cores; add 50000 for the
      scale goals, ≈ 15 minutes more; --pelican adds plain Pelican, ≈ 1 minute per run)

For each N it generates a synthetic newsroom (benchmarks/synthetic.py: 12 themes, ~600-word
bodies, tags, a photo of its own per item, 5 years of dates) and prints, as medians of K
runs of the real commands (subprocesses, start-up included), each figure beside its goal:
- `newsroom --help` (start-up);
- `newsroom check`, cold (no .cache/) and warm (unchanged files not parsed again);
- a cold full `newsroom build` (no previous site, no cache) and its peak memory (maximum
  resident set size of the build process or of its second rendering process, `os.wait4`);
- `hugo` on the same items with minimal templates (Debian's `hugo`: `bash scripts/apt-install
  hugo`), each item's page with the same variants of its photo as Newsroom's (Hugo's image
  processing: the same widths, WebP and JPEG, Lanczos, quality 82), alone and followed by
  Pagefind over Hugo's pages (the search a Hugo site adds); the ratio of the cold builds,
  search included, Newsroom / (Hugo + Pagefind) (goal ≤ 0.7);
- the same cold builds and ratio on a newsroom of N items without a photo of their own
  (`generate(…, photos=False)`: each theme's shared image, no image work on either side,
  as issue #27 measured it); the goal is judged on both ratios;
- a build with nothing changed, right after the cold build (site/unchanged.py);
- the first rebuild after a cold build, one item edited (the second site folder is made:
  every unchanged file is hard-linked, see src/newsroom/site/output_cache.py);
- warm rebuilds once both folders exist: one item's body edited, one item retitled, one
  item added, nothing changed;
- `newsroom serve`: from saving an item (body edited, then retitled) to the new build
  number the browser's reload script polls (the page reloads at its next poll, within
  0.7 s; the edited story's page is remade first, src/newsroom/site/hot.py), and to the
  end of the full rebuild that follows;
- with --pelican: plain Pelican (default theme, its own feeds) on the same items;
- the image work (benchmarks/bench_images.py): a cold build's, and that of the first and
  of a warm rebuild after a body edit (none: ✓), each under an audit hook on image files.
Once, whatever N: `newsroom publish --dry-run` with 10,000 items already posted in the
ledger (40,000 posts) and 1 new item, as the command and as the engine's plan alone.
With several N including 10000: the ratio of each cold build to the 10,000-item one.
"""

from __future__ import annotations

import argparse
import os
import random
import shlex
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

from bench_images import ImageWork, print_rows
from bench_images import measure as measure_images
from bench_publish import NOW, write_ledger, write_newsroom
from bench_search import measure as measure_search
from synthetic import generate, write_item

from newsroom.site.search import pagefind_binary

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


def retitle_one_item(root: Path, k: int) -> None:
    """Give one item a new title (shown on its page, in listings, feeds and the index)."""
    path = max((root / "content/news").rglob("*.md"))
    text = path.read_text(encoding="utf-8")
    head, title, rest = text.partition("\ntitle: ")
    rest = rest.split("\n", 1)[1]
    path.write_text(f'{head}{title}"A new title, revision {k}"\n{rest}', encoding="utf-8")


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


# Goals at N = 10,000 (seconds unless said; issue #20, warm rebuilds and serve from issue
# #27); a figure without one is context.
GOALS = {
    "newsroom --help": 0.3,
    "check, cold": 2.0,
    "check, warm": 0.5,
    "nothing changed, first after cold": 1.0,
    "warm: 1 edited": 1.5,
    "warm: 1 retitled": 2.0,
    "first rebuild: 1 edited": 2.5,
    "warm: nothing changed": 1.0,
    "serve: edit → reload": 1.0,
    "serve: title edit → reload": 0.3,
}
# Cold build, search index included, over Hugo's cold build plus Pagefind indexing Hugo's
# pages (what a Hugo site needs for the same search), measured in the same run (issue #27).
HUGO_RATIO_GOAL = 0.7
# Hugo resizes with the filter and quality of site/responsive.py (Lanczos, 82).
HUGO_CONFIG = """\
baseURL = "https://news.synthetic.example/"
title = "Synthetic News"
paginate = 12
[taxonomies]
tag = "tags"
[imaging]
resampleFilter = "lanczos"
quality = 82
"""
# An item's photo with the variants Newsroom makes (site/responsive.py): the widths of
# 480, 800, 1200, 1600 narrower than the photo and its own (at most 1600), in WebP and
# JPEG, each published (`.RelPermalink`), and the photo itself.
HUGO_PICTURE = (
    '{{ with .Params.image }}{{ with resources.Get (strings.TrimPrefix "content/" .) }}'
    "{{ $img := . }}{{ $own := cond (gt $img.Width 1600) 1600 $img.Width }}"
    "{{ $widths := slice }}{{ range slice 480 800 1200 1600 }}{{ if lt . $img.Width }}"
    "{{ $widths = $widths | append . }}{{ end }}{{ end }}"
    "{{ $widths = $widths | append $own | uniq }}<picture>{{ range $widths }}"
    '{{ $webp := $img.Resize (printf "%dx webp q82" .) }}'
    '<source type="image/webp" srcset="{{ $webp.RelPermalink }} {{ . }}w">'
    '{{ $jpg := $img.Resize (printf "%dx jpg q82" .) }}'
    '<source type="image/jpeg" srcset="{{ $jpg.RelPermalink }} {{ . }}w">{{ end }}'
    '<img src="{{ $img.RelPermalink }}" width="{{ $img.Width }}"></picture>{{ end }}{{ end }}'
)
# Minimal templates: a page per item, paginated lists, Hugo's own RSS feeds.
HUGO_LAYOUTS = {
    "_default/single.html": "<!doctype html><html><head><title>{{ .Title }}</title></head>"
    "<body><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>{{ .Content }}</body></html>\n",
    "_default/list.html": "<!doctype html><html><head><title>{{ .Title }}</title></head><body>"
    '{{ range (.Paginate .Pages).Pages }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a>'
    "</h2><p>{{ .Summary }}</p>{{ end }}</body></html>\n",
}


def to_hugo(root: Path, target: Path, photos: bool) -> None:
    """The same items as a Hugo site (front matter as written: Hugo reads YAML); with
    `photos`, each item's page shows its photo with the variants Newsroom makes of it
    (Hugo's image processing, from `assets/`), else the images are copied as they are."""
    shutil.copytree(root / "content/news", target / "content/news")
    shutil.copytree(root / "content/images", target / ("assets" if photos else "static") / "images")
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        if photos and name == "_default/single.html":
            text = text.replace("{{ .Content }}", HUGO_PICTURE + "{{ .Content }}")
        (target / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    (target / "layouts/index.html").write_text(HUGO_LAYOUTS["_default/list.html"])


def clear_hugo(target: Path) -> None:
    """Remove Hugo's output and its kept image variants: the next build is cold."""
    for folder in ("public", "resources"):
        shutil.rmtree(target / folder, ignore_errors=True)


def bench_hugo(target: Path, runs: int, suffix: str = "") -> dict[str, Run]:
    """Hugo's cold build of `target`, alone and followed by Pagefind over its pages (the
    search a Hugo site adds); none without `hugo`."""
    if not shutil.which("hugo"):
        return {}
    hugo_build = ["hugo", "--quiet", "-s", target, "-d", target / "public"]
    figures = {
        f"hugo, cold{suffix}": median_run(runs, lambda k: clear_hugo(target), lambda: hugo_build)
    }
    pagefind = pagefind_binary()
    if pagefind is not None:
        command = f"{shlex.join(map(str, hugo_build))} && {shlex.quote(str(pagefind))} "
        command += f"--site {shlex.quote(str(target / 'public'))} --silent"
        figures[f"hugo + pagefind, cold{suffix}"] = median_run(
            runs, lambda k: clear_hugo(target), lambda: ["sh", "-c", command]
        )
    return figures


# The figures of the newsroom without a photo per item (`generate(…, photos=False)`: the
# items share their theme's image, as when issue #27 measured 0.92-0.96).
NO_PHOTOS = ", no photos"


def serve_latency(
    root: Path, runs: int, edit: Callable[[Path, int], None] = edit_one_item
) -> tuple[Run, Run]:
    """`newsroom serve`: seconds from saving an item changed by `edit` to the new build
    number (the open page reloads), and to the end of the full rebuild that follows.

    Each edit is saved once the server is idle (its last rebuild reported), as a
    contributor rereading the page would: an edit saved during a rebuild waits for it.
    """
    import socket
    import threading
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [NEWSROOM, "--root", root, "serve", "--port", str(port), "--output", root / "output"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    rebuilt = threading.Semaphore(0)  # released at each "Rebuilt" (or failed) line

    def read_lines() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            if line.startswith(("✓ Rebuilt", "✗")):
                rebuilt.release()

    threading.Thread(target=read_lines, daemon=True).start()

    def number() -> str | None:
        try:
            url = f"http://127.0.0.1:{port}/__newsroom__/build"
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            return None

    try:
        deadline = time.monotonic() + 600
        while number() is None:  # the first build, then the server
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("newsroom serve did not start")
            time.sleep(0.2)
        reloads, full = [], []
        for k in range(runs):
            before = number()
            time.sleep(1)  # the watcher settles
            start = time.perf_counter()
            edit(root, 1000 + k)
            while number() == before:
                if time.perf_counter() - start > 120:
                    raise SystemExit("newsroom serve did not rebuild")
                time.sleep(0.02)
            reloads.append(time.perf_counter() - start)
            if not rebuilt.acquire(timeout=600):
                raise SystemExit("newsroom serve did not finish its rebuild")
            full.append(time.perf_counter() - start)
    finally:
        server.terminate()
        server.wait()
    return Run(statistics.median(reloads), 0.0), Run(statistics.median(full), 0.0)


def bench_newsroom(
    count: int, folder: Path, runs: int, *, pelican_too: bool, serve_too: bool
) -> tuple[dict[str, Run], dict[str, ImageWork]]:
    root = folder / f"newsroom-{count}"
    items = generate(root, count)
    hugo = folder / f"hugo-{count}"
    to_hugo(root, hugo, photos=True)
    plain = folder / f"newsroom-{count}-no-photos"
    generate(plain, count, photos=False)
    plain_hugo = folder / f"hugo-{count}-no-photos"
    to_hugo(plain, plain_hugo, photos=False)
    pelican = folder / f"pelican-{count}"
    if pelican_too:
        to_pelican(root, pelican)  # the same items, before any edit
    build = [NEWSROOM, "--root", root, "build", "--output", root / "output"]
    check = [NEWSROOM, "--root", root, "check"]
    figures = {
        "newsroom --help": median_run(runs, lambda k: None, lambda: [NEWSROOM, "--help"]),
        "check, cold": median_run(runs, lambda k: clear_build(root), lambda: check),
        "check, warm": median_run(runs, lambda k: None, lambda: check),
        "cold build": median_run(runs, lambda k: clear_build(root), lambda: build),
    }
    figures.update(bench_hugo(hugo, runs))
    plain_build = [NEWSROOM, "--root", plain, "build", "--output", plain / "output"]
    figures["cold build" + NO_PHOTOS] = median_run(
        runs, lambda k: clear_build(plain), lambda: plain_build
    )
    figures.update(bench_hugo(plain_hugo, runs, NO_PHOTOS))
    shutil.rmtree(plain)
    search = measure_search(root, runs)  # in-process: Pagefind alone, one bundle per year
    figures["search index, all items"] = Run(search.whole, search.peak_mb)
    figures["search index, one year"] = Run(search.one_year, search.peak_mb)

    def cold(k: int) -> None:
        clear_build(root)
        run(build)

    figures["nothing changed, first after cold"] = median_run(runs, cold, lambda: build)

    def cold_then_edit(k: int) -> None:
        cold(k)
        edit_one_item(root, 100 + k)

    figures["first rebuild: 1 edited"] = median_run(runs, cold_then_edit, lambda: build)
    run(build)  # both folders exist from here on
    figures["warm: 1 edited"] = median_run(runs, lambda k: edit_one_item(root, k), lambda: build)
    figures["warm: 1 retitled"] = median_run(
        runs, lambda k: retitle_one_item(root, k), lambda: build
    )
    figures["warm: 1 added"] = median_run(runs, lambda k: add_one_item(root, k), lambda: build)
    run(build)
    figures["warm: nothing changed"] = median_run(runs, lambda k: None, lambda: build)
    if serve_too:
        reload, rebuilt = serve_latency(root, runs)
        figures["serve: edit → reload"] = reload
        figures["serve: edit → full rebuild done"] = rebuilt
        reload, rebuilt = serve_latency(root, runs, retitle_one_item)
        figures["serve: title edit → reload"] = reload
        figures["serve: title edit → full rebuild done"] = rebuilt
    if pelican_too:
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
    clear_build(root)  # the image rows start from a cold build
    return figures, measure_images(root, items)


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
    run(command, env)  # the first run reads every item (as the build before it would)
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
    print(f"  {'figure':<36}{'seconds':>10}{'peak MB':>10}   goal at 10,000")
    for name, figure in figures.items():
        goal = GOALS.get(name)
        if name == "cold build":
            goal_text = "≤ 500 MB; see Hugo ratio"
        else:
            goal_text = f"≤ {goal} s" + (" ✓" if figure.seconds <= goal else " ✗") if goal else ""
        peak = f"{figure.peak_mb:>10.0f}" if figure.peak_mb else f"{'':>10}"
        print(f"  {name:<36}{figure.seconds:>10.2f}{peak}   {goal_text}")
    cold = figures["cold build"].seconds
    print_hugo_ratios(figures)
    if "plain Pelican, cold" in figures:
        print(
            f"  cold build, Newsroom / Pelican: {cold / figures['plain Pelican, cold'].seconds:.2f}"
        )


def print_hugo_ratios(figures: dict[str, Run]) -> None:
    """The cold builds with search over Hugo's plus Pagefind's, with a photo per item (Hugo
    making the same variants) and without: the goal (≤ 0.7) is judged on both."""
    if "hugo, cold" not in figures:
        print("  hugo not installed (bash scripts/apt-install hugo): no Newsroom / Hugo ratio")
        return
    for suffix, what in (("", "a photo per item, the same variants"), (NO_PHOTOS, "no photos")):
        cold = figures[f"cold build{suffix}"].seconds
        if f"hugo + pagefind, cold{suffix}" in figures:
            ratio = cold / figures[f"hugo + pagefind, cold{suffix}"].seconds
            mark = "✓" if ratio <= HUGO_RATIO_GOAL else "✗"
            print(
                f"  cold build with search, Newsroom / (Hugo + Pagefind), {what}: {ratio:.2f} "
                f"(goal ≤ {HUGO_RATIO_GOAL} {mark})"
            )
        alone = cold / figures[f"hugo, cold{suffix}"].seconds
        print(f"  cold build, Newsroom / Hugo alone, {what}: {alone:.2f}")


def print_scale(results: dict[int, dict[str, Run]]) -> None:
    if 10_000 not in results or len(results) < 2:
        return
    base = results[10_000]["cold build"].seconds
    print("\nScale (goal at 50,000: cold ≤ 5.5 × the 10,000 time, peak ≤ 1.5 GB, edit ≤ 5 s)")
    for count, figures in sorted(results.items()):
        cold, edit = figures["cold build"], figures["warm: 1 edited"]
        print(
            f"  N = {count:>6,}: cold {cold.seconds:.2f} s = {cold.seconds / base:.2f} × N=10,000, "
            f"peak {cold.peak_mb:.0f} MB; warm edit {edit.seconds:.2f} s"
        )


def compile_modules(folder: Path) -> None:
    """Measure the commands as a contributor's machine or CI runs them: Python keeps the
    modules it compiles. Where PYTHONDONTWRITEBYTECODE is set (some CI machines), every
    command would compile Pelican, Jinja, pydantic… again (≈ 0.7 s each); an untimed build
    of a small newsroom first compiles what a build imports."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    root = folder / "compile-modules"
    generate(root, 20)
    run([NEWSROOM, "--root", root, "build", "--output", root / "output"])
    shutil.rmtree(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--pelican", action="store_true", help="also plain Pelican (slow)")
    parser.add_argument("--no-serve", action="store_true", help="leave out `newsroom serve`")
    arguments = parser.parse_args()
    began = time.perf_counter()
    print(f"medians of {arguments.runs} runs; {os.cpu_count()} CPUs")
    results = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        compile_modules(folder)
        for count in arguments.counts:
            results[count], images = bench_newsroom(
                count,
                folder,
                arguments.runs,
                pelican_too=arguments.pelican,
                serve_too=not arguments.no_serve,
            )
            print_table(count, results[count])
            print_rows(count, images)
        print_scale(results)
        cli, engine = bench_publish(folder, arguments.runs)
    print("\npublish --dry-run, 10,000 items in the ledger + 1 new")
    mark = "✓" if cli.seconds <= 0.6 else "✗"
    print(
        f"  command: {cli.seconds:.2f} s (peak {cli.peak_mb:.0f} MB; goal ≤ 0.6 s {mark}); "
        f"engine plan alone: {engine:.3f} s"
    )
    print(f"\n(this run: {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
