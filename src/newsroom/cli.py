"""The `newsroom` command line: the group, and the commands each `cli_*` module declares.

Shared pieces (the repository, errors, exit codes, options) live in `cli_common`; each
command module lists its commands in `COMMANDS`, gathered here and nowhere else.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
from pathlib import Path

import click

from . import (
    __version__,
    cli_accounts,
    cli_content,
    cli_embargo,
    cli_github,
    cli_handbook,
    cli_review,
    cli_site,
    cli_stats,
    cli_syndication,
)
from .cli_common import EXIT_PROBLEMS, Session, session

__all__ = ["EXIT_PROBLEMS", "Session", "main", "run"]


class _Commands(click.Group):
    """The `newsroom` group: its command list shows each first sentence whole, never cut
    with `...` at the terminal's width (the lines wrap instead)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, command.get_short_help_str(limit=1000))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsroom")
@click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="The newsroom repository (default: $NEWSROOM_ROOT, else the folder holding "
    "newsroom.yml above the current one).",
)
@click.pass_context
def main(ctx: click.Context, root: Path | None) -> None:
    """Newsroom: publish once on your site, syndicate everywhere, one link per item."""
    session(ctx).root = root


for _module in (
    cli_content,
    cli_site,
    cli_syndication,
    cli_accounts,
    cli_handbook,
    cli_stats,
    cli_review,
    cli_github,
    cli_embargo,
):
    for _command in _module.COMMANDS:
        main.add_command(_command)


def run() -> None:
    """The `newsroom` program (the console script): the command, then a quick exit.

    A build leaves millions of objects behind; freeing them one by one when Python exits
    takes half a second at 10,000 items, for nothing. The exit handlers still run (logs
    flushed, temporary folders removed); only the heap's teardown is skipped. Under a
    profiler or a tracer (pyinstrument, coverage), which report once the program returns,
    it exits as usual. Tests call `main` (click's group) and never exit this way.
    """
    try:
        main()  # standalone: ends with SystemExit
        code: object = 0
    except SystemExit as done:
        code = done.code
    if sys.getprofile() is not None or sys.gettrace() is not None:
        sys.exit(code)
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # what sys.exit("message") prints
        code = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`newsroom check | head`)
            stream.flush()
    os._exit(code or 0)
