"""What reading each content file found, kept across commands by the file's bytes.

Reading 10,000 items (YAML, validation, every rule) takes seconds; most commands read the
same files as the run before. A `ContentMemory` keeps, for each item file, the outcome of
`content.read_item` — its problems, its id (for the rules between files), whether it is
valid — and the valid `Item` itself, by the file's path and the hash of its bytes, in
`.cache/content/` (never committed). An outcome is reused only when

- the file has the same bytes (its hash; the bytes are not even read again when the file's
  size, times and inode are those recorded, as git does, except for files changed in the
  two seconds before the record was written),
- the configuration, Newsroom's code, the libraries and the rules handed down
  (`item_checks`) are the same (they name the store's file: another version, another file),
- and every file the rules looked up (the image, the attachments) is the same file, of the
  same size and time (or still absent, in a folder that did not change).

Anything else reads the file again, with every rule. The rules between files (unique ids,
translations) and whether an item is published yet (the clock) run on every load; only
the per-file work is kept. Items are a separate file, loaded only when a command asks for
`content.items`: `check` of unchanged files never loads them. In a long-running process
(`newsroom serve`) the memory stays loaded between rebuilds.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from . import clock
from .atomic_files import pickle_atomically
from .build_cache import CACHE, BuildCache, load_kept
from .config import SiteConfig
from .content import Content, Item, ItemCheck, _IdUse, read_content_file, read_item
from .fingerprint import READING_LIBRARIES, code_digest, digest, library_versions
from .forking import can_fork, in_two_processes
from .problems import Problem
from .safe_files import FileRefused

FOLDER = CACHE / "content"
# A file changed this recently may change again within the same time stamp: not trusted
# by its times alone (git's "racy" files), its bytes are hashed again next time.
RECENT_NS = 2_000_000_000
FORMAT = 2  # 2: outcomes keep warnings
# Files to read at once from which a second process pays for itself (a cold `check`).
PARALLEL_READS = 1000
# Items read again since the store was last written whole, kept in a small file beside it.
RECENT_ITEMS = 500

Key = tuple[str, str]  # repository path, hash of the bytes
Signature = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns


@dataclass(frozen=True)
class Outcome:
    """What reading one file found (see the module docstring for when it is reused)."""

    problems: tuple[Problem, ...]
    id_use: _IdUse | None
    looked_at: tuple[tuple[str, object], ...]  # repository path, signature of that file
    valid: bool
    warnings: tuple[Problem, ...] = ()


_MEMORIES: dict[tuple[Path, str], ContentMemory] = {}


class ContentMemory:
    """Outcomes and items by (path, hash of bytes); see the module docstring."""

    @classmethod
    def open(
        cls, root: Path, config: SiteConfig, item_checks: Sequence[ItemCheck] = ()
    ) -> ContentMemory:
        """The memory of this root and configuration, kept loaded for the process."""
        name = digest(
            FORMAT,
            code_digest(),
            library_versions(READING_LIBRARIES),
            config.model_dump_json(),
            [f"{check.__module__}.{check.__qualname__}" for check in item_checks],
        )[:32]
        key = (root, name)
        if key not in _MEMORIES:
            _MEMORIES.clear()  # another configuration or code: the old one is of no use
            _MEMORIES[key] = cls(root, config, item_checks, name)
        memory = _MEMORIES[key]
        memory.config = config
        return memory

    def __init__(
        self, root: Path, config: SiteConfig, item_checks: Sequence[ItemCheck], name: str
    ) -> None:
        self.root = root
        self.config = config
        self.item_checks = tuple(item_checks)
        self.folder = root / FOLDER
        self.checked_path = self.folder / f"{name}.checked.pickle"
        self.items_path = self.folder / f"{name}.items.pickle"
        self.recent_path = self.folder / f"{name}.recent.pickle"
        self.reused = 0  # files whose outcome was reused by the last load
        loaded = _load(self.checked_path)
        self._stat: dict[str, tuple[Signature, str]] = loaded.get("stat", {})
        self._outcomes: dict[Key, Outcome] = loaded.get("outcomes", {})
        self._items: dict[Key, Item] | None = None  # loaded when items are asked for
        self._recent: dict[Key, Item] = {}  # of them, those in `recent_path`

    def read_items(self, news: list[str], content: Content, cache: BuildCache | None) -> None:
        """Read the item files `news` into `content`, reusing what is known (in order)."""
        now = clock.now()
        root = str(self.root)
        folders: dict[str, object] = {}
        stats: dict[str, tuple[Signature, str]] = {}
        outcomes: dict[Key, Outcome] = {}
        fresh: dict[Key, Item] = {}
        valid: list[Key] = []
        self.reused = 0
        keys: list[Key | None] = []
        known: dict[str, Outcome] = {}
        to_read: list[tuple[str, bytes | None]] = []
        for rel in news:
            key, raw = self._identify(root, rel, stats)
            keys.append(key)
            outcome = self._outcomes.get(key) if key is not None else None
            if outcome is not None and _unchanged(root, outcome.looked_at, folders):
                known[rel] = outcome
            else:
                to_read.append((rel, raw))
        read = self._read_all(to_read, cache, folders)
        to_read.clear()  # the files' bytes (≈ 250 MB at 50,000 items) are not needed again
        for rel, key in zip(news, keys, strict=True):
            if rel in known:
                outcome = known[rel]
                self.reused += 1
            else:
                outcome, item = read[rel]
                if item is not None:
                    fresh[(rel, key[1] if key else "")] = item
                if key is None:  # not a file we can keep (refused): nothing remembered
                    if item is not None:
                        valid.append((rel, ""))
                    content.problems += outcome.problems
                    content.warnings += outcome.warnings
                    content.ids += [outcome.id_use] if outcome.id_use else []
                    content.valid += item is not None
                    continue
            outcomes[key] = outcome
            self._apply(outcome, now, content)
            if outcome.valid:
                valid.append(key)
        content._lazy_paths = {rel for rel, _ in valid}
        content._make_items = lambda: self._make_items(valid, fresh, content, cache)
        self._save(stats, outcomes, fresh, valid)

    def _identify(
        self, root: str, rel: str, stats: dict[str, tuple[Signature, str]]
    ) -> tuple[Key | None, bytes | None]:
        """The file's key, and its bytes when they had to be read (None: not keepable)."""
        try:
            info = os.stat(f"{root}/{rel}")
        except OSError:
            return None, None
        if not stat.S_ISREG(info.st_mode):
            return None, None
        signature = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
        known = self._stat.get(rel)
        if known is not None and known[0] == signature:
            stats[rel] = known
            return (rel, known[1]), None
        try:
            raw = read_content_file(self.root, rel)
        except FileRefused:
            return None, None
        hashed = hashlib.blake2b(raw, digest_size=20).hexdigest()
        stats[rel] = (signature, hashed)  # the signature read before the bytes: see RECENT_NS
        return (rel, hashed), raw

    def _read_all(
        self,
        files: list[tuple[str, bytes | None]],
        cache: BuildCache | None,
        folders: dict[str, object],
    ) -> dict[str, tuple[Outcome, Item | None]]:
        """Read `files` (path, bytes if read) with every rule; on two cores when they are
        many (a cold `check`: most of its time is YAML and validation, file by file).

        A forked copy of this process reads every other file and hands its outcomes (and
        what it used of `cache`) back through a temporary file; if it fails, its files are
        read here. The outcomes are the same either way: each file is read on its own.
        """
        if len(files) < PARALLEL_READS or not can_fork():
            return {rel: self._read(rel, cache, raw, folders) for rel, raw in files}
        theirs = files[1::2]

        def read_theirs() -> tuple[dict[str, tuple[Outcome, Item | None]], object]:
            found = {rel: self._read(rel, cache, raw, {}) for rel, raw in theirs}
            return found, cache.state() if cache is not None else ({}, {})

        def read_mine() -> dict[str, tuple[Outcome, Item | None]]:
            return {rel: self._read(rel, cache, raw, folders) for rel, raw in files[0::2]}

        read, handed = in_two_processes(read_mine, read_theirs)
        if handed is None:  # the child failed: its files are read here
            return read | {rel: self._read(rel, cache, raw, folders) for rel, raw in theirs}
        found, used = handed
        if cache is not None:
            cache.absorb(used)
        return read | found

    def _read(
        self,
        rel: str,
        cache: BuildCache | None,
        raw: bytes | None,
        folders: dict[str, object],
    ) -> tuple[Outcome, Item | None]:
        """Read the file with every rule, into a scratch Content: its outcome and item."""
        scratch = Content()
        looked: list[str] = []
        item = read_item(self.root, rel, self.config, scratch, cache, self.item_checks, raw, looked)
        root = str(self.root)
        outcome = Outcome(
            tuple(scratch.problems),
            scratch.ids[0] if scratch.ids else None,
            tuple((path, _signature(root, path, folders)) for path in looked),
            item is not None,
            tuple(scratch.warnings),
        )
        return outcome, item

    @staticmethod
    def _apply(outcome: Outcome, now: datetime, content: Content) -> None:
        content.problems += outcome.problems
        content.warnings += outcome.warnings
        if outcome.id_use is not None:
            use = outcome.id_use
            published = use.publish_at is not None and use.publish_at <= now
            content.ids.append(
                use if use.published == published else replace(use, published=published)
            )
        content.valid += outcome.valid

    def _make_items(
        self,
        valid: list[Key],
        fresh: dict[Key, Item],
        content: Content,
        cache: BuildCache | None,
    ) -> list[Item]:
        """The valid items, in order: read this run, else kept, else read again."""
        kept = self._load_items() if len(fresh) < len(valid) else {}
        items = []
        for key in valid:
            item = fresh.get(key) or kept.get(key)
            if item is None:  # the items' file was lost: read the file again
                item = read_item(self.root, key[0], self.config, Content(), cache, self.item_checks)
            if item is not None:
                items.append(item)
        return items

    def _load_items(self) -> dict[Key, Item]:
        """The kept items: the whole store, and the recently read ones written beside it."""
        if self._items is None:
            self._items = _load(self.items_path).get("items", {})
            self._recent = _load(self.recent_path).get("items", {}) if self._items else {}
            self._items |= self._recent
        return self._items

    def _save(
        self,
        stats: dict[str, tuple[Signature, str]],
        outcomes: dict[Key, Outcome],
        fresh: dict[Key, Item],
        valid: list[Key],
    ) -> None:
        """Write what changed (atomically; a read-only checkout simply keeps no memory)."""
        recent = time.time_ns() - RECENT_NS
        stats = {rel: known for rel, known in stats.items() if known[0][1] < recent}
        if stats != self._stat or outcomes.keys() != self._outcomes.keys():
            self._stat, self._outcomes = stats, outcomes
            _store(self.checked_path, {"stat": stats, "outcomes": outcomes})
        if fresh:
            kept = self._load_items()
            self._items = {
                key: fresh.get(key) or kept[key] for key in valid if key in fresh or key in kept
            }
            # A few items read again (an edit): written beside the store, not the store
            # again (tens of megabytes at 10,000 items), until they are many.
            recent = {
                key: item for key, item in (self._recent | fresh).items() if key in self._items
            }
            if self.items_path.is_file() and len(recent) <= RECENT_ITEMS:
                self._recent = recent
                _store(self.recent_path, {"items": recent})
            else:
                self._recent = {}
                _store(self.items_path, {"items": self._items})
                self.recent_path.unlink(missing_ok=True)


