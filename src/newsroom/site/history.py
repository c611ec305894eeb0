"""Earlier URLs of items, remembered by git: every item file that was renamed or removed.

When a contributor changes an item's slug or date, its file is renamed, so the file's
old path — and therefore its old URL — is in git history. One `git log` lists the paths
that disappeared from `content/news/`; one `git cat-file --batch` reads the id each of
them had. The build then writes a redirect from each old URL to the item that now has
that id. Nothing is written to the repository. (CI must clone with full history —
`fetch-depth: 0` on GitHub Actions — or old URLs are simply not known.)
"""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict
from pathlib import Path, PurePosixPath

from ..content import NEWS_DIR
from ..item_rules import FILE_NAME
from ..urls import item_path

_ID_LINE = re.compile(rb"^id:\s*[\"']?([0-9a-z]+)[\"']?\s*$", re.MULTILINE)
_GIT_TIMEOUT = 60


def old_item_paths(root: Path) -> dict[str, set[str]]:
    """For each item id, the repository paths its file had before (from git history)."""
    removed = _removed_paths(root)
    if not removed:
        return {}
    ids = _ids_at(root, [f"{commit}^:./{path}" for commit, path in removed])
    found: dict[str, set[str]] = defaultdict(set)
    for (_, path), item_id in zip(removed, ids, strict=True):
        if item_id is not None:
            found[item_id].add(path)
    return dict(found)


def url_path_of_file(rel: str) -> str | None:
    """The item URL path a file at `content/news/<theme>/<YYYY>/<date>-<slug>.md` had."""
    parts = PurePosixPath(rel).parts
    match = FILE_NAME.match(parts[-1]) if len(parts) == 5 else None
    if match is None:
        return None
    return item_path(parts[2], int(match["date"][:4]), match["slug"])


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=_GIT_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None  # no git, or not usable: no history, no redirects
    return done.stdout if done.returncode == 0 else None


def _removed_paths(root: Path) -> list[tuple[str, str]]:
    """(commit, path) for every item file a commit deleted (renames count as deletions)."""
    log = _git(
        root,
        "log",
        "--no-renames",
        "--diff-filter=D",
        "--name-only",
        "--relative",
        "--format=%x00%H",
        "--",
        NEWS_DIR,
    )
    if not log:
        return []
    removed = []
    for block in log.decode("utf-8", "replace").split("\0")[1:]:
        commit, *paths = [line for line in block.splitlines() if line.strip()]
        removed += [(commit, p) for p in paths if p.endswith(".md")]
    return removed


def _ids_at(root: Path, specs: list[str]) -> list[str | None]:
    """The `id:` of each blob `<commit>^:<path>`, read in one `git cat-file` process."""
    out = _git(root, "cat-file", "--batch", stdin="\n".join(specs).encode() + b"\n")
    if out is None:
        return [None] * len(specs)
    ids: list[str | None] = []
    position = 0
    for _ in specs:
        header_end = out.index(b"\n", position)
        header = out[position:header_end].split()
        if len(header) < 3 or header[1] != b"blob":  # "<spec> missing"
            ids.append(None)
            position = header_end + 1
            continue
        size = int(header[2])
        blob = out[header_end + 1 : header_end + 1 + size]
        match = _ID_LINE.search(blob[:4096])
        ids.append(match[1].decode() if match else None)
        position = header_end + 1 + size + 1
    return ids
