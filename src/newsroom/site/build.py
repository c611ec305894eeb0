"""`newsroom build`: validate, select, render once, run Pelican, and swap the site in.

The build never leaves a half-written site: it writes into a fresh folder beside the
output folder and only replaces the previous site when everything succeeded. Problems in
the content stop it before anything is written, with exactly the lines `newsroom check`
prints.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from pelican import Pelican
from pelican.log import console

from .. import clock
from ..build_cache import BuildCache
from ..fingerprint import code_digest, digest, tree_digest
from ..problems import ProblemsFound
from ..repository import Newsroom
from ..syndication.checks import open_checked_newsroom
from .calendar import KEEP_PAST
from .hot import HotPages
from .model import SiteModel, build_model
from .output_cache import OutputCache, RenderFailed, SiteFolders
from .settings import pelican_settings, plugins_dir, theme_dir
from .shortlinks import Redirect, find_redirects
from .unchanged import Inputs, remember, start
from .writer import CACHE_SETTING, HOT_SETTING, KEYS_SETTING, PageKeys

# The handbook as last built, reused while its inputs do not change (never committed).
HANDBOOK_CACHE = Path(".cache/handbook")
ADMIN_CACHE = Path(".cache/admin")  # the web editor, the same way
# Bump when a key stops naming everything its file depends on in a way the code digest
# below does not see.
CACHE_FORMAT = 1
# Libraries whose version can change a built file.
RENDERING_LIBRARIES = ("pelican", "jinja2", "markupsafe", "nh3", "pyromark", "feedgen", "pillow")


class BuildFailed(Exception):
    """Pelican reported errors (a template or plugin problem, not the content's)."""


@dataclass
class BuildResult:
    """What a build produced."""

    output: Path
    items: int
    pages: int
    redirects: int
    seconds: float
    preview: bool
    base_path: str = ""
    warnings: list[str] = field(default_factory=list)
    rendered: int = 0  # files rendered by this build
    reused: int = 0  # files kept or linked from an earlier build


# `newsroom build --preview` builds beside the site, into `<output_dir>-preview`.
PREVIEW_SUFFIX = "-preview"


def build_site(
    root: Path,
    output: Path | None = None,
    *,
    preview: bool = False,
    now: datetime | None = None,
    use_git: bool = True,
    with_handbook: bool = True,
    dry_run: bool = False,
    incremental: bool = True,
    started_with: tuple[Inputs | None, dict[str, Any] | None] | None = None,
    hot: HotPages | None = None,
) -> BuildResult:
    """Build the site of the newsroom at `root` into `output` (default: site.output_dir).

    `output` becomes a link to `.<name>-a` or `.<name>-b` beside it (see output_cache).
    With `incremental`, files whose inputs did not change since the last builds are kept
    or linked instead of rendered, and nothing is done when the live site is already what
    the build would make (see unchanged); without, every file is rendered (a clean build).
    `started_with`: what `unchanged.start` said for this build, when the caller asked it
    (the command line asks before importing Pelican). `hot`: `serve` keeps what the item
    pages are rendered from there (see site/hot.py); while it holds none, the build runs
    even when nothing changed, to fill it.
    """
    started = time.perf_counter()
    # A build makes hundreds of thousands of objects that live until its end: the cyclic
    # garbage collector would scan them again and again (≈ 10 % of a build) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(
            root,
            output,
            preview,
            now,
            use_git,
            with_handbook,
            dry_run,
            incremental,
            started,
            started_with,
            hot,
        )
    finally:
        if collecting:
            gc.enable()


