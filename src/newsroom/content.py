"""Read news items and pages from `content/`, validate them, and report every problem."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
from pydantic import BaseModel, ValidationError

from .config import AuthorSettings, SiteConfig
from .problems import Problem, did_you_mean
from .schema import IMAGE_SUFFIXES, ItemFrontMatter, PageFrontMatter
from .validation import problems_from_validation
from .yamlsource import LoadedYaml, YamlSyntaxError, load_yaml

NEWS_DIR = "content/news"
PAGES_DIR = "content/pages"
FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
LAYOUT = "content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md"


@dataclass(frozen=True)
class Item:
    """A valid news item: its front matter, where it lives, and its Markdown body."""

    meta: ItemFrontMatter
    path: str
    theme: str
    slug: str
    body: str
    lang: str
    authors: tuple[AuthorSettings, ...]
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def date(self) -> datetime:
        return self.meta.date

    def is_published(self, now: datetime) -> bool:
        """Live on the public site: not a draft, and its date has come."""
        return not self.meta.draft and self.meta.date <= now


@dataclass(frozen=True)
class Page:
    """A page of the site (about, contact, accessibility statement)."""

    meta: PageFrontMatter
    path: str
    slug: str
    body: str


@dataclass
class Content:
    """Everything read from `content/`: valid items and pages, and the problems found."""

    items: list[Item] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    # Every id seen, valid item or not, so uniqueness is checked across the whole repository.
    ids: list[_IdUse] = field(default_factory=list)


@dataclass(frozen=True)
class _IdUse:
    id: str
    path: str
    line: int
    translation_of: str | None
    translation_line: int
    lang: str | None  # as written; None: the site's language


class _LineTrackingYAML(frontmatter.YAMLHandler):
    """python-frontmatter handler that keeps key lines and reports duplicate keys."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text
        self.loaded: LoadedYaml | None = None

    def load(self, fm: str, **kwargs: object) -> Any:
        first_line = self.text[: self.text.index(fm)].count("\n") + 1
        self.loaded = load_yaml(fm, first_line)
        return self.loaded.data


@dataclass
class _Parsed:
    source: LoadedYaml
    body: str
    body_line: int


