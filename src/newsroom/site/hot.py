"""`newsroom serve`'s fast path: an edited story's page, remade in a fraction of a second.

A full build reads and keys every item, so at 10,000 items it takes seconds even when a
contributor only fixed a sentence or a title. `serve` keeps what the last build rendered
each item page from (its template and context, the site model, Newsroom's generator) in
`HotPages`. When the only change is the body, the title, the summary, the tags, the date
within the same year (the same page, `news/<theme>/<year>/<slug>/`), the image caption
or the image credit of stories already on the site, it reads those files again, with
every rule `check` applies to a file, renders their bodies, updates their views where
the model holds them, puts the model back in the order `build_model` gives it (dates,
related stories, people's stories: `model.reorder`), has the generator read the stories
again and list every article again as this build would (`NewsroomGenerator.reread`), and
writes their pages into the live folder at once (a new file renamed over the old one),
with those listings. The reload script then shows the edit, and the full build that
follows brings the rest up to date (listings, feeds, search index, the other folder) as
after any change.

Anything else is left to the full build: a new, removed or renamed file, a problem in the
file, a change that moves the story elsewhere (another year or theme, other authors, a
draft, a date that is not yet come), a new date for a story with translations (they are
listed in build order), or a body that makes the site publish a file it did not publish
yet. A page made here is byte for byte the one a full build makes
(tests/site/test_serve.py, and for any theme tests/site/test_incremental_property.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ..content import Content, Item, ItemCheck, read_item
from .model import ItemView, SiteModel, item_state, reorder, responsive_body, url_rewriter
from .output_cache import replace_file
from .sanitize import MarkdownRenderer
from .video import has_video_blocks

if TYPE_CHECKING:
    from .generator import NewsroomGenerator

# Front-matter fields an edit of which is remade at once: what a story shows (`title`,
# `summary`, the image's caption and credit), and where it is listed among the others of
# its page's year (`tags`, `date`: the model is put in order again, see the docstring).
REMADE = ("title", "summary", "image_caption", "image_credit", "tags", "date")


@dataclass
class _Page:
    """What one item page was rendered from."""

    template: Any  # a Jinja template
    context: dict[str, Any]
    name: str  # site path


@dataclass
class HotPages:
    """The item pages of the last build, by the item's repository path.

    `checks`: the item rules beyond content's own that `check` applies (the build's
    assembly gives `syndication.checks.ITEM_CHECKS`; `site/` does not import them).
    """

    checks: tuple[ItemCheck, ...]
    model: SiteModel | None = None
    output: Path | None = None
    pages: dict[str, _Page] = field(default_factory=dict)
    generator: NewsroomGenerator | None = None  # the one that listed the live build's items
    _renderer: MarkdownRenderer = field(default_factory=MarkdownRenderer)

    def start(self, model: SiteModel) -> None:
        """A build begins: what it renders replaces what the last one did (once it is live)."""
        self._next: dict[str, _Page] = {}
        self._next_model = model
        self._next_generator: NewsroomGenerator | None = None

    def listed(self, generator: NewsroomGenerator) -> None:
        """Called by the build's generator once it has listed the build's items."""
        self._next_generator = generator

    def keep(self, template: Any, context: dict[str, Any], name: str) -> None:
        """Called by the writer for every item page of the build."""
        view: ItemView = context["article"].item
        self._next[view.item.path] = _Page(template, context, name)

    def live(self, output: Path) -> None:
        """The build is the live site: its pages are the ones to patch from now on."""
        self.model, self.output, self.pages = self._next_model, output, self._next
        self.generator = self._next_generator

    def patch(self, changed: list[Path]) -> list[str] | None:
        """Remake the pages of `changed` item files whose body or `REMADE` fields alone
        changed; the site paths written, or None when the change needs a full build (see
        the module docstring).

        Paths that no longer exist and were no item (an editor's temporary file) are
        left out; a removed item needs the full build."""
        if self.model is None or self.output is None or self.generator is None or not changed:
            return None
        root = self.model.root.resolve()
        made: list[tuple[str, tuple[ItemView, Item, str], _Page]] = []
        for path in changed:
            try:
                rel = path.resolve().relative_to(root).as_posix()
            except ValueError:
                return None
            page = self.pages.get(rel)
            if page is None and not path.exists():
                continue  # an editor's scratch file, come and gone: nothing to build
            edit = self._edit(rel, page) if page is not None else None
            if page is None or edit is None:
                return None
            made.append((rel, edit, page))
        shown: list[tuple[ItemView, _Page, bool]] = []  # bool: Pelican's article to redo
        for _, (view, item, html), page in made:
            moved = (item.date, item.meta.tags) != (view.date, view.tags)
            shown.append((view, page, item.meta != view.item.meta))
            view.item, view.html = item, html
            if moved:
                reorder(self.model)
        # A body alone is not Pelican's (its article holds none): no listing to make again.
        articles = {id(view): self.generator.reread(view) for view, _, redo in shown if redo}
        for view, page, _ in shown:
            article = articles.get(id(view), page.context["article"])
            page.context.update(self.generator.listings(), article=article)
            replace_file(self.output / page.name, page.template.render(page.context).encode())
        return [page.name for _, _, page in made] or None

    def _edit(self, rel: str, page: _Page) -> tuple[ItemView, Item, str] | None:
        """The item's view, its new item and body HTML; None if more than `REMADE`
        and the body changed (nothing is changed here: every edit is checked first)."""
        assert self.model is not None
        old: ItemView = page.context["article"].item
        scratch = Content()
        item = read_item(self.model.root, rel, self.model.config, scratch, None, self.checks)
        if item is None or scratch.problems or not _in_place(old, item, self.model.now):
            return None
        published = dict(self.model.files)
        folder = PurePosixPath(rel).parent
        rewrite = url_rewriter(self.model, folder, self.model.by_source)
        lazy_from = 0 if item.meta.image else 1
        html = responsive_body(self.model, self._renderer.render(item.body, rewrite), lazy_from)
        if self.model.files != published:  # a file the site does not publish yet
            self.model.files = published
            return None
        if has_video_blocks(html) or len(old.videos) > (old.video is not None):
            return None  # a video block's still and structured data come from the build
        return old, item, html


def _in_place(view: ItemView, new: Item, now: datetime) -> bool:
    """Whether `new` differs from the view's item in its body and `REMADE` fields at most,
    on the same page, listed the same way (see the module docstring)."""
    old = view.item
    kept = {name: getattr(old.meta, name) for name in REMADE}
    if replace(new, body=old.body, meta=new.meta.model_copy(update=kept)) != old:
        return False
    if new.date == old.date:
        return True
    same_page = new.date.year == old.date.year and item_state(new, now) == view.state
    return same_page and not view.translations
