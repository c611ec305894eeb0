"""Pelican plugin (write stage): pages through Newsroom's writer, then what Pelican does not write.

Connects `get_writer` to the build's `CachingWriter` (newsroom.site.writer: each page
keyed by what it read, linked from an earlier build when unchanged, else rendered on two
cores), `initialized` to the search index (newsroom.site.search: made by Pagefind in the
background while Pelican works), and `finalized` to newsroom.site.outputs: RSS and Atom
feeds and the podcast shows' feeds (feedgen), iCalendar files of events (icalendar),
short links `/s/<id>` and redirects from old URLs, `_redirects`, `sitemap.xml`,
`robots.txt`, the images and attachments items refer to, and the search index once
Pagefind is done. The build travels on the Pelican instance (newsroom.site.build.SitePelican).
"""

from pelican import signals


def use_caching_writer(pelican) -> type:
    """Pelican asks plugins for a writer class; ours keys and caches every page."""
    return pelican.build.writer()


def start_search_index(pelican) -> None:
    """Start Pagefind now: it indexes on the second core while Pelican works on the first."""
    pelican.build.start_search()


def write_site_files(pelican) -> None:
    """Write the non-page outputs of the build, then render the pages not reused."""
    pelican.build.write_outputs(pelican.settings)


def register() -> None:
    signals.initialized.connect(start_search_index)
    signals.get_writer.connect(use_caching_writer)
    signals.finalized.connect(write_site_files)
