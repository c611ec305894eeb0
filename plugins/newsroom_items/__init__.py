"""Pelican plugin (generator stage): the items and pages Newsroom planned.

Connects `get_generators` to the build's `NewsroomGenerator` (newsroom.site.generator):
Pelican's articles generator given the site model's items and pages, read through the
Newsroom reader, with their tag, theme and year listings made once, as Newsroom lists
them; and to `PodcastPages` (newsroom.site.podcast_pages), a page per podcast show.
The build travels on the Pelican instance (newsroom.site.build.SitePelican).
"""

from pelican import signals


def add_newsroom_generators(pelican) -> tuple[type, ...]:
    """Pelican asks plugins for generators to add to its own; ours have the site model."""
    return pelican.build.generators()


def register() -> None:
    signals.get_generators.connect(add_newsroom_generators)
