"""`newsroom review-clock`: mention the editors of news pull requests waiting too long."""

from __future__ import annotations

from pathlib import Path

import click

from .cli_common import root_of, user_errors


@click.command("review-clock")
@click.option(
    "--payload",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Read recorded GitHub API answers from this JSON file instead of the API (no token "
    "needed; nothing is posted).",
)
@click.option(
    "--dry-run",
    is_flag=True,
    help="Say what would be posted; post nothing. Without GITHUB_TOKEN, reads the recorded "
    "example answers shipped with Newsroom.",
)
@click.option(
    "--repo",
    envvar="GITHUB_REPOSITORY",
    help="owner/name of the repository (default: $GITHUB_REPOSITORY).",
)
@click.option(
    "--api-url",
    envvar="GITHUB_API_URL",
    default="https://api.github.com",
    show_default=True,
    help="Base URL of the GitHub REST API (default: $GITHUB_API_URL).",
)
@click.option(
    "--codeowners",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="CODEOWNERS file (default: .github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS).",
)
@click.option("--now", "now_text", hidden=True, help="Run as if it were this ISO date-time.")
@click.pass_context
@user_errors
def review_clock(
    ctx: click.Context,
    payload: Path | None,
    dry_run: bool,
    repo: str | None,
    api_url: str,
    codeowners: Path | None,
    now_text: str | None,
) -> None:
    """Mention the theme's editors once on news pull requests past the review service level.

    Counts only working hours (newsroom.yml `review:`); editors come from CODEOWNERS. Live,
    it needs GITHUB_TOKEN (pull requests: read, issues: write) and GITHUB_REPOSITORY; to
    try it without them, `--dry-run` reads recorded answers instead.
    """
    from . import clock
    from .config import load_config
    from .github_api import GitHubAPI, GitHubError, token_from_environment
    from .review_clock import (
        EXAMPLE,
        GitHub,
        find_codeowners,
        parse_codeowners,
        recorded_answers,
        review_zone,
        run_review_clock,
    )

    root = root_of(ctx)
    config = load_config(root)
    codeowners = codeowners or find_codeowners(root)
    if codeowners is None:
        raise click.UsageError("no CODEOWNERS file: add .github/CODEOWNERS or pass --codeowners")
    rules = parse_codeowners(codeowners.read_text(encoding="utf-8"))
    now = clock.parse_now(now_text, "--now") if now_text else clock.now()
    token = token_from_environment()
    if payload is None and dry_run and not token:
        payload, repo = EXAMPLE.path, EXAMPLE.repo
    if payload is None and not token:
        raise click.UsageError(
            "GITHUB_TOKEN is not set: set it, or try the clock without it (--dry-run)"
        )
    if not repo:
        raise click.UsageError("no repository: pass --repo owner/name or set GITHUB_REPOSITORY")
    settings = config.review
    unit = f"{settings.service_hours:g} working hours"
    if payload is not None:
        click.echo(f"Reading recorded GitHub answers for {repo} from {payload}: no token is")
        click.echo("used and nothing is posted.")
    click.echo(f"Service level: {unit} ({review_zone(settings, config.site.timezone)}).")
    transport = recorded_answers(payload) if payload else None
    try:
        token = None if payload else token  # recorded answers never see a token
        api = GitHubAPI(repo, token=token, base_url=api_url, transport=transport)
        decisions = run_review_clock(
            GitHub(api),
            rules,
            settings,
            review_zone(settings, config.site.timezone),
            now,
            dry_run=dry_run or payload is not None,
        )
    except GitHubError as error:
        raise click.ClickException(f"GitHub: {error}") from None
    for decision in decisions:
        click.echo(decision.describe(settings.service_hours))
        if decision.action == "mention":
            verb = "would post" if dry_run or payload else "posted"
            click.echo(f"  {verb}: {decision.comment.splitlines()[1]}")
    mentioned = sum(d.action == "mention" for d in decisions)
    click.echo(f"{len(decisions)} open pull request(s); editors mentioned on {mentioned}.")


COMMANDS = [review_clock]
