"""Parsed front matter kept across runs, by the hash of each file's bytes.

Reading YAML with the line of every key is most of the time of loading 10,000 items;
the result depends only on the file's bytes and on Newsroom's code. Validation and every
repository rule still run on every file, every time: only the parsing is reused.

The cache is one file, `.cache/parsed/<code digest>.pickle`, written by a successful
build (never by `check` or a dry run), holding just the files of that build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import Any

from .fingerprint import code_digest

FOLDER = Path(".cache/parsed")


class ParseCache:
    """Parsed files by content hash; `save` keeps only those used in this run."""

    def __init__(self, root: Path) -> None:
        self.folder = root / FOLDER
        self.path = self.folder / f"{code_digest()}.pickle"
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._added = False
        try:
            with self.path.open("rb") as file:
                loaded = pickle.load(file)  # our own file, in the repository's ignored cache
            if isinstance(loaded, dict):
                self._entries = loaded
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            pass  # absent or from another version: parse again

    @staticmethod
    def key(raw: bytes) -> str:
        return hashlib.blake2b(raw, digest_size=20).hexdigest()

    def get(self, key: str) -> Any | None:
        found = self._entries.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def add(self, key: str, parsed: Any) -> None:
        self._used[key] = parsed
        self._added = True

    def save(self) -> None:
        """Write the entries used in this run, if anything changed (atomic; errors ignored)."""
        if not self._added and len(self._used) == len(self._entries):
            return
        try:
            if self.folder.is_dir():
                shutil.rmtree(self.folder)  # other code versions' files
            self.folder.mkdir(parents=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                pickle.dump(self._used, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:  # a read-only checkout: no cache
            pass
