"""The rules of an item's `video:` that need the repository: its files must be there.

The schema (`schema.Video`) says what each key may hold; here a video file of the
repository, its captions, its transcript and its still must exist, and a video the site
plays itself needs captions or a transcript (WCAG 1.2.2: prerecorded video has captions).
Each problem is reported at the line of its key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .images import image_problem
from .item_rules import check_repo_file
from .problems import Problem
from .schema import IMAGE_SUFFIXES
from .video import CAPTION_SUFFIXES, is_video_file
from .yamlsource import LoadedYaml


def check_video(
    root: Path, rel: str, data: dict[str, Any], source: LoadedYaml, problems: list[Problem]
) -> None:
    """Every problem of the files `video:` names (run even when the schema failed)."""
    video = data.get("video")
    if not isinstance(video, dict):
        return  # absent, or the schema reports its type
    url = video.get("url")
    if isinstance(url, str) and is_video_file(url.strip()):
        _file(root, rel, url.strip(), source, ("video", "url"), problems)
        if not video.get("captions") and not video.get("transcript"):
            problems.append(
                Problem(
                    rel,
                    source.line_of(("video", "url")),
                    "video",
                    "a video the site plays itself needs captions or a transcript (readers who "
                    "cannot hear it) — add `captions:` (a .vtt file) or `transcript:`",
                )
            )
    captions, transcript = video.get("captions"), video.get("transcript")
    if isinstance(captions, str) and captions.lower().endswith(CAPTION_SUFFIXES):
        _file(root, rel, captions.strip(), source, ("video", "captions"), problems)
    if isinstance(transcript, str) and "://" not in transcript:
        _file(root, rel, transcript.strip(), source, ("video", "transcript"), problems)
    still = video.get("still")
    if isinstance(still, str):
        where = source.line_of(("video", "still"))
        before = len(problems)
        check_repo_file(root, rel, still, where, "video.still", problems, IMAGE_SUFFIXES)
        wrong = image_problem(root / still) if len(problems) == before else None
        if wrong is not None:
            problems.append(Problem(rel, where, "video.still", f"{still!r} {wrong}"))


def _file(
    root: Path,
    rel: str,
    value: str,
    source: LoadedYaml,
    path: tuple[str, ...],
    problems: list[Problem],
) -> None:
    check_repo_file(root, rel, value, source.line_of(path), ".".join(path), problems)


def video_paths(data: object) -> list[str]:
    """The repository paths `video:` names, as written (the outcome depends on them)."""
    video = data.get("video") if isinstance(data, dict) else None
    if not isinstance(video, dict):
        return []
    named = [video.get(key) for key in ("url", "captions", "transcript", "still")]
    return [path for path in named if isinstance(path, str) and "://" not in path]
