"""What the site shows: the items and pages of one build, rendered once, with their URLs.

`build_model` is the one place that decides which items a build contains (published
ones; every one in a preview), renders each body once, and records which repository
files the site must publish. Pelican templates, feeds, short links and the sitemap all
read this model, so they can never disagree about what is live.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote, urlsplit

from .. import urls
from ..body_rules import markdown_site_path, resolve_body_path
from ..config import AuthorSettings, ContactSettings, SiteConfig, ThemeSettings
from ..content import Item, Page
from ..images import ImageFacts, image_facts, media_type
from ..links import item_path, short_path
from ..repository import Newsroom
from ..schema import Event, Paper
from ..scholarly import orcid_url
from ..video import VideoSource, parse_duration, video_source, video_type
from .audio import AudioView, EpisodeView, ShowView, attached_audio, episode_view, show_views
from .responsive import (
    ImageSource,
    Responsive,
    Variant,
    card_variant,
    image_sources,
    plan_variants,
    responsive_images,
)
from .sanitize import MarkdownRenderer, RewriteUrl, safe_url
from .video import PublishedFile, VideoView, replace_blocks
from .video_stills import StillFetcher

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..build_cache import BuildCache

State = Literal["published", "draft", "scheduled"]
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def published_path(rel: str) -> str:
    """Where a repository file is published: `content/x` at `x`, anything else under `files/`."""
    return rel.removeprefix("content/") if rel.startswith("content/") else urls.FILES + rel


def date_label(when: datetime) -> str:
    """`20 November 2026`: English month names, independent of the machine's locale."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def utc_offset(when: datetime) -> str:
    """`UTC+01:00`: the offset a date-time was written with."""
    offset = when.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def file_type(name: str) -> str:
    """`PDF`, `DOCX`: the type of a published file as readers know it, from its extension."""
    return PurePosixPath(name).suffix.lstrip(".").upper() or "File"


@dataclass(frozen=True)
class Link:
    """A file the site publishes, as its pages and feeds refer to it."""

    path: str  # site-relative
    url: str  # root-relative, for pages
    absolute: str  # for feeds and previews
    media_type: str
    length: int
    name: str = ""
    width: int | None = None
    height: int | None = None
    alt: str = ""
    # An image's smaller widths: WebP `<source>`s, and its own format's (site/responsive.py).
    sources: tuple[ImageSource, ...] = ()
    srcset: str = ""
    # For link previews (`og:image`): the variant as wide as a card, when the photo is wider.
    card: tuple[str, int, int] | None = None  # absolute URL, width, height


@dataclass(frozen=True)
class GalleryPhoto:
    """A photo of an item's gallery: the image (with its alt text) and whose it is."""

    image: Link
    caption: str
    credit: str
    copyright: str | None = None
    license: str | None = None


@dataclass(frozen=True)
class ThemeView:
    """A theme as the site shows it: its page and its two feeds."""

    slug: str
    name: str
    description: str
    path: str
    rss_path: str
    atom_path: str
    calendar_path: str = ""


# The link to another language version is written in that language, for its readers.
READ_IN = {
    "ca": "Llegiu en català",
    "de": "Auf Deutsch lesen",
    "en": "Read in English",
    "es": "Leer en español",
    "fr": "Lire en français",
    "it": "Leggi in italiano",
    "nl": "Lees in het Nederlands",
    "pt": "Ler em português",
}


# The people of the site: every entry of `authors:` in newsroom.yml (the one registry of
# people) has a page at `/people/<id>/` (name, role, photo, biography, ORCID and profiles,
# the stories they signed in this build); bylines link to it and an item's JSON-LD gives it
# as the author's `url`. People marked `expert: true` are listed by topic on
# `/people/experts/`. Templates reach them through the model (`site.people`,
# `site.experts()`, `item.authors`), so what a page reads of them is recorded.


@dataclass
class PersonView:
    """One person (or office) of `authors:`, with the URL of their page."""

    id: str
    name: str
    kind: str  # "person" | "organization"
    path: str
    url: str
    absolute_url: str
    role: str | None = None
    bio: str | None = None
    orcid: str | None = None
    profiles: tuple[str, ...] = ()
    expert: bool = False
    topics: tuple[str, ...] = ()
    photo: Link | None = None
    # The stories they signed, newest first: other items' views, which point back here.
    stories: list[ItemView] = field(default_factory=list, compare=False)

    @property
    def orcid_url(self) -> str | None:
        return orcid_url(self.orcid) if self.orcid else None

    @property
    def same_as(self) -> list[str]:
        """Their public identities elsewhere (JSON-LD `sameAs`): ORCID first, then profiles."""
        found = [self.orcid_url] if self.orcid_url else []
        return found + [url for url in self.profiles if safe_url(url)]


