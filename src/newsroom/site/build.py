"""The site's part of `newsroom build`: run Pelican over the site model, key every file.

The whole build (checks, site, feeds, search, handbook, editor, the switch of the site
folders) is assembled one layer up, in `newsroom.build_assembly`; this module runs
Pelican into a folder the assembly prepared (`run_pelican`) and says what every file
depends on (`build_key`).

Pelican's settings hold plain data (and its Jinja filters and globals): the build's live
objects (model, redirects, output cache, page keys, search index, `serve`'s hot pages)
are one `SiteBuild`, carried by the Pelican instance itself (`SitePelican`), which every
signal the plugins use receives. The plugins hand them to Pelican's extension points:
a generator (`get_generators`), a writer (`get_writer`), and the outputs at `finalized`.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from pelican import Pelican
from pelican.generators import Generator
from pelican.log import console

from ..build_cache import BuildCache
from ..fingerprint import RENDERING_LIBRARIES, code_digest, digest, library_versions, tree_digest
from ..repository import Newsroom
from .calendar import KEEP_PAST
from .generator import NewsroomGenerator
from .hot import HotPages
from .model import SiteModel
from .output_cache import OutputCache, RenderFailed
from .outputs import write_outputs
from .podcast_pages import PodcastPages
from .search import SearchIndex
from .settings import pelican_settings, plugins_dir, theme_dir
from .shortlinks import Redirect
from .writer import CachingWriter, PageKeys

# Bump when a key stops naming everything its file depends on in a way the code digest
# below does not see. 2: pages keyed by what they read (site/recording.py). 3: an item
# read by its card or whole (recording.BEYOND_CARD).
CACHE_FORMAT = 3
# Libraries whose version can change a built file.


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
    # pages whose recorded questions were asked again (site/writer.py): the others were
    # reused because nothing they read (an item's card, its body…) changed
    asked: int = 0
    # pages rendered again without being asked: an item they read changed (PageKeys.known)
    redone: int = 0


# `newsroom build --preview` builds beside the site, into `<output_dir>-preview`.
PREVIEW_SUFFIX = "-preview"


def valid_until(newsroom: Newsroom, model: SiteModel) -> datetime:
    """Until when a build made at `model.now` stays what a build would make (see unchanged).

    The next instant the build's time crosses something it compares with: an item's date
    (a scheduled item comes out), an event's start or end, an ended event leaving the
    calendars, a new year (a calendar without events names the build's year). A feed with
    no items is dated by the build itself, and a video still not fetched is fetched by the
    next build: never valid later.
    """
    now = model.now
    if not model.items or any(not model.items_of(theme.slug) for theme in model.themes):
        return now
    if model.warnings:  # a still not fetched: the next build tries again
        return now
    instants = [datetime(now.year + 1, 1, 1, tzinfo=UTC) - timedelta(days=1)]
    # Every item's date, sealed ones included: the first build after an embargo opens it.
    instants += [use.publish_at for use in newsroom.content.ids if use.publish_at is not None]
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
        done.get("warnings", []),
        reused=done["files"],
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
        library_versions(RENDERING_LIBRARIES),
        model.config.model_dump_json(),
        model.base_path,
        model.preview,
        [(p.slug, p.title, p.url, p.absolute_url) for p in model.pages.values()],
    )


@dataclass
class SiteBuild:
    """One build's live objects, handed to Pelican's extension points by the plugins."""

    model: SiteModel
    redirects: list[Redirect]
    files: OutputCache
    keys: PageKeys
    hot: HotPages | None = None
    search: SearchIndex | None = None
    searching: bool = False  # the search index was started (None: no Pagefind binary)

    def generators(self) -> tuple[type[Generator], ...]:
        """The generators Pelican adds to its own: the model's items and pages, the shows."""
        keep = None if self.hot is None else self.hot.listed
        return NewsroomGenerator.for_model(self.model, keep), PodcastPages.for_model(self.model)

    def writer(self) -> type[CachingWriter]:
        """The writer Pelican writes every page with."""
        return CachingWriter.for_build(self.files, self.keys, self.hot)

    def start_search(self) -> SearchIndex | None:
        """Start the search index (once): Pagefind works in the background meanwhile."""
        if not self.searching:
            self.search, self.searching = SearchIndex.start(self.model, self.keys, self.files), True
        return self.search

    def write_outputs(self, settings: dict[str, Any]) -> None:
        """The files Pelican does not write (site/outputs.py), once its pages are scheduled."""
        # The search index was started with Pelican (Pagefind works while Pelican does).
        search = self.start_search()
        write_outputs(self.model, self.files, self.keys, self.redirects, search, settings)


class SitePelican(Pelican):
    """Pelican, carrying the build it runs (`build`) to the plugins' signal handlers."""

    def __init__(self, settings: dict[str, Any], build: SiteBuild) -> None:
        self.build = build
        super().__init__(settings)


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
            model, content if content.is_dir() else Path(empty), files.folder
        )
        keys = PageKeys(model, build_key(model), traces, frozenset(settings["JINJA_GLOBALS"]))
        if traces is not None:
            files.keep_note = keys.keep
        if hot is not None:
            hot.start(model)
        build = SiteBuild(model, redirects, files, keys, hot)
        log = _PelicanLog()
        pelican_logger = logging.getLogger("pelican")
        pelican_logger.addHandler(log)
        propagate, quiet = pelican_logger.propagate, console.quiet
        pelican_logger.propagate, console.quiet = False, True  # no "Done: …" banner
        try:
            SitePelican(settings, build).run()
            files.asked, files.redone = keys.asked, keys.redone
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
