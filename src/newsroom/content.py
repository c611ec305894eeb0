"""Read news items and pages from `content/`, validate them, and report every problem."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

import frontmatter
from pydantic import BaseModel, ValidationError

from . import clock, sealing
from .body_files import body_file_candidates, body_file_problems
from .body_rules import body_image_warnings, check_body
from .config import AuthorSettings, SiteConfig
from .gallery_rules import check_gallery, gallery_paths
from .item_rules import (
    check_accounts,
    check_contacts,
    check_dates,
    check_files,
    check_image_size,
    check_layout,
    check_placeholders,
    resolve_authors,
)
from .problems import Problem
from .safe_files import MIB, FileRefused, read_regular_file
from .schema import ItemFrontMatter, PageFrontMatter
from .validation import problems_from_validation
from .video_rules import check_video, video_paths
from .yamlsource import LoadedYaml, YamlSyntaxError, load_yaml

if TYPE_CHECKING:
    from .build_cache import BuildCache

NEWS_DIR = "content/news"
PAGES_DIR = "content/pages"
# Limits of an item or page file: real ones are a few KB (the largest example, 4 KB), so
# these never refuse real text, and keep a mistaken paste (a 50 MB log) out of the build.
# The front matter is bounded by yamlsource.MAX_YAML_CHARS (1 Mi characters).
MAX_BODY_CHARS = 5 * MIB  # the Markdown text below the front matter
MAX_FILE_BYTES = 6 * MIB  # the whole file: front matter and body
_TOO_LARGE = (
    "an item is a few KB of text: link to large documents (as attachments) instead of pasting them"
)


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


# A rule on a valid item that needs a layer above content (the social text a network would
# refuse needs syndication's counting): that layer hands it down, content never imports it.
ItemCheck = Callable[[Item, SiteConfig], list[Problem]]


class ItemMemory(Protocol):
    """Reads item files reusing earlier outcomes (`content_cache.ContentMemory`)."""

    def read_items(self, news: list[str], content: Content, cache: BuildCache | None) -> None:
        """Read the item files `news` into `content`, in order."""


@dataclass(frozen=True)
class Page:
    """A page of the site (about, contact, accessibility statement)."""

    meta: PageFrontMatter
    path: str
    slug: str
    body: str


@dataclass
class Content:
    """Everything read from `content/`: valid items and pages, and the problems found.

    `items` may be made on first use (`ContentMemory` keeps them apart from what `check`
    needs, so a check of unchanged files never loads 10,000 items).
    """

    pages: list[Page] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What is published all the same but should not be (a 24 MB photo): `check` warns.
    warnings: list[Problem] = field(default_factory=list)
    # Sealed items whose embargo is over but that cannot be opened here (no key): left out,
    # the rest goes on; `build` and `publish` fail them (`check` warns: the PR has no key).
    withheld: list[Problem] = field(default_factory=list)
    # Files a preview laid out in the working copy before their embargo: every command that
    # lays them out says so (`build --preview`, `serve --preview`), not only `check`.
    laid_out: list[Problem] = field(default_factory=list)
    # Sealed items under embargo with a journalists' page, opened with the key (in memory
    # only): the build writes each page encrypted with its passphrase (issue #32).
    embargoed: list[Embargoed] = field(default_factory=list, repr=False)
    files: int = 0
    # Every id seen, valid item or not, so uniqueness is checked across the whole repository.
    ids: list[_IdUse] = field(default_factory=list)
    valid: int = 0  # valid items (len(items), without making them)
    _items: list[Item] = field(default_factory=list, repr=False)
    _make_items: Callable[[], list[Item]] | None = field(default=None, repr=False)
    _lazy_paths: set[str] = field(default_factory=set, repr=False)  # what _make_items makes

    @property
    def items(self) -> list[Item]:
        if self._make_items is not None:
            self._items, self._make_items = self._make_items(), None
        return self._items

    @items.setter
    def items(self, items: list[Item]) -> None:
        self._items, self._make_items = items, None
        self.valid = len(items)

    def drop(self, paths: set[str]) -> None:
        """Leave out the items of `paths` (a rule between files failed for them)."""
        if not paths:
            return
        if self._make_items is None:
            self.items = [item for item in self._items if item.path not in paths]
            return
        make = self._make_items
        self._make_items = lambda: [item for item in make() if item.path not in paths]
        self.valid -= len(paths & self._lazy_paths)


@dataclass(frozen=True)
class Embargoed:
    """A sealed item before its embargo, opened for its journalists' page."""

    item: Item
    journalists: sealing.JournalistsPreview


