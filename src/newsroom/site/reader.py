"""The Pelican reader for `content/**/*.md`: hands Pelican the items the core validated.

Pelican reads `Key: value` Markdown metadata, not our YAML front matter, and would render
each body itself. This reader does neither: it looks the file up in the `SiteModel`
(already validated, selected and rendered once) and returns Pelican metadata, the view
among them (templates show `item.html`). The theme folder is the category (as
`USE_FOLDER_AS_CATEGORY` would do), with the theme's display name. Items left out of this
build get Pelican's `skip` status, so no page, listing or archive ever mentions them.
"""

from __future__ import annotations

import os
from itertools import groupby
from pathlib import Path
from typing import Any, ClassVar

from pelican.contents import Category, Tag
from pelican.readers import BaseReader
from pelican.utils import order_content

from .model import ItemView, PageView, SiteModel

MODEL_SETTING = "NEWSROOM_MODEL"
YEAR_ARCHIVE_SETTING = "NEWSROOM_YEAR_ARCHIVE_SAVE_AS"


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
        self._tags: dict[str, Tag] = {}  # one object a tag: Pelican slugifies each object once
        self._root = os.path.abspath(self.model.root)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        """A file's metadata for Pelican (its view among them)."""
        rel = os.path.relpath(source_path, self._root).replace(os.sep, "/")
        if rel.startswith("../"):  # reached through a link: compare real paths
            rel = Path(source_path).resolve().relative_to(self.model.root.resolve()).as_posix()
        # No HTML for Pelican: the templates show the view's (`item.html`, `view.html`), and
        # Pelican would only search it again for images without alt text (checked already).
        if rel in self._items:
            return "", self._item_metadata(self._items[rel])
        if rel in self._pages:
            return "", self._page_metadata(self._pages[rel])
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


class IndexedList(list):
    """A list of articles that answers `article in articles` by a set lookup.

    Pelican lists each tag's and category's articles with
    `[a for a in self.dates if a in articles]`: with plain lists, 10,000 items and 30 tags
    that is hundreds of millions of comparisons. Articles compare by identity.
    """

    def __init__(self, articles: list) -> None:
        super().__init__(articles)
        self._ids = {id(article) for article in articles}

    def __contains__(self, article: object) -> bool:
        return id(article) in self._ids


def index_listings(generator: Any) -> None:
    """Give the articles generator's tag and category lists set lookups (same contents).

    And make the year archives Pelican would (its own `_build_period_archives` compares
    every article with every article of its year: `YEAR_ARCHIVE_SAVE_AS` is left empty
    for it, and ours is `YEAR_ARCHIVE_SETTING`), with the same fields.
    """
    _list_tags_of_other_versions(generator)
    generator.tags = {tag: IndexedList(articles) for tag, articles in generator.tags.items()}
    generator.categories = [(cat, IndexedList(arts)) for cat, arts in generator.categories]
    generator.context["tags"] = list(generator.tags.items())
    generator.context["categories"] = generator.categories
    generator.period_archives["year"] = year_archives(generator)


def _list_tags_of_other_versions(generator: Any) -> None:
    """List an unlisted version of a story (see ItemView.listed) under the tags its listed
    version does not carry: its page links them (`photonique`), and the story appears once
    under each tag."""
    added = set()
    for article in generator.hidden_articles:
        view: ItemView = article.item
        listed = next((other for other in view.translations if other.listed), None)
        for tag in getattr(article, "tags", []):
            if listed is None or tag.name not in listed.tags:
                generator.tags[tag].append(article)
                added.add(tag)
    for tag in added:
        generator.tags[tag] = order_content(
            generator.tags[tag], generator.settings["ARTICLE_ORDER_BY"]
        )


def year_archives(generator: Any) -> list[dict[str, Any]]:
    """One archive a year, newest year first, as Pelican's period archives describe it."""
    save_as = generator.settings[YEAR_ARCHIVE_SETTING]
    url = generator.settings["YEAR_ARCHIVE_URL"]
    archives = []
    for year, group in groupby(generator.dates, key=lambda article: article.date.year):
        dates = list(group)
        members = {id(article) for article in dates}
        first = dates[0].date
        archives.append(
            {
                "dates": dates,
                "articles": [a for a in generator.articles if id(a) in members],
                "save_as": save_as.format(date=first),
                "url": url.format(date=first),
                "period": (year,),
                "period_num": (year,),
            }
        )
    return archives
