"""RSS 2.0 and Atom feeds, for the whole site and for each theme, written with feedgen.

Pelican's own feeds are turned off so there is one feed implementation. Every entry's
GUID (RSS, `isPermaLink="true"`) and id (Atom) is the item's permanent short link, so
feed readers never see an item twice when its slug or date changes. Feeds are newest
first, capped at `site.feed_entries`, and dated from the content (not the build time),
so two builds of the same content write the same bytes.

Summaries and descriptions are plain text. Atom says so (`type="text"`, the default); an
RSS `<description>` has no type and readers take it as HTML, so there the text is written
HTML-escaped: `<script>` in a summary shows as `<script>`, never runs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import TYPE_CHECKING

from feedgen.feed import FeedEntry, FeedGenerator
from lxml import etree

from ..fingerprint import digest
from ..scholarly import doi_url
from ..urls import ALL_ATOM, ALL_RSS
from .model import ItemView, SiteModel, ThemeView
from .sanitize import absolutize

if TYPE_CHECKING:
    from .output_cache import OutputCache
    from .writer import PageKeys

_ATOM = {"atom": "http://www.w3.org/2005/Atom"}


@dataclass(frozen=True)
class Feed:
    """One feed: what it is called, where it is written, and its items."""

    title: str
    description: str
    page_path: str
    rss_path: str
    atom_path: str
    items: list[ItemView]


def site_feeds(model: SiteModel) -> list[Feed]:
    """The site-wide feed and one per theme, each capped at the configured size."""
    cap = model.config.site.feed_entries
    site = model.config.site
    feeds = [
        Feed(
            site.name,
            site.description or f"News from {site.publisher}",
            "",
            ALL_RSS,
            ALL_ATOM,
            model.items_of(None)[:cap],
        )
    ]
    feeds += [_theme_feed(model, theme, cap) for theme in model.themes]
    return feeds


def _theme_feed(model: SiteModel, theme: ThemeView, cap: int) -> Feed:
    return Feed(
        f"{theme.name} — {model.name}",
        theme.description or f"{theme.name} news from {model.config.site.publisher}",
        theme.path,
        theme.rss_path,
        theme.atom_path,
        model.items_of(theme.slug)[:cap],
    )


def schedule_feeds(model: SiteModel, cache: OutputCache, keys: PageKeys) -> None:
    """Schedule every feed, RSS and Atom, keyed by what it shows (see writer.PageKeys).

    A feed is made only when its key changed: a fix to an older story leaves feeds that do
    not list it untouched, without building them to find out.
    """
    for feed in site_feeds(model):
        key = digest(
            keys.build,
            "feed",
            feed.title,
            feed.description,
            feed.page_path,
            *map(keys.item, feed.items),
            "" if feed.items else model.now,  # an empty feed is dated by the build
        )
        made = _FeedDocuments(model, feed)
        cache.put(feed.rss_path, digest(key, "rss"), made.rss)
        cache.put(feed.atom_path, digest(key, "atom"), made.atom)


class _FeedDocuments:
    """The RSS and Atom documents of one feed, its entries built once for both."""

    def __init__(self, model: SiteModel, feed: Feed) -> None:
        self.model = model
        self.feed = feed
        self._generator: FeedGenerator | None = None

    def generator(self, path: str, kind: str) -> FeedGenerator:
        if self._generator is None:
            self._generator = _generator(self.model, self.feed)
            for view in self.feed.items:
                _add_entry(self.model, self._generator.add_entry(order="append"), view)
        _set_links(self.model, self._generator, self.feed.page_path, path, kind)
        return self._generator

    def rss(self) -> bytes:
        return _rss_with_text_descriptions(self.generator(self.feed.rss_path, "rss"))

    def atom(self) -> bytes:
        return _atom_with_entry_links(self.generator(self.feed.atom_path, "atom"))


def _atom_with_entry_links(generator: FeedGenerator) -> bytes:
    """The Atom document, with the `rel`, `type` and `length` of entry links restored.

    feedgen 1.0.0 drops those attributes in `FeedEntry.atom_entry` (a variable shadows
    the link data), which would turn the image enclosure into a second `alternate`.
    """
    root = etree.fromstring(generator.atom_str(pretty=True))
    entries = root.findall("atom:entry", _ATOM)
    for element, entry in zip(entries, generator.entry(), strict=True):
        for link, data in zip(element.findall("atom:link", _ATOM), entry.link(), strict=True):
            for key in ("rel", "type", "hreflang", "title", "length"):
                if data.get(key):
                    link.set(key, str(data[key]))
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _rss_with_text_descriptions(generator: FeedGenerator) -> bytes:
    """The RSS document, each `<description>` (channel and items) HTML-escaped plain text.

    feedgen writes the RSS description and the Atom subtitle / summary from one value;
    Atom marks it as text, RSS readers parse it as HTML, so only RSS is escaped here.
    """
    # CDATA kept: `<content:encoded>` stays as feedgen writes it.
    parser = etree.XMLParser(strip_cdata=False)
    root = etree.fromstring(generator.rss_str(pretty=True), parser)
    for description in root.xpath("channel/description | channel/item/description"):
        description.text = html.escape(description.text or "", quote=False)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _set_links(model: SiteModel, generator: FeedGenerator, page: str, path: str, kind: str) -> None:
    """The page the feed mirrors, and the feed's own URL (`rel="self"`) in this format."""
    media = "application/rss+xml" if kind == "rss" else "application/atom+xml"
    generator.link(
        [
            {"href": model.absolute(path), "rel": "self", "type": media},
            # Last: feedgen uses the last link as the RSS channel's <link>.
            {"href": model.absolute(page), "rel": "alternate", "type": "text/html"},
        ],
        replace=True,
    )


