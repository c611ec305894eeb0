"""Results kept across builds by the hash of what they were made from, one file per kind.

- `parsed`: each content file's front matter as read (YAML with the line of every key),
  by the hash of the file's bytes. Reading YAML is most of the time of loading 10,000
  items; validation and every repository rule still run on every file, every time.
- `rendered`: each Markdown body as sanitised HTML, by the hash of the body, with what
  each relative URL of the body became (reused only when this build maps them the same).

A store is one file, `.cache/<kind>/<digest>.pickle`, where the digest names Newsroom's
code and the libraries the results depend on (another version: another file). It is
written by a successful build (never by `check` or a dry run) and keeps only the entries
that build used. An edit adds a few entries to a store of tens of thousands (≈ 50 MB at
10,000 items): while most of the store is still used, the entries a build added are
appended to the store's *journal* (`<digest>.journal`, read after the store) instead of
the whole store being written again; once a quarter of it goes unused, or the journal
grows to a quarter of it, the store is written whole (only what the build used) and the
journal removed. Entries are results by the hash of their inputs (a trace's latest
dependencies by its key): an entry read twice, or a journal a concurrent build appended
to, is never a wrong answer, and a damaged journal's tail is a miss.
"""

from __future__ import annotations

import gc
import hashlib
import pickle
import shutil
from pathlib import Path
from typing import Any

from .atomic_files import pickle_atomically
from .fingerprint import READING_LIBRARIES, code_digest, digest, library_versions

CACHE = Path(".cache")
# The share of a store that may go unused, and the size of its journal relative to it,
# before the store is written whole again (see the module docstring).
REWRITE_SHARE = 0.25
# The libraries whose version can change a parsed or rendered result.


def load_kept(path: Path) -> object | None:
    """What a cache file of ours holds; None when it is absent or damaged in any way.

    Our own files, in the repository's ignored `.cache/`: a damaged one (a crash while
    writing, a disk error, bytes changed by hand) makes unpickling raise almost anything —
    EOFError, UnicodeDecodeError, KeyError, MemoryError… — and is simply a miss.
    """
    collecting = gc.isenabled()
    gc.disable()  # unpickling makes many objects at once: the collector would rescan them
    try:
        with path.open("rb") as file:
            return pickle.load(file)
    except Exception:
        return None
    finally:
        if collecting:
            gc.enable()


class BuildCache:
    """One kind of result by content hash; `save` keeps only those used in this run."""

    def __init__(self, root: Path, kind: str) -> None:
        self.folder = root / CACHE / kind
        versions = library_versions(READING_LIBRARIES)
        self.path = self.folder / f"{digest(code_digest(), versions)[:32]}.pickle"
        self.journal = self.path.with_suffix(".journal")
        self.hits = 0
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._new: dict[str, Any] = {}  # added by this run
        loaded = load_kept(self.path)
        if isinstance(loaded, dict):
            self._entries = loaded
            self._entries.update(_journal_entries(self.journal))

    @staticmethod
    def key(data: bytes | str) -> str:
        raw = data.encode() if isinstance(data, str) else data
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> Any | None:
        found = self._entries.get(key)
        if found is not None:
            self.hits += 1
            self._used[key] = found
        return found

    def peek(self, key: str) -> Any | None:
        """An entry, without keeping it for the next run (`get` keeps it)."""
        return self._entries.get(key)

    def add(self, key: str, result: Any) -> None:
        self._used[key] = result
        self._new[key] = result

    def state(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """What this run used and what it added (for a forked reader to hand back)."""
        return self._used, self._new

    def absorb(self, state: tuple[dict[str, Any], dict[str, Any]]) -> None:
        """Take in what a forked reader's copy of this cache used and added."""
        used, new = state
        self._used.update(used)
        self._new.update(new)

    def save(self) -> None:
        """Keep the entries used in this run, if anything changed: the entries added
        appended to the journal while the store is mostly used, else the store written
        whole (see the module docstring; atomic; errors ignored)."""
        unused = len(self._entries.keys() - self._used.keys())
        if not self._new and not unused:
            return
        try:
            if unused <= REWRITE_SHARE * len(self._entries) and self._journal_fits():
                if self._new:
                    _append(self.journal, self._new)
                return
            if self.folder.is_dir():
                shutil.rmtree(self.folder)  # other versions' files, the journal
            self.folder.mkdir(parents=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            pickle_atomically(self.path, self._used)
        except OSError:  # a read-only checkout: no cache
            pass

    def _journal_fits(self) -> bool:
        """Whether the store exists and its journal is still small beside it."""
        try:
            store = self.path.stat().st_size
        except OSError:
            return False
        try:
            journal = self.journal.stat().st_size
        except OSError:
            journal = 0
        return journal <= REWRITE_SHARE * store


def _append(journal: Path, entries: dict[str, Any]) -> None:
    """Append `entries` to a store's journal as one pickle, in one write."""
    data = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    with journal.open("ab") as file:
        file.write(data)


def _journal_entries(journal: Path) -> dict[str, Any]:
    """The entries a store's journal adds, in order; those after a damaged record are
    left out (misses: the next build makes them again)."""
    entries: dict[str, Any] = {}
    try:
        file = journal.open("rb")
    except OSError:
        return entries
    collecting = gc.isenabled()
    gc.disable()
    with file:
        while True:
            try:
                record = pickle.load(file)
            except Exception:  # the end, or a damaged record (see load_kept)
                break
            if not isinstance(record, dict):
                break
            entries.update(record)
    if collecting:
        gc.enable()
    return entries
