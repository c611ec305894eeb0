"""The site's search index: Pagefind bundles made from the model, one per year of items.

Pagefind (PyPI `pagefind[bin]`, which ships its binary) turns HTML documents into a static
index that the search page (`/search/`, theme `search.html` and `static/js/search.js`)
queries in the browser: no server, no third-party script.

Why this shape:
- The documents are made from the site model, not read back from the rendered pages: the
  index then needs no page to be rendered first, and holds only what a reader searches
  (title, summary, theme, tags, authors, place, text) — never the header, menus or footer.
  Only the build's items are indexed, so drafts and scheduled items never are (a preview
  build indexes what it shows).
- The Pagefind binary is run on a folder of those documents. Its Python API
  (`pagefind.index`) answers one request per 0.1 s (its reply loop sleeps): 1,000 s for
  10,000 items, where the binary takes seconds.
- One bundle per year (`pagefind/<YYYY>/`), keyed by the page keys of its items (what they
  show, see writer.PageKeys) and Newsroom's code: a build re-indexes only the years whose
  items changed, and reuses the others' files from the site folders (kept or hard-linked by
  the OutputCache, like every page). The search page merges the bundles (Pagefind's
  `mergeIndex`).
- Pagefind runs beside the build: started when Pelican starts (plugin newsroom_outputs,
  signal `initialized`), in one background process at a lower priority (a fork of the
  build, which also writes the documents) running the bundles to make in turn, and awaited
  once the pages are rendered (`finalized`, newsroom.site.outputs).
- The documents are written flat, one file per item named by its id (a folder per item
  costs as much again in file creation); each carries its page's address as Pagefind's
  `url` metadata, which the search page links.
- No Pagefind filters: their files come out different on every run (measured with 1.5.2),
  and two builds of the same content must be byte-identical. Theme and date are metadata.
- Every item is indexed in the site's language (`--force-language`): Pagefind would
  otherwise make one index per language and search only the page's own.

Without the Pagefind binary the build still succeeds, with a warning and no index; the
search page then shows its fallback (the archives by year and by theme).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import weakref
from collections import defaultdict
from collections.abc import Callable
from html import escape
from pathlib import Path

from .. import urls
from ..fingerprint import code_digest, digest
from ..forking import can_fork, in_background
from .model import ItemView, SiteModel, date_label
from .output_cache import OutputCache
from .writer import PageKeys

# A child of Pelican's logger: the build reports its warnings (see build._PelicanLog).
log = logging.getLogger("pelican.newsroom.search")

# Pagefind and its documents at a lower priority: the build's own work comes first, Pagefind
# takes what is left (the build waits for it at the end either way).
NICENESS = 10
# Pagefind's own search interfaces: the search page uses pagefind.js with its own script.
UNUSED = re.compile(r"^pagefind-(?:(?:component-|modular-)?ui\.(?:js|css)|highlight\.js)$")
ENTRY = "pagefind-entry.json"


def pagefind_binary() -> Path | None:
    """The Pagefind binary: `PAGEFIND_BINARY_PATH`, the `pagefind_bin` package, or the PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # `pagefind` itself not installed: only the PATH is left
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        return Path(found) if found else None
    binary = get_executable()
    return binary if binary is not None and binary.is_file() else None


def document(view: ItemView) -> str:
    """The HTML Pagefind indexes for one item: what a reader may search for, nothing else."""
    place = _place(view.event.location) if view.event is not None else ""
    tags = " ".join(f"#{escape(tag)}" for tag in view.tags)
    return (
        f'<!doctype html><html lang="{escape(view.lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(view.title)}</title></head><body data-pagefind-body>"
        f"<h1>{escape(view.title)}</h1><p>{escape(view.summary)}</p>{view.html}"
        # Searchable too, after the text: excerpts are taken from the text first.
        f"<p>{escape(place)}</p><p>{escape(', '.join(view.author_names))}</p><p>{tags}</p>"
        f'<p data-pagefind-meta="theme">{escape(view.theme.name)}</p>'
        f'<p data-pagefind-meta="date:{escape(date_label(view.date))}"></p>'
        # The page's address (Pagefind's way to override a result's URL; see the docstring).
        f'<p data-pagefind-meta="url:{escape(view.url)}"></p>'
        "</body></html>"
    )


def _place(where: object) -> str:
    """An event's place as text: its name and address parts (or the text as written)."""
    if where is None or isinstance(where, str):
        return where or ""
    dump = getattr(where, "model_dump", None)
    parts = dump().values() if dump is not None else [where]
    return ", ".join(str(part) for part in parts if part)


