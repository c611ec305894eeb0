"""Problems found in user input, and the three ways `newsroom check` prints them."""

from __future__ import annotations

import contextlib
import difflib
import errno
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from .github_text import annotation


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, at one line, that a person can fix."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        field = f" {self.field}:" if self.field else ""
        return f"{self.file}:{self.line}:{field} {self.message}"


class ProblemsFound(Exception):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# What to do when the system refuses a read or write (by errno), said once for every command.
_SYSTEM_ADVICE = {
    errno.ENOSPC: "the disk is full — free some space, then run the command again",
    errno.EDQUOT: "the disk quota is used up — free some space, then run the command again",
    errno.EROFS: "the file system is read-only — run the command where it can write",
    errno.EACCES: "permission denied — give your user access to it, then run again",
    errno.EPERM: "operation not permitted — give your user access to it, then run again",
    errno.EMFILE: "too many open files — raise `ulimit -n`, then run again",
    errno.EIO: "input/output error — check the disk, then run again",
}


def system_problem(error: OSError) -> Problem | None:
    """The problem a user can fix behind a failed read or write, if it is one."""
    advice = _SYSTEM_ADVICE.get(error.errno or 0)
    if advice is None:
        return None
    name = os.fsdecode(error.filename) if error.filename is not None else "."
    with contextlib.suppress(ValueError):  # outside the current folder: keep it absolute
        name = Path(name).resolve().relative_to(Path.cwd()).as_posix()
    return Problem(name, 1, "", f"{error.strerror}: {advice}")


def did_you_mean(value: object, choices: Iterable[str]) -> str:
    """Return ` (did you mean 'quantum'?)` when a close match exists, else an empty string."""
    matches = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def format_github(problems: Iterable[Problem], level: str = "error") -> str:
    """GitHub Actions workflow commands, so each problem is annotated on its file and line
    (through github_text: a message quoting content mentions no one).

    `level`: `error`, or `warning` for what is published all the same (shown in yellow).
    """
    return "\n".join(
        annotation(
            level,
            (f"{p.field}: " if p.field else "") + p.message,
            file=p.file,
            line=p.line,
            title=p.field or "newsroom check",
        )
        for p in problems
    )


def format_human(problems: Iterable[Problem]) -> str:
    """One `file:line: field: message` line per problem, the way compilers print them."""
    return "\n".join(str(p) for p in problems)


def format_json(
    problems: Sequence[Problem],
    summary: dict[str, int],
    warnings: Sequence[Problem] = (),
    elsewhere: Sequence[Problem] = (),
) -> str:
    """A JSON document for tools: every problem, every warning, what was checked, and the
    problems of the files not checked this time (`elsewhere`) that stop the build all the same."""
    return json.dumps(
        {
            "ok": not problems and not elsewhere,
            "problems": [asdict(p) for p in problems],
            "warnings": [asdict(p) for p in warnings],
            "checked": summary,
            "elsewhere": [asdict(p) for p in elsewhere],
        },
        ensure_ascii=False,
        indent=2,
    )
