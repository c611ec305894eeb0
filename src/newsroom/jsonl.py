"""JSON Lines files kept in git that Newsroom appends to, read line by line.

The ledger (`syndication/ledger.py`), the queue (`syndication/queue.py`) and the stats
archive (`stats/archive.py`) all write through `atomic_files.write_atomically`, so a crash
leaves the old file or the new one, never half a line; the ledger and the archive read their
JSON Lines through `read_json_lines` and `parse_lines`, so a damaged line is a `file:line`
problem (never skipped, never a traceback) worded the same way for both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .problems import Problem
from .safe_files import FileRefused, read_regular_file

T = TypeVar("T")


@dataclass(frozen=True)
class Wording:
    """How the problems of one kind of JSON Lines file read; `{rel}` names the file."""

    refused: str  # advice after a file is refused (not a regular file, too large)
    torn: str  # the last line has no `\n`: a torn write
    bad_line: str  # a line that is not a record; `{error}` says why


@dataclass(frozen=True)
class JsonLines:
    """A JSON Lines file as read: its bytes, and its complete lines (without `\n`)."""

    rel: str  # repository-relative, as problems name it
    raw: bytes
    lines: list[bytes]


def read_json_lines(
    path: Path, root: Path, limit: int, wording: Wording, problems: list[Problem]
) -> JsonLines | None:
    """Read one file of `root` (at most `limit` bytes); None, and a problem, if refused.

    A torn last line is a problem at its number; the complete lines before it are returned.
    """
    rel = path.relative_to(root).as_posix()
    try:
        raw = read_regular_file(path, limit, wording.refused.format(rel=rel))
    except FileRefused as refused:
        problems.append(Problem(rel, 1, "", refused.message))
        return None
    lines = raw.split(b"\n")
    if lines[-1]:
        problems.append(Problem(rel, len(lines), "", wording.torn.format(rel=rel)))
    return JsonLines(rel, raw, lines[:-1])


def parse_lines(
    file: JsonLines, parse: Callable[[bytes], T], wording: Wording, problems: list[Problem]
) -> list[T]:
    """`parse` of each complete line, in order; a line it refuses is a problem at its number.

    `parse` raises ValueError saying what is wrong with the line.
    """
    parsed = []
    for number, line in enumerate(file.lines, start=1):
        try:
            parsed.append(parse(line))
        except ValueError as error:
            problems.append(bad_line(file.rel, number, error, wording))
    return parsed


def bad_line(rel: str, number: int, error: ValueError, wording: Wording) -> Problem:
    """The problem of line `number` of `rel`, which is not a record because of `error`."""
    return Problem(rel, number, "", wording.bad_line.format(error=error, rel=rel))
