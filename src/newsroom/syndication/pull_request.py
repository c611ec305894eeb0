"""The pull request's preview comment, written by the trusted workflow from data alone.

The pull request's own run may execute anyone's code (a fork can replace every script), so
it only hands over data: `preview.json`, the posts and why, checked here against a schema
with limits. The run that holds the token (`preview-comment.yml`, the default branch's code)
checks that the pull request is still at the commit that was previewed, writes every word
of the comment itself with github_text, and creates or updates its one comment.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from ..github_api import GitHubAPI
from ..github_text import code, code_block
from .preview import PreviewData, render

MARKER = "<!-- newsroom-preview -->"
LIMIT = 60_000  # characters; GitHub refuses comments over 65,536
MAX_ARTIFACT_BYTES = 4_000_000
TITLE = "Social posts preview"
PROBLEMS_LIMIT = 20_000  # characters of the check's problems shown (the log has them all)


class Outcome(StrEnum):
    """What the pull request's run found."""

    POSTS = "posts"  # the items it changes, previewed
    NO_ITEMS = "no-items"  # it changes no news item
    CHECK_FAILED = "check-failed"  # `newsroom check` refused them: its problems


class PullRequestPreview(BaseModel):
    """The artifact: untrusted data, read with these limits only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pull_request: StrictInt = Field(ge=1, le=999_999_999)
    outcome: Outcome
    problems: list[Annotated[str, Field(max_length=2000)]] = Field(
        default_factory=list, max_length=100
    )
    not_previewed: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=100
    )
    preview: PreviewData = Field(default_factory=PreviewData)


class ArtifactError(Exception):
    """The artifact is not a preview this code would have written."""


def read_artifact(path: Path) -> PullRequestPreview:
    """The artifact, validated: too big, not JSON, or outside the schema is refused."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_ARTIFACT_BYTES + 1)
    except OSError as error:
        raise ArtifactError(f"cannot read {path.name}: {error.strerror}") from None
    if len(raw) > MAX_ARTIFACT_BYTES:
        raise ArtifactError(f"{path.name} is over {MAX_ARTIFACT_BYTES:,} bytes")
    try:
        return PullRequestPreview.model_validate_json(raw)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the document"
        if first["loc"][:1] == ("pull_request",):
            raise ArtifactError("the preview artifact names no pull request") from None
        raise ArtifactError(f"{path.name}: {where}: {first['msg']}") from None


def _section(preview: PullRequestPreview, items: int) -> str:
    """The comment's body without its marker and footer, showing the first `items` items."""
    if preview.outcome is Outcome.NO_ITEMS:
        return f"## {TITLE}\n\nThis pull request changes no news item: nothing will be posted.\n"
    if preview.outcome is Outcome.CHECK_FAILED:
        return (
            f"## {TITLE}\n\n❌ The check found problems (see the annotations on the files, "
            "and below).\nThe preview appears here once they are fixed.\n\n"
            f"{code_block(chr(10).join(preview.problems)[:PROBLEMS_LIMIT])}\n"
        )
    shown = preview.preview.model_copy(update={"items": preview.preview.items[:items]})
    text = render(shown, TITLE)
    left = len(preview.preview.items) - items
    if left:
        text += f"\n… {left} more item(s): the preview is too long for one comment.\n"
    if preview.not_previewed:
        files = ", ".join(code(name) for name in preview.not_previewed)
        text += f"\n⚠️ Not previewed, fix first (`newsroom check`): {files}\n"
    return text


def comment_body(preview: PullRequestPreview, head_sha: str) -> str:
    """The whole comment, under GitHub's limit: items are left out from the end if need be."""
    footer = f"\n_Preview of commit {code(head_sha[:12])} · updated on every push._\n"
    items = len(preview.preview.items)
    while True:
        body = f"{MARKER}\n{_section(preview, items)}{footer}"
        if len(body) <= LIMIT or items == 0:
            return body[:LIMIT]
        items = max(0, min(items - 1, items * LIMIT // len(body)))


class StaleHead(Exception):
    """The pull request moved on since this preview: a newer run will comment."""


def post_preview(api: GitHubAPI, preview: PullRequestPreview, head_sha: str) -> str:
    """Create or update the one preview comment; the comment's URL."""
    number = preview.pull_request
    # The artifact may name any number: comment only if that pull request's head is the
    # commit this run previewed, so a pull request cannot write on another one.
    pull = api.get(f"pulls/{number}")
    current = str((pull.get("head") or {}).get("sha", ""))
    if current != head_sha:
        raise StaleHead(
            f"pull request #{number} is now at {current}, not {head_sha}: no comment "
            "(a newer run will write it)"
        )
    body = comment_body(preview, head_sha)
    ours = [c for c in api.own_comments(number) if str(c.get("body", "")).startswith(MARKER)]
    if ours:
        answer = api.patch(f"issues/comments/{ours[0]['id']}", {"body": body})
    else:
        answer = api.post(f"issues/{number}/comments", {"body": body})
    return str(answer.get("html_url", ""))


def artifact_json(preview: PullRequestPreview) -> str:
    return json.dumps(preview.model_dump(mode="json"), ensure_ascii=False, indent=1)