def _signature(root: str, rel: str, folders: dict[str, object]) -> object:
    """The identity of a file the rules looked up: which file, its size and time.

    When it is absent, its folder's identity and time instead: the "did you mean" of the
    message depends on the files beside it.
    """
    path = f"{root}/{rel}"
    try:
        info = os.lstat(path)  # the link itself: a file swapped for a link to it is a change
        return (info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns, info.st_mode)
    except (OSError, ValueError):
        folder = os.path.dirname(path)
        if folder not in folders:
            try:
                seen = os.stat(folder)
                folders[folder] = (seen.st_ino, seen.st_dev, seen.st_mtime_ns)
            except (OSError, ValueError):
                folders[folder] = None
        return ("absent", folders[folder])


def _unchanged(root: str, looked_at: tuple[tuple[str, object], ...], folders: dict) -> bool:
    return all(_signature(root, rel, folders) == seen for rel, seen in looked_at)


def _load(path: Path) -> dict[str, Any]:
    """A store written by `_store`; empty when absent, damaged or of another format."""
    loaded = load_kept(path)
    return loaded if isinstance(loaded, dict) else {}


def _store(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.is_file():
            ignore.write_text("*\n", encoding="utf-8")
        for other in path.parent.glob("*.pickle"):  # other versions' files
            if other.name.split(".")[0] != path.name.split(".")[0]:
                other.unlink(missing_ok=True)
        pickle_atomically(path, data)
    except OSError:
        pass
