"""`newsroom build`: validate, select, render once, run Pelican, and swap the site in.

The build never leaves a half-written site: it writes into a fresh folder beside the
output folder and only replaces the previous site when everything succeeded. Problems in
the content stop it before anything is written, with exactly the lines `newsroom check`
prints.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jinja2 import TemplateError
from pelican import Pelican
from pelican.log import console

from .. import clock
from ..problems import Problem, ProblemsFound
from ..repository import Newsroom, open_newsroom
from .model import SiteModel, build_model
from .render_cache import RenderCache
from .settings import pelican_settings
from .shortlinks import Redirect, find_redirects

# Rendered Markdown bodies, by content hash, reused by the next build (never committed).
RENDER_CACHE = Path(".cache/render")


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


def build_site(
    root: Path,
    output: Path | None = None,
    *,
    preview: bool = False,
    now: datetime | None = None,
    use_git: bool = True,
    with_handbook: bool = True,
    dry_run: bool = False,
    render_cache: bool = True,
) -> BuildResult:
    """Build the site of the newsroom at `root` into `output` (default: site.output_dir).

    With `render_cache`, rendered Markdown is kept in `<root>/.cache/render` across builds
    (read, not written, by a dry run).
    """
    started = time.perf_counter()
    newsroom = open_newsroom(root)
    if newsroom.content.problems:
        raise ProblemsFound(newsroom.content.problems)
    output = (output or root / newsroom.config.site.output_dir).resolve()
    refuse_unsafe_output(root, output)
    # A dry run writes nothing, not even to the cache.
    renderer = RenderCache(root / RENDER_CACHE if render_cache else None, writable=not dry_run)
    model = build_model(newsroom, now or clock.now(), preview, renderer)
    redirects = find_redirects(model, use_git=use_git)
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the site from a web server
        warnings = run_pelican(model, redirects, staging)
        if with_handbook:
            add_handbook_and_editor(root, newsroom, staging)
        if dry_run:  # everything was built and checked; the site in place stays as it is
            shutil.rmtree(staging)
        else:
            swap_in(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(
        output,
        len(model.items),
        len(model.pages),
        len(redirects),
        time.perf_counter() - started,
        preview,
        model.base_path,
        warnings,
    )


def add_handbook_and_editor(root: Path, newsroom: Newsroom, staging: Path) -> None:
    """The contributors' handbook at `handbook/` and the web editor at `admin/`."""
    from ..cms import DecapMissing, write_admin
    from ..handbook import HandbookFailed, build_handbook

    try:
        build_handbook(root, staging)
        write_admin(root, staging, config=newsroom.config)
    except (HandbookFailed, DecapMissing) as error:
        raise BuildFailed(str(error)) from None


def refuse_unsafe_output(root: Path, output: Path) -> None:
    """The output folder is replaced whole: it must not hold the newsroom's own files."""
    resolved_root = root.resolve()
    if (
        output == resolved_root
        or resolved_root.is_relative_to(output)
        or output.is_relative_to(resolved_root / "content")
    ):
        raise ProblemsFound(
            [
                Problem(
                    "newsroom.yml",
                    1,
                    "site.output_dir",
                    f"{output} would replace the newsroom's own files — choose a folder of "
                    "its own, e.g. output",
                )
            ]
        )


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


def run_pelican(model: SiteModel, redirects: list[Redirect], output: Path) -> list[str]:
    """Run Pelican into `output`; return its warnings; raise BuildFailed on its errors."""
    content = model.root / "content"
    with tempfile.TemporaryDirectory() as empty:
        settings = pelican_settings(
            model, redirects, content if content.is_dir() else Path(empty), output
        )
        log = _PelicanLog()
        pelican_logger = logging.getLogger("pelican")
        pelican_logger.addHandler(log)
        propagate, quiet = pelican_logger.propagate, console.quiet
        pelican_logger.propagate, console.quiet = False, True  # no "Done: …" banner
        try:
            Pelican(settings).run()
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


def swap_in(staging: Path, output: Path) -> None:
    """Replace `output` with the finished `staging` folder (two renames, no copying)."""
    previous = None
    if output.exists() or output.is_symlink():
        previous = output.with_name(f".{output.name}-previous-{os.getpid()}-{time.time_ns()}")
        output.rename(previous)
    staging.rename(output)
    if previous is not None:
        if previous.is_dir() and not previous.is_symlink():
            shutil.rmtree(previous)
        else:
            previous.unlink()