class Bundle:
    """The index of the items of one year: its key, and its files once made."""

    def __init__(self, year: int, views: list[ItemView], key: str, language: str) -> None:
        self.year = year
        self.views = views
        self.key = key
        self.language = language
        self.prefix = urls.search_bundle_path(year)
        self.work: Path | None = None
        self._made: dict[int, Path] = {}  # by process: the second rendering process too

    @property
    def log(self) -> Path:
        """What Pagefind printed (errors only: it runs `--silent`)."""
        assert self.work is not None
        return self.work / "log"

    @property
    def status(self) -> Path:
        """Pagefind's exit status, written when it ends."""
        assert self.work is not None
        return self.work / "status"

    def outcome(self) -> tuple[int, str]:
        """Pagefind's exit status (-1 if it never ended) and what it printed."""
        try:
            status = int(self.status.read_text().strip())
        except (OSError, ValueError):
            status = -1
        printed = self.log.read_text(errors="replace") if self.log.is_file() else ""
        return status, printed

    def command(self, binary: Path, work: Path) -> list[str]:
        """Write the bundle's documents into `work` (new); the Pagefind command indexing them."""
        self.work = work
        (work / "site").mkdir(parents=True)
        for view in self.views:
            (work / "site" / f"{view.id}.html").write_text(document(view), encoding="utf-8")
        return [
            str(binary), "--site", str(work / "site"), "--output-path", str(work / "bundle"),
            "--force-language", self.language, "--silent",
        ]  # fmt: skip

    def made(self, returncode: int, output: str) -> Path:
        """The folder of the bundle's files, after Pagefind ended with `returncode`."""
        assert self.work is not None
        folder = self.work / "bundle"
        if returncode != 0 or not (folder / ENTRY).is_file():
            raise SearchFailed(
                f"Pagefind could not index the items of {self.year} (exit {returncode}): "
                f"{output.strip()[-2000:]}"
            )
        self._made[os.getpid()] = folder
        return folder

    def make(self, binary: Path, scratch: Path) -> Path:
        """Run Pagefind now (once per process); the folder of the bundle's files."""
        made = self._made.get(os.getpid())
        if made is not None:
            return made
        command = self.command(binary, scratch / f"{self.year}-{os.getpid()}")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        return self.made(done.returncode, done.stderr + done.stdout)

    def publish(self, cache: OutputCache, folder: Path) -> None:
        """Schedule the files Pagefind made (without its own search interfaces)."""
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            rel = path.relative_to(folder).as_posix()
            if not UNUSED.match(rel):
                cache.put(self.prefix + rel, self.key, path.read_bytes)


class SearchFailed(Exception):
    """The Pagefind binary failed on documents Newsroom made (never the content's fault)."""


def bundles(model: SiteModel, keys: PageKeys, version: str) -> list[Bundle]:
    """One bundle per year of the build's items, newest year first."""
    by_year: dict[int, list[ItemView]] = defaultdict(list)
    for view in model.items:
        by_year[view.date.year].append(view)
    language = model.language.split("-")[0].lower()
    made: list[Bundle] = []
    for year in sorted(by_year, reverse=True):
        views = by_year[year]
        key = digest("search", code_digest(), version, language, *map(keys.item, views))
        made.append(Bundle(year, views, key, language))
    return made


