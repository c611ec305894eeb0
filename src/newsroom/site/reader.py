"""The Pelican reader of Newsroom's items and pages: hands Pelican what the core validated.

Pelican reads `Key: value` Markdown metadata, not our YAML front matter, and would render
each body itself. This reader does neither: it looks the file up in the `SiteModel`
(already validated, selected and rendered once) and returns Pelican metadata, the view
among them (templates show `item.html`). The theme folder is the category (as
`USE_FOLDER_AS_CATEGORY` would do), with the theme's display name. Only the files the
model publishes are read (by site/generator.py), so items left out of this build (drafts,
scheduled items) never reach Pelican.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar

from pelican.contents import Category, Tag
from pelican.readers import BaseReader

from .model import ItemView, PageView, SiteModel


class NewsroomReader(BaseReader):
    """Reads the model's files by looking them up in it (given by the generator, which
    makes the reader itself: Pelican would make one per reader class, from settings)."""

    enabled = True
    file_extensions: ClassVar[list[str]] = []  # no file type of Pelican's: only ours

    def __init__(self, settings: dict[str, Any], model: SiteModel):
        super().__init__(settings)
        self.model = model
        self._items = self.model.by_source
        self._pages = {p.page.path: p for p in self.model.pages.values()}
        self._categories: dict[str, Category] = {}
        self._tags: dict[str, Tag] = {}  # one object a tag: Pelican slugifies each object once
        self._root = os.path.abspath(self.model.root)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """A file's metadata for Pelican (its view among them)."""
        inside = self._root + os.sep
        if source_path.startswith(inside):  # as `os.path.relpath` (10,000 calls), faster
            rel = os.path.normpath(source_path[len(inside) :]).replace(os.sep, "/")
        else:
            rel = os.path.relpath(source_path, self._root).replace(os.sep, "/")
        if rel.startswith("../"):  # reached through a link: compare real paths
            rel = Path(source_path).resolve().relative_to(self.model.root.resolve()).as_posix()
        # No HTML for Pelican: the templates show the view's (`item.html`, `view.html`), and
        # Pelican would only search it again for images without alt text (checked already).
        if rel in self._items:
            return "", self._item_metadata(self._items[rel])
        return "", self._page_metadata(self._pages[rel])  # the generator reads no other

    def _item_metadata(self, view: ItemView) -> dict[str, Any]:
        return {
            "title": view.title,
            "date": view.date,
            "slug": view.item.slug,
            "lang": view.lang,
            "summary": view.summary,
            "category": self._category(view),
            "tags": [self._tag(name) for name in view.tags],
            "url": view.path,
            "save_as": f"{view.path}index.html",
            # Pelican writes a hidden article's page but lists it nowhere: the other
            # versions of a story listed in the site's language (see ItemView.listed).
            "status": "published" if view.listed else "hidden",
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

    def _tag(self, name: str) -> Tag:
        if name not in self._tags:
            self._tags[name] = Tag(name, self.settings)
        return self._tags[name]

    def _category(self, view: ItemView) -> Category:
        """One Category per theme: slug = folder, name = the theme's display name."""
        if view.theme.slug not in self._categories:
            category = Category(view.theme.name, self.settings)
            category.slug = view.theme.slug
            self._categories[view.theme.slug] = category
        return self._categories[view.theme.slug]