@dataclass(frozen=True)
class _IdUse:
    id: str
    path: str
    line: int
    translation_of: str | None
    translation_line: int
    lang: str | None  # as written; None: the site's language
    published: bool = False  # not a draft, and its date has come (as far as it can be read)
    publish_at: datetime | None = None  # when it is published (None: a draft, or no valid date)


class _LineTrackingYAML(frontmatter.YAMLHandler):
    """python-frontmatter handler that keeps key lines and reports duplicate keys."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text
        self.loaded: LoadedYaml | None = None

    def load(self, fm: str, **kwargs: object) -> Any:
        start = self.text.find(fm)  # the front matter as python-frontmatter cut it
        first_line = self.text[:start].count("\n") + 1 if start >= 0 else 2
        self.loaded = load_yaml(fm, first_line)
        return self.loaded.data


@dataclass
class _Parsed:
    source: LoadedYaml
    body: str
    body_line: int


def read_content_file(root: Path, rel: str) -> bytes:
    """The bytes of an item or page file (FileRefused: not a regular file, or too large)."""
    return read_regular_file(root / rel, MAX_FILE_BYTES, _TOO_LARGE)


def _read_front_matter(
    root: Path,
    rel: str,
    problems: list[Problem],
    cache: BuildCache | None = None,
    raw: bytes | None = None,
) -> _Parsed | None:
    if raw is None:
        try:
            raw = read_content_file(root, rel)
        except FileRefused as refused:
            problems.append(Problem(rel, 1, "", refused.message))
            return None
    if cache is None:
        return _parse_front_matter(raw, rel, problems)
    key = cache.key(raw)
    parsed = cache.get(key)
    if parsed is None:
        before = len(problems)
        parsed = _parse_front_matter(raw, rel, problems)
        if parsed is not None and len(problems) == before:
            cache.add(key, parsed)
    return parsed


def _parse_front_matter(raw: bytes, rel: str, problems: list[Problem]) -> _Parsed | None:
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
    # YAML counts a lone CR as a line break too: so do we, or lines would not match.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
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
        problems.append(Problem(rel, error.line + leading, error.field, error.message))
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
    if len(body) > MAX_BODY_CHARS:
        problems.append(
            Problem(
                rel,
                closing_line + 1,
                "body",
                f"the text is {len(body):,} characters, over the limit of {MAX_BODY_CHARS:,} — "
                + _TOO_LARGE,
            )
        )
        return None
    # The body's first line: python-frontmatter drops the blank lines after the closing `---`.
    body_line = leading + stripped[: len(stripped) - len(body)].count("\n") + 1
    return _Parsed(source, body, body_line if body.strip() else closing_line + 1)


def _validate(
    model: type[BaseModel], parsed: _Parsed, rel: str, config: SiteConfig, problems: list[Problem]
) -> Any:
    try:
        return model.model_validate(parsed.source.data, context={"zone": config.zone})
    except ValidationError as error:
        problems += problems_from_validation(error, model, parsed.source, rel)
        return None


def read_item(
    root: Path,
    rel: str,
    config: SiteConfig,
    content: Content,
    cache: BuildCache | None = None,
    item_checks: Sequence[ItemCheck] = (),
    raw: bytes | None = None,
    looked_at: list[str] | None = None,
) -> Item | None:
    """Read and validate one news item; record its problems; return it when valid.

    Rules that need only part of the front matter run even when the schema fails, so one
    run reports every problem of the file. `item_checks` run last, on an item valid so far.
    `raw`: the file's bytes, when already read. `looked_at` receives the repository paths
    the rules looked up (image, attachments): the result depends on those files too.
    """
    problems = content.problems
    before = len(problems)
    parsed = _read_front_matter(root, rel, problems, cache, raw)
    if parsed is None:
        return None
    data, source = parsed.source.data, parsed.source
    if looked_at is not None:
        looked_at += referenced_paths(data)
        looked_at += [path for _, _, path in body_file_candidates(rel, parsed.body)]
    _remember_id(source, rel, content)
    meta = _validate(ItemFrontMatter, parsed, rel, config, problems)
    located = check_layout(rel, meta, source, config, problems)
    authors = resolve_authors(data, rel, source, config, problems)
    check_contacts(data, rel, source, config, problems)
    check_files(root, rel, data, source, config, problems)
    check_image_size(root, rel, data, source, content.warnings)
    check_video(root, rel, data, source, problems)
    check_gallery(root, rel, data, source, problems, content.warnings)
    problems += body_file_problems(root, rel, parsed.body, parsed.body_line)
    check_accounts(rel, data, source, config, problems)
    if meta is not None:
        check_dates(rel, meta, source, problems)
        check_placeholders(rel, meta, parsed.body, parsed.body_line, source, problems)
    problems += check_body(root, rel, parsed.body, parsed.body_line, looked_at)
    content.warnings += body_image_warnings(root, rel, parsed.body, parsed.body_line)
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
    for check in item_checks:  # rules of the layers above (e.g. social text), handed down
        problems += check(item, config)
    return item if len(problems) == before else None


def read_sealed_item(
    root: Path,
    rel: str,
    config: SiteConfig,
    content: Content,
    item_checks: Sequence[ItemCheck] = (),
    *,
    early: bool = False,
) -> Item | None:
    """Check a sealed item's public header; open it in memory with the key, if there is one.

    The item is returned (at the sealed file's path, with its own slug) when it opens and
    is valid, and its embargo is over or `early`. Over, with no key: `content.withheld`.
    """
    try:
        text = read_content_file(root, rel).decode("utf-8")
    except (FileRefused, UnicodeDecodeError) as error:
        why = error.message if isinstance(error, FileRefused) else "not UTF-8 text"
        content.problems.append(Problem(rel, 1, "", f"{why} — take the sealed file again from git"))
        return None
    before = len(content.problems)
    sealed = sealing.parse_sealed(text, rel, config.zone, content.problems)
    if sealed is None or sealed.header is None:
        return None
    content.problems += sealing.layout_problems(rel, sealed, config.theme_slugs)
    header, now = sealed.header, clock.now()
    line = sealed.source.line_of
    content.ids.append(
        _IdUse(header.id, rel, line(("id",)), None, 1, None, header.embargo <= now, header.embargo)
    )
    if len(content.problems) > before:
        return None
    try:
        identities = sealing.identities_from_env()
        opened = None if identities is None else sealing.open_payload(sealed.armored, identities)
    except sealing.SealError as error:
        (content.withheld if header.embargo <= now else content.warnings).append(
            Problem(rel, sealed.body_line, "body", str(error))
        )
        return None
    if opened is None:
        if header.embargo <= now:
            content.withheld.append(
                Problem(
                    rel,
                    line(("embargo",)),
                    "embargo",
                    f"sealed until {header.embargo.isoformat()}, no key — {sealing.NO_KEY}",
                )
            )
        return None
    try:
        folder = (root / rel).parent
        files = {f.path: sealing.open_sealed_file(folder, f, identities) for f in opened.files}
    except sealing.SealError as error:
        content.problems.append(Problem(rel, sealed.body_line, "body", str(error)))
        return None
    item = _read_opened(root, rel, opened, sealed, config, content, item_checks, files)
    if item is not None and files and (early or header.embargo <= now):
        _publish_sealed_files(root, rel, files, content, header.embargo > now)
    elif header.embargo > now:
        content.problems += _plain_copies(root, rel, files, header.embargo)
    if item is not None and opened.journalists is not None and header.embargo > now:
        content.embargoed.append(Embargoed(replace(item, path=rel), opened.journalists))
    if item is None or not (early or header.embargo <= now):
        return None
    return replace(item, path=rel)


def _read_opened(
    root: Path,
    rel: str,
    opened: sealing.Opened,
    sealed: sealing.SealedFile,
    config: SiteConfig,
    content: Content,
    item_checks: Sequence[ItemCheck],
    files: dict[str, bytes],
) -> Item | None:
    """Read the opened text as the item file it was; its problems are said on the sealed
    file, by their line in the sealed text, and never quoted in a CI log before the embargo.

    The files sealed with it are checked from a temporary folder, never the repository's."""
    assert sealed.header is not None
    header, scratch = sealed.header, Content()
    original = str(PurePosixPath(rel).parent / opened.name)
    raw = opened.text.encode("utf-8")
    if files:
        looked_at: list[str] = []
        read_item(root, original, config, Content(), None, (), raw, looked_at)
        with tempfile.TemporaryDirectory(prefix="newsroom-sealed-") as folder:
            sealing.overlay(root, Path(folder), looked_at, files)
            item = read_item(Path(folder), original, config, scratch, None, item_checks, raw)
    else:
        item = read_item(root, original, config, scratch, None, item_checks, raw)
    if item is not None and (item.id, item.date) != (header.id, header.embargo):
        scratch.problems.append(
            Problem(
                original,
                1,
                "id",
                f"inside, id {item.id!r} and date {item.date.isoformat()}; the header says "
                f"{header.id!r} and {header.embargo.isoformat()} — open it and seal it again",
            )
        )
    secret = header.embargo > clock.now() and os.environ.get("GITHUB_ACTIONS") == "true"
    for found, into in ((scratch.problems, content.problems), (scratch.warnings, content.warnings)):
        if secret and found:  # an Actions log is public: never a word of the sealed text
            found = [Problem(original, 0, "", f"{len(found)} problem(s) in the sealed text")]
        into += [
            Problem(
                rel,
                sealed.body_line,
                p.field,
                f"(sealed text, line {p.line}) {p.message} — `newsroom embargo open`, fix it, "
                "seal it again",
            )
            for p in found
        ]
    return item if not scratch.problems else None


def _publish_sealed_files(
    root: Path, rel: str, files: dict[str, bytes], content: Content, early: bool
) -> None:
    """Lay the files sealed with an opened item at their paths: its embargo is over (or this
    is a press officer's local preview, told never to commit them)."""
    for clash in sealing.materialize(root, files):
        content.problems.append(
            Problem(
                clash,
                1,
                "",
                f"is also sealed with {rel}, with other bytes — remove one of them",
            )
        )
    if early:
        content.laid_out.append(
            Problem(
                rel,
                1,
                "",
                f"its sealed files are opened for the preview ({', '.join(files)}): never "
                "commit them before the embargo — delete them afterwards",
            )
        )


def _plain_copies(
    root: Path, rel: str, files: dict[str, bytes], embargo: datetime
) -> list[Problem]:
    """Before the embargo, a file sealed with an item must not be at its path in plain: in a
    checkout it was committed (public to whoever reads the repository), on a press officer's
    machine `serve --preview` laid it out and it is one `git add` away from that."""
    return [
        Problem(
            path,
            1,
            "",
            f"is a plain copy of a file sealed with {rel} until {embargo.isoformat()} — delete "
            "it (never commit it); if it is committed, it is public: remove it from the "
            "repository and its history before the embargo",
        )
        for path in files
        if os.path.lexists(root / path)
    ]


def referenced_paths(data: object) -> list[str]:
    """The repository paths front matter names (`image`, `attachments`, `gallery`,
    `podcast`, `video`), as written."""
    if not isinstance(data, dict):
        return []
    named = [data.get("image"), *gallery_paths(data)]
    if isinstance(data.get("attachments"), list):
        named += data["attachments"]
    episode = data.get("podcast")
    if isinstance(episode, dict):
        named += [episode.get(key) for key in ("audio", "transcript", "chapters")]
    return [path for path in named if isinstance(path, str)] + video_paths(data)


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
                *_published(data),
            )
        )


