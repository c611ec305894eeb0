"""Writing new items: gather what is needed, then write a file that passes `check`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import click
from pydantic import TypeAdapter, ValidationError
from slugify import slugify

from .config import SiteConfig
from .content import Content, read_item
from .crossref import CrossrefUnavailable, FoundPaper, fetch_paper
from .ids import new_id
from .item_rules import PLACEHOLDER_BODY, PLACEHOLDER_PROBLEM, PLACEHOLDER_SUMMARY
from .problems import Problem, did_you_mean
from .repository import Newsroom
from .schema import SUMMARY_MAX, SUMMARY_MIN, TITLE_MAX, ItemFrontMatter, Paper
from .scholarly import bare_doi, is_doi
from .validation import problems_from_validation
from .yamlsource import LoadedYaml

_T = TypeVar("_T")


@dataclass(frozen=True)
class PaperDraft:
    """The paper behind a new item: its DOI, and what Crossref (or the person) said of it."""

    doi: str
    title: str
    journal: str
    date: date


@dataclass(frozen=True)
class NewItem:
    """What a new item needs before it can be written."""

    title: str
    theme: str
    date: datetime
    authors: tuple[str, ...]
    summary: str
    paper: PaperDraft | None = None


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
    """Fill the gaps by asking in a terminal; without one, name the missing options.

    Options given are checked before any question, and every answer as it is typed: a
    wrong answer is asked again with the reason, so nothing typed is ever lost.
    """
    missing = [
        name
        for name, value in (("--title", title), ("--theme", theme), ("--author", authors))
        if not value
    ]
    if missing and not interactive:
        raise click.UsageError(f"missing {', '.join(missing)} (no terminal to ask in)")
    checked = _Answers(config)
    title = _given(checked.title, title, "--title")
    theme = _given(checked.theme, theme, "--theme")
    chosen = _given(checked.authors, ", ".join(authors), "--author") if authors else None
    date = _given(checked.date, when, "--date")
    summary = _given(checked.summary, summary, "--summary")
    if title is None:
        title = click.prompt("Title", value_proc=checked.title)
    if theme is None:
        click.echo("Themes: " + ", ".join(config.theme_slugs))
        theme = click.prompt("Theme", value_proc=checked.theme)
    if chosen is None:
        click.echo("Authors (id or full name): " + ", ".join(a.id for a in config.authors))
        chosen = click.prompt("Author(s), separated by commas", value_proc=checked.authors)
    if date is None and interactive:
        now = datetime.now(config.zone).replace(second=0, microsecond=0)
        date = click.prompt(
            "Publication date-time", default=now.isoformat(), value_proc=checked.date
        )
    if summary is None and interactive:
        summary = click.prompt(
            f"Summary ({SUMMARY_MIN}–{SUMMARY_MAX} characters, 1–3 sentences; Enter to write "
            "it later)",
            default="",
            show_default=False,
            value_proc=checked.summary_or_later,
        )
    date = date or datetime.now(config.zone).replace(microsecond=0)
    return NewItem(title, theme, date, chosen, summary or PLACEHOLDER_SUMMARY)


def retitle_while_taken(root: Path, config: SiteConfig, item: NewItem) -> NewItem:
    """Ask for another title while the item's file already exists (the answers are kept)."""
    checked = _Answers(config)
    while (root / item_path(item)).exists():
        click.echo(f"Error: {item_path(item)} already exists — choose another title")
        item = replace(item, title=click.prompt("Title", value_proc=checked.title))
    return item


def _given(check: Callable[[str], _T], value: str | None, option: str) -> _T | None:
    """An option's value checked like the answer to its question (None when not given)."""
    if value is None:
        return None
    try:
        return check(value)
    except click.UsageError as error:
        raise _fail(option, error.message) from None


