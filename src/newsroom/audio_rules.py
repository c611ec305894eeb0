"""The rules of audio in an item: podcast episodes (`podcast:`) and audio attachments.

Run by `item_rules.check_files` after the schema. Each file must exist in the repository;
an audio file's type and duration are read from its content (`audio.audio_facts`), so a
file whose content is not what its name says is refused at its line. Audio needs its
transcript (WCAG 2.1 success criterion 1.2.1, level A: prerecorded audio has a text
alternative): an episode names it, an audio attachment has one attached beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from .audio import AUDIO_TYPES, AudioRefused, audio_facts, is_audio
from .problems import Problem, did_you_mean
from .schema import TRANSCRIPT_SUFFIXES

if TYPE_CHECKING:
    from .config import SiteConfig
    from .yamlsource import LoadedYaml

# An attachment's transcript: the attachment of the same name with one of these endings.
ATTACHED_TRANSCRIPTS = (".vtt", ".txt")
CHAPTERS_SUFFIXES = (".json",)
# `item_rules.check_repo_file`: (root, rel, value, line, field, problems), appends its problems.
FileCheck = Callable[[Path, str, str, int, str, list[Problem]], None]


def audio_problem(root: Path, value: str, limit: int) -> str | None:
    """What is wrong with an audio file of the repository (after its quoted name), or None."""
    size = (root / value).stat().st_size
    if size > limit:
        return (
            f"is {_size(size)}, over the {_size(limit)} limit — export it at a lower "
            "bit rate (96–128 kbps is plenty for speech) (newsroom.yml "
            "`attachments.max_audio_bytes`)"
        )
    try:
        audio_facts(root / value)
    except AudioRefused as refused:
        return str(refused)
    return None


def _size(length: int) -> str:
    """`48 KB`, `31.4 MB`: decimal units, as file managers show them."""
    return f"{length / 1e6:.1f} MB" if length >= 1_000_000 else f"{round(length / 1000)} KB"


def check_episode(
    root: Path,
    rel: str,
    data: dict[str, Any],
    source: LoadedYaml,
    config: SiteConfig,
    problems: list[Problem],
    check_file: FileCheck,
) -> None:
    """`podcast:` names a declared show and files that exist, of the types feeds carry."""
    episode = data.get("podcast")
    if not isinstance(episode, dict):
        return  # absent, or refused by the schema
    line = source.line_of
    show = episode.get("show")
    if isinstance(show, str) and show not in config.podcasts:
        hint = did_you_mean(show, config.podcasts)
        declared = ", ".join(config.podcasts) or "none yet"
        problems.append(
            Problem(
                rel,
                line(("podcast", "show")),
                "podcast.show",
                f"{show!r} is not a podcast show of newsroom.yml{hint} (declared: {declared}) — "
                "use a show id of `podcasts:`, or declare the show there",
            )
        )
    kinds = (
        ("audio", tuple(AUDIO_TYPES), "an MP3 or M4A audio file"),
        ("transcript", TRANSCRIPT_SUFFIXES, "a transcript (.vtt, .srt or .txt)"),
        ("chapters", CHAPTERS_SUFFIXES, "a JSON chapters file"),
    )
    for key, suffixes, what in kinds:
        value = episode.get(key)
        if not isinstance(value, str):
            continue
        where, field = line(("podcast", key)), f"podcast.{key}"
        if PurePosixPath(value).suffix.lower() not in suffixes:
            problems.append(
                Problem(rel, where, field, f"{value!r} is not {what} — use one of {suffixes}")
            )
            continue
        before = len(problems)
        check_file(root, rel, value, where, field, problems)
        if key != "audio" or len(problems) > before:
            continue
        wrong = audio_problem(root, value, config.attachments.max_audio_bytes)
        if wrong is not None:
            problems.append(Problem(rel, where, field, f"{value!r} {wrong}"))


def check_attached_transcripts(
    rel: str, attachments: list[Any], source: LoadedYaml, problems: list[Problem]
) -> None:
    """Each audio attachment has its transcript attached beside it (same name, .vtt/.txt)."""
    named = {value for value in attachments if isinstance(value, str)}
    for position, value in enumerate(attachments):
        if not isinstance(value, str) or not is_audio(value):
            continue
        stem = PurePosixPath(value).with_suffix("")
        expected = [f"{stem}{suffix}" for suffix in ATTACHED_TRANSCRIPTS]
        if not named.intersection(expected):
            problems.append(
                Problem(
                    rel,
                    source.line_of(("attachments", position)),
                    "attachments",
                    f"{value!r} has no transcript — attach {expected[0]!r} (or .txt) with what "
                    "is said, for readers who cannot listen",
                )
            )
