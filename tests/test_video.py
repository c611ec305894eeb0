"""Videos in an item: which addresses are videos, and what `newsroom check` says of `video:`."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from newsroom.video import Provider, iso_duration, parse_duration, video_source

from .conftest import VALID_ITEM, VALID_PATH, write

PEERTUBE_UUID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"


@pytest.mark.parametrize(
    ("address", "provider", "embed", "watch"),
    [
        (
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ&t=30s",
            Provider.YOUTUBE,
            "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
            "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        ),
        ("https://youtu.be/aqz-KE-bpKQ", Provider.YOUTUBE, None, None),
        ("https://m.youtube.com/shorts/aqz-KE-bpKQ", Provider.YOUTUBE, None, None),
        ("https://www.youtube.com/embed/aqz-KE-bpKQ", Provider.YOUTUBE, None, None),
        (
            "https://vimeo.com/76979871",
            Provider.VIMEO,
            "https://player.vimeo.com/video/76979871?dnt=1",
            "https://vimeo.com/76979871",
        ),
        (
            "https://vimeo.com/76979871/0a1b2c3d4e",  # an unlisted video keeps its hash
            Provider.VIMEO,
            "https://player.vimeo.com/video/76979871?h=0a1b2c3d4e&dnt=1",
            "https://vimeo.com/76979871/0a1b2c3d4e",
        ),
        (
            f"https://tube.example.org/videos/watch/{PEERTUBE_UUID}",
            Provider.PEERTUBE,
            f"https://tube.example.org/videos/embed/{PEERTUBE_UUID}?p2p=0",
            f"https://tube.example.org/w/{PEERTUBE_UUID}",
        ),
        ("https://tube.example.org/w/kkGMgK9ZtnKfYAgnEtQxbv", Provider.PEERTUBE, None, None),
    ],
)
def test_provider_addresses_give_the_privacy_enhanced_player(
    address: str, provider: Provider, embed: str | None, watch: str | None
) -> None:
    source = video_source(address)
    assert source is not None and source.provider is provider
    if embed is not None:
        assert source.embed_url == embed
        assert source.play_url == embed + ("&" if "?" in embed else "?") + "autoplay=1"
    if watch is not None:
        assert source.watch_url == watch
    # Read back from its own addresses, a video is the same video.
    assert video_source(source.watch_url) == source
    assert video_source(source.embed_url) == source


@pytest.mark.parametrize(
    "address",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@aldermoor",
        "https://vimeo.com/channels/staffpicks",
        "https://www.aldermoor.example/films/sensor",
        "javascript:alert(1)//https://youtu.be/aqz-KE-bpKQ",
        "https://youtu.be.evil.example/aqz-KE-bpKQ",
    ],
)
def test_other_addresses_are_not_videos(address: str) -> None:
    assert video_source(address) is None


def test_durations_as_contributors_write_them_and_as_json_ld_wants_them() -> None:
    assert parse_duration("41:20") == 2480
    assert parse_duration("1:02:03") == 3723
    assert parse_duration("41 minutes") is None
    assert iso_duration(2480) == "PT41M20S"
    assert iso_duration(3723) == "PT1H2M3S"
    assert iso_duration(3600) == "PT1H"


def with_video(lines: str) -> str:
    return VALID_ITEM.replace("tags:", f"video:\n{lines}tags:", 1)


def problems(run: Callable[..., Result], root: Path) -> list[dict[str, object]]:
    result = run(root, "check", "--format", "json")
    found = json.loads(result.output)["problems"]
    assert result.exit_code == (1 if found else 0), result.output
    return found


TITLE = '  title: "The sensor explained"\n'


@pytest.mark.parametrize(
    ("lines", "files", "field", "line", "says"),
    [
        (
            "  url: https://www.aldermoor.example/films/sensor\n" + TITLE,
            {},
            "video.url",
            "url",
            "is not the address of a YouTube, Vimeo or PeerTube video",
        ),
        (
            "  url: content/files/talk.avi\n" + TITLE,
            {},
            "video.url",
            "url",
            "not a video file the site can play — use one of .mp4, .webm",
        ),
        (
            "  url: content/files/talk.mp4\n" + TITLE,
            {"content/files/talk.mp4": b"film"},
            "video",
            "url",
            "needs captions or a transcript",
        ),
        (
            "  url: content/files/talk.mp4\n" + TITLE + "  captions: content/files/talk.vtt\n",
            {"content/files/talk.vtt": "WEBVTT\n"},
            "video.url",
            "url",
            "no file at 'content/files/talk.mp4'",
        ),
        (
            "  url: content/files/talk.mp4\n" + TITLE + "  captions: content/files/tlak.vtt\n",
            {"content/files/talk.mp4": b"film", "content/files/talk.vtt": "WEBVTT\n"},
            "video.captions",
            "captions",
            "no file at 'content/files/tlak.vtt' (did you mean 'talk.vtt'?)",
        ),
        (
            "  url: https://youtu.be/aqz-KE-bpKQ\n" + TITLE + "  captions: content/files/a.srt\n",
            {},
            "video.captions",
            "captions",
            "is not a WebVTT captions file",
        ),
        (
            "  url: https://youtu.be/aqz-KE-bpKQ\n" + TITLE + "  still: content/images/no.jpg\n",
            {},
            "video.still",
            "still",
            "no file at 'content/images/no.jpg'",
        ),
        (
            "  url: https://youtu.be/aqz-KE-bpKQ\n" + TITLE + "  duration: 41 minutes\n",
            {},
            "video.duration",
            "duration",
            "is not a duration — write minutes and seconds, e.g. 41:20",
        ),
        (
            "  url: https://youtu.be/aqz-KE-bpKQ\n"
            + TITLE
            + "  transcript: javascript:alert(1)//x\n",
            {},
            "video.transcript",
            "transcript",
            "no file at",
        ),
    ],
)
def test_check_reports_each_video_mistake_at_its_key(
    newsroom: Path,
    run: Callable[..., Result],
    lines: str,
    files: dict[str, str | bytes],
    field: str,
    line: str,
    says: str,
) -> None:
    text = with_video(lines)
    write(newsroom, VALID_PATH, text)
    for rel, content in files.items():
        write(newsroom, rel, content)
    found = problems(run, newsroom)
    expected_line = text[: text.index(f"  {line}:")].count("\n") + 1
    assert [(p["field"], p["line"]) for p in found] == [(field, expected_line)], found
    assert says in str(found[0]["message"]) and " — " in str(found[0]["message"])


def test_a_valid_video_passes_and_unquoted_durations_are_read_as_written(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    write(newsroom, "content/files/talk.mp4", b"film")
    write(newsroom, "content/files/talk.vtt", "WEBVTT\n")
    lines = (
        "  url: content/files/talk.mp4\n" + TITLE + "  captions: content/files/talk.vtt\n"
        "  duration: 41:20\n"  # YAML reads it as 2480, the seconds it means
    )
    write(newsroom, VALID_PATH, with_video(lines))
    assert problems(run, newsroom) == []


@pytest.mark.parametrize(
    "address",
    [
        f'https://tube.example.org"onmouseover=x/w/{PEERTUBE_UUID}',
        f"https://localhost/w/{PEERTUBE_UUID}",
    ],
)
def test_a_peertube_host_must_be_a_plain_host_name(address: str) -> None:
    assert video_source(address) is None
