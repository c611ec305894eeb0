"""Pelican plugin (reader stage): Markdown files are read through the Newsroom core.

Connects `readers_init` and maps `.md` to `newsroom.site.reader.NewsroomReader`, which
returns the items and pages the core validated and rendered, with their metadata; and
`article_generator_finalized` to `index_listings`, which gives tag and category lists
set lookups (Pelican's listing code is otherwise quadratic in the number of items).
"""

from pelican import signals

from newsroom.site.reader import NewsroomReader, index_listings


def use_newsroom_reader(readers) -> None:
    """Read `.md` files with the Newsroom reader instead of Pelican's Markdown reader."""
    readers.reader_classes["md"] = NewsroomReader


def register() -> None:
    signals.readers_init.connect(use_newsroom_reader)
    signals.article_generator_finalized.connect(index_listings)
