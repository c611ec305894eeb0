"""A build with nothing to do: recognised in a fraction of a second, before any reading.

Even when every file is reused, a build reads 10,000 items, runs Pelican's generators
and computes the key of every page: seconds for nothing. So each successful build
records what it was made from — the *inputs*: Newsroom's code, the libraries, the theme,
the plugins, `newsroom.yml`, the handbook's pages, the web editor's bundle, git's HEAD
(old URLs come from history), and the size, times and inode of every file under
`content/` — with the folder it made, and until when its time-dependent parts stay
true (`valid_until`: the next moment an item's date comes, an event ends, an ended event
leaves the calendars, a year turns). The next build compares: same inputs, the same
folder still live with each of its files as recorded, and a `now` between the recorded
build's and `valid_until`, and the site in place is exactly what a build would make —
nothing is done.

Everything that can change a built file is either an input here or a reason to rebuild;
`tests/site/test_incremental.py` builds with and without this shortcut and compares. A
file changed within two seconds before a build started may change again within the same
time stamp: such a record is not trusted (git's "racy" files).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from ..atomic_files import write_atomically
from ..fingerprint import ALL_LIBRARIES, code_digest, digest, library_versions, tree_digest
from .output_cache import SiteFolders, manifest_path

RECORDS = Path(".cache/build")
RECENT_NS = 2_000_000_000
FORMAT = 1
PROJECT_DIR = Path(__file__).resolve().parents[3]
THEME_NAME = "newsroom"
PLUGIN_NAMES = ("newsroom_items", "newsroom_outputs")
# Libraries whose version can change a built file (the site's and the handbook's).


def theme_dir(root: Path) -> Path:
    """The newsroom's own `themes/newsroom/` if it has one, else the project's."""
    own = root / "themes" / THEME_NAME
    return own if own.is_dir() else PROJECT_DIR / "themes" / THEME_NAME


def plugins_dir(root: Path) -> Path:
    """The newsroom's own `plugins/` if it has ours, else the project's."""
    own = root / "plugins"
    return own if (own / PLUGIN_NAMES[0]).is_dir() else PROJECT_DIR / "plugins"


class Inputs:
    """What a build is made from, read when it starts (see the module docstring)."""

    def __init__(self, root: Path, options: dict[str, Any]) -> None:
        self.root = root
        self.options = options
        self.started_ns = _file_system_now(root / RECORDS)
        content, self.newest_ns = _content_files(root / "content")
        self.digest = digest(
            FORMAT,
            sorted(options.items()),
            code_digest(),
            library_versions(ALL_LIBRARIES),
            tree_digest(theme_dir(root)),
            tree_digest(plugins_dir(root)),
            _bytes(root / "newsroom.yml"),
            _handbook(root),
            _decap(root),
            os.environ.get("PAGEFIND_BINARY_PATH", ""),  # the search index's binary
            _git_head(root) if options.get("use_git") else "",
            content,
        )

    def record_path(self) -> Path:
        which = digest(sorted(self.options.items()))[:16]
        return self.root / RECORDS / f"{which}.json"


def check_up_to_date(
    root: Path,
    output: Path | None,
    now: datetime,
    *,
    preview: bool = False,
    use_git: bool = True,
    with_handbook: bool = True,
    dry_run: bool = False,
    incremental: bool = True,
) -> tuple[Inputs | None, dict[str, Any] | None]:
    """The inputs of a build about to start, and the recorded result if nothing is to do.

    A dry run records nothing (None, None); a clean build is never skipped.
    """
    if dry_run:
        return None, None
    options = {"output": str(output or ""), "preview": preview, "use_git": use_git}
    # Sealed items open or not with the key: another key, another site (its hash only).
    if key := os.environ.get("NEWSROOM_EMBARGO_KEY", "").strip():
        options["embargo_key"] = digest(key)[:16]
    inputs = Inputs(root, {**options, "with_handbook": with_handbook})
    return inputs, up_to_date(inputs, now) if incremental else None


def up_to_date(inputs: Inputs, now: datetime) -> dict[str, Any] | None:
    """The recorded result when the live site is what a build now would make, else None."""
    try:
        record = json.loads(inputs.record_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    if record.get("inputs") != inputs.digest or inputs.newest_ns >= record["started_ns"]:
        return None  # changed, or changed within the time stamp the build started in
    if not record["now"] <= now.timestamp() < record["valid_until"]:
        return None
    output = Path(record["output"])
    live = SiteFolders(output).live()
    if live is None or live.name != record["folder"]:
        return None
    manifest = manifest_path(live)
    try:
        seen = os.stat(manifest)
        files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if [seen.st_size, seen.st_mtime_ns] != record["manifest"]:
        return None
    folder = str(live)
    for name, entry in files.items():  # no file changed by hand since
        try:
            info = os.stat(f"{folder}/{name}")
        except OSError:
            return None
        if info.st_size != entry[1] or info.st_mtime_ns != entry[2]:
            return None
    if _folders(folder, files) != record["folders"]:  # nor a file added or removed
        return None
    return record["result"]


def _folders(folder: str, files: dict[str, Any]) -> dict[str, list[int]]:
    """Each folder of a site by identity and time: a file added or removed changes its time."""
    names = {""}
    for name in files:
        while "/" in name:
            name = name.rsplit("/", 1)[0]
            if name in names:
                break
            names.add(name)
    seen: dict[str, list[int]] = {}
    for name in names:
        try:
            info = os.stat(f"{folder}/{name}")
        except OSError:
            continue
        seen[name] = [info.st_ino, info.st_mtime_ns]
    return seen


def record_build(
    inputs: Inputs, output: Path, now: datetime, valid_until: datetime, result: dict[str, Any]
) -> None:
    """Record a successful build (atomically; a read-only checkout keeps no record)."""
    live = SiteFolders(output).live()
    if live is None:
        return
    try:
        seen = os.stat(manifest_path(live))
        files = json.loads(manifest_path(live).read_text(encoding="utf-8"))["files"]
        record = {
            "format": FORMAT,
            "inputs": inputs.digest,
            "started_ns": inputs.started_ns,
            "now": now.timestamp(),
            "valid_until": valid_until.timestamp(),
            "output": str(output),
            "folder": live.name,
            "manifest": [seen.st_size, seen.st_mtime_ns],
            "folders": _folders(str(live), files),
            "result": result,
        }
        path = inputs.record_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        write_atomically(path, json.dumps(record).encode("utf-8"), durable=False)
    except (OSError, ValueError, KeyError):
        pass


def _content_files(folder: Path) -> tuple[list[tuple[str, int, int, int, int]], int]:
    """Every file under `content/` by its identity (size, times, inode); the newest change.

    The change time is part of the identity (a file given back an old modification time
    still has a new change time); the newest modification time is what the next build
    compares with the time stamp this one started at.
    """
    found = []
    newest = 0
    base = len(str(folder))
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            newest = max(newest, info.st_mtime_ns)
            found.append(
                (path[base:], info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            )
    found.sort()
    return found, newest


def _handbook(root: Path) -> list[object]:
    """The handbook's sources, found as `handbook.build.mkdocs_file` finds them: the
    newsroom's own mkdocs.yml and docs/, else those of the Newsroom checkout running."""
    for mkdocs in (root / "mkdocs.yml", PROJECT_DIR / "mkdocs.yml"):
        if mkdocs.is_file():
            docs = mkdocs.parent / "docs"
            return [str(mkdocs), _bytes(mkdocs), tree_digest(docs) if docs.is_dir() else ""]
    return ["no handbook"]


def _decap(root: Path) -> list[object]:
    """The web editor's bundle, where `handbook.cms.decap_dist` looks for it."""
    folders = [os.environ.get("NEWSROOM_DECAP_DIR", "")]
    folders += [str(root / ".cache/npm/decap-cms"), str(PROJECT_DIR / ".cache/npm/decap-cms")]
    seen: list[object] = []
    for folder in folders:
        try:
            info = os.stat(f"{folder}/dist/decap-cms.js")
            seen.append((folder, info.st_size, info.st_mtime_ns, info.st_ino))
        except OSError:
            seen.append((folder, None))
    return seen


def _git_head(root: Path) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "no git"
    return done.stdout.strip() if done.returncode == 0 else "no commit"


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _file_system_now(folder: Path) -> int:
    """The time stamp the file system gives a file changed now (its own granularity).

    A content file whose times are older than this was not changed after the build read
    it; one with the same or a later stamp may have been (git's "racy" files).
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stamp = folder / ".started"
        stamp.write_bytes(b"")
        return stamp.stat().st_mtime_ns
    except OSError:  # read-only: time alone, with the coarsest file systems' margin
        return time.time_ns() - RECENT_NS
