"""Folders Newsroom writes into: only ones it created (or empty ones), never the repository's own.

Every command that writes a folder of output (`build`, `serve`, `admin`, `handbook`,
`stats`) asks :func:`claim_folder` first. A folder is Newsroom's when it holds the marker
file written when Newsroom created it; an empty folder may be taken; anything else — the
repository, `.git`, the content, the ledger, the stats archive, the handbook's pages, a parent
of any of them, or a non-empty folder someone else made — is refused with a message saying
what to do, before a single file is touched. This is what keeps `--output .git` or
`output_dir: ledger` from deleting history.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import Problem, ProblemsFound

# Written into every folder Newsroom creates for output; its presence is the proof of ownership.
MARKER = ".newsroom-output"
_MARKER_TEXT = "Made by Newsroom: it may empty and rewrite this folder.\n"

# The repository's own folders (beside the repository itself): never an output, nor inside one.
PROTECTED = (
    ".git",
    ".github",
    "content",
    "ledger",
    "stats",
    "docs",
    "themes",
    "plugins",
    "src",
    "tests",
    "scripts",
    "benchmarks",
)


class NotOurs(ProblemsFound):
    """A folder Newsroom may not write into; the problem says why and what to do instead."""

    def __init__(self, setting: str, message: str):
        # A folder named on the command line (`--output`) is no line of newsroom.yml.
        source = "command line" if setting.startswith("--") else "newsroom.yml"
        super().__init__([Problem(source, 1, setting, message)])


def is_ours(folder: Path) -> bool:
    """Whether Newsroom made `folder` or a folder holding it (the marker file is there)."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        marker = candidate / MARKER
        if marker.is_file() and not marker.is_symlink():
            return True
    return False


def mark(folder: Path) -> None:
    """Record that Newsroom created `folder` (call right after creating it)."""
    (folder / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")


def refuse_protected(root: Path, target: Path, setting: str) -> None:
    """Refuse a `target` that is, holds, or lies inside the repository's own files."""
    repository = root.resolve()
    target = _resolved(target)
    if target == repository or repository.is_relative_to(target):
        raise NotOurs(
            setting,
            f"{target} is the repository or one of its parents: writing there would replace "
            "the newsroom itself — choose a folder of its own, e.g. output",
        )
    for name in PROTECTED:
        own = repository / name
        if target == own or target.is_relative_to(own) or own.is_relative_to(target):
            raise NotOurs(
                setting,
                f"{target} is or holds the repository's {name}/ folder — choose a folder of "
                "its own, e.g. output",
            )


def claim_folder(root: Path, folder: Path, setting: str) -> Path:
    """Make `folder` ready to be filled by Newsroom and return it; refuse one that is not ours.

    An absent folder is created and marked; an empty one is marked; a marked one is kept as
    it is (the caller may empty it). A link is followed only when it leads to a folder of ours.
    """
    refuse_protected(root, folder, setting)
    if folder.is_symlink() and not folder.is_dir():
        raise NotOurs(
            setting, f"{folder} is a link to nothing — remove it or choose another folder"
        )
    if not folder.exists():
        top = folder  # the outermost folder this call creates carries the marker
        while not top.parent.exists():
            top = top.parent
        folder.mkdir(parents=True)
        mark(top)
        return folder
    if not folder.is_dir():
        raise NotOurs(setting, f"{folder} is a file, not a folder — choose another folder")
    if is_ours(folder):
        return folder
    if _is_empty(folder):
        mark(folder)
        return folder
    raise NotOurs(setting, not_ours_message(folder))


def may_replace(root: Path, target: Path, setting: str, ours: tuple[Path, ...] = ()) -> None:
    """Refuse to replace `target` (a path about to become a link) unless Newsroom owns it.

    `ours`: folders a link at `target` may lead to and still be Newsroom's (the site's two
    folders). An absent path, an empty folder and a marked folder may be replaced.
    """
    refuse_protected(root, target, setting)
    if target.is_symlink():
        leads_to = target.parent / os.readlink(target)
        if leads_to in ours:
            return
        raise NotOurs(
            setting,
            f"{target} is a link to {leads_to}, which Newsroom did not make — remove the link "
            "or choose another folder",
        )
    if not target.exists():
        return
    if not target.is_dir():
        raise NotOurs(setting, f"{target} is a file, not a folder — choose another folder")
    if not (is_ours(target) or _is_empty(target)):
        raise NotOurs(setting, not_ours_message(target))


def not_ours_message(folder: Path) -> str:
    """Why a non-empty folder is refused, and what to do."""
    return (
        f"{folder} holds files Newsroom did not make (no {MARKER} in it) — Newsroom writes only "
        "into folders it created: choose an empty or new folder, or move this one away first"
    )


def _is_empty(folder: Path) -> bool:
    with os.scandir(folder) as entries:
        return next(entries, None) is None


def _resolved(path: Path) -> Path:
    """`path` made absolute with its parents' links resolved (the last part kept as it is)."""
    path = Path(os.path.abspath(path))
    return path.parent.resolve() / path.name
