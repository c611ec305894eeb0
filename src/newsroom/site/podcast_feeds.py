"""One RSS 2.0 feed per podcast show, with the tags Apple requires and the Podcasting 2.0 ones.

Written with feedgen and its podcast extension (`itunes:*`), like the site's feeds; the
Podcasting 2.0 namespace (https://podcastindex.org/namespace/1.0: `podcast:guid`,
`podcast:transcript`, `podcast:chapters`), which feedgen does not know, is added to its
document with lxml. Every episode's GUID is the item's permanent short link, as in the
site's feeds; its enclosure's type, length and duration are read from the audio file.
Dated from the content, so the same episodes give the same bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator
from lxml import etree

from ..fingerprint import digest
from .audio import CHAPTERS_TYPE, ShowView, transcript_type

if TYPE_CHECKING:
    from .model import ItemView, SiteModel
    from .output_cache import OutputCache
    from .writer import PageKeys

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def schedule_podcast_feeds(model: SiteModel, cache: OutputCache, keys: PageKeys) -> None:
    """Schedule each show's feed, keyed by the show and what it lists (see writer.PageKeys)."""
    for show in model.shows:
        episodes = model.episodes(show.id)
        key = digest(
            keys.build,
            "podcast",
            show.id,
            show.settings.model_dump_json(),
            repr(show.artwork),
            *map(keys.item, episodes),  # with their episodes: audio length and duration
            "" if episodes else model.now,  # a show without episodes is dated by the build
        )
        cache.put(show.feed_path, key, lambda s=show, e=episodes: podcast_feed(model, s, e))


def podcast_feed(model: SiteModel, show: ShowView, episodes: list[ItemView]) -> bytes:
    """The RSS document of one show, its episodes newest first."""
    generator = _show(model, show, episodes)
    for view in episodes:
        _episode(generator, view)
    root = etree.fromstring(generator.rss_str(pretty=False))
    _podcasting_20(root, show, episodes)
    etree.indent(root)
    return etree.tostring(root, pretty_print=True, xml_declaration=True, encoding="UTF-8")


def _show(model: SiteModel, show: ShowView, episodes: list[ItemView]) -> FeedGenerator:
    settings, site = show.settings, model.config.site
    generator = FeedGenerator()
    generator.load_extension("podcast")
    generator.title(settings.title)
    generator.description(settings.description)
    generator.language(settings.language or site.language)
    generator.link(
        [
            {"href": show.feed_url, "rel": "self", "type": "application/rss+xml"},
            {"href": model.absolute(show.path), "rel": "alternate", "type": "text/html"},
        ]
    )
    generator.copyright(f"© {site.publisher}")
    generator.generator("Newsroom")
    newest = max((v.modified for v in episodes), default=model.now)
    generator.lastBuildDate(newest)
    podcast = generator.podcast  # type: ignore[attr-defined]
    podcast.itunes_image(show.artwork.absolute)
    category = {"cat": settings.category}
    if settings.subcategory:
        category["sub"] = settings.subcategory
    podcast.itunes_category(category)
    podcast.itunes_explicit("yes" if settings.explicit else "no")  # `true`/`false` below
    podcast.itunes_owner(name=settings.owner.name, email=settings.owner.email)
    podcast.itunes_author(settings.author or site.publisher)
    podcast.itunes_summary(settings.description)
    podcast.itunes_type("episodic")
    return generator


def _episode(generator: FeedGenerator, view: ItemView) -> None:
    episode = view.episode
    assert episode is not None  # only episodes are listed
    entry = generator.add_entry(order="append")
    entry.guid(view.short_url, permalink=True)
    entry.title(view.title)
    entry.link(href=view.absolute_url)
    entry.description(view.summary)
    entry.published(view.date)
    audio = episode.audio
    entry.enclosure(audio.file.absolute, str(audio.file.length), audio.file.media_type)
    itunes = entry.podcast  # type: ignore[attr-defined]
    itunes.itunes_duration(audio.seconds)
    if episode.number is not None:
        itunes.itunes_episode(episode.number)
    if episode.season is not None:
        itunes.itunes_season(episode.season)
    itunes.itunes_episode_type("full")


def _podcasting_20(root: etree._Element, show: ShowView, episodes: list[ItemView]) -> None:
    """Add the Podcasting 2.0 tags, and Apple's current `itunes:explicit` (`true`/`false`)."""
    channel = root.find("channel")
    explicit = channel.find(f"{{{ITUNES_NS}}}explicit")
    explicit.text = "true" if show.settings.explicit else "false"
    guid = etree.Element(f"{{{PODCAST_NS}}}guid")
    guid.text = show.guid
    explicit.addnext(guid)
    for element, view in zip(channel.findall("item"), episodes, strict=True):
        episode = view.episode
        assert episode is not None
        transcript = episode.audio.transcript
        if transcript is not None:
            etree.SubElement(
                element,
                f"{{{PODCAST_NS}}}transcript",
                url=transcript.absolute,
                type=transcript_type(transcript),
                language=view.lang,
            )
        if episode.chapters is not None:
            etree.SubElement(
                element,
                f"{{{PODCAST_NS}}}chapters",
                url=episode.chapters.absolute,
                type=CHAPTERS_TYPE,
            )
    # The namespaces declared once, on <rss>, under their usual prefixes.
    etree.cleanup_namespaces(root, top_nsmap={"itunes": ITUNES_NS, "podcast": PODCAST_NS})
