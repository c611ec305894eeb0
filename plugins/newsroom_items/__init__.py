"""Pelican plugin (generator stage): the items and pages Newsroom planned.

Connects `get_generators` to the build's `NewsroomGenerator` (newsroom.site.generator):
Pelican's articles generator given the site model's items and pages, read through the
Newsroom reader, with their tag, theme and year listings made once, as Newsroom lists
them. The build travels on the Pelican instance (newsroom.site.build.SitePelican).
"""

from pelican import signals


def add_newsroom_generator(pelican) -> type:
    """Pelican asks plugins for generators to add to its own; ours has the site model."""
    return pelican.build.generator()


def register() -> None:
    signals.get_generators.connect(add_newsroom_generator)