def _generator(model: SiteModel, feed: Feed) -> FeedGenerator:
    generator = FeedGenerator()
    site = model.config.site
    generator.id(model.absolute(feed.page_path))
    generator.title(feed.title)
    generator.subtitle(feed.description)  # also the RSS <description>
    generator.language(site.language)
    publisher = {"name": site.publisher}
    if site.contact_email:
        publisher["email"] = site.contact_email
    generator.author(publisher)
    generator.rights(f"© {site.publisher}")
    generator.generator("Newsroom")
    # Dated from the content, so identical content gives identical bytes.
    newest = max((v.modified for v in feed.items), default=model.now)
    generator.updated(newest)
    generator.lastBuildDate(newest)
    return generator


def _add_entry(model: SiteModel, entry: FeedEntry, view: ItemView) -> None:
    entry.id(view.short_url)
    entry.guid(view.short_url, permalink=True)
    entry.title(view.title)
    entry.link(href=view.absolute_url, rel="alternate", type="text/html")
    # Full content (Atom <content>, RSS <content:encoded>) and the summary (RSS <description>).
    body = absolutize(view.html, view.absolute_url) + press_html(view)
    entry.content(body, type="html")
    entry.summary(view.summary)
    entry.published(view.date)
    entry.updated(view.modified)
    for person in view.authors:
        entry.author(name=person.name, uri=person.absolute_url)
    entry.category(
        term=view.theme.slug, label=view.theme.name, scheme=model.absolute(view.theme.path)
    )
    for tag in view.tags:
        entry.category(term=tag, label=tag)
    _add_video_links(entry, view)
    if view.image is not None:  # last: RSS keeps one enclosure, the last given
        entry.enclosure(view.image.absolute, str(view.image.length), view.image.media_type)


def _add_video_links(entry: FeedEntry, view: ItemView) -> None:
    """Each video: a provider's page as Atom `related` (a page to open, not a file to
    download), a file of the site as an `enclosure` (what feed readers play or download;
    in RSS, which keeps one enclosure, only when the item has no image)."""
    for video in view.videos:
        if video.source is not None:
            entry.link(href=video.source.watch_url, rel="related", type="text/html",
                       title=video.title)  # fmt: skip
        elif video.file is not None:
            entry.enclosure(video.file.absolute, str(video.file.length), video.file.media_type)


def press_html(view: ItemView) -> str:
    """What journalists need after the text, as the page shows it: the paper behind the
    story and the media contacts (feed readers show the entry's HTML, not the page)."""
    parts = []
    if view.paper is not None:
        paper = view.paper
        parts.append(
            f'<p><a href="{html.escape(doi_url(paper.doi))}">Read the paper</a>: '
            f"{html.escape(paper.title)}, <i>{html.escape(paper.journal)}</i>, "
            f"{paper.date.isoformat()}. DOI: {html.escape(paper.doi)}</p>"
        )
    for contact in view.contacts:
        lines = [_text(contact.name) + (f", {_text(contact.role)}" if contact.role else "")]
        lines.append(_link(f"mailto:{contact.email}", contact.email))
        if contact.phone and contact.phone_uri:
            lines.append(_link(contact.phone_uri, contact.phone))
        parts.append("<p>Media contact: " + "<br>".join(lines) + "</p>")
    return "".join(parts)


def _text(value: str) -> str:
    return html.escape(value)


def _link(href: str, text: str) -> str:
    return f'<a href="{html.escape(href)}">{html.escape(text)}</a>'
