"""Files the site needs besides Pelican's pages: feeds, short links, sitemap, search, files."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from pelican.contents import Tag

from .calendar import write_calendars
from .feeds import schedule_feeds
from .model import SiteModel
from .output_cache import OutputCache
from .podcast_feeds import schedule_podcast_feeds
from .responsive import Variant, VariantMaker, variant_key
from .search import SearchIndex
from .shortlinks import Redirect, write_redirects
from .sitemap import write_sitemap
from .writer import PageKeys


def write_outputs(
    model: SiteModel,
    cache: OutputCache,
    keys: PageKeys,
    redirects: list[Redirect],
    search: SearchIndex | None,
    settings: dict[str, Any],
) -> None:
    """Write feeds (the site's, the podcasts'), calendars, short links and redirects, sitemap,
    robots, the search index, referenced files and the variants of images.

    Then render every page scheduled in the build's OutputCache that was not reused.
    """
    tags = [Tag(name, settings) for name in {name for view in model.items for name in view.tags}]
    tag_paths = sorted(tag.url for tag in tags if tag.slug)
    years = sorted({view.date.year for view in model.items_of(None)})  # Pelican's archives
    schedule_feeds(model, cache, keys)  # made only when what they list changed
    schedule_podcast_feeds(model, cache, keys)
    # Made whole each build (they are few), then scheduled by content like every file.
    with tempfile.TemporaryDirectory() as name:
        scratch = Path(name)
        write_calendars(model, scratch)
        write_sitemap(model, scratch, tag_paths, years)
        write_redirects(model, redirects, scratch, cache, keys)
        cache.adopt(scratch, "")
        for site_path, rel in sorted(model.files.items()):  # images, attachments
            cache.copy(site_path, model.root / rel)
        variants = VariantMaker(model.root)  # their smaller widths, a photo's one by one
        for site_path, variant in sorted(model.variants.items(), key=_by_source):
            source = model.root / variant.source
            key = variant_key(source, variant)
            cache.put(site_path, key, partial(variants.make, variant), group=variant.source)
        if keys.traces is not None:  # every page's trace names it: made once, before the
            keys.structure()  # pages render in two processes (each would make it again)
        cache.flush()
    if search is not None:  # the pages are written: wait for Pagefind, then write its files
        try:
            search.finish()
            cache.flush()
        finally:
            search.close()


def _by_source(entry: tuple[str, Variant]) -> tuple[str, str]:
    """Variants in the order of their photos, then of their paths: a photo's one by one."""
    site_path, variant = entry
    return variant.source, site_path
