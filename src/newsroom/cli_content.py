"""`newsroom check`, `newsroom id` and `newsroom new`: the commands of contributors' files."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_common import (
    EXIT_PROBLEMS,
    default_format,
    in_selection,
    open_checked_newsroom,
    report,
    root_of,
    selected,
    user_errors,
)
from .problems import Problem, ProblemsFound, format_github, format_json

if TYPE_CHECKING:
    from .content import Content

# The content model (pydantic, YAML, the networks' counting) is imported by the commands
# that read content, never at start-up: `newsroom --help` stays fast (issue #20).
# Equal to config.CONFIG_FILE, content.NEWS_DIR and content.PAGES_DIR (held equal by
# tests/test_content_cache.py::test_check_and_help_start_without_the_content_model).
CONFIG_FILE = "newsroom.yml"  # config.CONFIG_FILE
NEWS_DIR = "content/news"  # content.NEWS_DIR
PAGES_DIR = "content/pages"  # content.PAGES_DIR


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["human", "github", "json"]),
    default=default_format,
    show_default="github when GITHUB_ACTIONS=true, else human",
    help="How to print problems.",
)
@click.pass_context
def check(ctx: click.Context, paths: tuple[Path, ...], output_format: str) -> None:
    """Validate the configuration, items and pages (all of them, or PATHS).

    Every problem of every file is printed as `file:line: field: message`. Ids and
    translations are always checked against the whole repository. Warnings (an image
    heavier than any screen needs) are printed too but do not fail. With PATHS, the
    problems of the other files are not printed, but a last line says how many there are
    and where, since they stop the build too. Exits 0 when the build would pass, 1 when
    there are problems (in PATHS or elsewhere), 2 on a usage error.
    """
    elsewhere: list[Problem] = []
    try:
        root = root_of(ctx)
        chosen = selected(root, paths)
        newsroom = open_checked_newsroom(root)
        problems = [p for p in newsroom.content.problems if in_selection(p.file, chosen)]
        elsewhere = [p for p in newsroom.content.problems if not in_selection(p.file, chosen)]
        problems += [unread_path_problem(path) for path in chosen if not is_read(root, path)]
        content = newsroom.content
        summary = checked_summary(root, chosen, content)
        # Sealed items past their embargo with no key here: a pull request never has it.
        warnings = [w for w in content.warnings + content.withheld if in_selection(w.file, chosen)]
    except ProblemsFound as found:
        problems, summary = found.problems, {"files": 0, "items": 0, "pages": 0}
        warnings = []
    if output_format == "json":
        click.echo(format_json(problems, summary, warnings, elsewhere))
        sys.exit(EXIT_PROBLEMS if problems or elsewhere else 0)
    report_warnings(warnings, output_format)
    if problems:
        report(problems, output_format)
        files = len({p.file for p in problems})
        click.secho(f"✗ {len(problems)} problem(s) in {files} file(s)", fg="red", err=True)
    else:
        what = f" ({', '.join(chosen)})" if chosen else ""
        click.secho(
            f"✓ {counted(summary['files'], 'file')} checked{what}: "
            f"{counted(summary['items'], 'item')}, {counted(summary['pages'], 'page')}, "
            "no problems" + (f", {len(warnings)} warning(s)" if warnings else ""),
            fg="green",
        )
    if elsewhere and output_format != "json":
        click.secho(elsewhere_line(elsewhere), fg="red", err=True)
    sys.exit(EXIT_PROBLEMS if problems or elsewhere else 0)


def counted(number: int, thing: str) -> str:
    """`1 file`, `35 files`."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


def checked_summary(root: Path, chosen: list[str], content: Content) -> dict[str, int]:
    """How many files, items and pages were checked: all of them, or those of PATHS."""
    if not chosen:
        return {"files": content.files, "items": content.valid, "pages": len(content.pages)}
    files = [path for path in read_files(root) if in_selection(path, chosen)]
    items = sum(path.startswith(NEWS_DIR + "/") for path in files)
    config = CONFIG_FILE in chosen or "." in chosen
    return {"files": len(files) + config, "items": items, "pages": len(files) - items}