def person_view(author: AuthorSettings, href: str, absolute: str) -> PersonView:
    """A person's view, given their page's root-relative and absolute URLs."""
    declared = [str(author.url)] if author.url else []
    return PersonView(
        id=author.id,
        name=author.name,
        kind=author.type,
        path=urls.PERSON.format(id=author.id),
        url=href,
        absolute_url=absolute,
        role=author.role,
        bio=author.bio,
        orcid=author.orcid,
        profiles=tuple(dict.fromkeys([*declared, *map(str, author.profiles)])),
        expert=author.expert,
        topics=tuple(author.topics),
    )


def experts_by_topic(people: list[PersonView]) -> list[tuple[str, list[PersonView]]]:
    """Each topic an expert declared, alphabetically (case-blind), with its experts by name."""
    topics: dict[str, tuple[str, list[PersonView]]] = {}
    for person in people:
        if not person.expert:
            continue
        for topic in person.topics:
            topics.setdefault(topic.casefold(), (topic, []))[1].append(person)
    return [
        (shown, sorted(members, key=lambda p: p.name.casefold()))
        for _, (shown, members) in sorted(topics.items())
    ]


@dataclass
class ItemView:
    """One item of the build: the validated item plus everything derived from it once."""

    item: Item
    theme: ThemeView
    state: State
    path: str
    url: str
    absolute_url: str
    short_url: str
    author_names: tuple[str, ...]
    html: str = ""
    image: Link | None = None
    attachments: list[Link] = field(default_factory=list)
    video: VideoView | None = None  # the front matter's `video:`, shown at the top
    videos: list[VideoView] = field(default_factory=list)  # that one and the body's blocks
    audio: list[AudioView] = field(default_factory=list)  # players of audio attachments
    episode: EpisodeView | None = None  # `podcast:`: the item is an episode of a show
    gallery: list[GalleryPhoto] = field(default_factory=list)
    translations: list[ItemView] = field(default_factory=list)
    # Shown in listings and feeds: one version of a story, the one in the site's language
    # if there is one (see `_link_translations`); the others are linked from its page.
    listed: bool = True
    # Other items' views: keyed by `PageKeys.article`, not here (they may point back).
    related: list[ItemView] = field(default_factory=list, compare=False)
    # Its authors as the site shows them (their page's URL), and its media contacts.
    authors: tuple[PersonView, ...] = ()
    contacts: tuple[ContactSettings, ...] = ()

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def featured(self) -> bool:
        return self.item.meta.featured

    @property
    def image_caption(self) -> str | None:
        return self.item.meta.image_caption

    @property
    def image_credit(self) -> str | None:
        return self.item.meta.image_credit

    @property
    def title(self) -> str:
        return self.item.title

    @property
    def summary(self) -> str:
        return self.item.meta.summary

    @property
    def date(self) -> datetime:
        return self.item.date

    @property
    def updated(self) -> datetime | None:
        return self.item.meta.updated

    @property
    def modified(self) -> datetime:
        """The last significant change: `updated`, else the publication date."""
        return self.item.meta.updated or self.item.date

    @property
    def lang(self) -> str:
        return self.item.lang

    @property
    def read_in(self) -> str:
        """The invitation to read this version, in its own language (`Lire en français`)."""
        return READ_IN.get(self.lang.split("-")[0].lower(), f"Read in {self.lang}")

    @property
    def tags(self) -> list[str]:
        return self.item.meta.tags

    @property
    def event(self) -> Event | None:
        return self.item.meta.event

    @property
    def plays_from_a_provider(self) -> bool:
        """Whether a video of the item is a provider's (its page needs the facade's script)."""
        return any(video.source is not None for video in self.videos)

    @property
    def paper(self) -> Paper | None:
        return self.item.meta.paper

    @property
    def calendar_path(self) -> str:
        """Site path of the event's own `.ics` file (only meaningful for events)."""
        return urls.ITEM_CALENDAR.format(id=self.id)

    def event_is_past(self, now: datetime) -> bool:
        """An event whose end has passed at `now` (it stays published, marked as past)."""
        return self.event is not None and self.event.end < now


