"""What a cold build holds until its pages render (issue #27: ≤ 1.5 GB at 50,000 items).

Pages are scheduled first and rendered at the end (site/writer.py, site/output_cache.py):
whatever each scheduled page keeps, and whatever rendering it leaves behind while the
build pauses the garbage collector, is multiplied by ~170,000 files at 50,000 items.
These tests measure it with `tracemalloc` and `gc` (exact counts, not the machine's RSS).
"""

from __future__ import annotations

import gc
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

from jinja2 import DictLoader, Environment

from newsroom import urls
from newsroom.build_cache import BuildCache
from newsroom.site.output_cache import OutputCache
from newsroom.site.writer import CachingWriter, PageKeys

PAGES = 2_000
# Pelican's context holds every setting (~200 names) besides the generators' lists.
CONTEXT = {f"SETTING_{n}": f"value {n}" for n in range(200)}


def _writer(
    folder: Path, templates: dict[str, str]
) -> tuple[CachingWriter, OutputCache, Environment]:
    files = OutputCache(folder)
    keys = PageKeys(None, "build")  # type: ignore[arg-type]  # no traces: a clean build
    writer = CachingWriter.for_build(files, keys, None)(str(folder), {"PAGINATED_TEMPLATES": {}})
    return writer, files, Environment(loader=DictLoader(templates))


def test_a_scheduled_page_keeps_its_own_names_not_a_copy_of_pelicans_context(
    tmp_path: Path,
) -> None:
    writer, files, environment = _writer(tmp_path, {"page.html": "{{ SETTING_7 }} {{ n }}"})
    template = environment.get_template("page.html")
    context = dict(CONTEXT)
    tracemalloc.start()
    try:
        gc.collect()  # what earlier tests left unreachable is not this page's
        before = tracemalloc.get_traced_memory()[0]
        for n in range(PAGES):
            writer.write_file(f"p{n}/index.html", template, context, n=n)
        gc.collect()  # only what the scheduled pages keep alive counts
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # A copy of the context a page would be ~10 KB; its own names, closure and job < 1 KB.
    assert held / PAGES < 2_000, f"{held / PAGES:.0f} bytes a scheduled page"
    files.flush()
    assert (tmp_path / "p1999/index.html").read_text() == "value 7 1999"


def test_a_page_renders_with_the_context_as_it_was_when_written(tmp_path: Path) -> None:
    """Pelican renders at `write_file`: a name set or replaced later is not seen by the
    pages written before, and is by those written after."""
    writer, files, environment = _writer(tmp_path, {"page.html": "{{ SETTING_1 }}/{{ late }}"})
    template = environment.get_template("page.html")
    context = dict(CONTEXT)
    writer.write_file("first.html", template, context)
    context["SETTING_1"], context["late"] = "replaced", "added"
    writer.write_file("second.html", template, context)
    files.flush()
    assert (tmp_path / "first.html").read_text() == "value 1/"
    assert (tmp_path / "second.html").read_text() == "replaced/added"


def test_rendering_leaves_no_cyclic_garbage_while_the_collector_is_paused(
    tmp_path: Path,
) -> None:
    """A macro that reads a global makes a reference cycle (Jinja's context ↔ macro) on
    every page: the build pauses the collector, so the pages' cycles are collected as
    they render, not kept to the end."""
    template = "{% macro title() %}{{ SETTING_3 }}{% endmacro %}<h1>{{ title() }}</h1>"
    writer, files, environment = _writer(tmp_path, {"page.html": template})
    page = environment.get_template("page.html")
    for n in range(PAGES):
        writer.write_file(f"p{n}.html", page, CONTEXT)
    gc.collect()
    gc.disable()
    try:
        files.flush()
        left = gc.collect()
    finally:
        gc.enable()
    assert (tmp_path / "p0.html").read_text() == "<h1>value 3</h1>"
    # Each page's cycle is tens of objects: what is left is at most the last pages'.
    assert left < PAGES, f"{left} objects of cyclic garbage left by {PAGES} pages"


def _recording_writer(
    folder: Path, templates: dict[str, str]
) -> tuple[CachingWriter, OutputCache, Environment, BuildCache]:
    """A writer whose pages are keyed by what they read, their traces kept (a warm-able
    build), in a site of no items."""
    files = OutputCache(folder / "site")
    traces = BuildCache(folder, "traces")
    model = SimpleNamespace(  # what `PageKeys.structure` reads of a site with no items
        items=[], pages={}, people={}, files={}, skipped=set(), logo=None, favicon=None
    )
    keys = PageKeys(model, "build", traces, frozenset({"urls"}))  # type: ignore[arg-type]
    files.keep_note = keys.keep
    writer = CachingWriter.for_build(files, keys, None)(
        str(files.folder), {"PAGINATED_TEMPLATES": {}}
    )
    environment = Environment(loader=DictLoader(templates))
    environment.globals["urls"] = urls
    return writer, files, environment, traces


def test_pages_that_differ_by_their_own_short_link_share_one_trace(tmp_path: Path) -> None:
    """Every story's page calls `urls.short_path` with its own id: a function of the
    build, answered by the build key and the id (read, so in the trace). Left in the
    trace, no two stories' traces were the same: one list each, held to the build's end."""
    template = "<a href='{{ urls.short_path(story_id) }}'>{{ title }}</a>"
    writer, files, environment, traces = _recording_writer(tmp_path, {"article.html": template})
    page = environment.get_template("article.html")
    for n in range(PAGES):
        writer.write_file(f"p{n}.html", page, CONTEXT, story_id=f"id{n:04d}", title=f"T{n}")
    files.flush()
    assert (tmp_path / "site/p7.html").read_text() == "<a href='s/id0007'>T7</a>"
    _, kept = traces.state()
    assert len(kept) == PAGES
    assert len({id(trace) for trace, _, _ in kept.values()}) == 1


def test_a_listing_s_trace_is_held_packed_until_the_build_ends(tmp_path: Path) -> None:
    """A listing of 5,000 cards asks tens of thousands of questions of its own (a path
    each: the position, the attribute): kept as tuples until the build's end, ≈ 200 bytes
    each, 1 GB at 50,000 items over all the listings."""
    cards = [SimpleNamespace(title=f"Story {n}", url=f"/s{n}/") for n in range(5_000)]
    listing = "{% for card in cards %}<a href='{{ card.url }}'>{{ card.title }}</a>{% endfor %}"
    writer, files, environment, _ = _recording_writer(tmp_path, {"index.html": listing})
    page = environment.get_template("index.html")
    tracemalloc.start()
    try:
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        writer.write_file("index.html", page, {"cards": cards})
        files.flush()
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert "<a href='/s4999/'>Story 4999</a>" in (tmp_path / "site/index.html").read_text()
    questions = 2 * len(cards)
    assert held / questions < 40, f"{held / questions:.0f} bytes a question held"