def elsewhere_line(elsewhere: list[Problem], named: int = 3) -> str:
    """The one line about problems outside PATHS: how many, where, and that they stop the build."""
    files = sorted({p.file for p in elsewhere})
    where = ", ".join(files[:named]) + (
        f" and {len(files) - named} more" if len(files) > named else ""
    )
    return (
        f"✗ {counted(len(elsewhere), 'problem')} elsewhere in the repository would stop the "
        f"build, in {where} — run `newsroom check` to see them"
    )


def report_warnings(warnings: list[Problem], output_format: str) -> None:
    """What is published all the same but should not be: said, without failing the check."""
    if warnings and output_format == "github":
        click.echo(format_github(warnings, "warning"))
        return
    for warning in warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)


def is_read(root: Path, path: str) -> bool:
    """Whether `check` reads this repository path (or something inside it)."""
    if path in (".", CONFIG_FILE):
        return True
    if (root / path).is_dir():
        return any(
            path in (folder, "content") or path.startswith(folder + "/")
            for folder in (NEWS_DIR, PAGES_DIR)
        )
    return path.endswith(".md") and path in read_files(root)


def read_files(root: Path) -> set[str]:
    """The Markdown files `check` reads: items and pages."""
    from .content import content_files

    return {*content_files(root, NEWS_DIR), *content_files(root, PAGES_DIR)}


def unread_path_problem(path: str) -> Problem:
    """Nothing named is ignored: a path Newsroom does not read is said, with where to put it."""
    return Problem(
        path,
        1,
        "",
        "Newsroom does not read this — items are Markdown files in "
        f"{NEWS_DIR}/<theme>/<YYYY>/, pages in {PAGES_DIR}/, the settings in {CONFIG_FILE}: "
        "move it there, or name another path",
    )


@click.command("id")
@click.pass_context
@user_errors
def new_id_command(ctx: click.Context) -> None:
    """Print a fresh item id, unused in this repository."""
    from .ids import new_id

    newsroom = open_checked_newsroom(root_of(ctx))
    click.echo(new_id({use.id for use in newsroom.content.ids}))


@click.command()
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
@click.option(
    "--doi",
    help="DOI of the paper behind the story: its title, journal and date come from "
    "Crossref (asked for when Crossref cannot answer).",
)
@click.option(
    "--dry-run", is_flag=True, help="Check the file as a real run does, then print it instead."
)
@click.pass_context
@user_errors
def new(
    ctx: click.Context,
    title: str | None,
    theme: str | None,
    when: str | None,
    authors: tuple[str, ...],
    summary: str | None,
    doi: str | None,
    dry_run: bool,
) -> None:
    """Create a news item with a fresh permanent id, ready to edit.

    Asks for what is missing when run in a terminal; otherwise --title, --theme and
    --author are required. With --doi, the item cites the paper behind the story: its
    title, journal and date come from Crossref (asked for when Crossref cannot answer;
    without a terminal, the message says what to write). Prints the new file's path and
    the next steps.
    """
    from .authoring import (
        PLACEHOLDER_SUMMARY,
        ask_missing,
        paper_from_doi,
        retitle_while_taken,
        write_new_item,
    )

    root = root_of(ctx)
    newsroom = open_checked_newsroom(root)
    interactive = sys.stdin.isatty()
    draft = ask_missing(
        newsroom.config, title, theme, when, authors, summary, interactive=interactive
    )
    if doi is not None:
        paper = paper_from_doi(newsroom.config, doi, interactive=interactive)
        draft = replace(draft, paper=paper)
    if interactive:
        draft = retitle_while_taken(root, newsroom.config, draft)
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


COMMANDS: list[click.Command] = [check, new_id_command, new]