def _build(
    root: Path,
    output: Path | None,
    preview: bool,
    now: datetime | None,
    use_git: bool,
    with_handbook: bool,
    dry_run: bool,
    incremental: bool,
    started: float,
    started_with: tuple[Inputs | None, dict[str, Any] | None] | None,
    hot: HotPages | None,
) -> BuildResult:
    now = now or clock.now()
    if not started_with:  # read first: what changes during the build is seen by the next one
        started_with = start(
            root,
            output,
            now,
            preview=preview,
            use_git=use_git,
            with_handbook=with_handbook,
            dry_run=dry_run,
            incremental=incremental,
        )
    inputs, done = started_with
    if done is not None and hot is not None and not hot.pages:
        done = None  # `serve` starting: the pages to patch are kept as they are rendered
    if done is not None:  # the live site is what this build would make
        return unchanged_result(done, time.perf_counter() - started, preview)
    parsed = BuildCache(root, "parsed") if incremental else None
    rendered = BuildCache(root, "rendered") if incremental else None
    newsroom = open_checked_newsroom(root, parsed, remember=incremental)
    if newsroom.content.problems:
        raise ProblemsFound(newsroom.content.problems)
    setting = "--output" if output else "site.output_dir"  # where a refusal points
    if output is None:
        output = root / newsroom.config.site.output_dir
        if preview:  # a preview (drafts, scheduled items) never replaces the live site
            output = output.with_name(output.name + PREVIEW_SUFFIX)
    output = output.parent.resolve() / output.name  # not the link itself: it is replaced
    folders = SiteFolders(output)
    folders.claim(root, setting)  # before anything is made: nothing written if refused
    model = build_model(newsroom, now, preview, rendered)
    redirects = find_redirects(model, use_git=use_git)
    output.parent.mkdir(parents=True, exist_ok=True)
    with folders.locked():  # one build at a time per output (`serve` and a manual build)
        folders.claim(root, setting)  # again: what another command did while this one waited
        files = folders.prepare(incremental, dry_run=dry_run)
        # What each page read (site/recording.py): read and saved under the lock, so a
        # build that waited for another sees what that one rendered.
        traces = BuildCache(root, "traces") if incremental else None
        try:
            warnings = run_pelican(model, redirects, files, hot, traces)
            if with_handbook:
                warnings += add_handbook_and_editor(root, newsroom, files, keep=not dry_run)
            files.flush()
            if not dry_run:
                folders.publish(files)
                if traces is not None:
                    traces.save()
                if hot is not None:
                    hot.live(output)
        except BaseException:
            files.settle()  # the copy of the live folder, if one is running, ends first
            if folders.live() != files.folder:  # never removes the site visitors see
                shutil.rmtree(files.folder, ignore_errors=True)
            raise
        if dry_run:  # everything was built and checked; the site in place stays as it is
            shutil.rmtree(files.folder)
    for kept in (parsed, rendered):
        if kept is not None and not dry_run:
            kept.save()
    if inputs is not None:
        summary = {
            "items": len(model.items),
            "pages": len(model.pages),
            "files": len(files.manifest),
        }
        summary |= {
            "redirects": len(redirects),
            "base_path": model.base_path,
            "output": str(output),
        }
        remember(inputs, output, now, valid_until(newsroom, model), summary)
    return BuildResult(
        output,
        len(model.items),
        len(model.pages),
        len(redirects),
        time.perf_counter() - started,
        preview,
        model.base_path,
        warnings,
        rendered=files.rendered,
        reused=files.kept + files.linked,
    )


def valid_until(newsroom: Newsroom, model: SiteModel) -> datetime:
    """Until when a build made at `model.now` stays what a build would make (see unchanged).

    The next instant the build's time crosses something it compares with: an item's date
    (a scheduled item comes out), an event's start or end, an ended event leaving the
    calendars, a new year (a calendar without events names the build's year). A feed with
    no items is dated by the build itself: never valid later.
    """
    now = model.now
    if not model.items or any(not model.items_of(theme.slug) for theme in model.themes):
        return now
    instants = [datetime(now.year + 1, 1, 1, tzinfo=UTC) - timedelta(days=1)]
    for item in newsroom.content.items:
        instants.append(item.date)
        if (event := item.meta.event) is not None:
            instants += [event.start, event.end, event.end + KEEP_PAST]
    return min((when for when in instants if when > now), default=datetime.max.replace(tzinfo=UTC))


def unchanged_result(done: dict[str, Any], seconds: float, preview: bool) -> BuildResult:
    """The result of a build that had nothing to do (see unchanged), as recorded."""
    return BuildResult(
        Path(done["output"]),
        done["items"],
        done["pages"],
        done["redirects"],
        seconds,
        preview,
        done["base_path"],
        reused=done["files"],
    )


def add_handbook_and_editor(
    root: Path, newsroom: Newsroom, files: OutputCache, *, keep: bool = True
) -> list[str]:
    """The contributors' handbook at `handbook/` and the web editor at `admin/`; warnings.

    Each is made once per version of its inputs (pages, code, configuration, the editor's
    bundle) and, with `keep`, kept in `.cache/`. A missing editor bundle leaves the editor
    out with a warning: the site still builds.
    """
    from ..handbook.build import HandbookFailed, build_handbook, handbook_key
    from ..handbook.cms import DecapMissing, admin_key, write_admin

    warnings: list[str] = []
    try:
        key = handbook_key(root, code_digest())
        made = lambda scratch: build_handbook(root, scratch)  # noqa: E731
        _adopt_made(files, root / HANDBOOK_CACHE, key, "handbook", keep, made)
    except HandbookFailed as error:
        raise BuildFailed(str(error)) from None
    try:
        key = admin_key(root, newsroom.config)
        _adopt_made(
            files,
            root / ADMIN_CACHE,
            key,
            "admin",
            keep,
            lambda scratch: write_admin(root, scratch, config=newsroom.config),
        )
    except DecapMissing as missing:
        warnings.append(f"the web editor (/admin/) was left out: {missing}")
    return warnings


