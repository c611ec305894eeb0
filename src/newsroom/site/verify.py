"""`newsroom build --verify`: the incremental build against a clean build of the same commit.

An incremental build reuses every page whose recorded reads answer the same
(site/recording.py). Whoever edits the theme can check that promise on their own
templates: `--verify` builds the site as usual, then builds it again from nothing into a
temporary folder, at the same time and with the same options, and lists every file that
differs between the two (`newsroom.build_assembly.compare_with_clean`).
"""

from __future__ import annotations

import filecmp
import os
from pathlib import Path


def differing_files(built: Path, clean: Path) -> list[str]:
    """Site paths whose bytes differ between two built folders, or that only one holds."""
    first, second = _files(built), _files(clean)
    return sorted(
        name
        for name in first.keys() | second.keys()
        if name not in first
        or name not in second
        or not filecmp.cmp(first[name], second[name], shallow=False)
    )


def _files(folder: Path) -> dict[str, Path]:
    folder = folder.resolve()  # the output is a link to one of two folders
    found: dict[str, Path] = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = Path(parent, name)
            found[path.relative_to(folder).as_posix()] = path
    return found