def _read_front_matter(root: Path, rel: str, problems: list[Problem]) -> _Parsed | None:
    try:
        raw = (root / rel).read_bytes()
    except OSError as error:
        problems.append(Problem(rel, 1, "", f"cannot be read ({error.strerror})"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(
            Problem(
                rel,
                line,
                "",
                f"not UTF-8 text (byte 0x{raw[error.start]:02x}) — save the "
                "file as UTF-8 in your editor",
            )
        )
        return None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    stripped = text.strip()
    leading = text[: len(text) - len(text.lstrip())].count("\n")
    if not stripped.startswith("---"):
        problems.append(
            Problem(
                rel,
                1,
                "",
                "no front matter — start the file with a line `---`, "
                "the fields, then a line `---` before the text",
            )
        )
        return None
    handler = _LineTrackingYAML(stripped)
    try:
        _, body = frontmatter.parse(stripped, handler=handler)
    except YamlSyntaxError as error:
        problems.append(Problem(rel, error.line + leading, "", error.message))
        return None
    if handler.loaded is None:
        problems.append(
            Problem(
                rel,
                1 + leading,
                "",
                "front matter is not closed — add a line `---` after the last field",
            )
        )
        return None
    source = handler.loaded
    closing_line = 1 + leading + stripped[3 : stripped.index("\n---", 3) + 1].count("\n")
    if leading:
        source.lines = {k: v + leading for k, v in source.lines.items()}
        source.duplicates = [(k, v + leading, f + leading) for k, v, f in source.duplicates]
    for key, line, first in source.duplicates:
        problems.append(
            Problem(
                rel,
                line,
                ".".join(map(str, key)),
                f"appears twice (first at line {first}) — keep only one",
            )
        )
    if not isinstance(source.data, dict):
        problems.append(
            Problem(
                rel,
                2 + leading,
                "",
                "front matter must be `key: value` lines, e.g. `title: My news`",
            )
        )
        return None
    return _Parsed(source, body, closing_line + 1)


def _validate(
    model: type[BaseModel], parsed: _Parsed, rel: str, config: SiteConfig, problems: list[Problem]
) -> Any:
    try:
        return model.model_validate(parsed.source.data, context={"zone": config.zone})
    except ValidationError as error:
        problems += problems_from_validation(error, model, parsed.source, rel)
        return None


def _check_repo_file(
    root: Path,
    rel: str,
    value: str,
    line: int,
    field: str,
    problems: list[Problem],
    suffixes: Iterable[str] | None = None,
) -> None:
    """A path written by a contributor must name a file inside the repository."""
    posix = PurePosixPath(value)
    if "\\" in value or value.startswith("/") or re.match(r"^[A-Za-z]:", value):
        problems.append(
            Problem(
                rel,
                line,
                field,
                f"{value!r} is an absolute path — write it "
                "from the repository root, e.g. content/images/photo.jpg",
            )
        )
        return
    if ".." in posix.parts:
        problems.append(
            Problem(
                rel,
                line,
                field,
                f"{value!r} leaves its folder with `..` — write the path from the repository root",
            )
        )
        return
    if suffixes is not None and posix.suffix.lower() not in suffixes:
        problems.append(
            Problem(
                rel,
                line,
                field,
                f"{value!r} is not an image file — use one of {', '.join(suffixes)}",
            )
        )
        return
    target = root / posix
    try:
        _check_target(root, rel, value, target, line, field, problems)
    except OSError as error:  # e.g. a name too long for the file system
        problems.append(Problem(rel, line, field, f"{value!r} cannot be read ({error.strerror})"))


def _check_target(
    root: Path, rel: str, value: str, target: Path, line: int, field: str, problems: list[Problem]
) -> None:
    posix = PurePosixPath(value)
    if not target.is_file():
        siblings = [p.name for p in target.parent.iterdir()] if target.parent.is_dir() else []
        hint = did_you_mean(posix.name, siblings)
        problems.append(
            Problem(
                rel, line, field, f"no file at {value!r}{hint} — add the file or correct the path"
            )
        )
        return
    if not target.resolve().is_relative_to(root.resolve()):
        problems.append(
            Problem(
                rel,
                line,
                field,
                f"{value!r} is a link to a file outside the "
                "repository — copy the file into the repository instead",
            )
        )


def _check_layout(
    rel: str,
    meta: ItemFrontMatter | None,
    source: LoadedYaml,
    config: SiteConfig,
    problems: list[Problem],
) -> tuple[str, str] | None:
    parts = PurePosixPath(rel).parts
    if len(parts) != 5:
        problems.append(Problem(rel, 1, "", f"a news item lives at {LAYOUT} — move the file"))
        return None
    theme, year, name = parts[2], parts[3], parts[4]
    if theme not in config.theme_slugs:
        hint = did_you_mean(theme, config.theme_slugs)
        problems.append(
            Problem(
                rel,
                1,
                "theme",
                f"folder {theme!r} is not a declared theme{hint} "
                "— move the file, or declare the theme in newsroom.yml",
            )
        )
    match = FILE_NAME.match(name)
    if not match:
        problems.append(
            Problem(
                rel,
                1,
                "slug",
                f"file name {name!r} must be "
                "YYYY-MM-DD-slug.md with a slug of lowercase letters, digits and "
                "hyphens, e.g. 2026-11-20-quantum-sensor.md",
            )
        )
        return None
    if meta is not None:
        date_line = source.line_of(("date",))
        written = meta.date.date().isoformat()
        if match["date"] != written:
            problems.append(
                Problem(
                    rel,
                    date_line,
                    "date",
                    f"the file name says "
                    f"{match['date']} but date is {written} — rename the file or "
                    "correct the date",
                )
            )
        if year != written[:4]:
            problems.append(
                Problem(
                    rel,
                    date_line,
                    "date",
                    f"the item is in folder {year}/ but "
                    f"dated {written[:4]} — move it to the {written[:4]}/ folder",
                )
            )
    return theme, match["slug"]


def _resolve_authors(
    data: dict[str, Any], rel: str, source: LoadedYaml, config: SiteConfig, problems: list[Problem]
) -> tuple[AuthorSettings, ...]:
    found = []
    authors = data.get("authors")
    for position, key in enumerate(authors if isinstance(authors, list) else []):
        if not isinstance(key, str):
            continue  # the schema reports it
        author = config.authors_by_key.get(key)
        if author is None:
            hint = did_you_mean(key, config.authors_by_key)
            problems.append(
                Problem(
                    rel,
                    source.line_of(("authors", position)),
                    "authors",
                    f"{key!r} is not a declared author{hint} — use an id from "
                    "newsroom.yml `authors:`, or declare the person there",
                )
            )
        else:
            found.append(author)
    return tuple(found)


def _check_files(
    root: Path,
    rel: str,
    data: dict[str, Any],
    source: LoadedYaml,
    config: SiteConfig,
    problems: list[Problem],
) -> None:
    line = source.line_of
    image, alt = data.get("image"), data.get("image_alt")
    if isinstance(image, str):
        _check_repo_file(root, rel, image, line(("image",)), "image", problems, IMAGE_SUFFIXES)
        if alt is None:
            problems.append(
                Problem(
                    rel,
                    line(("image",)),
                    "image_alt",
                    "an image needs its text alternative — add `image_alt:` describing the image",
                )
            )
    elif image is None and alt is not None:
        problems.append(
            Problem(
                rel,
                line(("image_alt",)),
                "image_alt",
                "there is no `image` to describe — add the image or remove `image_alt`",
            )
        )
    attachments = data.get("attachments")
    for position, path in enumerate(attachments if isinstance(attachments, list) else []):
        if isinstance(path, str):
            where = line(("attachments", position))
            before = len(problems)
            _check_repo_file(root, rel, path, where, "attachments", problems)
            if len(problems) == before:
                _check_attachment(root, rel, path, where, config, problems)


def _check_attachment(
    root: Path, rel: str, value: str, line: int, config: SiteConfig, problems: list[Problem]
) -> None:
    """An attachment of an allowed type (by extension; PDFs by content too), within the size."""
    rules = config.attachments
    suffix = PurePosixPath(value).suffix.lower().lstrip(".")
    if suffix not in rules.types:
        problems.append(
            Problem(
                rel,
                line,
                "attachments",
                f"{value!r}: .{suffix or '(none)'} files cannot be attached — use one of "
                f"{', '.join(rules.types)} (newsroom.yml `attachments.types`)",
            )
        )
        return
    path = root / value
    size = path.stat().st_size
    if size > rules.max_bytes:
        problems.append(
            Problem(
                rel,
                line,
                "attachments",
                f"{value!r} is {human_size(size)}, over the {human_size(rules.max_bytes)} limit "
                "— compress the file, or link to it instead (newsroom.yml `attachments.max_bytes`)",
            )
        )
        return
    if suffix == "pdf":
        with path.open("rb") as file:
            head = file.read(1024)
        if b"%PDF-" not in head:
            problems.append(
                Problem(
                    rel,
                    line,
                    "attachments",
                    f"{value!r} is not a PDF document (no %PDF- header) — export it again as PDF",
                )
            )


def human_size(size: int) -> str:
    """`532 bytes`, `48 KB`, `2.4 MB`: decimal units, as file managers show them."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def _check_accounts(
    rel: str, data: dict[str, Any], source: LoadedYaml, config: SiteConfig, problems: list[Problem]
) -> None:
    social = data.get("social")
    changes = social.get("accounts") if isinstance(social, dict) else None
    if not isinstance(changes, dict):
        return
    for kind in ("add", "remove"):
        listed = changes.get(kind)
        for position, account in enumerate(listed if isinstance(listed, list) else []):
            if isinstance(account, str) and account not in config.accounts:
                hint = did_you_mean(account, config.accounts)
                problems.append(
                    Problem(
                        rel,
                        source.line_of(("social", "accounts", kind, position)),
                        f"social.accounts.{kind}",
                        f"{account!r} is not a declared account{hint}",
                    )
                )


def _check_dates(
    rel: str, meta: ItemFrontMatter, source: LoadedYaml, problems: list[Problem]
) -> None:
    line = source.line_of
    if meta.updated is not None and meta.updated < meta.date:
        problems.append(
            Problem(
                rel,
                line(("updated",)),
                "updated",
                "is before `date` — an update comes after publication",
            )
        )
    if meta.event is not None:
        if meta.event.end < meta.event.start:
            problems.append(
                Problem(rel, line(("event", "end")), "event.end", "is before event.start")
            )
        if not (meta.event.location or meta.event.online_url):
            problems.append(
                Problem(rel, line(("event",)), "event", "needs `location:` or `online_url:`")
            )


def read_item(root: Path, rel: str, config: SiteConfig, content: Content) -> Item | None:
    """Read and validate one news item; record its problems; return it when valid.

    Rules that need only part of the front matter run even when the schema fails, so one
    run reports every problem of the file.
    """
    problems = content.problems
    before = len(problems)
    parsed = _read_front_matter(root, rel, problems)
    if parsed is None:
        return None
    data, source = parsed.source.data, parsed.source
    _remember_id(source, rel, content)
    meta = _validate(ItemFrontMatter, parsed, rel, config, problems)
    located = _check_layout(rel, meta, source, config, problems)
    authors = _resolve_authors(data, rel, source, config, problems)
    _check_files(root, rel, data, source, config, problems)
    _check_accounts(rel, data, source, config, problems)
    if meta is not None:
        _check_dates(rel, meta, source, problems)
    if not parsed.body.strip():
        problems.append(
            Problem(
                rel,
                parsed.body_line,
                "body",
                "the text of the item is empty — write it below the closing `---`",
            )
        )
    if meta is None or located is None or len(problems) > before:
        return None
    theme, slug = located
    lang = meta.lang or config.site.language
    item = Item(meta, rel, theme, slug, parsed.body, lang, authors, source.lines)
    if meta.social is not None:  # a social text that cannot fit is caught on the pull request
        from .syndication.compose import override_problems

        problems += override_problems(item, config)
    return item if len(problems) == before else None


def _remember_id(source: LoadedYaml, rel: str, content: Content) -> None:
    data = source.data
    if isinstance(data, dict) and isinstance(data.get("id"), str):
        target = data.get("translation_of")
        content.ids.append(
            _IdUse(
                data["id"],
                rel,
                source.line_of(("id",)),
                target if isinstance(target, str) else None,
                source.line_of(("translation_of",)),
                data["lang"] if isinstance(data.get("lang"), str) else None,
            )
        )


def read_page(root: Path, rel: str, config: SiteConfig, problems: list[Problem]) -> Page | None:
    """Read and validate one page of `content/pages/`."""
    before = len(problems)
    parsed = _read_front_matter(root, rel, problems)
    if parsed is None:
        return None
    meta = _validate(PageFrontMatter, parsed, rel, config, problems)
    slug = PurePosixPath(rel).stem
    if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", slug):
        problems.append(
            Problem(
                rel,
                1,
                "slug",
                f"file name {slug!r} must be lowercase letters, digits and hyphens, e.g. about.md",
            )
        )
    if not parsed.body.strip():
        problems.append(
            Problem(
                rel,
                parsed.body_line,
                "body",
                "the page is empty — write its text below the closing `---`",
            )
        )
    if meta is None or len(problems) > before:
        return None
    return Page(meta, rel, slug, parsed.body)


def content_files(root: Path, folder: str) -> list[str]:
    """Repository-relative paths of the Markdown files under `folder`, sorted."""
    base = root / folder
    if not base.is_dir():
        return []
    found = []
    for directory, _, names in os.walk(base):
        for name in names:
            if name.endswith(".md"):
                found.append(Path(directory, name).relative_to(root).as_posix())
    return sorted(found)


def _check_across_items(content: Content, site_language: str) -> None:
    """Rules between files: unique ids and translations that exist."""
    first_use: dict[str, _IdUse] = {}
    failing: set[str] = set()
    for use in content.ids:
        first = first_use.setdefault(use.id, use)
        if first is not use:
            content.problems.append(
                Problem(
                    use.path,
                    use.line,
                    "id",
                    f"{use.id!r} is already "
                    f"the id of {first.path} — run `newsroom id` for a "
                    "fresh one",
                )
            )
            failing.add(use.path)
    for use in content.ids:
        wrong = _translation_problem(use, first_use, site_language)
        if wrong is not None:
            content.problems.append(
                Problem(use.path, use.translation_line, "translation_of", wrong)
            )
            failing.add(use.path)
    content.items = [item for item in content.items if item.path not in failing]


def _translation_problem(use: _IdUse, items: dict[str, _IdUse], site_language: str) -> str | None:
    """What is wrong with an item's `translation_of`, if anything.

    Translations point at the original, one level deep: an original with several
    translations is fine, a translation of a translation (or a loop) is not.
    """
    target = use.translation_of
    if target is None:
        return None
    original = items.get(target)
    if original is None or target == use.id:
        return f"no other item has id {target!r} — give the id of the item this one translates"
    language = use.lang or site_language
    if (original.lang or site_language) == language:
        return (
            f"{original.path} is in the same language ({language}) — a translation is in "
            "another language; set `lang:` on the item that is not"
        )
    if original.translation_of is not None:
        return (
            f"{original.path} is itself a translation (of {original.translation_of!r}) — "
            f"point `translation_of` at the original, {original.translation_of!r}"
        )
    return None


def load_content(root: Path, config: SiteConfig) -> Content:
    """Read every item and page; collect all problems of all files in one pass."""
    content = Content()
    news, pages = content_files(root, NEWS_DIR), content_files(root, PAGES_DIR)
    content.files = len(news) + len(pages)
    for rel in news:
        item = read_item(root, rel, config, content)
        if item is not None:
            content.items.append(item)
    for rel in pages:
        page = read_page(root, rel, config, content.problems)
        if page is not None:
            content.pages.append(page)
    _check_across_items(content, config.site.language)
    content.problems.sort()
    return content
