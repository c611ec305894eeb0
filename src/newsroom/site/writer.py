"""Pelican's writer, made incremental: each page gets a key and goes through the OutputCache.

Pelican's generators decide which pages exist and with which context (as they always
do); this writer only changes how a page is written. Instead of rendering at once, it
computes the page's key from what the page shows (`PageKeys`) and hands the page to
the build's `OutputCache`, which links it from an earlier build or renders it later on
two cores. Pagination is Pelican's own (`pelican.paginator.Paginator`), as in
`pelican.writers.Writer.write_file`.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from pelican.paginator import Paginator
from pelican.plugins import signals
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from pydantic import BaseModel

from ..fingerprint import digest
from .model import ItemView, PageView, SiteModel
from .output_cache import OutputCache

CACHE_SETTING = "NEWSROOM_OUTPUT_CACHE"
KEYS_SETTING = "NEWSROOM_PAGE_KEYS"
HOT_SETTING = "NEWSROOM_HOT_PAGES"  # serve's HotPages (site/hot.py), when it keeps them


def template_fields(value: object, leave_out: frozenset[str] = frozenset()) -> list[object]:
    """A view as a template can see it: every field of the dataclass, with its whole value.

    All the view's fields are taken (`dataclasses.fields`), so a field added to a view is
    part of every key without a list here to edit; nested dataclasses the same way, and
    pydantic models as their JSON. Fields that are not part of a value (`compare=False`,
    like an item's line numbers) are left out. The result is plain lists and strings,
    hashed as one `repr` (see `_hashed`): a key costs one hash update, not hundreds.
    """
    return [
        (name, _plain(getattr(value, name)))
        for name in _compared(type(value))
        if name not in leave_out
    ]


@cache
def _compared(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.compare)  # type: ignore[arg-type]


def _plain(value: object) -> object:
    if isinstance(value, str):  # most values: taken as they are, the fastest
        return value
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if is_dataclass(value) and not isinstance(value, type):
        return template_fields(value)
    if isinstance(value, list | tuple):
        return [_plain(entry) for entry in value]
    return repr(value)


def _hashed(*parts: object) -> str:
    """The digest of plain values (strings, lists, tuples): their `repr` names them exactly."""
    return digest(repr(parts))


# A card (listings, lead story, related stories, short-link pages) shows everything of an
# item but its body: a fix to a story's text re-renders its own page, not every listing.
_NOT_ON_CARDS = frozenset({"translations", "html", "item"})
_BODY = frozenset({"body"})


class PageKeys:
    """The key of every page of a build: the build's own key plus the data the page shows.

    `build` covers what every page depends on (code, templates, settings, newsroom.yml,
    the pages in the footer). An item's key is its whole view as the templates receive
    it (`template_fields`), its translations' views (without theirs: they point back), and what
    depends on the build's time (event passed); an item's page adds its related stories.
    Its *card* is the same without the body (Markdown and HTML): what listings, lead
    stories, related stories and short-link pages show (only `article.html` and the
    feeds show a body). Listings add their page number and the cards they list, and their
    first page its lead story (and, on the home, the theme blocks); pages that summarise
    the whole site (archives, tags, themes, search) use every card.
    """

    def __init__(self, model: SiteModel, build: str) -> None:
        self.model = model
        self.build = build
        self._items: dict[int, str] = {}
        self._own: dict[int, str] = {}
        self._cards: dict[int, str] = {}
        self._card_fields: dict[int, str] = {}
        self._everything: str | None = None
        self._listing: str | None = None

    def item(self, view: ItemView) -> str:
        """Everything of one item that a page, a card or a short link can show."""
        known = self._items.get(id(view))
        if known is None:
            known = self._items[id(view)] = digest(
                self._view(view),
                *(self._view(other) for other in view.translations),
                view.event_is_past(self.model.now),
            )
        return known

    def _view(self, view: ItemView) -> str:
        """An item view without its translations (they point back to it), once a build:
        its card's fields and its body."""
        known = self._own.get(id(view))
        if known is None:
            known = self._own[id(view)] = digest(self._card(view), view.html, view.item.body)
        return known

    def _card(self, view: ItemView) -> str:
        """A card without what depends on the build's time: part of the item's own key."""
        known = self._card_fields.get(id(view))
        if known is None:
            known = self._card_fields[id(view)] = _hashed(
                template_fields(view, _NOT_ON_CARDS), template_fields(view.item, _BODY)
            )
        return known

    def card(self, view: ItemView) -> str:
        """What a card shows of an item: its view but the body (see the class docstring)."""
        known = self._cards.get(id(view))
        if known is None:
            known = self._cards[id(view)] = digest(
                self._card(view), view.event_is_past(self.model.now)
            )
        return known

    def article(self, view: ItemView) -> str:
        """An item's page: the item, and the cards of its related stories (other items)."""
        return digest(self.item(view), *map(self.card, view.related))

    def lead(self, theme: str | None) -> str:
        """The lead story a listing's first page shows (it may be an older item)."""
        view = self.model.lead(theme)
        return self.card(view) if view is not None else ""

    def front(self) -> str:
        """What the front page shows besides its listed items: lead and theme blocks."""
        return digest(
            self.lead(None),
            *(
                digest(theme.slug, *map(self.card, views))
                for theme, views in self.model.theme_blocks()
            ),
        )

    def page(self, view: PageView) -> str:
        return _hashed(template_fields(view))

    def listing(self) -> str:
        """What every listing shows besides its items: upcoming events, themes with events."""
        if self._listing is None:
            model = self.model
            self._listing = digest(
                [self.card(v) for v in model.upcoming_events()],
                [bool(model.events(t.slug)) for t in model.themes],
            )
        return self._listing

    def everything(self) -> str:
        """Every item's card, for pages that summarise them all."""
        if self._everything is None:
            self._everything = digest(self.listing(), *map(self.card, self.model.items))
        return self._everything

    def for_context(self, name: str, template: str, context: dict[str, Any]) -> str:
        """The key of the page `name` rendered from `template` with `context`."""
        if template == "article.html" and "article" in context:
            return digest(self.build, name, template, self.article(context["article"].item))
        if template == "page.html" and "page" in context:
            return digest(self.build, name, template, self.page(context["page"].page_view))
        page = context.get("articles_page")
        if page is not None:
            subject = context.get("category") or context.get("tag")
            first = ""  # the first page of home and themes leads with a story (and blocks)
            if page.number == 1 and template == "index.html":
                first = self.front()
            elif page.number == 1 and template == "category.html" and subject is not None:
                first = self.lead(subject.slug)
            return digest(
                first,
                self.build,
                name,
                template,
                page.number,
                page.paginator.num_pages,
                (subject.name, subject.slug) if subject is not None else None,
                self.listing(),
                *(self.card(a.item) for a in page.object_list),
            )
        return digest(self.build, name, template, self.everything())


class CachingWriter(Writer):
    """Writes Pelican's pages through the build's OutputCache (see module docstring)."""

    def write_file(
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ) -> None:
        if not name:  # Pelican: "" or False means "not written"
            return
        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            local = self._local_context(context, name, kwargs, relative_urls)
            self._schedule(template, local, name, override_output)
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        paginators = {
            key: Paginator(name, url, val, self.settings, per_page)
            for key, val in paginated.items()
        }
        for number in range(next(iter(paginators.values())).num_pages):
            page_kwargs = kwargs.copy()
            for key, paginator in paginators.items():
                page = paginator.page(number + 1)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number) if number > 0 else None,
                        f"{key}_next_page": (
                            paginator.page(number + 2) if number + 1 < paginator.num_pages else None
                        ),
                    }
                )
            local = self._local_context(context, page.save_as, page_kwargs, relative_urls)
            self._schedule(template, local, page.save_as, override_output)

    def _local_context(
        self, context: dict, name: str, kwargs: dict, relative_urls: bool
    ) -> dict[str, Any]:
        local = context.copy()
        local["localsiteurl"] = local.get("localsiteurl", None)
        if relative_urls:
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
        local["output_file"] = name
        local.update(kwargs)
        return local

    def _schedule(self, template, local: dict[str, Any], name: str, override: bool) -> None:
        path = sanitised_join(self.output_path, name)
        if not self._claim(path, override):
            return
        cache: OutputCache = self.settings[CACHE_SETTING]
        keys: PageKeys = self.settings[KEYS_SETTING]
        key = keys.for_context(name, template.name, local)
        cache.put(name, key, lambda: template.render(local))
        hot = self.settings.get(HOT_SETTING)
        if hot is not None and template.name == "article.html" and "article" in local:
            hot.keep(template, local, name)
        signals.content_written.send(path, context=local)

    def _claim(self, path: str, override: bool) -> bool:
        """Whether to write `path`: Pelican's rule that a path is written once.

        A write marked `override` wins over later ones (they are skipped); replacing a
        page already scheduled is refused, as Pelican refuses a second plain write.
        """
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{path}" a second time')
            return False
        if path in self._written_files:
            raise FileOverwriteFailedError(f'Failed to overwrite "{path}": already written')
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True
