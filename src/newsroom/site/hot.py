"""`newsroom serve`'s fast path: an edited story's page, remade in a fraction of a second.

A full build reads and keys every item, so at 10,000 items it takes seconds even when a
contributor only fixed a sentence. `serve` keeps what the last build rendered each item
page from (its template and context, the site model) in `HotPages`. When the only change
is the body of stories already on the site, it reads those files again, with every rule
`check` applies to a file, renders their bodies, and writes their pages into the live
folder at once (a new file renamed over the old one). The reload script then shows the
edit, and the full build that follows brings the rest up to date (feeds, search index,
the other folder) as after any change.

Anything else is left to the full build: a new, removed or renamed file, a problem in the
file, a change outside the body (its title or date show on other pages too), or a body
that makes the site publish a file it did not publish yet. A page made here is byte for
byte the one a full build makes (tests/site/test_serve.py).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from ..content import Content, ItemCheck, read_item
from .model import ItemView, SiteModel, responsive_body, url_rewriter
from .output_cache import replace_file
from .sanitize import MarkdownRenderer
from .video import has_video_blocks


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
    _renderer: MarkdownRenderer = field(default_factory=MarkdownRenderer)

    def start(self, model: SiteModel) -> None:
        """A build begins: what it renders replaces what the last one did (once it is live)."""
        self._next: dict[str, _Page] = {}
        self._next_model = model

    def keep(self, template: Any, context: dict[str, Any], name: str) -> None:
        """Called by the writer for every item page of the build."""
        view: ItemView = context["article"].item
        self._next[view.item.path] = _Page(template, context, name)

    def live(self, output: Path) -> None:
        """The build is the live site: its pages are the ones to patch from now on."""
        self.model, self.output, self.pages = self._next_model, output, self._next

    def patch(self, changed: list[Path]) -> list[str] | None:
        """Remake the pages of `changed` item files whose body alone changed; the site paths
        written, or None when the change needs a full build (see the module docstring).

        Paths that no longer exist and were no item (an editor's temporary file) are
        left out; a removed item needs the full build."""
        if self.model is None or self.output is None or not changed:
            return None
        root = self.model.root.resolve()
        made: list[tuple[str, ItemView, _Page]] = []
        for path in changed:
            try:
                rel = path.resolve().relative_to(root).as_posix()
            except ValueError:
                return None
            page = self.pages.get(rel)
            if page is None and not path.exists():
                continue  # an editor's scratch file, come and gone: nothing to build
            view = self._view(rel, page) if page is not None else None
            if page is None or view is None:
                return None
            made.append((rel, view, page))
        for rel, view, page in made:
            context = _showing(page.context, view)
            replace_file(self.output / page.name, page.template.render(context).encode())
            self.pages[rel] = replace(page, context=context)
        return [page.name for _, _, page in made] or None

    def _view(self, rel: str, page: _Page) -> ItemView | None:
        """The item's view with its new body, or None if more than the body changed."""
        assert self.model is not None
        old: ItemView = page.context["article"].item
        scratch = Content()
        item = read_item(self.model.root, rel, self.model.config, scratch, None, self.checks)
        if item is None or scratch.problems or replace(old.item, body=item.body) != item:
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
        return replace(old, item=item, html=html)


def _showing(context: dict[str, Any], view: ItemView) -> dict[str, Any]:
    """A page's context with its article showing `view` (Pelican's article is copied)."""
    article = copy.copy(context["article"])
    article.item = view
    return {**context, "article": article}
