"""`sitemap.xml` and `robots.txt`: what search engines should index, and where the map is.

The sitemap lists the canonical pages of the build (home, theme pages, items, pages, tag
pages, yearly archives, podcast shows), never short links or redirects. Dates come from the content,
so identical content gives identical files.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

from .. import urls
from ..urls import SITEMAP
from .model import SiteModel

ROBOTS = "robots.txt"


def sitemap_entries(
    model: SiteModel, tag_paths: Iterable[str], years: Iterable[int]
) -> list[tuple[str, datetime | None]]:
    """(site path, last modification) of every canonical page, sorted by path."""
    newest = max((v.modified for v in model.items), default=None)
    entries: dict[str, datetime | None] = {"": newest, urls.THEMES: newest, urls.ARCHIVES: newest}
    for theme in model.themes:
        entries[theme.path] = max((v.modified for v in model.items_of(theme.slug)), default=None)
    for view in model.items:
        entries[view.path] = view.modified
    for page in model.pages.values():
        entries[page.path] = None
    for show in model.shows:  # a show's page changes with its newest episode
        entries[show.path] = max((v.modified for v in model.episodes(show.id)), default=None)
    for person in model.people.values():
        entries[person.path] = None
    if model.experts():
        entries[urls.EXPERTS] = None
    entries.update({path: None for path in tag_paths})
    entries.update({urls.year_archive_path(year): None for year in years})
    return sorted(entries.items())


def write_sitemap(
    model: SiteModel, output: Path, tag_paths: Iterable[str], years: Iterable[int]
) -> None:
    """Write `sitemap.xml` (sitemaps.org protocol) and `robots.txt`."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for path, modified in sitemap_entries(model, tag_paths, years):
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        loc = escape(model.absolute(quote(path, safe="/")))  # tags may be non-ASCII
        lines.append(f"<url><loc>{loc}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    (output / SITEMAP).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (output / ROBOTS).write_text(robots_txt(model), encoding="utf-8")


def robots_txt(model: SiteModel) -> str:
    """Allow everything on the public site; nothing on a preview build."""
    rule = "Disallow: /" if model.preview else "Allow: /"
    return f"User-agent: *\n{rule}\n\nSitemap: {model.absolute(SITEMAP)}\n"
