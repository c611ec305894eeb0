"""The URL layout of the site, declared once: every path the build writes or links to.

Links (`newsroom.links`), the site model, Pelican's settings, the templates (through the
`urls` global) and the reserved prefixes of `aliases` all read these patterns, so a page
is always written where it is linked from. Paths are site-relative, without a leading
slash; a folder-style path (`…/`) is written as `…/index.html`.

This module imports nothing of Newsroom: the content layer (`links.py`) and the schema use it.
"""

from __future__ import annotations

from datetime import date

# Pelican-style patterns (`{slug}`, `{date:%Y}`): Pelican's settings are these, as they are.
THEMES = "news/"
THEME = "news/{slug}/"
ITEM = "news/{theme}/{year:04d}/{slug}/"
TAGS = "tags/"
TAG = "tags/{slug}/"
ARCHIVES = "archives/"
YEAR_ARCHIVE = "archives/{date:%Y}/"
PAGE = "{slug}/"
PAGINATED = "{base_name}/page/{number}/"
NOT_FOUND = "404.html"

SHORT_LINK = "s/{id}"  # the one permanent link of an item; its attachments are below it
ITEM_CALENDAR = "events/{id}.ics"
FEEDS = "feeds/"
ALL_RSS = FEEDS + "all.rss.xml"
ALL_ATOM = FEEDS + "all.atom.xml"
ALL_EVENTS = FEEDS + "events.ics"
THEME_RSS = FEEDS + "{slug}.rss.xml"
THEME_ATOM = FEEDS + "{slug}.atom.xml"
THEME_EVENTS = FEEDS + "{slug}.events.ics"
PODCASTS = "podcasts/"
PODCAST = PODCASTS + "{show}/"  # a show's page: its episodes and how to subscribe
PODCAST_FEED = PODCASTS + "{show}.xml"  # a show's RSS feed, with Apple's and Podcasting 2.0 tags
FILES = "files/"  # repository files outside content/, published as they are
VIDEO_STILLS = FILES + "video-stills/"  # providers' stills, fetched by the build
SITEMAP = "sitemap.xml"
SEARCH = "search/"  # the search page; its index is below SEARCH_INDEX
SEARCH_INDEX = "pagefind/"
SEARCH_BUNDLE = SEARCH_INDEX + "{year:04d}/"  # one Pagefind bundle per year of items
PEOPLE = "people/"
PERSON = PEOPLE + "{id}/"  # a page per person of `authors:` in newsroom.yml
EXPERTS = PEOPLE + "experts/"  # the experts by topic, for journalists

# What an item's earlier URL (`aliases`) may not take: generated paths, never an item's.
RESERVED_PREFIXES = (SHORT_LINK.split("{", 1)[0], FEEDS, SEARCH_INDEX, SEARCH, PODCASTS, PEOPLE)
INDEX = "index.html"


def save_as(url: str) -> str:
    """The file a folder-style URL is written to: `news/` → `news/index.html`."""
    return url + INDEX if url.endswith("/") or not url else url


def published_path(rel: str) -> str:
    """Where a repository file is published: `content/x` at `x`, anything else under `files/`."""
    return rel.removeprefix("content/") if rel.startswith("content/") else FILES + rel


def item_path(theme: str, year: int, slug: str) -> str:
    """An item's page, like its file: `news/<theme>/<YYYY>/<slug>/`."""
    return ITEM.format(theme=theme, year=year, slug=slug)


def short_path(item_id: str) -> str:
    """The permanent short link of an item, `s/<id>`."""
    return SHORT_LINK.format(id=item_id)


def search_bundle_path(year: int) -> str:
    """The Pagefind bundle of the items of one year, `pagefind/<YYYY>/`."""
    return SEARCH_BUNDLE.format(year=year)


def year_archive_path(year: int) -> str:
    """The archive of one year, `archives/<YYYY>/`."""
    return YEAR_ARCHIVE.format(date=date(year, 1, 1))


def pelican_url_settings() -> dict[str, object]:
    """Pelican's URL and SAVE_AS settings for the pages Pelican writes, from the patterns above."""
    pairs = {
        "CATEGORY": THEME,
        "CATEGORIES": THEMES,
        "TAG": TAG,
        "TAGS": TAGS,
        "ARCHIVES": ARCHIVES,
        "SEARCH": SEARCH,  # a direct template, like the archives
        "PAGE": PAGE,
        "INDEX": "",
    }
    settings: dict[str, object] = {}
    for name, url in pairs.items():
        settings[f"{name}_URL"] = url
        settings[f"{name}_SAVE_AS"] = save_as(url)
    settings["YEAR_ARCHIVE_URL"] = YEAR_ARCHIVE
    settings["404_SAVE_AS"] = NOT_FOUND
    settings["PAGINATION_PATTERNS"] = [
        (1, "{url}", "{save_as}"),
        (2, PAGINATED, save_as(PAGINATED)),
    ]
    return settings
