"""The rules of `newsroom check` that need the syndication layer, handed down to content.

A social text that a network would refuse (too long with its link, or holding a character
the network rejects) is a problem of the item, reported at its `social:` line by `check`,
`build`, `serve` and `publish`. Measuring it needs `compose` (and, through it, `links`),
which sit above the content model: content calling them would close an import loop. So the
commands open the newsroom here, and these rules run inside `content.read_item` as
`item_checks`, exactly where the content model used to call them.
"""

from __future__ import annotations

from pathlib import Path

from ..build_cache import BuildCache
from ..content import ItemCheck
from ..repository import Newsroom, open_newsroom
from .compose import override_problems

# Every item rule of this layer, in the order their problems were always found.
ITEM_CHECKS: tuple[ItemCheck, ...] = (override_problems,)


def open_checked_newsroom(
    root: Path, cache: BuildCache | None = None, *, remember: bool = True, early: bool = False
) -> Newsroom:
    """`open_newsroom` with every rule of `check`, the social texts included."""
    return open_newsroom(root, cache, ITEM_CHECKS, remember=remember, early=early)
