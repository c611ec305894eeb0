"""The ledger's index, kept by the bytes of each file: not re-read whole on every run.

`Ledger.open` indexes every line of `ledger/posts/*.jsonl` (type, item, account, time):
with 40,000 posts that is most of a `publish --dry-run`. A file's index depends only on
its bytes, so the index of a file whose every line passed is kept in
`.cache/ledger/<hash of the file>.pickle` (never committed) and reused for the same bytes.
A file with a damaged line is never kept: it is parsed, and its problem reported, on every
run. The newest file changes with each run; indexes of files no longer in the ledger go.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from ..atomic_files import write_atomically
from ..build_cache import load_kept
from ..fingerprint import code_digest, digest

FOLDER = Path(".cache/ledger")
FORMAT = 1

Entry = tuple[str, str, str, str, bytes]  # type, item, account, at, the line


def key(raw: bytes) -> str:
    """The name of a file's index: the hash of its bytes and of the code that checks them
    (a new rule for ledger lines checks every file again)."""
    return digest(FORMAT, code_digest(), hashlib.blake2b(raw, digest_size=20).hexdigest())[:40]


def read(root: Path, name: str) -> list[Entry] | None:
    """The index kept for a file, or None (absent or damaged: index the file)."""
    entries = load_kept(root / FOLDER / f"{name}.pickle")
    return entries if isinstance(entries, list) else None


def write(root: Path, name: str, entries: list[Entry]) -> None:
    """Keep a file's index (atomically; a read-only checkout simply keeps none)."""
    folder = root / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".gitignore").write_text("*\n", encoding="utf-8")
        pickled = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomically(folder / f"{name}.pickle", pickled, durable=False)
    except OSError:
        pass


def keep_only(root: Path, names: set[str]) -> None:
    """Remove the indexes of files the ledger no longer has (the newest one grew)."""
    folder = root / FOLDER
    if not folder.is_dir():
        return
    for path in folder.glob("*.pickle"):
        if path.stem not in names:
            path.unlink(missing_ok=True)
