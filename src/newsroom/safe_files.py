"""Reading the files users write (content, newsroom.yml, ledger, queue): bounded, regular only.

Every such file is read here, so one place guarantees two things: a named pipe, a device
or a socket that happens to carry a `.md` or `.jsonl` name is refused instead of blocking
the command forever, and no file is loaded past a size limit chosen per kind of file.

`linked_part` guards the files an item or newsroom.yml names for publication: never a
symbolic link, nor reached through one.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

MIB = 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class FileRefused(Exception):
    """The file cannot be used; `message` says why and what to do, without the path."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def human_bytes(size: int) -> str:
    """`512 bytes`, `48 KiB`, `5.0 MiB`: the units the limits are written in."""
    if size < 1024:
        return f"{size} bytes"
    if size < MIB:
        return f"{size // 1024} KiB"
    return f"{size / MIB:.1f} MiB"


def read_regular_file(path: Path, limit: int, advice: str) -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes.

    Raises FileRefused otherwise; `advice` ends the message of a file that is too large.
    The file is opened non-blocking, so a pipe swapped in after the check cannot hang us.
    """
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(
                f"is {_kind(info.st_mode)}, not a regular file — replace it by a file, or remove it"
            )
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as error:
        raise FileRefused(f"cannot be read ({error.strerror}) — check the file") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise FileRefused("is not a regular file — replace it by a file, or remove it")
        data = _read_at_most(descriptor, limit + 1)
    except OSError as error:
        raise FileRefused(f"cannot be read ({error.strerror}) — check the file") from None
    finally:
        os.close(descriptor)
    if len(data) > limit:
        raise FileRefused(f"is over the {human_bytes(limit)} limit — {advice}")
    return data


def _read_at_most(descriptor: int, count: int) -> bytes:
    # Chunked: a file that grows while we read it still stops at `count`.
    chunks, left = [], count
    while left > 0:
        chunk = os.read(descriptor, min(left, MIB))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def linked_part(root: Path, rel: str) -> str | None:
    """The first part of `rel` (a path below `root`) that is a symbolic link, else None.

    Files a contributor names are published: a committed link would publish whatever it
    points to (`.git/config`, a workflow), so a link anywhere on the way is refused.
    """
    parts = PurePosixPath(rel).parts
    # Not cached: `serve` runs for hours, and a link added meanwhile must be seen.
    for end in range(1, len(parts) + 1):
        if os.path.islink(root.joinpath(*parts[:end])):
            return "/".join(parts[:end])
    return None


def link_refusal(value: str, part: str) -> str:
    """Why `value`, whose `part` is a symbolic link, is refused (to follow the quoted path)."""
    if part == PurePosixPath(value).as_posix():
        return "is a symbolic link, which is never published — commit the file itself in its place"
    return (
        f"is reached through {part!r}, a symbolic link, which is never published — move the "
        "file into a real folder and write that path"
    )
