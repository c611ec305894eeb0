"""Results kept across builds by the hash of what they were made from, one file per kind.

- `parsed`: each content file's front matter as read (YAML with the line of every key),
  by the hash of the file's bytes. Reading YAML is most of the time of loading 10,000
  items; validation and every repository rule still run on every file, every time.
- `rendered`: each Markdown body as sanitised HTML, by the hash of the body, with what
  each relative URL of the body became (reused only when this build maps them the same).

A store is one file, `.cache/<kind>/<digest>.pickle`, where the digest names Newsroom's
code and the libraries the results depend on (another version: another file). It is
written by a successful build (never by `check` or a dry run) and keeps only the entries
that build used.
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
        self.hits = 0
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._added = False
        loaded = load_kept(self.path)
        if isinstance(loaded, dict):
            self._entries = loaded

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
        self._added = True

    def state(self) -> tuple[dict[str, Any], bool]:
        """What this run used and whether it added (for a forked reader to hand back)."""
        return self._used, self._added

    def absorb(self, state: tuple[dict[str, Any], bool]) -> None:
        """Take in what a forked reader's copy of this cache used and added."""
        used, added = state
        self._used.update(used)
        self._added = self._added or added

    def save(self) -> None:
        """Write the entries used in this run, if anything changed (atomic; errors ignored)."""
        if not self._added and len(self._used) == len(self._entries):
            return
        try:
            if self.folder.is_dir():
                shutil.rmtree(self.folder)  # other versions' files
            self.folder.mkdir(parents=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            pickle_atomically(self.path, self._used)
        except OSError:  # a read-only checkout: no cache
            pass
