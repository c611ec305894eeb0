"""Pelican plugin (run stage): after the pages, write what Pelican does not.

Connects `finalized` and calls `newsroom.site.outputs.write_outputs`: RSS and Atom feeds
(feedgen), iCalendar files of events (icalendar), short links `/s/<id>` and redirects from
old URLs, `_redirects`, `sitemap.xml`, `robots.txt`, and the images and attachments items
refer to.
"""

from pathlib import Path

from pelican import signals

from newsroom.site.outputs import write_outputs


def write_site_files(pelican) -> None:
    """Write the non-page outputs of the build into Pelican's output folder."""
    write_outputs(pelican.settings, Path(pelican.output_path))


def register() -> None:
    signals.finalized.connect(write_site_files)
