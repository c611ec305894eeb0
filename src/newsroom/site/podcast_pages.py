"""The page of each podcast show, `podcasts/<id>/`, written by Pelican's writer (ours).

A Pelican generator (added by the `newsroom_items` plugin through `get_generators`):
Pelican's own generators know nothing of shows, so this one hands each show's page to
the writer like any page, with the show in its context (`show`, a `site.audio.ShowView`);
the writer keys it by what the template reads, as every other page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from jinja2 import ChoiceLoader, FileSystemLoader
from pelican.generators import Generator

from .. import urls
from .model import SiteModel
from .settings import PROJECT_DIR, THEME_NAME

TEMPLATE = "podcast"


class PodcastPages(Generator):
    """Writes one page per declared podcast show.

    Pelican instantiates generator classes itself: `for_model` gives it a class that knows
    the build's model, never a setting (like `NewsroomGenerator`).
    """

    model: ClassVar[SiteModel]

    @classmethod
    def for_model(cls, model: SiteModel) -> type[PodcastPages]:
        """The generator class of one build."""
        return type(cls.__name__, (cls,), {"model": model})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A theme copied before podcasts existed has no `podcast.html`: Newsroom's own is
        # used then, inside the copy's `base.html`.
        shipped = FileSystemLoader(str(PROJECT_DIR / "themes" / THEME_NAME / "templates"))
        self.env.loader = ChoiceLoader([self.env.loader, shipped])

    def generate_context(self) -> None:
        """Nothing to read: the shows are in the site model."""

    def generate_output(self, writer: Any) -> None:
        model = self.model
        if not model.shows:
            return
        template = self.get_template(TEMPLATE)
        for show in model.shows:
            writer.write_file(
                urls.save_as(show.path),
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                show=show,
                page_name=show.path,
            )
