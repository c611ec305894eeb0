"""`newsroom stats`: read every post's interactions into the archive, then draw the report."""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import clock
from .cli_common import (
    EXIT_FAILED,
    log_to_stderr,
    open_checked_newsroom,
    root_of,
    session,
    user_errors,
)

if TYPE_CHECKING:
    from .config import SiteConfig
    from .repository import Newsroom
    from .stats.archive import Archive
    from .stats.collect import Collection
    from .stats.schedule import Due
    from .syndication.credentials import Redactor


def report_folder(root: Path, config: SiteConfig) -> Path:
    """Where the report goes: `stats.output`, else inside the site, else `stats-report/`."""
    settings = config.stats
    if settings.output:
        return root / settings.output
    return root / ("stats-report" if settings.private else f"{config.site.output_dir}/stats")


@click.command()
@click.option("--dry-run", is_flag=True, help="List the posts due for a reading; read nothing.")
@click.option("--report-only", is_flag=True, help="Draw the report from the archive; read nothing.")
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the report (default: stats.output in newsroom.yml, else output/stats).",
)
@click.option("-v", "--verbose", count=True, help="Log each reading (-vv: and the SDKs' debug).")
@click.pass_context
@user_errors
def stats(
    ctx: click.Context, dry_run: bool, report_only: bool, output: Path | None, verbose: int
) -> None:
    """Read the interactions of every post in the ledger, then write the stats report.

    Posts are read when due (young posts often, old ones rarely: `stats.schedule`), at most
    `stats.max_reads_per_run` per network; each reading is appended to stats/snapshots/
    (in git). Deleted and unreachable posts are marked, never fatal. The report (HTML, plots,
    CSV) goes to output/stats/ unless configured otherwise. Exits 0 unless a bug stops it.
    """
    from .stats.archive import Archive
    from .syndication.credentials import Redactor

    root = root_of(ctx)
    redactor = Redactor()
    log_to_stderr(verbose, redactor)
    newsroom = open_checked_newsroom(root)
    archive = Archive.open(root)
    now = clock.now().astimezone(newsroom.config.zone)
    if not report_only:
        from .stats.collect import plan

        due = plan(newsroom, archive, now)
        deferred = ", ".join(f"{n} on {net}" for net, n in sorted(due.deferred.items()))
        if dry_run:
            _print_due(due.due)
            click.echo(f"{len(due.due)} post(s) due, {due.not_due} read recently enough.")
            if deferred:
                click.echo(f"Over this run's reads per network, waiting: {deferred}.")
            return
        try:
            factory = session(ctx).adapter_factory
            collection = _collect(newsroom, archive, due.due, redactor, factory)
        except Exception:
            click.echo(redactor(traceback.format_exc()), err=True)
            sys.exit(EXIT_FAILED)
        _print_collection(collection, due.not_due, deferred)
    elif dry_run:
        raise click.UsageError("--dry-run and --report-only do not go together")
    _write_report(newsroom, archive, output or report_folder(root, newsroom.config), now)


def _collect(
    newsroom: Newsroom,
    archive: Archive,
    due: list[Due],
    redactor: Redactor,
    adapter_factory: Any,
) -> Collection:
    from .stats.collect import Collector

    if not sys.stderr.isatty() or not due:
        return Collector(newsroom, archive, redactor=redactor, adapter_factory=adapter_factory).run(
            due
        )
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    columns = (TextColumn("reading counts"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("reading", total=len(due))
        collector = Collector(
            newsroom,
            archive,
            redactor=redactor,
            adapter_factory=adapter_factory,
            on_reading=lambda s: progress.advance(task),
        )
        return collector.run(due)


def _print_due(due: list[Due]) -> None:
    for entry in due:
        click.echo(f"     due  {entry.account}  {entry.item}  {entry.url or entry.post_id}")


def _print_collection(collection: Collection, not_due: int, deferred: str) -> None:
    from .stats.archive import ReadingStatus

    for snapshot in collection.read:
        if snapshot.status == ReadingStatus.DELETED:
            click.secho(f" deleted  {snapshot.account}  {snapshot.item}", fg="yellow")
    errors: dict[str, str] = {}
    for snapshot in collection.read:
        if snapshot.status == ReadingStatus.UNREACHABLE:
            errors.setdefault(snapshot.account, snapshot.error)
    for account, error in errors.items():
        click.secho(f" unreachable  {account}: {error}", fg="yellow")
    for account, why in collection.paused.items():
        click.secho(f"  paused  {account}: {why} (its other posts wait for the next run)")
    click.echo(
        f"{len(collection.read)} reading(s): {collection.count(ReadingStatus.OK)} read, "
        f"{collection.count(ReadingStatus.DELETED)} deleted, "
        f"{collection.count(ReadingStatus.UNREACHABLE)} unreachable; "
        f"{not_due} post(s) read recently enough."
    )
    if deferred:
        click.echo(f"Over this run's reads per network, waiting for the next run: {deferred}.")
    _print_visits(collection)


def _print_visits(collection: Collection) -> None:
    from .stats.archive import ReadingStatus

    """What the site's analytics gave: never fatal, always said."""
    if collection.analytics_problem:
        click.secho(f" analytics  {collection.analytics_problem}", fg="yellow")
    if collection.visits:
        ok = [v for v in collection.visits if v.status == ReadingStatus.OK]
        click.echo(
            f"{len(collection.visits)} link(s) asked to the site analytics: {len(ok)} read "
            f"({sum(v.visits for v in ok)} visits), {len(collection.visits) - len(ok)} unreachable."
        )


def _write_report(newsroom: Newsroom, archive: Archive, folder: Path, now: datetime) -> None:
    from .owned_folders import claim_folder
    from .stats.aggregate import figures
    from .stats.report import write_report

    numbers = figures(
        archive.snapshots, newsroom.content.items, newsroom.config, now, archive.visits
    )
    # The report rewrites index.html and its plots: only in a folder Newsroom made.
    claim_folder(newsroom.root, folder, "stats.output")
    index = write_report(numbers, archive.snapshots, folder, newsroom.config.site.name)
    shown = index.relative_to(newsroom.root) if index.is_relative_to(newsroom.root) else index
    click.secho(f"Report: {shown}", fg="green")


COMMANDS = [stats]
