"""Files the site needs besides Pelican's pages: feeds, short links, sitemap, search, files."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pelican.contents import Tag

from .calendar import write_calendars
from .feeds import schedule_feeds
from .shortlinks import write_redirects
from .sitemap import write_sitemap

if TYPE_CHECKING:
    from .build import SiteBuild


def write_outputs(build: SiteBuild, settings: dict[str, Any]) -> None:
    """Write feeds, calendars, short links and redirects, sitemap, robots, the search index,
    referenced files.

    Then render every page scheduled in the build's OutputCache that was not reused.
    """
    model, cache, keys = build.model, build.files, build.keys
    tags = [Tag(name, settings) for name in {name for view in model.items for name in view.tags}]
    tag_paths = sorted(tag.url for tag in tags if tag.slug)
    years = sorted({view.date.year for view in model.items_of(None)})  # Pelican's archives
    # Started with Pelican by the plugin (Pagefind works while Pelican does), else now.
    search = build.start_search()
    schedule_feeds(model, cache, keys)  # made only when what they list changed
    # Made whole each build (they are few), then scheduled by content like every file.
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        write_calendars(model, scratch)
        write_sitemap(model, scratch, tag_paths, years)
        write_redirects(model, build.redirects, scratch, cache, keys)
        cache.adopt(scratch, "")
        for site_path, rel in sorted(model.files.items()):  # images, attachments
            cache.copy(site_path, model.root / rel)
        cache.flush()
    if search is not None:  # the pages are written: wait for Pagefind, then write its files
        try:
            search.finish()
            cache.flush()
        finally:
            search.close()
