"""`newsroom publish` and `newsroom preview-posts`: post new items; show what would be posted."""

from __future__ import annotations

import os
import sys
import traceback
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from . import clock
from .cli_common import (
    EXIT_FAILED,
    in_selection,
    log_to_stderr,
    open_checked_newsroom,
    root_of,
    selected,
    session,
    system_problem,
    user_errors,
)
from .problems import Problem, ProblemsFound, format_github
from .syndication.states import OutcomeStatus

if TYPE_CHECKING:
    from .repository import Newsroom
    from .syndication.credentials import Redactor
    from .syndication.engine import Report
    from .syndication.preview import ItemPreview, PreviewData


def _summary(report: Report, accounts: list[str]) -> str:
    rows = [("account", "sent", "queued", "failed", "")]
    for account in accounts:
        sent = report.count(account, OutcomeStatus.SENT) + report.count(
            account, OutcomeStatus.RESOLVED
        )
        queued = report.count(account, OutcomeStatus.QUEUED) + report.count(
            account, OutcomeStatus.HELD
        )
        failed = report.count(account, OutcomeStatus.FAILED)
        state = "stopped" if account in report.stopped else ""
        state = "paused (rate limit)" if account in report.paused else state
        rows.append((account, str(sent), str(queued), str(failed), state))
    width = max(len(r[0]) for r in rows)
    return "\n".join(
        f"{r[0]:<{width}}  {r[1]:>6}  {r[2]:>6}  {r[3]:>6}  {r[4]}".rstrip() for r in rows
    )


def _dry_run_summary(previews: list[ItemPreview], accounts: list[str]) -> str:
    """Per account: posts this run would send, posts that wait (spacing, cap), posts skipped
    and why — the table that ends `publish --dry-run`, after the posts themselves."""
    from .syndication.preview import PostState

    planned: Counter[str] = Counter()
    waiting: Counter[str] = Counter()
    skipped: dict[str, Counter[str]] = {account: Counter() for account in accounts}
    for preview in previews:
        for post in preview.posts:
            account = post.route.account
            if not post.route.sends:
                skipped.setdefault(account, Counter())[post.route.skipped or "skipped"] += 1
            elif post.error:
                skipped.setdefault(account, Counter())["cannot be composed"] += 1
            elif post.state is PostState.SEND_NOW:
                planned[account] += 1
            elif post.state is PostState.WAITS:
                waiting[account] += 1
    rows = [("account", "now", "waiting", "skipped", "why skipped")]
    for account in accounts:
        reasons = "; ".join(f"{n} {why}" for why, n in skipped[account].most_common())
        rows.append(
            (
                account,
                str(planned[account]),
                str(waiting[account]),
                str(sum(skipped[account].values())),
                reasons,
            )
        )
    width = max(len(r[0]) for r in rows)
    table = [f"{r[0]:<{width}}  {r[1]:>5}  {r[2]:>7}  {r[3]:>7}  {r[4]}".rstrip() for r in rows]
    total = f"In all: {sum(planned.values())} to send now, {sum(waiting.values())} waiting."
    return "\n".join(["", "Summary (dry run: nothing was sent)", *table, total])


def _account_problems(report: Report) -> dict[str, str]:
    """Stopped accounts whose reason is not already told by a failed post."""
    told = {(o.account, o.detail) for o in report.outcomes if o.status == OutcomeStatus.FAILED}
    return {a: m for a, m in report.stopped.items() if (a, m) not in told}


def _annotations(report: Report) -> str:
    problems = [
        Problem(o.path or "newsroom.yml", 1, f"publish {o.account}", o.detail)
        for o in report.outcomes
        if o.status == OutcomeStatus.FAILED
    ]
    problems += [
        Problem("newsroom.yml", 1, f"account {account}", message)
        for account, message in _account_problems(report).items()
    ]
    return format_github(problems)


