"""The Pelican reader for `content/**/*.md`: hands Pelican the items the core validated.

Pelican reads `Key: value` Markdown metadata, not our YAML front matter, and would render
each body itself. This reader does neither: it looks the file up in the `SiteModel`
(already validated, selected and rendered once) and returns that HTML with Pelican
metadata. The theme folder is the category (as `USE_FOLDER_AS_CATEGORY` would do), with
the theme's display name. Items left out of this build get Pelican's `skip` status, so
no page, listing or archive ever mentions them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from pelican.contents import Category, Tag
from pelican.readers import BaseReader

from .model import ItemView, PageView, SiteModel

MODEL_SETTING = "NEWSROOM_MODEL"


class NewsroomReader(BaseReader):
    """Reads `.md` files by looking them up in the build's SiteModel."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["md"]

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self.model: SiteModel = settings[MODEL_SETTING]
        self._items = self.model.by_source
        self._pages = {p.page.path: p for p in self.model.pages.values()}
        self._categories: dict[str, Category] = {}

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """The pre-rendered HTML of a file and its metadata for Pelican."""
        rel = Path(source_path).resolve().relative_to(self.model.root.resolve()).as_posix()
        if rel in self._items:
            return self._items[rel].html, self._item_metadata(self._items[rel])
        if rel in self._pages:
            return self._pages[rel].html, self._page_metadata(self._pages[rel])
        # Unpublished in this build (draft, scheduled) — or not a valid item at all,
        # which cannot happen: the build stops on any `check` problem first.
        return "", {"status": "skip", "title": rel}

    def _item_metadata(self, view: ItemView) -> dict[str, Any]:
        return {
            "title": view.title,
            "date": view.date,
            "slug": view.item.slug,
            "lang": view.lang,
            "summary": view.summary,
            "category": self._category(view),
            "tags": [Tag(tag, self.settings) for tag in view.tags],
            "url": view.path,
            "save_as": f"{view.path}index.html",
            "status": "published",
            "item": view,
        }

    def _page_metadata(self, view: PageView) -> dict[str, Any]:
        return {
            "title": view.title,
            "slug": view.slug,
            "summary": view.summary,
            "url": view.path,
            "save_as": f"{view.path}index.html",
            "status": "published",
            "page_view": view,
        }

    def _category(self, view: ItemView) -> Category:
        """One Category per theme: slug = folder, name = the theme's display name."""
        if view.theme.slug not in self._categories:
            category = Category(view.theme.name, self.settings)
            category.slug = view.theme.slug
            self._categories[view.theme.slug] = category
        return self._categories[view.theme.slug]
