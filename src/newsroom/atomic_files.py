"""One way to replace a file: a temporary file beside it, renamed over it.

A reader (or a crash) sees the old file or the new one, never a part of either; the old file
is never written into, so a hard link another folder shares keeps its bytes. Files kept in
git (the ledger, the queue, the stats archive) are `durable`: flushed to disk, folder too,
before the call returns. Caches and built files are not: losing one costs a rebuild only.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def write_atomically(
    path: Path, data: bytes, *, durable: bool = True, mode: int | None = None
) -> None:
    """Replace `path` by `data` through a temporary file in its folder and one rename.

    `durable`: fsync the file and then the folder (what git-kept records need);
    `mode`: the new file's permissions (a temporary file is made readable by its owner only).
    """
    with replacing(path, durable=durable, mode=mode) as file:
        file.write(data)


def pickle_atomically(path: Path, data: object) -> None:
    """Replace `path` by `data` pickled (a cache: not durable), written as it is pickled:
    no copy of the whole pickle in memory (hundreds of megabytes at 50,000 items)."""
    with replacing(path, durable=False) as file:
        pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)


@contextmanager
def replacing(path: Path, *, durable: bool = True, mode: int | None = None) -> Iterator[BinaryIO]:
    """A new file to write, renamed over `path` once the block ends (see write_atomically);
    removed, and `path` left as it was, if the block raises."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
            if durable:
                file.flush()
                os.fsync(file.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """fsync a folder, so that a rename in it survives a power cut."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