@dataclass
class PageView:
    """A page of `content/pages/`, rendered."""

    page: Page
    path: str
    url: str
    absolute_url: str
    html: str

    @property
    def slug(self) -> str:
        return self.page.slug

    @property
    def title(self) -> str:
        return self.page.meta.title

    @property
    def summary(self) -> str:
        return self.page.meta.summary or ""


@dataclass
class SiteModel:
    """Everything one build publishes; also the `site` object the templates see."""

    root: Path
    config: SiteConfig
    now: datetime
    preview: bool
    base_path: str
    themes: list[ThemeView]
    items: list[ItemView]  # in the build, newest first
    skipped: set[str]  # source paths of items left out of this build
    pages: dict[str, PageView]
    files: dict[str, str] = field(default_factory=dict)  # site path → repository path
    variants: dict[str, Variant] = field(default_factory=dict)  # site path → resized image
    # Images published so far, by repository path (a photo shown twice is read once).
    _images: dict[str, Link] = field(default_factory=dict, repr=False)
    # Events by theme (None: all), computed once: templates ask on every listing page.
    _events: dict[str | None, list[ItemView]] = field(default_factory=dict, repr=False)
    resolved_root: Path | None = field(default=None, repr=False)
    logo: Link | None = None
    favicon: Link | None = None
    shows: list[ShowView] = field(default_factory=list)  # podcast shows, as declared
    _leads: dict[str | None, ItemView | None] = field(default_factory=dict, repr=False)
    _by_theme: dict[str, list[ItemView]] = field(default_factory=dict, repr=False)
    # What the build publishes all the same but should say (a still that could not be fetched).
    warnings: list[str] = field(default_factory=list)
    # The people of `authors:` by id, in the order newsroom.yml declares them.
    people: dict[str, PersonView] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.config.site.name

    @property
    def locale(self) -> str:
        """The site's `og:locale`, `ll_TT`: its language and territory (`en` + `GB`)."""
        return og_locale(self.config.site.language, self.config.site.territory)

    def locale_of(self, lang: str) -> str:
        """The `og:locale` of a page in `lang`."""
        return self.locale if lang == self.language else og_locale(lang)

    @property
    def url(self) -> str:
        return self.config.site.url

    @property
    def language(self) -> str:
        return self.config.site.language

    @property
    def by_source(self) -> dict[str, ItemView]:
        return {view.item.path: view for view in self.items}

    def href(self, path: str) -> str:
        """Root-relative URL of a site path (what links in pages use)."""
        return f"{self.base_path}/{path}"

    def absolute(self, path: str) -> str:
        """Absolute URL of a site path (canonical links, feeds, previews)."""
        return f"{self.config.site.url}/{path}"

    def theme(self, slug: str) -> ThemeView:
        """The theme of a slug."""
        return next(t for t in self.themes if t.slug == slug)

    def items_of(self, theme: str | None) -> list[ItemView]:
        """Items listed in one theme (or in all), newest first: one version of each story
        (asked once the model is complete)."""
        if theme is not None:
            return list(self._themed().get(theme, []))
        return [view for view in self.items if view.listed]

    def years(self) -> list[tuple[int, int]]:
        """Each year that has items, newest first, with how many (the search page's links)."""
        return sorted(Counter(view.date.year for view in self.items).items(), reverse=True)

    def events(self, theme: str | None = None) -> list[ItemView]:
        """Event items of the build (of one theme, or of all), soonest start first.

        Asked once the model is complete (by templates and outputs), so kept after the
        first answer.
        """
        if theme not in self._events:
            found = [v for v in self.items_of(theme) if v.event is not None]
            self._events[theme] = sorted(found, key=lambda v: (v.event.start, v.id))  # type: ignore[union-attr]
        return self._events[theme]

    def lead(self, theme: str | None = None) -> ItemView | None:
        """The lead story of the front page (or of a theme's page).

        The newest item marked `featured: true`, else the newest item with an image, else
        none. Kept after the first answer, like `events`.
        """
        if theme not in self._leads:
            views = self.items_of(theme)
            self._leads[theme] = next((v for v in views if v.featured), None) or next(
                (v for v in views if v.image is not None), None
            )
        return self._leads[theme]

    def theme_blocks(self, count: int = 3) -> list[tuple[ThemeView, list[ItemView]]]:
        """Each theme with its `count` newest items besides the lead (front page blocks)."""
        lead = self.lead()
        blocks = []
        themed = self._themed()
        for theme in self.themes:
            views = [v for v in themed.get(theme.slug, [])[: count + 1] if v is not lead][:count]
            if views:
                blocks.append((theme, views))
        return blocks

    def _themed(self) -> dict[str, list[ItemView]]:
        """Listed items by theme, newest first; made once, when the model is complete."""
        if not self._by_theme:
            for view in self.items_of(None):
                self._by_theme.setdefault(view.item.theme, []).append(view)
        return self._by_theme

    def episodes(self, show: str) -> list[ItemView]:
        """The episodes of a podcast show in the build, newest first (one version of each)."""
        return [v for v in self.items_of(None) if v.episode and v.episode.show == show]

    def upcoming_events(self, theme: str | None = None) -> list[ItemView]:
        """Events that have not ended at the build's `now`, soonest first."""
        return [v for v in self.events(theme) if not v.event_is_past(self.now)]

    def is_past(self, view: ItemView) -> bool:
        """Whether an event item has ended at the build's `now` (for templates)."""
        return view.event_is_past(self.now)

    def experts(self) -> list[tuple[str, list[PersonView]]]:
        """Each topic of the experts, alphabetically, with its experts (the experts page)."""
        return experts_by_topic(list(self.people.values()))


