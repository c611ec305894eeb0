"""Files the site needs besides Pelican's pages: feeds, short links, sitemap, published files."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pelican.contents import Tag

from .calendar import write_calendars
from .feeds import write_feeds
from .reader import MODEL_SETTING
from .shortlinks import write_redirects
from .sitemap import write_sitemap

REDIRECTS_SETTING = "NEWSROOM_REDIRECTS"


def write_outputs(settings: dict[str, Any], output: Path) -> None:
    """Write feeds, calendars, short links and redirects, sitemap, robots, referenced files."""
    model = settings[MODEL_SETTING]
    write_feeds(model, output)
    write_calendars(model, output)
    write_redirects(model, settings[REDIRECTS_SETTING], output)
    tags = {Tag(tag, settings) for view in model.items for tag in view.tags}
    tag_paths = sorted(tag.url for tag in tags if tag.slug)
    years = sorted({view.date.year for view in model.items})
    write_sitemap(model, output, tag_paths, years)
    copy_published_files(model.root, model.files, output)


def copy_published_files(root: Path, files: dict[str, str], output: Path) -> None:
    """Copy the repository files items refer to (images, attachments) into the site."""
    for site_path, rel in sorted(files.items()):
        target = output / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / rel, target)