def _published(data: dict[str, Any]) -> tuple[bool, datetime | None]:
    """Whether front matter (valid or not) describes an item already on the site, and when
    it is (or will be) published."""
    when = data.get("date")
    if data.get("draft") is True or not isinstance(when, datetime) or when.tzinfo is None:
        return False, None
    return when <= clock.now(), when


def read_page(
    root: Path,
    rel: str,
    config: SiteConfig,
    problems: list[Problem],
    warnings: list[Problem] | None = None,
) -> Page | None:
    """Read and validate one page of `content/pages/` (`warnings`: large images, if given)."""
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
                f"file name {slug!r} is not a slug — rename it with lowercase letters, digits "
                "and hyphens, e.g. about.md",
            )
        )
    problems += check_body(root, rel, parsed.body, parsed.body_line)
    if warnings is not None:
        warnings += body_image_warnings(root, rel, parsed.body, parsed.body_line)
    if not parsed.body.strip():
        problems.append(
            Problem(
                rel,
                parsed.body_line,
                "body",
                "the page is empty — write its text below the closing `---`",
            )
        )
    problems += body_file_problems(root, rel, parsed.body, parsed.body_line)
    if meta is None or len(problems) > before:
        return None
    return Page(meta, rel, slug, parsed.body)


# Documents Pelican (or a reader of it) could take for pages, which Newsroom never reads:
# Pelican is told to ignore them (site/settings.py), and `check` names them.
OTHER_DOCUMENTS = (".html", ".htm", ".rst", ".markdown", ".mkd", ".mdown")