# The usual territory of a language, for items in a language other than the site's
# (`og:locale` is `ll_TT`); the site's own language takes `site.territory`.
TERRITORIES = {
    "ca": "ES", "de": "DE", "en": "GB", "es": "ES", "fr": "FR", "it": "IT", "nl": "NL",
    "pt": "PT", "pl": "PL", "sv": "SE", "da": "DK", "fi": "FI", "ja": "JP", "zh": "CN",
}  # fmt: skip


def og_locale(language: str, territory: str | None = None) -> str:
    """`en` + `GB` → `en_GB`; a language with its region (`pt-BR`) keeps it; else its usual one."""
    lang, _, region = language.partition("-")
    region = region or territory or TERRITORIES.get(lang.lower(), "")
    return f"{lang.lower()}_{region.upper()}" if region else lang


def theme_view(theme: ThemeSettings) -> ThemeView:
    """The URLs of a theme's page and feeds."""
    return ThemeView(
        theme.slug,
        theme.name,
        theme.description,
        path=urls.THEME.format(slug=theme.slug),
        rss_path=urls.THEME_RSS.format(slug=theme.slug),
        atom_path=urls.THEME_ATOM.format(slug=theme.slug),
        calendar_path=urls.THEME_EVENTS.format(slug=theme.slug),
    )


def item_state(item: Item, now: datetime) -> State:
    """Published, a draft, or scheduled for later."""
    if item.meta.draft:
        return "draft"
    return "published" if item.date <= now else "scheduled"


def build_model(
    newsroom: Newsroom,
    now: datetime,
    preview: bool = False,
    rendered: BuildCache | None = None,
) -> SiteModel:
    """Select the items of this build, newest first, and render each of them once.

    With `rendered`, a body rendered by an earlier build is reused (see `render`).
    """
    config = newsroom.config
    themes = [theme_view(t) for t in config.themes]
    by_slug = {t.slug: t for t in themes}
    model = SiteModel(
        root=newsroom.root,
        config=config,
        now=now,
        preview=preview,
        base_path=urlsplit(config.site.url).path.rstrip("/"),
        themes=themes,
        items=[],
        skipped=set(),
        pages={},
    )
    for item in newsroom.content.items:
        state = item_state(item, now)
        if state != "published" and not preview:
            model.skipped.add(item.path)
            continue
        model.items.append(_item_view(model, item, by_slug[item.theme], state))
    model.items.sort(key=_newest_first)
    _link_translations(model.items, config.site.language)
    _link_related(model.items)
    _publish_branding(model)
    model.shows = show_views(config.podcasts, partial(_publish, model), model.absolute)
    _link_people(model)
    renderer = CachedRenderer(MarkdownRenderer(), rendered)
    sources = model.by_source
    stills = StillFetcher(newsroom.root)
    for view in model.items:
        folder = PurePosixPath(view.item.path).parent
        html = renderer.render(view.item.body, url_rewriter(model, folder, sources))
        view.html = responsive_body(model, html, lazy_from=0 if view.item.meta.image else 1)
        _attach_files(model, view)
        _attach_videos(model, view, stills)
    stills.close()
    model.warnings += stills.warnings
    for page in newsroom.content.pages:
        path = urls.PAGE.format(slug=page.slug)
        html = renderer.render(
            page.body, url_rewriter(model, PurePosixPath("content/pages"), sources)
        )
        model.pages[page.slug] = PageView(page, path, model.href(path), model.absolute(path), html)
    return model


