"""`newsroom check` on podcasts: shows in newsroom.yml, episodes and audio attachments in items.

Every mistake is refused at its line with what to do; the audio's type is read from the
file (a file named `.mp3` that is an M4A, or text, is refused), through the real command.
The audio files are written by tests/audio_files.py and read by mutagen only.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .audio_files import m4a, mp3
from .conftest import PNG, VALID_ITEM, VALID_PATH, write

FILES = "content/files/podcasts"


def episode_item(root: Path, block: str) -> str:
    """The valid item as an episode: `block` is the `podcast:` mapping's lines."""
    text = VALID_ITEM.replace("tags:", f"podcast:\n{block}tags:", 1)
    write(root, VALID_PATH, text)
    return text


def podcast_block(audio: str = f"{FILES}/ep1.mp3", transcript: str = f"{FILES}/ep1.vtt") -> str:
    return f"  show: lab-notes\n  audio: {audio}\n  transcript: {transcript}\n  episode: 1\n"


def audio_files(root: Path) -> None:
    write(root, f"{FILES}/ep1.mp3", mp3(5))
    write(root, f"{FILES}/ep1.m4a", m4a(5))
    write(root, f"{FILES}/ep1.vtt", "WEBVTT\n\n00:00.000 --> 00:05.000\nHello.\n")