def content_files(root: Path, folder: str, others: list[str] | None = None) -> list[str]:
    """Repository-relative paths of the Markdown files under `folder`, sorted; `others`
    receives those of OTHER_DOCUMENTS."""
    base = root / folder
    if not base.is_dir():
        return []
    found: list[str] = []
    # Strings, not Path objects: 10,000 files are listed on every command.
    for directory, _, names in os.walk(base):
        prefix = folder + directory[len(str(base)) :].replace(os.sep, "/") + "/"
        found += [prefix + name for name in names if name.endswith(".md")]
        if others is not None:
            others += [prefix + n for n in names if n.lower().endswith(OTHER_DOCUMENTS)]
    return sorted(found)


def _other_document_problems(others: list[str]) -> list[Problem]:
    return [
        Problem(
            rel,
            1,
            "",
            f"is a {PurePosixPath(rel).suffix} file, which Newsroom never publishes — write "
            "the item or page in Markdown (.md, with its front matter), or remove the file",
        )
        for rel in sorted(others)
    ]


def _check_across_items(content: Content, site_language: str, root: Path | None = None) -> None:
    """Rules between files: unique ids and translations that exist."""
    first_use: dict[str, _IdUse] = {}
    failing: set[str] = set()
    by_id: dict[str, list[_IdUse]] = {}
    for use in content.ids:
        by_id.setdefault(use.id, []).append(use)
    for uses in by_id.values():
        owner = _id_owner(uses, root) if len(uses) > 1 else uses[0]
        first_use[owner.id] = owner
        for use in uses:
            if use is not owner:
                content.problems.append(Problem(use.path, use.line, "id", _copied_id(use, owner)))
                failing.add(use.path)
    for use in content.ids:
        wrong = _translation_problem(use, first_use, site_language)
        if wrong is not None:
            content.problems.append(
                Problem(use.path, use.translation_line, "translation_of", wrong)
            )
            failing.add(use.path)
    content.drop(failing)