def _adopt_made(
    files: OutputCache,
    kept: Path,
    key: str,
    prefix: str,
    keep: bool,
    make: Callable[[Path], Path],
) -> None:
    """Schedule `prefix/` as made from inputs whose digest is `key`: from `kept/<key>/`
    when an earlier build kept it, else made now by `make(scratch)` (and kept).

    Its files are keyed by `key` and their path, not read: a kept folder never changes.
    It is made beside `kept` and renamed into place, so a build killed half-way never
    leaves a partial one to be trusted later.
    """
    built = kept / key
    if (built / prefix).is_dir():
        files.adopt(built / prefix, prefix, key=key)
        files.flush()
        return
    if keep:  # the scratch folder too is Newsroom's, never the repository's
        kept.parent.mkdir(parents=True, exist_ok=True)
        if not (kept.parent / ".gitignore").is_file():
            (kept.parent / ".gitignore").write_text("*\n", encoding="utf-8")
    with tempfile.TemporaryDirectory(dir=kept.parent if keep else None) as scratch:
        made = make(Path(scratch))
        files.adopt(made, prefix, key=key)
        files.flush()  # reads the scratch files before they go
        if keep:
            shutil.rmtree(kept, ignore_errors=True)  # older versions
            built.mkdir(parents=True)
            (kept / ".gitignore").write_text("*\n", encoding="utf-8")
            os.replace(made, built / prefix)  # one rename: the same file system


class _PelicanLog(logging.Handler):
    """Keeps Pelican's warnings and errors, so an error fails the build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            message += f": {record.exc_info[1]!r}"
        (self.errors if record.levelno >= logging.ERROR else self.warnings).append(message)


def build_key(model: SiteModel) -> str:
    """What every file of the build depends on: code, theme, plugins, libraries, settings.

    The newsroom's configuration and its pages (named in every footer) are in it too, so a
    change to any of them rebuilds every page.
    """
    root = model.root
    return digest(
        CACHE_FORMAT,
        code_digest(),
        tree_digest(theme_dir(root)),
        tree_digest(plugins_dir(root)),
        [version(name) for name in RENDERING_LIBRARIES],
        model.config.model_dump_json(),
        model.base_path,
        model.preview,
        [(p.slug, p.title, p.url, p.absolute_url) for p in model.pages.values()],
    )


def run_pelican(
    model: SiteModel,
    redirects: list[Redirect],
    files: OutputCache,
    hot: HotPages | None = None,
    traces: BuildCache | None = None,
) -> list[str]:
    """Run Pelican into `files.folder`; return its warnings; raise BuildFailed on its errors."""
    content = model.root / "content"
    with tempfile.TemporaryDirectory() as empty:
        settings = pelican_settings(
            model, redirects, content if content.is_dir() else Path(empty), files.folder
        )
        settings[CACHE_SETTING] = files
        settings[KEYS_SETTING] = PageKeys(
            model, build_key(model), traces, frozenset(settings["JINJA_GLOBALS"])
        )
        if traces is not None:
            files.keep_note = traces.add
        if hot is not None:
            hot.start(model)
            settings[HOT_SETTING] = hot
        log = _PelicanLog()
        pelican_logger = logging.getLogger("pelican")
        pelican_logger.addHandler(log)
        propagate, quiet = pelican_logger.propagate, console.quiet
        pelican_logger.propagate, console.quiet = False, True  # no "Done: …" banner
        try:
            Pelican(settings).run()
        except RenderFailed as error:  # in the second rendering process
            raise BuildFailed(str(error)) from None
        except TemplateError as error:  # a theme mistake: say where, not a traceback
            where = (
                f"{getattr(error, 'filename', None) or 'template'}:{getattr(error, 'lineno', '?')}"
            )
            raise BuildFailed(f"{where}: {error}") from None
        finally:
            pelican_logger.removeHandler(log)
            pelican_logger.propagate, console.quiet = propagate, quiet
    if log.errors:
        raise BuildFailed("\n".join(log.errors))
    return log.warnings