class _Answers:
    """Checks of each answer of `newsroom new`: the value to use, or UsageError saying why."""

    def __init__(self, config: SiteConfig):
        self.config = config

    def title(self, text: str) -> str:
        text = " ".join(text.split())
        if not text:
            raise click.UsageError("the title is empty — write the headline of the news")
        if len(text) > TITLE_MAX:
            raise click.UsageError(
                f"the title has {len(text)} characters — shorten it to {TITLE_MAX} at most"
            )
        return _as_check_says("title", text)

    def theme(self, text: str) -> str:
        text = text.strip()
        if text not in self.config.theme_slugs:
            hint = did_you_mean(text, self.config.theme_slugs) or (
                f" — choose one of {', '.join(self.config.theme_slugs)}"
            )
            raise click.UsageError(f"{text!r} is not a declared theme{hint}")
        return text

    def authors(self, text: str) -> tuple[str, ...]:
        """Authors separated by commas, each an id or a full name (`Amélie Durand`)."""
        names = [name.strip() for name in text.split(",") if name.strip()]
        if not names:
            raise click.UsageError("no author — write an author id or full name")
        by_key = {key.casefold(): key for key in self.config.authors_by_key}
        chosen = []
        for name in names:
            key = by_key.get(name.casefold())
            if key is None:
                hint = did_you_mean(name, self.config.authors_by_key) or (
                    " — write an id listed above, or declare the author under authors: "
                    "in newsroom.yml"
                )
                raise click.UsageError(f"{name!r} is not a declared author{hint}")
            chosen.append(key)
        return tuple(dict.fromkeys(chosen))

    def date(self, text: str) -> datetime:
        try:
            return parse_date(text, self.config)
        except click.BadParameter as error:
            raise click.UsageError(error.message) from None

    def summary(self, text: str) -> str:
        text = " ".join(text.split())
        if not SUMMARY_MIN <= len(text) <= SUMMARY_MAX:
            raise click.UsageError(
                f"the summary has {len(text)} characters — write {SUMMARY_MIN} to "
                f"{SUMMARY_MAX} (one to three sentences)"
            )
        return _as_check_says("summary", text)

    def summary_or_later(self, text: str) -> str:
        return self.summary(text) if text.strip() else ""


@cache
def _field_rule(name: str) -> TypeAdapter[Any]:
    """The schema's own rule for one field of an item (type, length, plain text)."""
    declared = ItemFrontMatter.model_fields[name]
    return TypeAdapter(Annotated[declared.annotation, *declared.metadata])


def _as_check_says(name: str, text: str) -> str:
    """`text`, unless `check` would refuse it as the item's `name`: then UsageError, why."""
    try:
        _field_rule(name).validate_python(text)
    except ValidationError as error:
        [problem, *_] = problems_from_validation(error, ItemFrontMatter, LoadedYaml(None), "")
        raise click.UsageError(f"{name}: {problem.message}") from None
    return text


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
        f"{_paper_lines(item.paper)}"
        "# image: content/images/<theme>/<file>.jpg\n"
        '# image_alt: "What the image shows, for people who cannot see it"\n'
        "tags: []\n"
        "---\n"
        f"{PLACEHOLDER_BODY}"
    )


def _paper_lines(paper: PaperDraft | None) -> str:
    if paper is None:
        return ""
    quoted = json.dumps
    return (
        "paper:\n"
        f"  doi: {quoted(paper.doi)}\n"
        f"  title: {quoted(paper.title, ensure_ascii=False)}\n"
        f"  journal: {quoted(paper.journal, ensure_ascii=False)}\n"
        f"  date: {paper.date.isoformat()}\n"
    )


def paper_from_doi(
    config: SiteConfig, text: str, *, interactive: bool, transport: Any = None
) -> PaperDraft:
    """The paper of `--doi`: its fields from Crossref; what Crossref cannot give (offline,
    an unknown DOI) is asked in a terminal, or named as what to write without one."""
    doi = bare_doi(text)
    if not is_doi(doi):
        raise _fail(
            "--doi",
            f"{text!r} is not a DOI — write it as the journal gives it, e.g. "
            "10.1038/s41586-020-2649-2",
        )
    try:
        found = fetch_paper(doi, config.site.contact_email or None, transport)
        reason = ""
    except CrossrefUnavailable as error:
        found, reason = FoundPaper(doi, None, None, None), str(error)
    missing = [name for name in ("title", "journal", "date") if getattr(found, name) is None]
    if missing and not interactive:
        why = reason or "Crossref does not give them"
        raise click.UsageError(
            f"{why}: the paper's {', '.join(missing)} are unknown — run `newsroom new` in a "
            "terminal to type them, or write them under `paper:` in the item (doi, title, "
            "journal, date: 2026-11-18)"
        )
    if missing:
        click.echo(f"{reason or 'Crossref does not give every field'}: please type them.")
    return PaperDraft(
        doi,
        found.title or click.prompt("Paper title", value_proc=_paper_rule("title")),
        found.journal or click.prompt("Journal", value_proc=_paper_rule("journal")),
        found.date or click.prompt("Paper date (2026-11-18)", value_proc=_paper_rule("date")),
    )


