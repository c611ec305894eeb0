"""Audio as the site shows it: players with their transcripts, podcast shows and episodes.

Built with the site model (`model.build_model`): an item's audio attachments and its
episode become `AudioView`s (the file, its duration read from the file, its transcript),
each declared show a `ShowView` with its page and its feed. Templates reach them through
the model (`item.audio`, `item.episode`, `site.shows`), so incremental builds see what a
page read of them like any other field.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

from .. import urls
from ..audio import audio_facts, clock, is_audio
from ..audio_rules import ATTACHED_TRANSCRIPTS
from ..podcasts import PodcastShow, podcast_guid

if TYPE_CHECKING:
    from pathlib import Path

    from ..schema import Episode


class Link(Protocol):
    """A published file as `model.Link` describes it (what players and feeds read of it)."""

    path: str
    url: str
    absolute: str
    media_type: str
    length: int
    name: str


Publish = Callable[..., Link]  # (repository path, **Link fields) → `model.Link`
# Podcasting 2.0 `podcast:transcript` types (and the browser's, for the link).
TRANSCRIPT_TYPES = {".vtt": "text/vtt", ".srt": "application/x-subrip", ".txt": "text/plain"}
CHAPTERS_TYPE = "application/json+chapters"


@dataclass(frozen=True)
class AudioView:
    """One audio file with its player: the file, its duration, its transcript."""

    file: Link
    seconds: int
    transcript: Link | None

    @property
    def duration(self) -> str:
        """`4:05`, `1:02:03`: as a player shows it."""
        return clock(self.seconds)

    @property
    def iso_duration(self) -> str:
        """`PT4M5S`: the duration for `<time datetime>` and JSON-LD."""
        minutes, seconds = divmod(self.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return f"PT{hours}H{minutes}M{seconds}S" if hours else f"PT{minutes}M{seconds}S"


@dataclass(frozen=True)
class EpisodeView:
    """An item as an episode of a show."""

    show: str  # the show's id
    show_title: str
    show_path: str  # the show's page
    audio: AudioView
    chapters: Link | None
    number: int | None
    season: int | None


@dataclass(frozen=True)
class ShowView:
    """A podcast show: its declaration, artwork, page and feed."""

    id: str
    settings: PodcastShow
    artwork: Link
    path: str  # the show's page
    feed_path: str
    feed_url: str
    guid: str  # Podcasting 2.0 `podcast:guid`

    @property
    def title(self) -> str:
        return self.settings.title

    @property
    def description(self) -> str:
        return self.settings.description


def show_views(
    shows: dict[str, PodcastShow], publish: Publish, absolute: Callable[[str], str]
) -> list[ShowView]:
    """Every declared show, in the order of `newsroom.yml`."""
    views = []
    for show_id, show in shows.items():
        feed_path = urls.PODCAST_FEED.format(show=show_id)
        views.append(
            ShowView(
                id=show_id,
                settings=show,
                artwork=publish(show.artwork, alt=""),  # beside the title: decorative
                path=urls.PODCAST.format(show=show_id),
                feed_path=feed_path,
                feed_url=absolute(feed_path),
                guid=podcast_guid(absolute(feed_path)),
            )
        )
    return views


def audio_view(root: Path, audio: Link, rel: str, transcript: Link | None) -> AudioView:
    """An audio file published as `audio`, its type and duration read from the file (checked)."""
    facts = audio_facts(root / rel)
    typed = replace(audio, media_type=facts.media_type)  # type: ignore[type-var]
    return AudioView(typed, facts.seconds, transcript)


def attached_audio(root: Path, attachments: list[str], links: list[Link]) -> list[AudioView]:
    """The players of an item's audio attachments, each with its attached transcript."""
    by_rel = dict(zip(attachments, links, strict=True))
    players = []
    for rel, link in by_rel.items():
        if not is_audio(rel):
            continue
        stem = PurePosixPath(rel).with_suffix("")
        transcript = next(
            (by_rel[f"{stem}{s}"] for s in ATTACHED_TRANSCRIPTS if f"{stem}{s}" in by_rel), None
        )
        players.append(audio_view(root, link, rel, transcript))
    return players


def episode_view(
    root: Path, episode: Episode, shows: list[ShowView], publish: Publish
) -> EpisodeView:
    """An item's `podcast:` as the show's page, the item's page and the feed show it."""
    show = next(s for s in shows if s.id == episode.show)  # checked to be declared
    audio = audio_view(root, publish(episode.audio), episode.audio, publish(episode.transcript))
    chapters = publish(episode.chapters) if episode.chapters else None
    return EpisodeView(
        show.id, show.title, show.path, audio, chapters, episode.episode, episode.season
    )


def transcript_type(link: Link) -> str:
    """The media type of a transcript file, from its name (checked to be one of these)."""
    return TRANSCRIPT_TYPES.get(PurePosixPath(link.path).suffix.lower(), "text/plain")