@click.command()
@click.option("--dry-run", is_flag=True, help="Print what would be posted now; send nothing.")
@click.option("-v", "--verbose", count=True, help="Log each step (-vv: and the SDKs' debug).")
@click.pass_context
@user_errors
def publish(ctx: click.Context, dry_run: bool, verbose: int) -> None:
    """Post every published item not yet posted, to each account it is routed to.

    Items whose date has not come wait for it; each account keeps its spacing (minimum
    interval, daily cap) and what does not fit waits in ledger/queue.json, oldest first.
    Every post is recorded in ledger/posts/ (in git) so nothing is posted twice. Prints a
    summary: sent, queued and failed per account. Exits 0 when everything due was sent or
    queued by design, 1 when something failed (the failures are listed), a sealed item
    past its embargo among them when $NEWSROOM_EMBARGO_KEY cannot open it.
    """
    from .syndication.credentials import Redactor

    root = root_of(ctx)
    redactor = Redactor(os.environ.get("NEWSROOM_EMBARGO_KEY", "").split())
    log_to_stderr(verbose, redactor)
    newsroom = open_checked_newsroom(root)
    if newsroom.content.problems:
        click.echo("\n".join(str(p) for p in newsroom.content.problems), err=True)
        click.secho("✗ fix these problems first (newsroom check)", fg="red", err=True)
        sys.exit(EXIT_FAILED)
    # Sealed items past their embargo that cannot be opened here: failed, the rest goes on.
    withheld = newsroom.content.withheld
    for problem in withheld:
        click.secho(f"✗ {problem}", fg="red", err=True)
    if dry_run:
        from .syndication.preview import as_data, render
        from .syndication.preview import dry_run as plan

        previews = plan(newsroom, clock.now())
        click.echo(render(as_data(newsroom.config, previews), "Dry run: posts due"))
        click.echo(_dry_run_summary(previews, list(newsroom.config.accounts)))
        return
    try:
        report = _run(newsroom, redactor, session(ctx).adapter_factory)
    except ProblemsFound:
        raise  # a damaged ledger or queue, the lock held, a full disk: said as problems
    except Exception as error:
        if isinstance(error, OSError) and system_problem(error) is not None:
            raise
        # A bug, not a user error: show the trace, but never a secret inside it.
        click.echo(redactor(traceback.format_exc()), err=True)
        sys.exit(EXIT_FAILED)
    _print_report(report, list(newsroom.config.accounts), root)
    sys.exit(EXIT_FAILED if report.failed or withheld else 0)


def _run(newsroom: Newsroom, redactor: Redactor, adapter_factory: Any) -> Report:
    from .syndication.engine import Publisher

    if not sys.stderr.isatty():
        return Publisher(newsroom, redactor=redactor, adapter_factory=adapter_factory).run()
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task("publishing", total=None)
        return Publisher(
            newsroom,
            redactor=redactor,
            adapter_factory=adapter_factory,
            on_outcome=lambda o: progress.advance(task),
        ).run()


def _print_report(report: Report, accounts: list[str], root: Path) -> None:
    for outcome in report.outcomes:
        if outcome.status in (OutcomeStatus.SENT, OutcomeStatus.RESOLVED):
            click.echo(f"{outcome.status:>8}  {outcome.account}  {outcome.item}  {outcome.detail}")
    for outcome in report.outcomes:
        if outcome.status == OutcomeStatus.FAILED:
            click.secho(f"  failed  {outcome.account}  {outcome.item}  {outcome.detail}", fg="red")
    for account, message in _account_problems(report).items():
        click.secho(f" stopped  {account}: {message}", fg="red")
    for account, message in report.paused.items():
        click.secho(f"  paused  {account}: {message}", fg="yellow")
    held = [o for o in report.outcomes if o.status == OutcomeStatus.HELD]
    for outcome in held:
        click.secho(f"    held  {outcome.account}  {outcome.item}  {outcome.detail}", fg="yellow")
    for entry in report.dropped:
        click.echo(f" dropped  {entry.account}  {entry.item}  (no longer due: removed from queue)")
    click.echo(_summary(report, accounts))
    if report.scheduled:
        click.echo(f"{report.scheduled} post(s) of scheduled items wait for their date.")
    if os.environ.get("GITHUB_ACTIONS") == "true" and report.failed:
        click.echo(_annotations(report))


@click.command("preview-posts")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.pass_context
@user_errors
def preview_posts(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Print, as Markdown for a pull-request comment, the posts of PATHS (default: unposted).

    For each item and account: the exact text, its length as the network counts it against
    the limit, the link card, why an account is skipped, and what X would charge. Uses the
    same composition as `publish`; needs no secret and no network.
    """
    from .syndication.preview import render

    data, invalid = previewed(root_of(ctx), paths)
    click.echo(render(data, "Social posts preview"), nl=False)
    if invalid:
        click.echo(f"\n⚠️ Not previewed, fix first (`newsroom check`): {', '.join(invalid)}")


def previewed(root: Path, paths: Iterable[Path]) -> tuple[PreviewData, list[str]]:
    """The posts of PATHS (default: every unposted item) as data, and the selected files
    that could not be previewed (they fail the check)."""
    from .syndication.ledger import Ledger
    from .syndication.preview import as_data, preview_items, unposted

    chosen = selected(root, paths)
    newsroom = open_checked_newsroom(root)
    ledger = Ledger.open(root, newsroom.config.zone)
    items = [i for i in newsroom.content.items if in_selection(i.path, chosen)] if chosen else None
    if items is None:
        items = unposted(newsroom, ledger)
    items.sort(key=lambda item: (item.date, item.id))
    previews = preview_items(newsroom, items, ledger, clock.now())
    invalid = sorted({p.file for p in newsroom.content.problems if in_selection(p.file, chosen)})
    return as_data(newsroom.config, previews), invalid


COMMANDS: list[click.Command] = [publish, preview_posts]