def _paper_rule(name: str) -> Callable[[str], Any]:
    """An answer checked by the schema's rule for the paper's field `name`."""
    declared = Paper.model_fields[name]
    rule = TypeAdapter(Annotated[declared.annotation, *declared.metadata])

    def check(text: str) -> Any:
        try:
            return rule.validate_python(text.strip())
        except ValidationError as error:
            message = error.errors()[0]["msg"].removeprefix("Value error, ")
            raise click.UsageError(f"{name}: {message}") from None

    return check


# Words a slug should not end on: cut after them, it stops in the middle of a phrase.
_SLUG_STOPWORDS = frozenset(
    {
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or"),
        *("the", "to", "with", "de", "des", "du", "la", "le", "les", "et", "en"),
    }
)


def slug_for(title: str, max_length: int = 60) -> str:
    """The file name's slug: whole words, and never ending inside a phrase (`…-in-real`)."""
    words = slugify(title, max_length=max_length, word_boundary=True).split("-")
    whole = slugify(title).split("-")
    if len(words) < len(whole):  # cut: drop a dangling `in`, or `in real` left by the cut
        while len(words) > 2 and (words[-1] in _SLUG_STOPWORDS or words[-2] in _SLUG_STOPWORDS):
            words.pop()
    else:
        while len(words) > 1 and words[-1] in _SLUG_STOPWORDS:
            words.pop()
    return "-".join(w for w in words if w) or "news"


def item_path(item: NewItem) -> str:
    """Where the item goes: `content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md`."""
    slug = slug_for(item.title)
    day = item.date.date().isoformat()
    return f"content/news/{item.theme}/{day[:4]}/{day}-{slug}.md"


def write_new_item(newsroom: Newsroom, item: NewItem, *, dry_run: bool) -> tuple[str, str]:
    """Check the item the way `check` will, then write it (with `dry_run`, only return it).

    A dry run refuses exactly what a real run refuses: the file's text is checked before
    anything is written, by the same reader as `check`.
    """
    rel = item_path(item)
    if (newsroom.root / rel).exists():
        raise _fail("--title", f"{rel} already exists — choose another title or date")
    text = render_item(new_id({use.id for use in newsroom.content.ids}), item)
    _refuse_what_check_refuses(newsroom, rel, text)
    if dry_run:
        return rel, text
    target = newsroom.root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return rel, text


# The option that gave each field of the new file, to name it when the file is refused.
_OPTIONS = {
    "title": "--title",
    "date": "--date",
    "summary": "--summary",
    "authors": "--author",
    "paper": "--doi",
}


def _refuse_what_check_refuses(newsroom: Newsroom, rel: str, text: str) -> None:
    scratch = Content()
    read_item(newsroom.root, rel, newsroom.config, scratch, raw=text.encode("utf-8"))
    # The template's text is there to be replaced (`check` says so until it is); anything
    # else wrong comes from an option (or is a bug of this command): nothing is written.
    wrong = [p for p in scratch.problems if not p.message.startswith(PLACEHOLDER_PROBLEM)]
    if wrong:
        raise _refusal(wrong[0], rel)


def _refusal(problem: Problem, rel: str) -> click.ClickException:
    option = _OPTIONS.get(problem.field.split(".")[0])
    if option:
        return _fail(option, f"{problem.field}: {problem.message}")
    return click.ClickException(
        f"{rel} not written: line {problem.line}: {problem.field}: {problem.message}"
    )
