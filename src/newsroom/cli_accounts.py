"""`newsroom accounts check` and `newsroom accounts refresh`: tokens that warn before they break."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_common import EXIT_FAILED, default_format, log_to_stderr, root_of, session, user_errors
from .problems import Problem, ProblemsFound, format_github

if TYPE_CHECKING:
    from .syndication.accounts import AccountCheck, Refresh


@click.group(short_help="Check the social accounts' tokens; refresh those that allow it.")
def accounts() -> None:
    """Check the social accounts' tokens and API versions; refresh tokens that allow it."""


@accounts.command("check", short_help="Does each account's token still work, until when?")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    help="text (default), json (for tools), github (::error/::warning annotations; the "
    "default when GITHUB_ACTIONS=true).",
)
@click.option(
    "--warn-days",
    type=click.IntRange(0, 3650),
    default=14,
    show_default=True,
    help="Report a token or API version ending within this many days.",
)
@click.option("--dry-run", is_flag=True, help="Check the variables only; call no network.")
@click.option("-v", "--verbose", count=True, help="Log each call (-vv: and the SDKs' debug).")
@click.pass_context
@user_errors
def check(
    ctx: click.Context, output_format: str | None, warn_days: int, dry_run: bool, verbose: int
) -> None:
    """One cheap authenticated call per enabled account: does it still work, until when?

    For every account of newsroom.yml: its environment variables are set, the network
    accepts the token, until when (where the network says it: token introspection), when
    its API version is retired (networks with dated versions), which permissions it lacks;
    each problem says how to fix it; a warning too when the network's rules were last checked
    at their sources more than 6 months ago. Exits 0 when all is well, 1 when something
    fails, ends within --warn-days days or has rules to check again.
    """
    from .config import load_config
    from .syndication.accounts import check_accounts, failing
    from .syndication.credentials import Redactor

    root = root_of(ctx)
    redactor = Redactor()
    log_to_stderr(verbose, redactor)
    config = load_config(root)
    checks = check_accounts(
        config,
        adapter_factory=session(ctx).adapter_factory,
        redactor=redactor,
        warn_days=warn_days,
        dry_run=dry_run,
    )
    chosen = output_format or ("github" if default_format() == "github" else "text")
    if chosen == "json":
        document = {"warn_days": warn_days, "dry_run": dry_run, "accounts": []}
        document["accounts"] = [c.as_json() for c in checks]
        click.echo(redactor(json.dumps(document, indent=2, ensure_ascii=False)))
    elif chosen == "github":
        click.echo(redactor(_annotations(checks)))
    else:
        click.echo(redactor(_text(checks, dry_run)))
    sys.exit(EXIT_FAILED if failing(checks) else 0)


def _text(checks: list[AccountCheck], dry_run: bool) -> str:
    lines = []
    for c in checks:
        lines.append(f"{c.state:>11}  {c.account}  ({c.network}, {c.handle})")
        if c.detail:
            lines.append(f"             {c.detail}")
        if c.expires_at is not None:
            lines.append(f"             token valid until {c.expires_at:%Y-%m-%d %H:%M %Z}")
        if c.version_retires is not None:
            lines.append(f"             API version served until {c.version_retires}")
        lines += [f"           ✗ {p}" for p in c.problems]
        lines += [f"           ! {w}" for w in c.warnings]
    bad = sum(1 for c in checks if c.problems or c.warnings)
    what = "variables checked, no network asked (dry run)" if dry_run else "checked"
    lines.append(f"{len(checks)} account(s) {what}: {bad} need attention.")
    return "\n".join(lines)


def _annotations(checks: list[AccountCheck]) -> str:
    problems = [
        Problem("newsroom.yml", 1, f"accounts.{c.account}", message)
        for c in checks
        for message in c.problems
    ]
    # Warnings: the same format, at the warning level GitHub shows in yellow.
    warnings = [
        Problem("newsroom.yml", 1, f"accounts.{c.account}", warning)
        for c in checks
        for warning in c.warnings
    ]
    parts = (format_github(problems), format_github(warnings, "warning"))
    return "\n".join(part for part in parts if part)


@accounts.command("refresh", short_help="Exchange ending tokens for new ones, where the API can.")
@click.option(
    "--within-days",
    type=click.IntRange(0, 3650),
    default=21,
    show_default=True,
    help="Refresh tokens ending within this many days (or whose end is unknown).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the new tokens as JSON to this file (created 0600, outside the repository); "
    "without it, new tokens are not kept: use --dry-run to see what would be refreshed.",
)
@click.option("--dry-run", is_flag=True, help="Say which tokens would be refreshed; change none.")
@click.option("-v", "--verbose", count=True, help="Log each call (-vv: and the SDKs' debug).")
@click.pass_context
@user_errors
def refresh(
    ctx: click.Context, within_days: int, output: Path | None, dry_run: bool, verbose: int
) -> None:
    """Exchange tokens that are ending for new ones, where the network's API allows it.

    Prints which accounts were refreshed, never a token. The new tokens go only to the
    --output file (JSON: account, variable, token, expires_at) for the step that stores
    them as secrets; in GitHub Actions each is masked (::add-mask::) first. Exits 1 when a
    refresh failed.
    """
    from .config import load_config
    from .syndication.accounts import refresh_accounts
    from .syndication.credentials import Redactor

    root = root_of(ctx)
    if output is not None and not dry_run:
        _refuse_output(root, output)
    elif output is None and not dry_run:
        raise click.UsageError("give --output FILE for the new tokens (or --dry-run)")
    redactor = Redactor()
    log_to_stderr(verbose, redactor)
    config = load_config(root)
    done = refresh_accounts(
        config,
        adapter_factory=session(ctx).adapter_factory,
        redactor=redactor,
        within_days=within_days,
        dry_run=dry_run,
    )
    fresh = [r for r in done if r.outcome == "refreshed"]
    redactor.add(r.token for r in fresh)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for r in fresh:  # masked in the log before anything else could print them
            click.echo(f"::add-mask::{r.token}")
    if output is not None and not dry_run:
        _write_tokens(output, fresh)
    click.echo(redactor(_refresh_text(done)))
    sys.exit(EXIT_FAILED if any(r.outcome == "failed" for r in done) else 0)


def _refresh_text(done: list[Refresh]) -> str:
    lines = [
        f"{r.outcome:>13}  {r.account}  ({r.variable})"
        + (f": {r.message}" if r.message else "")
        + (f", valid until {r.expires_at:%Y-%m-%d}" if r.expires_at else "")
        for r in done
    ]
    lines.append(f"{sum(r.outcome == 'refreshed' for r in done)} token(s) refreshed.")
    return "\n".join(lines)


def _refuse_output(root: Path, output: Path) -> None:
    """New tokens never go inside the repository (a commit away from being public)."""
    target = output.resolve()
    if target.is_relative_to(root.resolve()) or (output.exists() and not output.is_file()):
        raise ProblemsFound(
            [
                Problem(
                    "command line",
                    1,
                    "--output",
                    f"{output} is inside the repository or not a regular file — write the "
                    'tokens outside it, e.g. --output "$RUNNER_TEMP/refreshed.json"',
                )
            ]
        )


def _write_tokens(output: Path, fresh: list[Refresh]) -> None:
    document = [
        {
            "account": r.account,
            "variable": r.variable,
            "token": r.token,
            "expires_at": r.expires_at.isoformat() if r.expires_at else None,
        }
        for r in fresh
    ]
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(document, file)


COMMANDS: list[click.Command] = [accounts]
