"""Type and duration of the audio files items publish, read from the files themselves (mutagen).

A podcast app trusts the feed's `enclosure` type and `itunes:duration`: a file named
`.mp3` that holds something else plays nowhere. So `check` reads the audio stream with
mutagen (made for it, maintained), and the site's feeds say what the file is, not what
its name says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mutagen import MutagenError
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4

# The audio types podcast apps and browsers all play (Apple: MP3 and AAC in M4A).
AUDIO_TYPES = {".mp3": "audio/mpeg", ".m4a": "audio/mp4"}
_READERS = {".mp3": MP3, ".m4a": MP4}
_NAMES = {".mp3": "MP3", ".m4a": "M4A (AAC)"}


@dataclass(frozen=True)
class AudioFacts:
    """What a feed and a page need to know about an audio file."""

    media_type: str
    seconds: int  # whole seconds, rounded: `itunes:duration` takes whole seconds
    length: int  # bytes


class AudioRefused(ValueError):
    """The file is not the audio its name says; the message says what to do."""


def is_audio(name: str) -> bool:
    """Whether a file name is one of the audio types the site plays (`.mp3`, `.m4a`)."""
    return Path(name).suffix.lower() in AUDIO_TYPES


def audio_facts(path: Path) -> AudioFacts:
    """Media type, duration and size of an MP3 or M4A file, read from its content.

    Raises AudioRefused when the content is not the type the name says, or has no sound.
    """
    suffix = path.suffix.lower()
    if suffix not in AUDIO_TYPES:
        raise AudioRefused(
            f"is not an audio file the site plays — export it as {' or '.join(_NAMES.values())}"
        )
    try:
        info = _READERS[suffix](path).info
    except (MutagenError, OSError):
        raise AudioRefused(_mislabelled(path, suffix)) from None
    seconds = round(float(info.length or 0))
    if seconds < 1:
        raise AudioRefused("has no sound (its duration is 0 seconds) — export the audio again")
    return AudioFacts(AUDIO_TYPES[suffix], seconds, path.stat().st_size)


def _mislabelled(path: Path, suffix: str) -> str:
    """What a file named like audio is not, and what to do about it."""
    for other, reader in _READERS.items():
        if other == suffix:
            continue
        try:
            reader(path)
        except (MutagenError, OSError):
            continue
        return f"is an {_NAMES[other]} file, not {_NAMES[suffix]} — rename it to end in {other}"
    return (
        f"is not a readable {_NAMES[suffix]} file (no audio stream found) — export the "
        f"audio again as {_NAMES[suffix]}"
    )


def clock(seconds: int) -> str:
    """`1:02:03`, `4:05`: a duration as players show it (and `itunes:duration` accepts)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