class SearchIndex:
    """The search index of one build: started with Pelican, finished once the pages are done.

    `start` schedules the bundles an earlier build made from the same items (kept or
    linked like any page) and leaves the others to a background process (a fork of the
    build, or a shell when threads forbid forking) that writes their documents and runs
    Pagefind on them one after the other, at a lower priority: it uses the second core while
    Pelican reads, plans and renders on the first. `finish` waits for it and schedules the
    new bundles' files; `close` removes the documents once they are written.
    """

    def __init__(self, cache: OutputCache, binary: Path) -> None:
        self.cache = cache
        self.binary = binary
        self._scratch = tempfile.TemporaryDirectory(prefix="newsroom-search-")
        self.scratch = Path(self._scratch.name)
        self.making: list[Bundle] = []
        self.process: subprocess.Popen[bytes] | None = None
        self.child: int | None = None  # the forked process writing documents, running Pagefind
        # Stops the background process group: at `close`, or when the build is dropped or
        # the interpreter exits without reaching `finish` (a build that failed).
        self._stop = weakref.finalize(self, _stop_group, None)

    @classmethod
    def start(cls, model: SiteModel, keys: PageKeys, cache: OutputCache) -> SearchIndex | None:
        """Begin the index into `cache` (None, with a warning, without the Pagefind binary)."""
        binary = pagefind_binary()
        if binary is None:
            log.warning(
                "the search index (/%s) was left out: the Pagefind binary is not installed — "
                "install Newsroom with its dependencies (`pagefind[bin]`), or set "
                "PAGEFIND_BINARY_PATH; the search page shows its fallback (archives)",
                urls.SEARCH_INDEX,
            )
            return None
        index = cls(cache, binary)
        # Each folder's files of the search index, by bundle: read once, not once a bundle
        # (the manifests list every file of the site: 34,000 at 10,000 items).
        folders = [_bundle_files(files) for files in (cache.current, cache.live_files)]
        for bundle in bundles(model, keys, _version(binary)):
            known = _known_files(folders, bundle)
            if not known:
                index.making.append(bundle)
            for name in known:  # made by an earlier build from the same items
                cache.put(name, bundle.key, _remake(bundle, binary, index.scratch, name))
        for bundle in index.making:
            bundle.work = index.scratch / str(bundle.year)
        if index.making and can_fork():
            index._fork()
        elif index.making:  # `serve` (a web server thread: no fork): documents now, a shell
            index._shell()
        return index

    def _fork(self) -> None:
        """A forked copy of the build writes the documents and runs Pagefind, at low priority.

        Writing 10,000 documents costs seconds of file creation: the copy does it, so the
        build goes on at once. Nothing is sent back: each bundle's status and log are files.
        """
        pid = in_background(self._run_pagefind, NICENESS)  # stopped whole if the build fails
        self.child = pid
        self._stop = weakref.finalize(self, _stop_group, pid)

    def _run_pagefind(self) -> None:
        """In the forked copy: each bundle's documents, then Pagefind on them, in turn."""
        for bundle in self.making:
            assert bundle.work is not None
            command = bundle.command(self.binary, bundle.work)
            with open(bundle.log, "wb") as printed:
                done = subprocess.run(
                    command, stdin=subprocess.DEVNULL, stdout=printed, stderr=subprocess.STDOUT
                )
            bundle.status.write_text(str(done.returncode))

    def _shell(self) -> None:
        """Write the documents now; one low-priority shell runs Pagefind on them in turn."""
        script = "\n".join(
            f"{shlex.join(bundle.command(self.binary, bundle.work))} "
            f"> {shlex.quote(str(bundle.log))} 2>&1; "
            f"echo $? > {shlex.quote(str(bundle.status))}"
            for bundle in self.making
            if bundle.work is not None
        )
        nice = ["nice", "-n", str(NICENESS)] if shutil.which("nice") else []
        self.process = subprocess.Popen(
            [*nice, "sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, stopped whole if the build fails
        )
        self._stop = weakref.finalize(self, _stop_group, self.process.pid)

    def finish(self) -> None:
        """Wait for Pagefind and schedule each new bundle's files (a failed year: a warning)."""
        if self.process is not None:
            self.process.wait()
        if self.child is not None:
            os.waitpid(self.child, 0)
        self._stop.detach()  # ended: nothing left to stop
        for bundle in self.making:
            try:
                bundle.publish(self.cache, bundle.made(*bundle.outcome()))
            except SearchFailed as failed:  # the site stays whole: only that year is missing
                log.warning("%s", failed)

    def close(self) -> None:
        """Stop Pagefind if it still runs (a failed build), remove the documents and bundles."""
        self._stop()
        self._scratch.cleanup()


def _stop_group(leader: int | None) -> None:
    """Kill the process group of `leader` (Pagefind's runner and Pagefind) and reap it.

    Pagefind must not outlive a failed build: its documents are about to be deleted, and
    Pagefind 1.5.2 was seen to hang, not exit, when they vanish under it.
    """
    if leader is None:
        return
    with contextlib.suppress(OSError):  # already gone
        os.killpg(leader, signal.SIGKILL)
    with contextlib.suppress(OSError):  # the leader itself, even before it made its group
        os.kill(leader, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):  # reaped already
        os.waitpid(leader, 0)


def _bundle_files(files: dict[str, list]) -> dict[str, list[tuple[str, str]]]:
    """A folder's files under `pagefind/`, by bundle (`pagefind/<YYYY>/`): name and key."""
    by_bundle: dict[str, list[tuple[str, str]]] = defaultdict(list)
    root = urls.SEARCH_INDEX  # each bundle a folder of it (urls.SEARCH_BUNDLE)
    for name, entry in files.items():
        if name.startswith(root):
            folder, inside, _ = name[len(root) :].partition("/")
            if inside:
                by_bundle[f"{root}{folder}/"].append((name, entry[0]))
    return by_bundle


def _known_files(folders: list[dict[str, list[tuple[str, str]]]], bundle: Bundle) -> list[str]:
    """The files of `bundle` in the folder being built or the live one (their files by
    bundle, `_bundle_files`), if either has it."""
    for files in folders:
        names = sorted(name for name, key in files.get(bundle.prefix, ()) if key == bundle.key)
        if bundle.prefix + ENTRY in names:
            return names
    return []


def _remake(bundle: Bundle, binary: Path, scratch: Path, name: str) -> Callable[[], bytes]:
    """Make a known file again (only called when neither site folder still has it)."""

    def render() -> bytes:
        path = bundle.make(binary, scratch) / name.removeprefix(bundle.prefix)
        return path.read_bytes()

    return render


def _version(binary: Path) -> str:
    """`pagefind 1.5.2`: part of every bundle's key (another version, other files)."""
    try:
        done = subprocess.run([str(binary), "--version"], capture_output=True, text=True)
    except OSError as error:
        return f"unknown: {error}"
    return done.stdout.strip()