def _copied_id(use: _IdUse, owner: _IdUse) -> str:
    """The message for the newcomer: never tell the item that had the id first to change it."""
    sealed = next((u.path for u in (owner, use) if sealing.is_sealed(u.path)), None)
    if sealed is not None:  # a sealed item and its plain file: the plain one must go
        return (
            f"{use.id!r} is also the id of {owner.path} — {sealed} is the sealed item: delete "
            "its plain file (never commit it), or `newsroom embargo open` the sealed one"
        )
    kept = "published" if owner.published else "older"
    return (
        f"{use.id!r} is already the id of {owner.path} ({kept}, its permanent link /s/{use.id}) "
        "— an id is never shared: run `newsroom id` and put the fresh id here"
    )


def _id_owner(uses: list[_IdUse], root: Path | None) -> _IdUse:
    """Which of the files sharing an id keeps it: the one git has known longest, else the
    published one, else the first by path. A copied file is the newcomer, whatever its name."""
    added = _git_added(root, [use.path for use in uses]) if root is not None else {}

    def seniority(use: _IdUse) -> tuple[bool, float, bool, str]:
        when = added.get(use.path)
        return (when is None, when or 0.0, not use.published, use.path)

    return min(uses, key=seniority)


def _git_added(root: Path, paths: list[str]) -> dict[str, float]:
    """When git first saw each path (commit time); paths git does not know are left out."""
    import subprocess

    found: dict[str, float] = {}
    for path in paths:
        try:
            log = subprocess.run(
                ["git", "-C", str(root), "log", "--diff-filter=A", "--format=%ct", "--", path],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return {}  # no git here: seniority falls back to what the files say
        times = log.stdout.split()
        if log.returncode == 0 and times:
            found[path] = float(times[-1])  # the oldest addition
    return found


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


def load_content(
    root: Path,
    config: SiteConfig,
    cache: BuildCache | None = None,
    item_checks: Sequence[ItemCheck] = (),
    memory: ItemMemory | None = None,
    *,
    early: bool = False,
) -> Content:
    """Read every item and page; collect all problems of all files in one pass.

    With `cache`, front matter parsed by an earlier run is reused (the rules still run).
    With `memory`, what an earlier run found for a file with the same bytes (and the same
    configuration, code and referenced files) is reused: see `content_cache`.
    `item_checks` are rules of the layers above, run on each item (see `ItemCheck`).
    Sealed items are opened with `$NEWSROOM_EMBARGO_KEY` when there is one: checked always,
    among the items once their embargo is over, or before with `early` (a local preview).
    """
    content = Content()
    others: list[str] = []
    news, pages = content_files(root, NEWS_DIR, others), content_files(root, PAGES_DIR, others)
    content.files = len(news) + len(pages)
    content.problems += _other_document_problems(others)
    sealed = [rel for rel in news if sealing.is_sealed(rel)]
    news = [rel for rel in news if not sealing.is_sealed(rel)]
    if memory is not None:
        memory.read_items(news, content, cache)
    for rel in news if memory is None else ():
        item = read_item(root, rel, config, content, cache, item_checks)
        if item is not None:
            content.items.append(item)
            content.valid += 1
    for rel in sealed:  # never through `memory` or `cache`: no plaintext on disk
        item = read_sealed_item(root, rel, config, content, item_checks, early=early)
        if item is not None:
            content.items.append(item)
            content.valid += 1
    for rel in pages:
        page = read_page(root, rel, config, content.problems, content.warnings)
        if page is not None:
            content.pages.append(page)
    _check_across_items(content, config.site.language, root)
    content.problems.sort()
    content.warnings.sort()
    return content
