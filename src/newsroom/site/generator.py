"""Newsroom's Pelican generator: the pages Newsroom planned, written by Pelican's own code.

Pelican's `ArticlesGenerator` finds files under `ARTICLE_PATHS`, reads them, then lists
them by tag, category and date. Newsroom has already decided all of that in its site model
(which items this build publishes, which versions of a story are listed, their order), so
this generator (a subclass added through Pelican's `get_generators` signal) takes its
articles and pages from the model: each is read through `Readers.read_file` with the
Newsroom reader (site/reader.py), so it is the `Article` or `Page` Pelican would make, and
its listings are made once, the way Newsroom wants them, before Pelican's writing code
(`generate_output`, inherited) uses them. Pelican's own article and page generators still
run, with nothing to read (`ARTICLE_PATHS` and `PAGE_PATHS` are empty).

What differs from Pelican's listings, and why:
- a story's unlisted version (another language, see `ItemView.listed`) is listed under the
  tags its listed version does not carry: its page links them;
- tag and category lists answer `article in articles` by a set lookup (`IndexedList`):
  Pelican filters `dates` by them, quadratic in the number of items;
- year archives are made here in one pass (Pelican's compare every article with every
  other of their year); month and day archives are off.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable
from itertools import chain, groupby
from operator import attrgetter
from typing import Any, ClassVar

from pelican.contents import Article, Category, Content, Page, Tag
from pelican.generators import ArticlesGenerator
from pelican.plugins import signals
from pelican.utils import order_content

from .. import urls
from .model import ItemView, SiteModel
from .reader import NewsroomReader

# The reader's key in the generator's `Readers`: only this generator reads with it.
READER_FORMAT = "newsroom"
# The direct templates (index, tags…) are this generator's: Pelican's own articles
# generator, which has no articles, sees an empty `DIRECT_TEMPLATES`.
DIRECT_TEMPLATES_SETTING = "NEWSROOM_DIRECT_TEMPLATES"


class IndexedList(list):
    """A list of articles that answers `article in articles` by a set lookup.

    Pelican lists each tag's and category's articles with
    `[a for a in self.dates if a in articles]`: with plain lists, 10,000 items and 30 tags
    that is hundreds of millions of comparisons. Articles compare by identity.
    """

    def __init__(self, articles: list) -> None:
        super().__init__(articles)
        self.members = {id(article) for article in articles}

    def __contains__(self, article: object) -> bool:
        return id(article) in self.members


class NewsroomGenerator(ArticlesGenerator):
    """Pelican's articles generator over the site model's items and pages (module docstring).

    Pelican instantiates generator classes itself, with its context and settings alone:
    `for_model` gives it a class that knows the build's model, never a setting.
    """

    model: ClassVar[SiteModel]
    # Told the generator once its listings are made (`serve`'s fast path, site/hot.py).
    keep: ClassVar[Callable[[NewsroomGenerator], None] | None] = None

    @classmethod
    def for_model(
        cls, model: SiteModel, keep: Callable[[NewsroomGenerator], None] | None = None
    ) -> type[NewsroomGenerator]:
        """The generator class of one build (what the `get_generators` signal returns)."""
        kept = None if keep is None else staticmethod(keep)
        return type(cls.__name__, (cls,), {"model": model, "keep": kept})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.pages: list[Page] = []
        super().__init__(*args, **kwargs)
        self.readers.readers[READER_FORMAT] = NewsroomReader(self.settings, self.model)
        # The model's root seen from Pelican's content path: each planned file's path is
        # joined to it (10,000 `os.path.relpath` calls were a tenth of the reading).
        self._root_from_path = os.path.relpath(self.model.root, self.path)

    def generate_context(self) -> None:
        """Articles, their listings and the pages, from the model, into the shared context."""
        self._list([self._read(view.item.path, Article) for view in self.model.items])
        pages = [self._read(view.page.path, Page) for view in self.model.pages.values()]
        self.pages = order_content(pages, self.settings["PAGE_ORDER_BY"])
        self.context.update(
            pages=self.pages, hidden_pages=[], draft_pages=[], drafts=[], authors=[]
        )
        signals.article_generator_finalized.send(self)
        if self.keep is not None:
            self.keep(self)

    def reread(self, view: ItemView) -> Article:
        """An item edited in place in the model, read again, and every listing made again
        with it in the model's order (`serve`'s fast path, site/hot.py): what this build
        would have made of the model as it is now."""
        article = self._read(view.item.path, Article)
        by_view = {id(a.item): a for a in chain(self.articles, self.hidden_articles)}
        by_view[id(view)] = article
        self._list([by_view[id(v)] for v in self.model.items])
        return article

    def _list(self, articles: list[Article]) -> None:
        """The articles (in the model's order), listed by date, tag, theme and year."""
        listed = [article for article in articles if article.status == "published"]
        hidden = [article for article in articles if article.status != "published"]
        self.articles = order_content(listed, self.settings["ARTICLE_ORDER_BY"])
        self.hidden_articles = order_content(hidden, self.settings["ARTICLE_ORDER_BY"])
        signals.article_generator_pretaxonomy.send(self)
        self.tags = self._tags()
        self.categories = self._categories()
        self.dates = sorted(
            self.articles, key=attrgetter("date"), reverse=self.settings["NEWEST_FIRST_ARCHIVES"]
        )
        self.period_archives = defaultdict(list, year=self._year_archives())
        self.context.update(self.listings())

    def listings(self) -> dict[str, Any]:
        """The names of the shared context that list the articles (as they are now)."""
        return {
            "articles": self.articles,
            "hidden_articles": self.hidden_articles,
            "dates": self.dates,
            "tags": list(self.tags.items()),
            "categories": self.categories,
            "related_posts": [],
            "period_archives": self.period_archives,
        }

    def _read(self, path: str, kind: type[Content]) -> Any:
        """One planned file as Pelican's content object, the way Pelican reads a file."""
        article = kind is Article
        content = self.readers.read_file(
            base_path=self.path,
            path=os.path.normpath(os.path.join(self._root_from_path, path)),
            content_class=kind,
            fmt=READER_FORMAT,
            context=self.context,
            preread_signal=(
                signals.article_generator_preread if article else signals.page_generator_preread
            ),
            preread_sender=self,
            context_signal=(
                signals.article_generator_context if article else signals.page_generator_context
            ),
            context_sender=self,
        )
        self.add_source_path(content)
        self.add_static_links(content)
        return content

    def add_source_path(self, content: Content, static: bool = False) -> None:
        """Pelican's, with the path the content object found when it was made
        (`relative_source_path`, the same `get_relative_source_path()` answers): 10,000
        `os.path.relpath` calls fewer."""
        location = getattr(content, "relative_source_path", None)
        if location is None or content.source_path is None:
            location = content.get_relative_source_path()
        self.context["static_content" if static else "generated_content"][location] = content

    def _tags(self) -> dict[Tag, IndexedList]:
        """Each tag's articles, newest first: the listed ones, then the unlisted versions of
        a story under the tags its listed version does not carry (module docstring)."""
        tags: dict[Tag, list] = defaultdict(list)
        for article in self.articles:
            for tag in getattr(article, "tags", []):
                tags[tag].append(article)
        added = set()
        for article in self.hidden_articles:
            view: ItemView = article.item
            listed = next((other for other in view.translations if other.listed), None)
            for tag in getattr(article, "tags", []):
                if listed is None or tag.name not in listed.tags:
                    tags[tag].append(article)
                    added.add(tag)
        for tag in added:
            tags[tag] = order_content(tags[tag], self.settings["ARTICLE_ORDER_BY"])
        return {tag: IndexedList(articles) for tag, articles in tags.items()}

    def _categories(self) -> list[tuple[Category, IndexedList]]:
        """Each theme's listed articles, by category (theme) name, as Pelican orders them."""
        categories: dict[Category, list] = defaultdict(list)
        for article in self.articles:
            categories[article.category].append(article)
        ordered = sorted(categories.items(), reverse=self.settings["REVERSE_CATEGORY_ORDER"])
        return [(category, IndexedList(articles)) for category, articles in ordered]

    def _year_archives(self) -> list[dict[str, Any]]:
        """One archive a year, in the order of `dates`, with the fields of Pelican's."""
        save_as = self.settings["YEAR_ARCHIVE_SAVE_AS"]
        url = self.settings["YEAR_ARCHIVE_URL"]
        archives = []
        for year, group in groupby(self.dates, key=lambda article: article.date.year):
            dates = list(group)
            members = {id(article) for article in dates}
            first = dates[0].date
            archives.append(
                {
                    "dates": dates,
                    "articles": [a for a in self.articles if id(a) in members],
                    "save_as": save_as.format(date=first),
                    "url": url.format(date=first),
                    "period": (year,),
                    "period_num": (year,),
                }
            )
        return archives

    def generate_direct_templates(self, write: Any) -> None:
        """Pelican's direct templates (its own code), from this generator's list."""
        for template in self.settings[DIRECT_TEMPLATES_SETTING]:
            save_as = self.settings.get(f"{template.upper()}_SAVE_AS", f"{template}.html")
            url = self.settings.get(f"{template.upper()}_URL", f"{template}.html")
            if not save_as:
                continue
            write(
                save_as,
                self.get_template(template),
                self.context,
                articles=self.articles,
                dates=self.dates,
                blog=True,
                template_name=template,
                page_name=os.path.splitext(save_as)[0],
                url=url,
            )

    def generate_output(self, writer: Any) -> None:
        """The articles' pages and listings (Pelican's code), then the pages."""
        super().generate_output(writer)
        for page in self.pages:
            signals.page_generator_write_page.send(self, content=page)
            writer.write_file(
                page.save_as,
                self.get_template(page.template),
                self.context,
                page=page,
                relative_urls=self.settings["RELATIVE_URLS"],
                override_output=hasattr(page, "override_save_as"),
                url=page.url,
            )
        self.write_people(writer)

    def write_people(self, writer: Any) -> None:
        """A page per person of `authors:` and the experts page (`PersonView`, site/model.py)."""
        for person in self.model.people.values():
            writer.write_file(
                urls.save_as(person.path),
                self.get_template("person"),
                self.context,
                person=person,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=person.path,
            )
        if self.model.experts():
            writer.write_file(
                urls.save_as(urls.EXPERTS),
                self.get_template("experts"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=urls.EXPERTS,
            )

    def refresh_metadata_intersite_links(self) -> None:
        """Pelican refreshes its contents' links once every generator has read: ours too."""
        for content in chain(self.articles, self.hidden_articles, self.pages):
            content.refresh_metadata_intersite_links()
