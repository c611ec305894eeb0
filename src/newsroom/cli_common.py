"""What every `newsroom` command shares: the repository, exit codes, errors, options, logging.

Each `cli_*` module imports from here (never from `cli`, which only gathers the commands),
so every command module imports on its own. A command's collaborators — how it makes a
network adapter — travel in the click context (:class:`Session`), so tests hand a command
their fakes through `CliRunner.invoke(main, …, obj=Session(adapter_factory=…))` rather than
by patching module globals.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .problems import Problem, ProblemsFound, format_github, format_human, system_problem

if TYPE_CHECKING:  # imported by the commands that use them, not at start-up (issue #20)
    from .networks.base import AdapterFactory
    from .repository import Newsroom

EXIT_OK = 0
EXIT_PROBLEMS = 1  # the user's files have problems (or a run failed): fix and run again
EXIT_FAILED = 1  # something due was not done (a post failed); the output says what
EXIT_USAGE = 2  # click's own code for a wrong command line


@dataclass
class Session:
    """What the `newsroom` group hands each command: the root option and collaborators."""

    root: Path | None = None
    # Builds a network adapter (account id, settings, secrets); None: the real adapters.
    adapter_factory: AdapterFactory | None = None


def session(ctx: click.Context) -> Session:
    """The Session of this command line (made by the group, or given by a test)."""
    return ctx.find_root().ensure_object(Session)


def root_of(ctx: click.Context) -> Path:
    """The repository the command works on: `--root`, `$NEWSROOM_ROOT`, or found upward."""
    from .repository import find_root  # light: no configuration models

    root = session(ctx).root
    return root.resolve() if root else find_root()


def open_checked_newsroom(root: Path) -> Newsroom:
    """`syndication.checks.open_checked_newsroom`, imported only by a command that reads
    content: the content model (pydantic, YAML, the networks' counting) is not needed by
    `newsroom --help` and would double its start-up time."""
    from .syndication.checks import open_checked_newsroom as open_checked

    return open_checked(root)


def default_format() -> str:
    """`github` (annotations) when running in GitHub Actions, else `human`."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"


def report(problems: list[Problem], output_format: str) -> None:
    """Print problems: annotations only for `github` (the log shows them), lines otherwise."""
    if output_format == "github":
        click.echo(format_github(problems))
    else:
        click.echo(format_human(problems))


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Print problems in the user's input as problems, never as a traceback.

    The single exit for user errors: problems found in files, and the file system refusing
    a read or write (disk full, read-only, permissions), as `file:line: message`.
    """

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ProblemsFound as found:
            report(found.problems, default_format())
            sys.exit(EXIT_PROBLEMS)
        except OSError as error:
            problem = system_problem(error)
            if problem is None:
                raise
            report([problem], default_format())
            sys.exit(EXIT_PROBLEMS)

    return wrapper


def selected(root: Path, paths: Iterable[Path]) -> list[str]:
    """PATHS of the command line as repository paths; a path outside it is a usage error."""
    chosen = []
    for path in paths:
        absolute = path.resolve()
        if not absolute.is_relative_to(root):
            raise click.BadParameter(
                f"{path} is not inside the newsroom {root}", param_hint="PATHS"
            )
        chosen.append(absolute.relative_to(root).as_posix())
    return chosen


def in_selection(path: str, chosen: list[str]) -> bool:
    """Whether a repository path is one of the selected paths (or inside one)."""
    return not chosen or any(
        sel in (".", path) or path.startswith(sel.rstrip("/") + "/") for sel in chosen
    )


def port_option(default: int, what: str = "") -> Callable[[Callable[..., Any]], Any]:
    """`-p/--port` on 127.0.0.1, the same for every command that serves."""
    return click.option(
        "-p",
        "--port",
        type=click.IntRange(0, 65535),
        default=default,
        show_default=True,
        help=f"Port on 127.0.0.1{what} (0: any free port).",
    )


def log_to_stderr(verbose: int, redactor: logging.Filter) -> None:
    """Everything logged (ours and the SDKs') goes to stderr through the secret filter."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(redactor)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_newsroom", False)]:
        root.removeHandler(old)
    handler._newsroom = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel([logging.WARNING, logging.INFO, logging.DEBUG][min(verbose, 2)])
