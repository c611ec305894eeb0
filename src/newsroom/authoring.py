"""Writing new items: gather what is needed, then write a file that passes `check`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import click
from slugify import slugify

from .config import SiteConfig
from .content import Content, read_item
from .ids import new_id
from .problems import ProblemsFound, did_you_mean
from .repository import Newsroom

PLACEHOLDER_SUMMARY = "Replace this with one to three sentences that tell the news in short."
PLACEHOLDER_BODY = (
    "Write the news here in Markdown: who, what, when, where, why.\n\n"
    "## A subheading if the text is long\n\nAnd the details, a quote, a link.\n"
)


@dataclass(frozen=True)
class NewItem:
    """What a new item needs before it can be written."""

    title: str
    theme: str
    date: datetime
    authors: tuple[str, ...]
    summary: str


def _fail(option: str, message: str) -> click.BadParameter:
    return click.BadParameter(message, param_hint=option)


def parse_date(text: str, config: SiteConfig) -> datetime:
    """An ISO date-time; without an offset it is taken in the site's time zone."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _fail(
            "--date", f"{text!r} is not a date-time — write e.g. 2026-11-20T10:00+01:00"
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=config.zone)
    return when.replace(microsecond=0)


def ask_missing(
    config: SiteConfig,
    title: str | None,
    theme: str | None,
    when: str | None,
    authors: tuple[str, ...],
    summary: str | None,
    *,
    interactive: bool,
) -> NewItem:
    """Fill the gaps by asking in a terminal; without one, name the missing options."""
    missing = [
        name
        for name, value in (("--title", title), ("--theme", theme), ("--author", authors))
        if not value
    ]
    if missing and not interactive:
        raise click.UsageError(f"missing {', '.join(missing)} (no terminal to ask in)")
    slugs = list(config.theme_slugs)
    if not title:
        title = click.prompt("Title")
    if not theme:
        click.echo("Themes: " + ", ".join(slugs))
        theme = click.prompt("Theme", type=click.Choice(slugs), show_choices=False)
    if not authors:
        ids = [a.id for a in config.authors]
        click.echo("Authors: " + ", ".join(ids))
        authors = tuple(click.prompt("Author(s), separated by commas").replace(",", " ").split())
    if when is None and interactive:
        now = datetime.now(config.zone).replace(second=0, microsecond=0)
        when = click.prompt("Publication date-time", default=now.isoformat())
    if summary is None and interactive:
        summary = click.prompt(
            "Summary (1–3 sentences; Enter to write it later)",
            default=PLACEHOLDER_SUMMARY,
            show_default=False,
        )
    date = parse_date(when, config) if when else datetime.now(config.zone).replace(microsecond=0)
    _check_choices(config, theme, authors)
    return NewItem(title.strip(), theme, date, authors, (summary or PLACEHOLDER_SUMMARY).strip())


def _check_choices(config: SiteConfig, theme: str, authors: tuple[str, ...]) -> None:
    if theme not in config.theme_slugs:
        hint = did_you_mean(theme, config.theme_slugs)
        raise _fail("--theme", f"{theme!r} is not a declared theme{hint}")
    for author in authors:
        if author not in config.authors_by_key:
            hint = did_you_mean(author, config.authors_by_key)
            raise _fail("--author", f"{author!r} is not a declared author{hint}")


def render_item(item_id: str, item: NewItem) -> str:
    """The file's text: front matter in the order of the handbook, then a placeholder body."""
    quoted = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    authors = ", ".join(quoted(a, ensure_ascii=False) for a in item.authors)
    return (
        "---\n"
        f"id: {item_id}\n"
        f"title: {quoted(item.title, ensure_ascii=False)}\n"
        f"date: {item.date.isoformat()}\n"
        f"summary: {quoted(item.summary, ensure_ascii=False)}\n"
        f"authors: [{authors}]\n"
        "# image: content/images/<theme>/<file>.jpg\n"
        '# image_alt: "What the image shows, for people who cannot see it"\n'
        "tags: []\n"
        "---\n"
        f"{PLACEHOLDER_BODY}"
    )


def item_path(item: NewItem) -> str:
    """Where the item goes: `content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md`."""
    slug = slugify(item.title, max_length=60, word_boundary=True) or "news"
    day = item.date.date().isoformat()
    return f"content/news/{item.theme}/{day[:4]}/{day}-{slug}.md"


def write_new_item(newsroom: Newsroom, item: NewItem, *, dry_run: bool) -> tuple[str, str]:
    """Write the item (unless `dry_run`) after checking it the way `check` will."""
    rel = item_path(item)
    target = newsroom.root / rel
    if target.exists():
        raise _fail("--title", f"{rel} already exists — choose another title or date")
    text = render_item(new_id({use.id for use in newsroom.content.ids}), item)
    if dry_run:
        return rel, text
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    scratch = Content()
    if read_item(newsroom.root, rel, newsroom.config, scratch) is None:
        target.unlink()  # never leave an invalid file behind
        raise ProblemsFound(scratch.problems)
    return rel, text
