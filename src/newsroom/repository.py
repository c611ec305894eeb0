"""Find the newsroom a command works on, and load it."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem, ProblemsFound

if TYPE_CHECKING:  # imported when a newsroom is opened: `find_root` alone stays light
    from .build_cache import BuildCache
    from .config import SiteConfig
    from .content import Content, ItemCheck

# config.CONFIG_FILE, without importing the configuration's models (held equal by
# tests/test_content_cache.py::test_check_and_help_start_without_the_content_model).
CONFIG_FILE = "newsroom.yml"


def find_root(start: Path | None = None) -> Path:
    """The folder holding `newsroom.yml`: `$NEWSROOM_ROOT`, else the nearest parent of cwd."""
    if env := os.environ.get("NEWSROOM_ROOT"):
        return Path(env).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise ProblemsFound(
        [
            Problem(
                CONFIG_FILE,
                1,
                "",
                f"no {CONFIG_FILE} in {here} or its parents — run newsroom "
                "inside a newsroom repository, or pass --root",
            )
        ]
    )


@dataclass
class Newsroom:
    """A loaded repository: its root, its configuration and its content."""

    root: Path
    config: SiteConfig
    content: Content


def open_newsroom(
    root: Path,
    cache: BuildCache | None = None,
    item_checks: Sequence[ItemCheck] = (),
    *,
    remember: bool = True,
    early: bool = False,
) -> Newsroom:
    """Load configuration and content; configuration problems raise ProblemsFound.

    With `cache`, front matter parsed by an earlier build is reused (see build_cache).
    With `remember`, what earlier commands found in unchanged files is reused, and what
    this one finds is kept (see content_cache); without, every file is read with every rule.
    `item_checks` are the item rules of the layers above content: the commands pass them
    through `newsroom.syndication.checks.open_checked_newsroom`.
    With `early`, sealed items that the key opens are among the items before their embargo
    (a press officer's local preview); see `content.read_sealed_item`.
    """
    from .config import load_config
    from .content import load_content
    from .content_cache import ContentMemory

    config = load_config(root)
    memory = ContentMemory.open(root, config, item_checks) if remember else None
    return Newsroom(
        root, config, load_content(root, config, cache, item_checks, memory, early=early)
    )
