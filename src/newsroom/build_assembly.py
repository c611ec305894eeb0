"""`newsroom build`, assembled: checks, site, feeds, search, handbook and web editor.

The one place that puts a build together, above the parts it uses: the checks
(`syndication.checks`), the site (`site/`: the model, Pelican, feeds and search), the
handbook and the editor (`handbook/`). `site/` imports none of them.

The build never leaves a half-written site: it writes into a fresh folder beside the
output folder and only replaces the previous site when everything succeeded. Problems in
the content stop it before anything is written, with exactly the lines `newsroom check`
prints. Its options travel as one record, `BuildOptions`.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from . import clock
from .build_cache import BuildCache
from .fingerprint import code_digest, digest
from .images import keep_headers_in
from .problems import ProblemsFound
from .repository import Newsroom
from .site.build import (
    PREVIEW_SUFFIX,
    BuildFailed,
    BuildResult,
    run_pelican,
    unchanged_result,
    valid_until,
)
from .site.hot import HotPages
from .site.journalists import journalists_pages
from .site.model import build_model
from .site.output_cache import OutputCache, SiteFolders
from .site.shortlinks import find_redirects
from .site.unchanged import Inputs, check_up_to_date, record_build
from .site.verify import differing_files
from .syndication.checks import open_checked_newsroom

# The handbook as last built, reused while its inputs do not change (never committed).
HANDBOOK_CACHE = Path(".cache/handbook")
ADMIN_CACHE = Path(".cache/admin")  # the web editor, the same way

__all__ = ["BuildFailed", "BuildOptions", "BuildResult", "build_site", "compare_with_clean"]


@dataclass(frozen=True)
class BuildOptions:
    """How to build: one record from the command line to every step (like Black's `Mode`).

    `output`: where (default: site.output_dir, or beside it for a preview). `now`: the
    build's time (default: the clock). `incremental`: reuse what earlier builds made
    (False: a clean build). `use_git`: find earlier URLs of items in the history.
    """

    output: Path | None = None
    preview: bool = False
    now: datetime | None = None
    use_git: bool = True
    with_handbook: bool = True
    dry_run: bool = False
    incremental: bool = True


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
    `started_with`: what `unchanged.check_up_to_date` said for this build, when the caller asked it
    (the command line asks before importing Pelican). `hot`: `serve` keeps what the item
    pages are rendered from there (see site/hot.py); while it holds none, the build runs
    even when nothing changed, to fill it.
    """
    started = time.perf_counter()
    options = BuildOptions(output, preview, now, use_git, with_handbook, dry_run, incremental)
    # A build makes hundreds of thousands of objects that live until its end: the cyclic
    # garbage collector would scan them again and again (≈ 10 % of a build) for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(root, options, started, started_with, hot)
    finally:
        if collecting:
            gc.enable()


def _build(
    root: Path,
    options: BuildOptions,
    started: float,
    started_with: tuple[Inputs | None, dict[str, Any] | None] | None,
    hot: HotPages | None,
) -> BuildResult:
    now = options.now or clock.now()
    output, preview, incremental = options.output, options.preview, options.incremental
    dry_run = options.dry_run
    if not started_with:  # read first: what changes during the build is seen by the next one
        started_with = check_up_to_date(
            root,
            output,
            now,
            preview=preview,
            use_git=options.use_git,
            with_handbook=options.with_handbook,
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
    # Image headers (size, completeness) by file identity: a warm build opens no image.
    headers = BuildCache(root, "image-headers") if incremental else None
    with keep_headers_in(headers):
        # A preview shows sealed items the key here opens (a press officer's machine; a
        # pull request has no key), the live site only those whose embargo is over.
        newsroom = open_checked_newsroom(root, parsed, remember=incremental, early=preview)
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
    redirects = find_redirects(model, use_git=options.use_git)
    output.parent.mkdir(parents=True, exist_ok=True)
    with folders.locked():  # one build at a time per output (`serve` and a manual build)
        folders.claim(root, setting)  # again: what another command did while this one waited
        files = folders.prepare(incremental, dry_run=dry_run)
        # What each page read (site/recording.py): read and saved under the lock, so a
        # build that waited for another sees what that one rendered; one store an output
        # (a preview keeps only its own pages' traces, not the live site's).
        kind = f"traces/{digest(str(output))[:16]}"
        traces = BuildCache(root, kind) if incremental else None
        try:
            # Video stills not fetched, sealed items past their time without a key (`publish`
            # fails those), sealed files a preview laid out.
            said = newsroom.content.withheld + newsroom.content.laid_out
            warnings = model.warnings + [str(p) for p in said]
            warnings += run_pelican(model, redirects, files, hot, traces)
            for name, html in journalists_pages(
                newsroom.content.embargoed, newsroom.config.site.name
            ):
                files.write(name, html)  # sealed items' pages for journalists, never listed
            if options.with_handbook:
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
    for kept in (parsed, rendered, headers):
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
            "warnings": warnings,  # said again by a build that has nothing to do
        }
        record_build(inputs, output, now, valid_until(newsroom, model), summary)
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
        asked=files.asked,
        redone=files.redone,
    )


def add_handbook_and_editor(
    root: Path, newsroom: Newsroom, files: OutputCache, *, keep: bool = True
) -> list[str]:
    """The contributors' handbook at `handbook/` and the web editor at `admin/`; warnings.

    Each is made once per version of its inputs (pages, code, configuration, the editor's
    bundle) and, with `keep`, kept in `.cache/`. A missing editor bundle leaves the editor
    out with a warning: the site still builds.
    """
    from .handbook.build import HandbookFailed, build_handbook, handbook_key
    from .handbook.cms import DecapMissing, admin_key, write_admin

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
            # Another build of this repository may be keeping it at the same moment: keeping
            # is only a shortcut, and the next build makes it again if need be.
            with contextlib.suppress(OSError):
                _keep(made, kept, built / prefix)


def _keep(made: Path, kept: Path, target: Path) -> None:
    """Keep `made` at `target` inside `kept`, in place of the older versions there."""
    shutil.rmtree(kept, ignore_errors=True)
    target.parent.mkdir(parents=True)
    (kept / ".gitignore").write_text("*\n", encoding="utf-8")
    os.replace(made, target)  # one rename: the same file system


def compare_with_clean(root: Path, built: Path, options: BuildOptions) -> list[str]:
    """`newsroom build --verify`: build the site at `root` from nothing into a temporary
    folder with the same options; the files that differ from `built` (see site/verify.py)."""
    with tempfile.TemporaryDirectory(prefix="newsroom-verify-") as scratch:
        clean = build_site(
            root,
            Path(scratch) / "site",
            preview=options.preview,
            now=options.now,
            use_git=options.use_git,
            with_handbook=options.with_handbook,
            incremental=False,
            started_with=(None, None),  # never recorded as the live site's build
        )
        return differing_files(built, clean.output)
