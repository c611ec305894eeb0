"""`newsroom preview-comment`: a pull request's preview, as data and then as its one comment."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .cli_common import root_of, user_errors
from .github_text import annotation

if TYPE_CHECKING:  # the models load only when a command runs (start-up time)
    from .syndication.pull_request import PullRequestPreview


@click.group(
    "preview-comment", short_help="A pull request's social preview, as data, then as its comment."
)
def preview_comment() -> None:
    """A pull request's social preview: its untrusted run writes data (`data`); the trusted
    run checks it and writes the comment itself (`post`, or `render` to see it)."""


@preview_comment.command("data", short_help="Print a pull request's preview as JSON data.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--pull-request", type=click.IntRange(1), required=True, help="Its number.")
@click.option(
    "--problems",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="The check's problems (`newsroom check --format human`): the items are not previewed.",
)
@click.pass_context
@user_errors
def data(
    ctx: click.Context, paths: tuple[Path, ...], pull_request: int, problems: Path | None
) -> None:
    """Print, as JSON for the trusted run, the posts of PATHS (the news items a pull request
    adds or changes; none: it changes none), or the check's problems."""
    from .cli_syndication import previewed
    from .syndication.pull_request import Outcome, PullRequestPreview, artifact_json

    if problems is not None:
        lines = problems.read_text(encoding="utf-8", errors="replace").splitlines()[:100]
        found = PullRequestPreview(
            pull_request=pull_request,
            outcome=Outcome.CHECK_FAILED,
            problems=[line[:2000] for line in lines],
        )
    elif not paths:
        found = PullRequestPreview(pull_request=pull_request, outcome=Outcome.NO_ITEMS)
    else:
        preview, invalid = previewed(root_of(ctx), paths)
        found = PullRequestPreview(
            pull_request=pull_request,
            outcome=Outcome.POSTS,
            preview=preview,
            not_previewed=invalid,
        )
    click.echo(artifact_json(found))


def _head(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{40}", value or ""):
        raise click.BadParameter("not a commit id (40 hexadecimal digits)", param_hint="HEAD_SHA")
    return value


def _artifact(path: Path) -> PullRequestPreview:
    from .syndication.pull_request import ArtifactError, read_artifact

    try:
        return read_artifact(path)
    except ArtifactError as error:
        click.echo(annotation("error", f"{error}: refusing to post it"))
        raise SystemExit(1) from None


# What `render` and `post` read: the untrusted preview.json and the commit it previews.
preview_source = click.option(
    "--from",
    "source",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The pull request's preview.json (untrusted: checked, never run).",
)
previewed_head = click.option(
    "--head",
    envvar="HEAD_SHA",
    required=True,
    help="The pull request's head commit that was previewed (default: $HEAD_SHA).",
)


@preview_comment.command("render", short_help="Print the comment `post` would write.")
@preview_source
@previewed_head
def render(source: Path, head: str) -> None:
    """Print the comment the trusted run would post for this preview.json."""
    from .syndication.pull_request import comment_body

    click.echo(comment_body(_artifact(source), _head(head)), nl=False)


@preview_comment.command("post", short_help="Create or update the pull request's preview comment.")
@preview_source
@previewed_head
@click.option(
    "--repo",
    envvar="GITHUB_REPOSITORY",
    required=True,
    help="owner/name (default: $GITHUB_REPOSITORY).",
)
def post(source: Path, head: str, repo: str) -> None:
    """Create, or update, the pull request's one preview comment (the trusted workflow).

    Needs a token that may comment (GITHUB_TOKEN or GH_TOKEN). The pull request must still
    be at the previewed commit; the comment names that commit.
    """
    from .github_api import GitHubAPI, GitHubError
    from .syndication.pull_request import StaleHead, post_preview

    preview = _artifact(source)
    try:
        url = post_preview(GitHubAPI.from_environment(repo), preview, _head(head))
    except StaleHead as stale:
        click.echo(annotation("warning", str(stale)))
        return
    except GitHubError as error:
        click.echo(annotation("error", f"GitHub: {error}"))
        raise SystemExit(1) from None
    click.echo(url)


COMMANDS: list[click.Command] = [preview_comment]
