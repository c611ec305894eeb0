"""What `check` says about an item's `gallery:`: each photo's file, at the line naming it.

The schema refuses a photo without its alt text, caption or credit (at that photo's
line); these rules read the files: a path inside the repository, of an image type, with a
readable header (the site publishes it and its smaller widths), and warn, like for the
item's own image, about a photo heavier than any screen needs.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from .images import image_problem, image_size_advice
from .item_rules import check_repo_file
from .problems import Problem
from .schema import IMAGE_SUFFIXES
from .yamlsource import LoadedYaml

FIELD = "gallery"


def gallery_paths(data: dict[str, Any]) -> list[str]:
    """The image paths of a front matter's gallery, as written (the files `check` reads)."""
    gallery = data.get(FIELD)
    photos = gallery if isinstance(gallery, list) else []
    return [p["image"] for p in photos if isinstance(p, dict) and isinstance(p.get("image"), str)]


def check_gallery(
    root: Path,
    rel: str,
    data: dict[str, Any],
    source: LoadedYaml,
    problems: list[Problem],
    warnings: list[Problem],
) -> None:
    """Every photo of the gallery names a readable image file of the repository."""
    gallery = data.get(FIELD)
    for position, photo in enumerate(gallery if isinstance(gallery, list) else []):
        image = photo.get("image") if isinstance(photo, dict) else None
        if not isinstance(image, str):
            continue  # the schema says what is missing, at the photo's line
        line = source.line_of((FIELD, position, "image"))
        before = len(problems)
        check_repo_file(root, rel, image, line, FIELD, problems, IMAGE_SUFFIXES)
        if len(problems) > before:
            continue
        wrong = image_problem(root / image)
        if wrong is not None:
            problems.append(Problem(rel, line, FIELD, f"{image!r} {wrong}"))
        elif (advice := image_size_advice(root / PurePosixPath(image))) is not None:
            warnings.append(Problem(rel, line, FIELD, f"{image!r} {advice}"))