def _newest_first(view: ItemView) -> tuple[float, str]:
    return -view.date.timestamp(), view.id


def reorder(model: SiteModel) -> None:
    """The model as `build_model` makes it after items changed their date or tags in place
    (`serve`'s fast path, site/hot.py): its order, related stories, people's stories, and
    the collections kept after their first answer."""
    model.items.sort(key=_newest_first)
    _link_related(model.items)
    _list_stories_of_people(model)
    model._leads.clear()
    model._by_theme.clear()
    model._events.clear()


class CachedRenderer:
    """Renders bodies, reusing the HTML of an earlier build when it would be the same.

    A body's relative URLs depend on the build (which items exist, where files are
    published), so an entry records every URL the sanitiser asked to rewrite with its
    answer, and is reused only if this build answers the same — asking again also records
    the files the body makes the site publish.
    """

    def __init__(self, renderer: MarkdownRenderer, cache: BuildCache | None) -> None:
        self.renderer = renderer
        self.cache = cache

    def render(self, text: str, rewrite_url: RewriteUrl) -> str:
        if self.cache is None:
            return self.renderer.render(text, rewrite_url)
        key = self.cache.key(text)
        entry = self.cache.get(key)
        if entry is not None and all(rewrite_url(url) == answer for url, answer in entry[1]):
            return entry[0]
        asked: list[tuple[str, str | None]] = []

        def recording(url: str) -> str | None:
            answer = rewrite_url(url)
            asked.append((url, answer))
            return answer

        html = self.renderer.render(text, recording)
        self.cache.add(key, (html, asked))
        return html


def _item_view(model: SiteModel, item: Item, theme: ThemeView, state: State) -> ItemView:
    path = item_path(item)
    return ItemView(
        item=item,
        theme=theme,
        state=state,
        path=path,
        url=model.href(path),
        absolute_url=model.absolute(path),
        short_url=model.absolute(short_path(item.id)),
        author_names=tuple(a.name for a in item.authors),
    )


def _link_translations(views: list[ItemView], site_language: str) -> None:
    """Link every version of a news item to the others that are in the build, and list one.

    Translations name their original (`translation_of`), so an original and all its
    translations form one group; each member lists the others, in build order. Listings
    and feeds show one version of the story: the one in the site's language (its original
    if that is one), else the original, else the newest version in the build.
    """
    groups: dict[str, list[ItemView]] = {}
    for view in views:
        groups.setdefault(view.item.meta.translation_of or view.id, []).append(view)
    for story, group in groups.items():
        for view in group:
            view.translations = [other for other in group if other is not view]
        if len(group) > 1:
            shown = min(group, key=lambda v: (v.lang != site_language, v.id != story))
            for view in group:
                view.listed = view is shown


RELATED = 3  # related stories under an item


def _link_related(views: list[ItemView]) -> None:
    """Give each item the stories of its theme closest to it in time, sharing a tag first.

    Closest in time, the earlier ones first: adding a new item changes the related stories
    of few others (those with fewer than 3 earlier matches), so an incremental build
    re-renders few item pages. Shown newest first. Only listed versions are related (a
    story is never related twice, in two languages).
    """
    by_theme: dict[str, list[ItemView]] = {}
    for view in views:  # newest first
        by_theme.setdefault(view.item.theme, []).append(view)
    for members in by_theme.values():
        position = {id(v): i for i, v in enumerate(members)}
        tags = [{tag.lower() for tag in view.tags} for view in members]
        tagged: dict[str, list[int]] = {}
        for i, own in enumerate(tags):
            for tag in own:
                tagged.setdefault(tag, []).append(i)
        unlisted = {i for i, view in enumerate(members) if not view.listed}
        for i, view in enumerate(members):
            skip = {i, *unlisted, *(position.get(id(o), -1) for o in view.translations)}
            sharing = _earlier_first(
                {j for tag in tags[i] for j in _around(tagged[tag], i)} - skip, i
            )
            chosen = sharing[:RELATED]
            if len(chosen) < RELATED:
                skip.update(chosen)
                rest = [j for j in _around(range(len(members)), i, RELATED * 2) if j not in skip]
                chosen += _earlier_first(rest, i)[: RELATED - len(chosen)]
            view.related = [members[j] for j in sorted(chosen)]


