"""Pelican plugin (write stage): pages through Newsroom's writer, then what Pelican does not write.

Connects `get_generators` to `newsroom.site.podcast_pages` (a page per podcast show),
`get_writer` to `newsroom.site.writer.CachingWriter` (each page keyed by what it
shows, linked from an earlier build when unchanged, else rendered on two cores),
`initialized` to `newsroom.site.search.start_search` (the search index, made by Pagefind in
the background while Pelican works), and `finalized` to `newsroom.site.outputs.write_outputs`:
RSS and Atom feeds and the podcast shows' feeds (feedgen), iCalendar files of events
(icalendar), short links `/s/<id>` and redirects from old URLs, `_redirects`, `sitemap.xml`,
`robots.txt`, the images and attachments items refer to, and the search index once Pagefind is done.
"""

from pelican import signals

from newsroom.site.outputs import write_outputs
from newsroom.site.podcast_pages import podcast_generators
from newsroom.site.search import start_search
from newsroom.site.writer import CachingWriter


def use_caching_writer(pelican) -> type:
    """Pelican asks plugins for a writer class; ours keys and caches every page."""
    return CachingWriter


def start_search_index(pelican) -> None:
    """Start Pagefind now: it indexes on the second core while Pelican works on the first."""
    start_search(pelican.settings)


def write_site_files(pelican) -> None:
    """Write the non-page outputs of the build, then render the pages not reused."""
    write_outputs(pelican.settings)


def register() -> None:
    signals.initialized.connect(start_search_index)
    signals.get_writer.connect(use_caching_writer)
    signals.get_generators.connect(podcast_generators)
    signals.finalized.connect(write_site_files)
