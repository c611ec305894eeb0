"""The `newsroom` command line."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from . import __version__
from .problems import Problem, ProblemsFound, format_github, format_human, format_json
from .repository import find_root, open_newsroom

EXIT_PROBLEMS = 1


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "human"


def _report(problems: list[Problem], output_format: str) -> None:
    if output_format == "github":
        # Annotations for the pull request, plus the readable lines for the log.
        click.echo(format_github(problems))
    click.echo(format_human(problems), err=output_format == "github")


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
            _report(found.problems, _default_format())
            sys.exit(EXIT_PROBLEMS)
        except OSError as error:
            problem = system_problem(error)
            if problem is None:
                raise
            _report([problem], _default_format())
            sys.exit(EXIT_PROBLEMS)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    ctx.obj = root


def _root(ctx: click.Context) -> Path:
    return ctx.obj.resolve() if ctx.obj else find_root()


def _selected(root: Path, paths: tuple[Path, ...]) -> list[str]:
    selected = []
    for path in paths:
        absolute = path.resolve()
        if not absolute.is_relative_to(root):
            raise click.BadParameter(
                f"{path} is not inside the newsroom {root}", param_hint="PATHS"
            )
        selected.append(absolute.relative_to(root).as_posix())
    return selected


def _in_selection(problem: Problem, selected: list[str]) -> bool:
    return not selected or any(
        sel in (".", problem.file) or problem.file.startswith(sel.rstrip("/") + "/")
        for sel in selected
    )


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "github", "json"]),
    default=_default_format,
    show_default="github when GITHUB_ACTIONS=true, else human",
    help="How to print problems.",
)
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], output_format: str) -> None:
    """Validate the configuration, items and pages (all of them, or PATHS).

    Every problem of every file is printed as `file:line: field: message`. Ids and
    translations are always checked against the whole repository. Exits 0 when clean,
    1 when there are problems, 2 on a usage error.
    """
    try:
        root = _root(ctx)
        selected = _selected(root, paths)
        newsroom = open_newsroom(root)
        problems = [p for p in newsroom.content.problems if _in_selection(p, selected)]
        content = newsroom.content
        summary = {"files": content.files, "items": len(content.items), "pages": len(content.pages)}
    except ProblemsFound as found:
        problems, summary = found.problems, {"files": 0, "items": 0, "pages": 0}
    if output_format == "json":
        click.echo(format_json(problems, summary))
    elif problems:
        _report(problems, output_format)
        files = len({p.file for p in problems})
        click.secho(f"✗ {len(problems)} problem(s) in {files} file(s)", fg="red", err=True)
    else:
        click.secho(
            f"✓ {summary['files']} files checked: {summary['items']} items, "
            f"{summary['pages']} pages, no problems",
            fg="green",
        )
    sys.exit(EXIT_PROBLEMS if problems else 0)


@main.command("id")
@click.pass_context
@user_errors
def new_id_command(ctx: click.Context) -> None:
    """Print a fresh item id, unused in this repository."""
    from .ids import new_id

    newsroom = open_newsroom(_root(ctx))
    click.echo(new_id({use.id for use in newsroom.content.ids}))


@main.command()
@click.option("--title", help="Headline of the news.")
@click.option("--theme", help="Theme slug (the folder under content/news/).")
@click.option(
    "--date",
    "when",
    help="Publication date-time, e.g. 2026-11-20T10:00+01:00 "
    "(default: now; without an offset, the site's time zone).",
)
@click.option("--author", "authors", multiple=True, help="Author id or name; repeat for several.")
@click.option("--summary", help="One to three sentences (default: a placeholder to replace).")
@click.option("--dry-run", is_flag=True, help="Print the file instead of writing it.")
@click.pass_context
@user_errors
def new(
    ctx: click.Context,
    title: str | None,
    theme: str | None,
    when: str | None,
    authors: tuple[str, ...],
    summary: str | None,
    dry_run: bool,
) -> None:
    """Create a news item with a fresh permanent id, ready to edit.

    Asks for what is missing when run in a terminal; otherwise --title, --theme and
    --author are required. Prints the new file's path and the next steps.
    """
    from .authoring import PLACEHOLDER_SUMMARY, ask_missing, write_new_item

    root = _root(ctx)
    newsroom = open_newsroom(root)
    draft = ask_missing(
        newsroom.config, title, theme, when, authors, summary, interactive=sys.stdin.isatty()
    )
    path, text = write_new_item(newsroom, draft, dry_run=dry_run)
    if dry_run:
        click.echo(text, nl=False)
        click.echo(f"(dry run: would write {path})", err=True)
        return
    click.secho(f"Created {path}", fg="green")
    steps = ["write the text (it is still the template's)"]
    if draft.summary == PLACEHOLDER_SUMMARY:
        steps.append("write the summary (one to three sentences)")
    steps.append("add an image with its alt text if you have one")
    click.echo(
        f"Next: {', '.join(steps)}, then run\n  newsroom check {path}\nand open a pull request."
    )


def _register_commands() -> None:
    # Each concern keeps its commands in its own module; the group just collects them.
    from . import cli_handbook, cli_review, cli_site, cli_stats, cli_syndication

    for command in (
        *cli_site.COMMANDS,
        *cli_syndication.COMMANDS,
        *cli_handbook.COMMANDS,
        *cli_stats.COMMANDS,
        *cli_review.COMMANDS,
    ):
        main.add_command(command)


_register_commands()
