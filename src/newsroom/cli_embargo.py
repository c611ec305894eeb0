"""`newsroom embargo seal|open|status`: items committed sealed until their embargo time."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

import click

from . import clock
from .cli_common import root_of, selected, user_errors
from .problems import Problem, ProblemsFound

if TYPE_CHECKING:  # the content model is imported by the commands, not at start-up
    from . import sealing


@click.group()
def embargo() -> None:
    """Seal embargoed items with age until their time; open them; list them.

    A sealed item keeps a public header (id, theme, embargo time, who sealed it) and
    encrypts the rest (title, summary, body, social texts) to the press office's keys,
    `embargo.recipients` in newsroom.yml. The first publishing run after the embargo opens
    it with the key and publishes site, feeds and posts at once. The private key is read
    from $NEWSROOM_EMBARGO_KEY (one or more AGE-SECRET-KEY-1… lines), never from a file,
    and never printed. See the handbook's "Embargoed releases" page for who can read what,
    and when.
    """


@embargo.command(short_help="Seal an item until its embargo time.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--by", "sealed_by", help="Who seals it (default: git's user.name <user.email>).")
@click.option(
    "--journalists",
    is_flag=True,
    help="Also publish, until the embargo, a page for journalists at an unguessable URL, "
    "read with a passphrase (both printed here once; kept inside the seal).",
)
@click.option("--dry-run", is_flag=True, help="Say what would be written; write nothing.")
@click.pass_context
@user_errors
def seal(
    ctx: click.Context, path: Path, sealed_by: str | None, journalists: bool, dry_run: bool
) -> None:
    """Seal the item PATH until its date: write YYYY-MM-DD-<id>.sealed.md beside it.

    The item must pass `newsroom check`, with a date to come (its embargo). The plaintext
    is removed only once the sealed file is written and opens again to the same text with
    $NEWSROOM_EMBARGO_KEY; without a key it is kept, and you delete it yourself after
    `newsroom embargo status` (never commit it).
    """
    from . import sealing
    from .config import load_config
    from .content import Content, read_item
    from .syndication.checks import ITEM_CHECKS

    root = root_of(ctx)
    rel = selected(root, [path])[0]
    config = load_config(root)
    if sealing.is_sealed(rel):
        raise ProblemsFound([Problem(rel, 1, "", "is sealed already")])
    scratch = Content()
    item = read_item(root, rel, config, scratch, None, ITEM_CHECKS)
    if item is None:
        raise ProblemsFound(scratch.problems)
    if item.date <= clock.now():
        raise ProblemsFound([_date_has_come(rel, item.lines.get(("date",), 1))])
    text = (root / rel).read_text(encoding="utf-8")
    header = sealing.SealedHeader(
        sealed=sealing.FORMAT, id=item.id, embargo=item.date, sealed_by=sealed_by or _git_user(root)
    )
    target = PurePosixPath(rel).parent / sealing.sealed_name(item.date, item.id)
    if dry_run:
        click.echo(f"would write {target} (sealed to {len(config.embargo.recipients)} key(s))")
        click.echo(f"would remove {rel} once the sealed file opens with $NEWSROOM_EMBARGO_KEY")
        return
    preview = sealing.new_journalists_preview() if journalists else None
    try:
        name = PurePosixPath(rel).name
        armored = sealing.seal_text(name, text, config.embargo.recipients, preview)
    except sealing.SealError as error:
        raise ProblemsFound([Problem("newsroom.yml", 1, "embargo", str(error))]) from None
    (root / target).write_text(sealing.compose(header, armored), encoding="utf-8")
    click.echo(f"sealed {rel} → {target}, until {item.date.isoformat()}")
    _remove_when_verified(root, rel, str(target), text)
    _warn_if_in_history(root, rel)
    _warn_of_unsealed_files(item.meta.image, item.meta.attachments)
    if preview is not None:
        click.echo(
            f"journalists' page, from the next publishing run until the embargo: "
            f"{_journalists_url(config.site.url, preview.token)}\n"
            f"passphrase: {preview.passphrase}\n"
            "send the link and the passphrase separately; `newsroom embargo status` shows them "
            "again with the key"
        )


def _journalists_url(site_url: str, token: str) -> str:
    from .site.journalists import FOLDER

    return f"{site_url.rstrip('/')}/{FOLDER}/{token}/"


def _date_has_come(rel: str, line: int) -> Problem:
    return Problem(
        rel,
        line,
        "date",
        "its date has come: a sealed item is opened at its date — set the embargo time "
        "as `date:`, or publish it without sealing",
    )


def _remove_when_verified(root: Path, rel: str, target: str, text: str) -> None:
    """Remove the plaintext only when the sealed file, read back, opens to the same text."""
    from . import sealing

    try:
        identities = sealing.identities_from_env()
    except sealing.SealError as error:
        raise ProblemsFound([Problem(sealing.KEY_ENV, 1, "", str(error))]) from None
    if identities is None:
        click.secho(
            f"kept {rel}: no ${sealing.KEY_ENV} to check that {target} opens — set it, run "
            f"`newsroom embargo status`, then delete {rel} (never commit it)",
            fg="yellow",
            err=True,
        )
        return
    problems: list[Problem] = []
    written = (root / target).read_text(encoding="utf-8")
    sealed = sealing.parse_sealed(written, target, None, problems)
    try:
        opened = sealing.open_payload(sealed.armored, identities) if sealed else None
    except sealing.SealError as error:
        raise ProblemsFound([Problem(target, 1, "", f"{error} — {rel} is kept")]) from None
    if opened is None or opened.text != text:
        raise ProblemsFound([Problem(target, 1, "", f"does not open to {rel}'s text: it is kept")])
    (root / rel).unlink()
    click.echo(f"removed {rel}: {target} opens to the same text with ${sealing.KEY_ENV}")


def _warn_if_in_history(root: Path, rel: str) -> None:
    """Sealing hides nothing that git already has: say so."""
    log = subprocess.run(
        ["git", "-C", str(root), "log", "--all", "--format=%h", "-1", "--", rel],
        capture_output=True,
        text=True,
        check=False,
    )
    if log.returncode == 0 and log.stdout.strip():
        click.secho(
            f"warning: {rel} is in git history (commit {log.stdout.strip()}): its text is "
            "readable there whatever the seal — see the handbook's page on embargoes, "
            '"When the text has leaked"',
            fg="yellow",
            err=True,
        )


def _warn_of_unsealed_files(image: str | None, attachments: list[str]) -> None:
    """The image and attachments are repository files: sealing the item does not seal them."""
    for path in [p for p in (image, *attachments) if p]:
        click.secho(
            f"warning: {path} is not sealed (a repository file, readable by anyone who reads "
            "the repository) — add it in a pull request merged at the embargo, or keep it "
            "neutral",
            fg="yellow",
            err=True,
        )


def _git_user(root: Path) -> str:
    def value(key: str) -> str:
        result = subprocess.run(
            ["git", "-C", str(root), "config", key], capture_output=True, text=True, check=False
        )
        return result.stdout.strip()

    name, email = value("user.name"), value("user.email")
    who = f"{name} <{email}>" if name and email else name or email
    if not who:
        raise click.UsageError("say who seals it: --by 'Press office <press@uni.example>'")
    return who


@embargo.command("open", short_help="Open a sealed item back into its item file.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check that it opens; write nothing.")
@click.pass_context
@user_errors
def open_command(ctx: click.Context, path: Path, dry_run: bool) -> None:
    """Open the sealed item PATH back into its item file, to edit or publish it unsealed.

    Writes the item file beside it and removes PATH. Before the embargo, never commit
    the opened file: seal it again with `newsroom embargo seal`.
    """
    from . import sealing

    root = root_of(ctx)
    rel = selected(root, [path])[0]
    sealed, header = _read_sealed(root, rel)
    try:
        identities = sealing.identities_from_env()
        if identities is None:
            raise sealing.SealError(f"no key — set ${sealing.KEY_ENV}")
        opened = sealing.open_payload(sealed.armored, identities)
    except sealing.SealError as error:
        raise ProblemsFound([Problem(rel, sealed.body_line, "", str(error))]) from None
    target = PurePosixPath(rel).parent / opened.name
    if (root / target).exists():
        raise ProblemsFound([Problem(str(target), 1, "", "exists already — move it away first")])
    if dry_run:
        click.echo(f"{rel} opens with the key: would write {target} and remove {rel}")
        return
    (root / target).write_text(opened.text, encoding="utf-8")
    (root / rel).unlink()
    click.echo(f"opened {rel} → {target}")
    if header.embargo > clock.now():
        click.secho(
            f"under embargo until {header.embargo.isoformat()}: never commit {target} — seal "
            "it again with `newsroom embargo seal`",
            fg="yellow",
            err=True,
        )


def _read_sealed(root: Path, rel: str) -> tuple[sealing.SealedFile, sealing.SealedHeader]:
    from . import sealing
    from .config import load_config

    problems: list[Problem] = []
    text = (root / rel).read_text(encoding="utf-8")
    sealed = sealing.parse_sealed(text, rel, load_config(root).zone, problems)
    if sealed is None or sealed.header is None or problems:
        raise ProblemsFound(problems)
    return sealed, sealed.header


@embargo.command(short_help="List the sealed items and whether the key here opens them.")
@click.pass_context
@user_errors
def status(ctx: click.Context) -> None:
    """List the sealed items: id, theme, embargo time, who sealed them, and whether the
    key here opens them (the key is never printed)."""
    from . import sealing
    from .config import load_config
    from .content import NEWS_DIR, content_files

    root = root_of(ctx)
    paths = [rel for rel in content_files(root, NEWS_DIR) if sealing.is_sealed(rel)]
    if not paths:
        click.echo("no sealed item")
        return
    try:
        identities = sealing.identities_from_env()
    except sealing.SealError as error:
        raise ProblemsFound([Problem(sealing.KEY_ENV, 1, "", str(error))]) from None
    now, site_url = clock.now(), load_config(root).site.url
    for rel in paths:
        sealed, header = _read_sealed(root, rel)
        when = "embargo over" if header.embargo <= now else "sealed"
        click.echo(
            f"{rel}: {header.id}, theme {PurePosixPath(rel).parts[2]}, "
            f"until {header.embargo.isoformat()} ({when}), sealed by {header.sealed_by}; "
            f"{_opens(sealed, identities, site_url)}"
        )


def _opens(sealed: sealing.SealedFile, identities: list[Any] | None, site_url: str) -> str:
    from . import sealing

    if identities is None:
        return f"not opened here (no ${sealing.KEY_ENV})"
    try:
        opened = sealing.open_payload(sealed.armored, identities)
    except sealing.SealError:
        return "does NOT open with the key here"
    if opened.journalists is None:
        return "opens with the key here"
    page = opened.journalists
    return (
        f"opens with the key here; journalists' page {_journalists_url(site_url, page.token)} "
        f"(passphrase {page.passphrase})"
    )


COMMANDS: list[click.Command] = [embargo]
