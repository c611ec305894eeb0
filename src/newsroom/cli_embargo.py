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
    from .content import Item


@click.group()
def embargo() -> None:
    """Seal embargoed items with age until their time; open them; list them.

    A sealed item keeps a public header (id, theme, embargo time, who sealed it) and
    encrypts the rest (title, summary, body, social texts, and the image, attachments and
    linked files only it references) to the press office's keys, `embargo.recipients` in
    newsroom.yml. The first publishing run after the embargo opens
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

    The files only this item references (image, attachments, linked files, video captions)
    are sealed with it, beside it as YYYY-MM-DD-<id>.sealed-<n>.age; a file another item or
    page references stays unsealed, and is named. The item must pass `newsroom check`, with
    a date to come (its embargo). The plain files are removed only once the sealed ones are
    written and open again to the same bytes with $NEWSROOM_EMBARGO_KEY; without a key they
    are kept, and you delete them yourself after `newsroom embargo status` (never commit
    them).
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
    own, shared = _item_files(root, rel, item)
    if dry_run:
        click.echo(f"would write {target} (sealed to {len(config.embargo.recipients)} key(s))")
        for number, path in enumerate(own, 1):
            click.echo(f"would seal {path} → {sealing.sealed_file_name(target.name, number)}")
        click.echo(f"would remove {rel} once the sealed file opens with $NEWSROOM_EMBARGO_KEY")
        _warn_of_shared_files(shared)
        return
    preview = sealing.new_journalists_preview() if journalists else None
    try:
        refs = _seal_files(root, target, own, config.embargo.recipients)
        name = PurePosixPath(rel).name
        armored = sealing.seal_text(name, text, config.embargo.recipients, preview, refs)
    except sealing.SealError as error:
        raise ProblemsFound([Problem("newsroom.yml", 1, "embargo", str(error))]) from None
    (root / target).write_text(sealing.compose(header, armored), encoding="utf-8")
    click.echo(f"sealed {rel} → {target}, until {item.date.isoformat()}")
    for ref in refs:
        click.echo(f"sealed {ref.path} → {target.parent / ref.sealed}")
    _remove_when_verified(root, rel, str(target), text, [ref.path for ref in refs])
    _warn_if_in_history(root, rel)
    for ref in refs:
        _warn_if_in_history(root, ref.path)
    _warn_of_shared_files(shared)
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


def _remove_when_verified(root: Path, rel: str, target: str, text: str, files: list[str]) -> None:
    """Remove the plaintext (the item, the files sealed with it) only when the sealed files,
    read back, open to the same text and bytes."""
    from . import sealing

    try:
        identities = sealing.identities_from_env()
    except sealing.SealError as error:
        raise ProblemsFound([Problem(sealing.KEY_ENV, 1, "", str(error))]) from None
    if identities is None:
        kept = ", ".join([rel, *files])
        click.secho(
            f"kept {kept}: no ${sealing.KEY_ENV} to check that {target} opens — set it, run "
            f"`newsroom embargo status`, then delete {kept} (never commit them)",
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
    folder = (root / target).parent
    for ref in opened.files:  # each sealed file opens to the bytes of its plain file
        try:
            sealed_bytes = sealing.open_sealed_file(folder, ref, identities)
            same = sealed_bytes == (root / ref.path).read_bytes()
        except sealing.SealError as error:
            raise ProblemsFound([Problem(target, 1, "", f"{error} — {rel} is kept")]) from None
        if not same:
            raise ProblemsFound([Problem(ref.sealed, 1, "", f"does not open to {ref.path}")])
    for path in [rel, *(ref.path for ref in opened.files)]:
        (root / path).unlink()
        click.echo(f"removed {path}: its seal opens to the same bytes with ${sealing.KEY_ENV}")


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


def _item_files(root: Path, rel: str, item: Item) -> tuple[list[str], list[str]]:
    """The repository files the item references (image, attachments, video captions, body
    links): those only it references, to seal with it; those others reference too."""
    from .body_files import body_file_candidates
    from .content import NEWS_DIR, PAGES_DIR, content_files, referenced_paths

    named = referenced_paths(item.meta.model_dump(mode="json"))
    named += [path for _, _, path in body_file_candidates(rel, item.body)]
    files = [p for p in dict.fromkeys(named) if (root / p).is_file() and not p.endswith(".md")]
    others = [
        (root / other).read_text(encoding="utf-8", errors="replace")
        for other in content_files(root, NEWS_DIR) + content_files(root, PAGES_DIR)
        if other != rel
    ]
    # By its path or its name (a body may link it from its own folder): a name in another
    # file's text leaves the file unsealed, the safe side for the other item.
    shared = [p for p in files if any(p in t or PurePosixPath(p).name in t for t in others)]
    return [p for p in files if p not in shared], shared


def _seal_files(
    root: Path, target: PurePosixPath, paths: list[str], recipients: list[str]
) -> tuple[sealing.SealedFileRef, ...]:
    """Seal each file into a binary age file beside the sealed item; their references."""
    from . import sealing

    refs = []
    for number, path in enumerate(paths, 1):
        data = (root / path).read_bytes()
        name = sealing.sealed_file_name(target.name, number)
        (root / target.parent / name).write_bytes(sealing.seal_bytes(data, recipients))
        refs.append(sealing.SealedFileRef(path, name, sealing.sha256(data)))
    return tuple(refs)


def _warn_of_shared_files(paths: list[str]) -> None:
    """A file another item or page references stays a plain repository file: say so."""
    for path in paths:
        click.secho(
            f"warning: {path} is not sealed: another item or page references it, and it stays "
            "readable by anyone who reads the repository — give the sealed item its own copy, "
            "or keep the file neutral",
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

    Writes the item file beside it and the files sealed with it back at their paths, and
    removes PATH and its .age files. Before the embargo, never commit
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
    files = _opened_files(root, rel, sealed.body_line, opened, identities)
    for path in [str(target), *(ref.path for ref in opened.files)]:
        if (root / path).exists():
            raise ProblemsFound([Problem(path, 1, "", "exists already — move it away first")])
    if dry_run:
        written = ", ".join([str(target), *(ref.path for ref in opened.files)])
        click.echo(f"{rel} opens with the key: would write {written} and remove {rel}")
        return
    (root / target).write_text(opened.text, encoding="utf-8")
    for ref, data in zip(opened.files, files, strict=True):
        (root / ref.path).parent.mkdir(parents=True, exist_ok=True)
        (root / ref.path).write_bytes(data)
        (root / PurePosixPath(rel).parent / ref.sealed).unlink()
        click.echo(f"opened {PurePosixPath(rel).parent / ref.sealed} → {ref.path}")
    (root / rel).unlink()
    click.echo(f"opened {rel} → {target}")
    if header.embargo > clock.now():
        click.secho(
            f"under embargo until {header.embargo.isoformat()}: never commit {target} — seal "
            "it again with `newsroom embargo seal`",
            fg="yellow",
            err=True,
        )


def _opened_files(
    root: Path, rel: str, line: int, opened: sealing.Opened, identities: list[Any]
) -> list[bytes]:
    """The bytes of every file sealed with the item, each checked against its seal."""
    from . import sealing

    folder = (root / rel).parent
    try:
        return [sealing.open_sealed_file(folder, ref, identities) for ref in opened.files]
    except sealing.SealError as error:
        raise ProblemsFound([Problem(rel, line, "", str(error))]) from None


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