def _earlier_first(positions: Iterable[int], i: int) -> list[int]:
    """`positions` ordered by `(j < i, abs(j - i))`: those after `i` in the list (earlier
    stories, the list being newest first) nearest first, then those before it, nearest
    first. Sorted as plain numbers (20,000 sorts a build of 10,000 items, without a key
    function called for each number)."""
    ordered = sorted(positions)
    at = bisect_left(ordered, i)
    return ordered[at:] + ordered[:at][::-1]


def _around(positions: list[int] | range, i: int, reach: int = RELATED + 1) -> list[int]:
    """Up to `reach` positions on each side of `i` in a sorted list of positions."""
    at = bisect_left(positions, i)
    return [*positions[max(0, at - reach) : at], *positions[at : at + reach + 1]]


def _link_people(model: SiteModel) -> None:
    """Every person of `authors:` with their page; each item with its authors' and media
    contacts' views, each person with the stories they signed (newest first)."""
    for author in model.config.authors:
        path = urls.PERSON.format(id=author.id)
        person = person_view(author, model.href(path), model.absolute(path))
        if author.photo:
            person.photo = _publish(model, author.photo, alt=f"Portrait of {author.name}")
        model.people[author.id] = person
    contacts = model.config.contacts
    for view in model.items:
        view.authors = tuple(model.people[author.id] for author in view.item.authors)
        view.contacts = tuple(contacts[key] for key in view.item.meta.contacts)
    _list_stories_of_people(model)


def _list_stories_of_people(model: SiteModel) -> None:
    """Each person with the stories they signed, in the model's order (newest first)."""
    for person in model.people.values():
        person.stories.clear()
    for view in model.items:
        for person in view.authors:
            person.stories.append(view)


def _publish_branding(model: SiteModel) -> None:
    """Publish the logo and favicon of `site.branding` (checked to exist by `check`)."""
    branding = model.config.site.branding
    if branding.logo:
        model.logo = _publish(model, branding.logo)
    if branding.favicon:
        model.favicon = _publish(model, branding.favicon)


def _publish(model: SiteModel, rel: str, at: str | None = None, **extra: object) -> Link:
    """Record a repository file for publication (at `at`, else its own place) and describe it."""
    path = at or published_path(rel)
    model.files[path] = rel
    source = model.root / rel
    facts = image_facts(source) if "alt" in extra else None
    return Link(
        path=path,
        url=model.href(path),
        absolute=model.absolute(path),
        media_type=facts.media_type if facts else media_type(source),
        length=facts.length if facts else source.stat().st_size,
        name=PurePosixPath(rel).name,
        width=_size(facts, "width"),
        height=_size(facts, "height"),
        **extra,  # type: ignore[arg-type]
    )


def publish_image(model: SiteModel, rel: str, alt: str = "") -> Link:
    """Record an image for publication with its variants; describe it with its `srcset`."""
    known = model._images.get(rel)
    if known is None:
        known = _publish(model, rel, alt="")
        facts = ImageFacts(known.width, known.height, known.media_type, known.length)
        variants = plan_variants(rel, known.path, facts)
        model.variants.update((variant.path, variant) for variant in variants)
        sources, srcset = image_sources(variants, known.url, facts, model.href)
        card = card_variant(variants, facts)
        known = model._images[rel] = replace(
            known,
            sources=sources,
            srcset=srcset,
            card=(model.absolute(card.path), card.width, card.height) if card else None,
        )
    return replace(known, alt=alt) if alt else known


def responsive_body(model: SiteModel, html: str, lazy_from: int = 0) -> str:
    """A rendered body whose images, the repository's, are given their variants and size."""
    prefix = model.base_path + "/"

    def describe(src: str) -> Responsive | None:
        path = src.removeprefix(prefix) if src.startswith(prefix) else None
        rel = model.files.get(path) or model.files.get(unquote(path)) if path else None
        if rel is None or media_type(Path(rel)) not in IMAGE_TYPES:
            return None
        link = publish_image(model, rel)
        return Responsive(link.sources, link.srcset, link.width, link.height)

    return responsive_images(html, describe, lazy_from)


IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def _size(facts: ImageFacts | None, side: str) -> int | None:
    return getattr(facts, side) if facts else None


def _attach_files(model: SiteModel, view: ItemView) -> None:
    meta = view.item.meta
    if meta.image:
        view.image = publish_image(model, meta.image, alt=meta.image_alt or "")
    view.attachments = [_publish(model, rel) for rel in meta.attachments]
    view.audio = attached_audio(model.root, meta.attachments, view.attachments)
    if meta.podcast is not None:
        view.episode = episode_view(model.root, meta.podcast, model.shows, partial(_publish, model))
    view.gallery = [
        GalleryPhoto(
            publish_image(model, photo.image, alt=photo.alt),
            photo.caption,
            photo.credit,
            photo.copyright,
            photo.license,
        )
        for photo in meta.gallery
    ]
    for link, rel in zip(view.attachments, meta.attachments, strict=True):
        # Also under the item's unique link: `/s/<id>/<file name>` shares the document itself.
        model.files.setdefault(f"{short_path(view.id)}/{link.name}", rel)


def _attach_videos(model: SiteModel, view: ItemView, stills: StillFetcher) -> None:
    """The front matter's video and the body's video blocks, their files published."""
    meta = view.item.meta.video

    def provider(source: VideoSource, title: str) -> VideoView:
        still, duration = _provider_still(model, view, source, stills)
        return VideoView(title, source, still=still, duration=duration, lang=view.lang)

    if meta is not None:
        source = video_source(meta.url)
        video = provider(source, meta.title) if source else _file_video(model, view, meta.url)
        still = _published(_publish(model, meta.still, alt="")) if meta.still else video.still
        captions = _published(_publish(model, meta.captions)) if meta.captions else None
        transcript = meta.transcript or ""
        if transcript and "://" not in transcript:
            transcript = _publish(model, transcript).url
        seconds = parse_duration(meta.duration) if meta.duration else None
        view.video = replace(
            video,
            title=meta.title,
            still=still,
            captions=captions,
            transcript=transcript,
            duration=seconds or video.duration,
        )
        view.videos.append(view.video)
    view.html, blocks = replace_blocks(view.html, view.title, provider)
    view.videos += blocks


def _provider_still(
    model: SiteModel, view: ItemView, source: VideoSource, stills: StillFetcher
) -> tuple[PublishedFile | None, int | None]:
    """The provider's still (published under `videos/`), else the item's image."""
    fetched = stills.still(source, view.item.path)
    if fetched is None:
        return (_published(view.image) if view.image else None), None
    at = urls.VIDEO_STILLS + PurePosixPath(fetched.path).name
    return _published(_publish(model, fetched.path, at, alt="")), fetched.duration


def _file_video(model: SiteModel, view: ItemView, rel: str) -> VideoView:
    link = _publish(model, rel)
    file = replace(_published(link), media_type=video_type(rel))
    still = _published(view.image) if view.image else None  # the poster, unless `still:`
    return VideoView("", None, file=file, still=still, lang=view.lang)


def _published(link: Link) -> PublishedFile:
    return PublishedFile(
        link.url, link.absolute, link.media_type, link.length, link.width, link.height
    )


def url_rewriter(
    model: SiteModel, folder: PurePosixPath, sources: dict[str, ItemView]
) -> RewriteUrl:
    """Map the relative URLs of a body: repository files, items and pages to their site URLs.

    The file a URL names is `body_rules.resolve_body_path`'s answer, the one `check` gives.
    """
    root = _resolved_root(model)

    def rewrite(url: str) -> str:
        if url.startswith("#") or url.startswith("//"):
            return url
        if url.startswith("/"):
            return model.base_path + url
        target, hash_mark, fragment = url.partition("#")
        suffix = hash_mark + fragment
        rel = resolve_body_path(root, folder, unquote(target)) if target else None
        if rel is None:
            return url
        if rel in sources:
            return sources[rel].url + suffix
        if not rel.endswith(".md"):
            model.files[published_path(rel)] = rel
            return model.href(published_path(rel)) + suffix
        site_path = markdown_site_path(rel)  # a page, or an item not in this build
        return model.href(site_path) + suffix if site_path is not None else url

    return rewrite


def _resolved_root(model: SiteModel) -> Path:
    """The model's root with links resolved, asked once a build (not once an item)."""
    if model.resolved_root is None:
        model.resolved_root = model.root.resolve()
    return model.resolved_root