def line_of(text: str, start: str) -> int:
    """The 1-based line of the file that starts with `start`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def problems(run, root: Path) -> list[dict]:
    result = run(root, "check", "--format", "json")
    return json.loads(result.output)["problems"]


@pytest.mark.parametrize("audio", [f"{FILES}/ep1.mp3", f"{FILES}/ep1.m4a"])
def test_an_episode_with_its_audio_and_transcript_passes(newsroom: Path, run, audio: str) -> None:
    audio_files(newsroom)
    episode_item(newsroom, podcast_block(audio=audio))
    assert problems(run, newsroom) == []


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("ep1.mp3", m4a(5), "is an M4A (AAC) file, not MP3 — rename it to end in .m4a"),
        ("ep1.m4a", mp3(5), "is an MP3 file, not M4A (AAC) — rename it to end in .mp3"),
        ("ep1.mp3", b"<html>not audio</html>" * 50, "is not a readable MP3 file"),
        ("ep1.m4a", b"\x00" * 4000, "is not a readable M4A (AAC) file"),
        ("ep1.mp3", mp3(0.3), "has no sound (its duration is 0 seconds)"),
    ],
)
def test_audio_whose_content_is_not_what_its_name_says_is_refused_at_its_line(
    newsroom: Path, run, name: str, data: bytes, fragment: str
) -> None:
    audio_files(newsroom)
    write(newsroom, f"{FILES}/{name}", data)
    text = episode_item(newsroom, podcast_block(audio=f"{FILES}/{name}"))
    (problem,) = problems(run, newsroom)
    assert (problem["file"], problem["line"], problem["field"]) == (
        VALID_PATH,
        line_of(text, "  audio:"),
        "podcast.audio",
    )
    assert fragment in problem["message"]


def test_an_unknown_show_is_refused_with_the_declared_ones(newsroom: Path, run) -> None:
    audio_files(newsroom)
    text = episode_item(newsroom, podcast_block().replace("lab-notes", "lab-note"))
    (problem,) = problems(run, newsroom)
    assert (problem["line"], problem["field"]) == (line_of(text, "  show:"), "podcast.show")
    assert "'lab-note' is not a podcast show of newsroom.yml" in problem["message"]
    assert "lab-notes" in problem["message"]


@pytest.mark.parametrize(
    ("block", "key", "fragment"),
    [
        (podcast_block(transcript=f"{FILES}/missing.vtt"), "transcript", "no file at"),
        (podcast_block(transcript=f"{FILES}/ep1.pdf"), "transcript", "is not a transcript"),
        (podcast_block(audio=f"{FILES}/ep1.wav"), "audio", "is not an MP3 or M4A audio file"),
        (podcast_block() + f"  chapters: {FILES}/ep1.txt\n", "chapters", "JSON chapters"),
    ],
)
def test_episode_files_are_refused_at_their_line(
    newsroom: Path, run, block: str, key: str, fragment: str
) -> None:
    audio_files(newsroom)
    text = episode_item(newsroom, block)
    (problem,) = problems(run, newsroom)
    assert (problem["line"], problem["field"]) == (line_of(text, f"  {key}:"), f"podcast.{key}")
    assert fragment in problem["message"]


def test_an_episode_needs_its_transcript(newsroom: Path, run) -> None:
    audio_files(newsroom)
    block = "".join(line for line in podcast_block().splitlines(True) if "transcript" not in line)
    text = episode_item(newsroom, block)
    (problem,) = problems(run, newsroom)
    assert (problem["line"], problem["field"]) == (line_of(text, "podcast:"), "podcast.transcript")
    assert "required field is missing" in problem["message"]


def test_audio_over_its_limit_is_refused(newsroom: Path, run) -> None:
    audio_files(newsroom)
    config = newsroom / "newsroom.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "attachments:\n  max_audio_bytes: 1000\n",
        encoding="utf-8",
    )
    text = episode_item(newsroom, podcast_block())
    (problem,) = problems(run, newsroom)
    assert problem["line"] == line_of(text, "  audio:")
    assert "is 20 KB, over the 1 KB limit — export it at a lower bit rate" in problem["message"]


def test_an_audio_attachment_needs_its_transcript_attached_beside_it(newsroom: Path, run) -> None:
    audio_files(newsroom)
    listed = f"attachments:\n  - {FILES}/ep1.mp3\n"
    text = VALID_ITEM.replace("tags:", f"{listed}tags:", 1)
    write(newsroom, VALID_PATH, text)
    (problem,) = problems(run, newsroom)
    assert (problem["line"], problem["field"]) == (line_of(text, "  - "), "attachments")
    assert f"attach '{FILES}/ep1.vtt'" in problem["message"]
    write(newsroom, VALID_PATH, text.replace(listed, f"{listed}  - {FILES}/ep1.vtt\n"))
    assert problems(run, newsroom) == []


def test_a_mislabelled_audio_attachment_is_refused(newsroom: Path, run) -> None:
    audio_files(newsroom)
    write(newsroom, f"{FILES}/ep1.mp3", m4a(5))
    listed = f"attachments:\n  - {FILES}/ep1.mp3\n  - {FILES}/ep1.vtt\n"
    write(newsroom, VALID_PATH, VALID_ITEM.replace("tags:", f"{listed}tags:", 1))
    (problem,) = problems(run, newsroom)
    assert "is an M4A (AAC) file, not MP3" in problem["message"]


# The show's declaration in newsroom.yml: each mistake at its line.
@pytest.mark.parametrize(
    ("old", "new", "key", "fragment"),
    [
        (
            "category: Science ",
            "category: Sciense ",
            "category",
            "'Sciense' is not one of Apple's podcast categories (did you mean 'Science'?)",
        ),
        (
            "subcategory: Natural Sciences",
            "subcategory: Politics",
            "subcategory",
            "'Politics' is not a subcategory of Science in Apple's list",
        ),
        (
            "email: press@aldermoor.example\n    explicit",
            "email: press-office\n    explicit",
            "email",
            "'press-office' is not an e-mail address",
        ),
    ],
)
def test_a_show_s_declaration_is_checked_at_its_line(
    newsroom: Path, run, old: str, new: str, key: str, fragment: str
) -> None:
    config = newsroom / "newsroom.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    config.write_text(text, encoding="utf-8")
    (problem,) = problems(run, newsroom)
    assert problem["file"] == "newsroom.yml"
    assert problem["line"] == show_line(text, key)
    assert fragment in problem["message"]


def show_line(text: str, key: str) -> int:
    """The line of `key` in the `podcasts:` section of newsroom.yml."""
    lines = text.splitlines()
    start = lines.index("podcasts:")
    return next(n for n in range(start, len(lines)) if lines[n].strip().startswith(f"{key}:")) + 1


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (PNG, "is 1×1 pixels — Apple takes square artwork of 1400 to 3000 pixels"),
        (b"not a picture", ""),
    ],
)
def test_artwork_apple_would_refuse_is_refused_at_its_line(
    newsroom: Path, run, data: bytes, fragment: str
) -> None:
    write(newsroom, "content/images/podcasts/lab-notes.png", data)
    (problem,) = problems(run, newsroom)
    text = (newsroom / "newsroom.yml").read_text(encoding="utf-8")
    assert (problem["file"], problem["line"], problem["field"]) == (
        "newsroom.yml",
        line_of(text, "    artwork:"),
        "podcasts.lab-notes.artwork",
    )
    assert fragment in problem["message"]
