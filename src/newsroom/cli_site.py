"""`newsroom build` and `newsroom serve`: the institutional site, its feeds and short links."""

from __future__ import annotations

import gc
import sys
import time
from datetime import datetime
from pathlib import Path

import click

from .cli_common import EXIT_PROBLEMS, port_option, root_of, user_errors


def _now_option(function):
    # Hidden: tests and previews pin "now" (same as $NEWSROOM_NOW) to see scheduled items.
    return click.option(
        "--now", "now_text", hidden=True, help="Build as if it were this ISO date-time."
    )(function)


def _now(now_text: str | None) -> datetime | None:
    from .clock import parse_now

    return parse_now(now_text, "--now") if now_text else None


def _output_option(function):
    return click.option(
        "--output",
        "-o",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder to build into (default: site.output_dir of newsroom.yml, `output`).",
    )(function)


def _preview_option(function):
    return click.option(
        "--preview",
        is_flag=True,
        help="Include drafts and scheduled items, with a visible banner (never publish this); "
        "built into `output-preview/` unless --output says otherwise, so the site in "
        "`output/` is never replaced by a preview.",
    )(function)


@click.command()
@_preview_option
@_output_option
@_now_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Build everything in a temporary folder, report, and discard it: output/ is untouched.",
)
@click.option(
    "--clean",
    is_flag=True,
    help="Render every file again, reusing nothing from earlier builds.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="After the build, build again from nothing in a temporary folder and list the files "
    "that differ (exit 1 if any): checks that the incremental build is right for your theme.",
)
@click.pass_context
@user_errors
def build(
    ctx: click.Context,
    preview: bool,
    output: Path | None,
    now_text: str | None,
    dry_run: bool,
    clean: bool,
    verify: bool,
) -> None:
    """Build the site, its feeds, short links and search index into the output folder.

    Stops with the same `file:line: field: message` problems as `newsroom check` when
    any file is invalid, leaving the previous site untouched; the new site replaces the
    old one only when the whole build succeeded (the output folder is a link to
    `.output-a` or `.output-b`, switched at once). Files whose inputs did not change since
    the last build are reused, not rendered again; the result is the same as `--clean`.
    """
    from . import clock
    from .site.unchanged import check_up_to_date

    if verify and (clean or dry_run):
        raise click.UsageError(
            "--verify compares the usual build with a clean one: leave out "
            f"{'--clean' if clean else '--dry-run'}."
        )
    began = time.perf_counter()
    root, now = root_of(ctx), _now(now_text) or clock.now()
    # Asked before Pelican is imported: a build with nothing to do takes a fraction of a second.
    started_with = check_up_to_date(
        root, output, now, preview=preview, dry_run=dry_run, incremental=not clean
    )
    kind = "preview site (drafts and scheduled items included)" if preview else "site"
    if (done := started_with[1]) is not None:
        click.secho(
            f"✓ The {kind} is up to date: {done['items']} items, {done['pages']} pages, "
            f"{done['redirects']} short links and redirects, checked in "
            f"{time.perf_counter() - began:.2f} s → {done['output']} (nothing changed since "
            "the last build: 0 files rendered)",
            fg="green",
        )
        if verify:
            _verify(root, Path(done["output"]), now, preview)
        return
    from .build_assembly import BuildFailed, build_site

    # The command ends with the build: collecting its millions of objects once it returns
    # (half a second at 10,000 items) would free nothing the process still needs.
    gc.disable()
    try:
        result = build_site(
            root,
            output,
            preview=preview,
            now=now,
            dry_run=dry_run,
            incremental=not clean,
            started_with=started_with,
        )
    except BuildFailed as failure:
        click.secho(f"build failed:\n{failure}", fg="red", err=True)
        sys.exit(EXIT_PROBLEMS)
    for warning in result.warnings:
        click.secho(f"warning: {warning}", fg="yellow", err=True)
    where = f"(dry run: discarded, {result.output} untouched)" if dry_run else f"→ {result.output}"
    click.secho(
        f"✓ Built the {kind}: {result.items} items, {result.pages} pages, "
        f"{result.redirects} short links and redirects, in {result.seconds:.2f} s {where} "
        f"({result.rendered} files rendered, {result.reused} reused)",
        fg="green",
    )
    if verify:
        _verify(root, result.output, now, preview)


def _verify(root: Path, built: Path, now: datetime, preview: bool) -> None:
    """`--verify`: compare the site just built with a clean build (site/verify.py)."""
    from .build_assembly import BuildFailed, BuildOptions, compare_with_clean

    try:
        differing = compare_with_clean(root, built, BuildOptions(preview=preview, now=now))
    except BuildFailed as failure:
        click.secho(f"the clean build failed:\n{failure}", fg="red", err=True)
        sys.exit(EXIT_PROBLEMS)
    if differing:
        click.secho(
            f"✗ {len(differing)} files differ from a clean build (please report this with your "
            "theme's templates; `newsroom build --clean` rebuilds every file):",
            fg="red",
            err=True,
        )
        for name in differing:
            click.echo(f"  {name}", err=True)
        sys.exit(EXIT_PROBLEMS)
    click.secho("✓ Verified: every file is the one a clean build makes.", fg="green")


@click.command()
@port_option(8000)
@_preview_option
@_output_option
@click.option("--no-reload", is_flag=True, help="Build once and serve; do not watch for changes.")
@click.pass_context
@user_errors
def serve(
    ctx: click.Context, port: int, preview: bool, output: Path | None, no_reload: bool
) -> None:
    """Build the site and serve it on http://127.0.0.1:PORT/ with live reload.

    Rebuilds when content, the theme, the plugins or newsroom.yml change; open pages
    reload by themselves (a small script only `serve` adds). When only the text, title,
    summary, tags or hour of stories changed, their pages are remade first, in a fraction
    of a second, and the full rebuild follows. A change that breaks a file prints the
    problems and keeps serving the last good build.
    """
    from .build_assembly import BuildFailed
    from .serve import serve_site

    try:
        serve_site(root_of(ctx), port=port, preview=preview, output=output, watch=not no_reload)
    except BuildFailed as failure:  # the first build: nothing to serve yet
        click.secho(f"build failed:\n{failure}", fg="red", err=True)
        sys.exit(EXIT_PROBLEMS)


COMMANDS: list[click.Command] = [build, serve]
