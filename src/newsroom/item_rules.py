"""The rules of a news item that need more than its front matter: where the file lives,
what it names (theme, authors, accounts) and the files it points to.

`content.read_item` runs them after the schema; each appends `Problem`s at the line of
the key concerned, and those that need only part of the front matter run even when the
schema failed, so one run reports every problem of the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from .audio import is_audio
from .audio_rules import audio_problem, check_attached_transcripts, check_episode
from .body_files import active_file_problem
from .config import AuthorSettings, SiteConfig
from .images import image_problem, image_size_advice
from .problems import Problem, did_you_mean
from .safe_files import link_refusal, linked_part
from .schema import IMAGE_SUFFIXES, ItemFrontMatter
from .yamlsource import LoadedYaml

FILE_NAME = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
LAYOUT = "content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md"


def check_repo_file(
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
        check_target(root, rel, value, target, line, field, problems)
    except OSError as error:  # e.g. a name too long for the file system
        problems.append(Problem(rel, line, field, f"{value!r} cannot be read ({error.strerror})"))


def check_target(
    root: Path, rel: str, value: str, target: Path, line: int, field: str, problems: list[Problem]
) -> None:
    posix = PurePosixPath(value)
    link = linked_part(root, value)
    if link is not None:
        problems.append(Problem(rel, line, field, f"{value!r} {link_refusal(value, link)}"))
        return
    if not target.is_file():
        siblings = [p.name for p in target.parent.iterdir()] if target.parent.is_dir() else []
        hint = did_you_mean(posix.name, siblings)
        problems.append(
            Problem(
                rel, line, field, f"no file at {value!r}{hint} — add the file or correct the path"
            )
        )


def check_layout(
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
                f"file name {name!r} is not YYYY-MM-DD-slug.md — rename it with the date and "
                "a slug of lowercase letters, digits and hyphens, e.g. "
                "2026-11-20-quantum-sensor.md",
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


def resolve_authors(
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


def check_contacts(
    data: dict[str, Any], rel: str, source: LoadedYaml, config: SiteConfig, problems: list[Problem]
) -> None:
    """Every media contact an item names is an id of `contacts:` in newsroom.yml."""
    contacts = data.get("contacts")
    known = ", ".join(config.contacts) or "none yet"
    for position, key in enumerate(contacts if isinstance(contacts, list) else []):
        if isinstance(key, str) and key not in config.contacts:
            hint = did_you_mean(key, config.contacts)
            problems.append(
                Problem(
                    rel,
                    source.line_of(("contacts", position)),
                    "contacts",
                    f"{key!r} is not a declared media contact{hint} — use an id of "
                    f"newsroom.yml `contacts:` (declared: {known})",
                )
            )


def check_files(
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
        before = len(problems)
        check_repo_file(root, rel, image, line(("image",)), "image", problems, IMAGE_SUFFIXES)
        wrong = image_problem(root / image) if len(problems) == before else None
        if wrong is not None:
            problems.append(Problem(rel, line(("image",)), "image", f"{image!r} {wrong}"))
        if alt is None:
            problems.append(
                Problem(
                    rel,
                    line(("image",)),
                    "image_alt",
                    "an image needs its text alternative — add `image_alt:` describing the image",
                )
            )
        if config.site.require_image_credit and not data.get("image_credit"):
            problems.append(
                Problem(
                    rel,
                    line(("image",)),
                    "image_credit",
                    "this newsroom requires an image credit — add `image_credit:` (e.g. "
                    '"Photo: Jane Doe")',
                )
            )
    for key in ("image_alt", "image_caption", "image_credit"):
        if image is None and data.get(key) is not None:
            problems.append(
                Problem(
                    rel,
                    line((key,)),
                    key,
                    f"there is no `image` for this `{key}` — add the image or remove `{key}`",
                )
            )
    attachments = data.get("attachments")
    for position, path in enumerate(attachments if isinstance(attachments, list) else []):
        if isinstance(path, str):
            where = line(("attachments", position))
            before = len(problems)
            check_repo_file(root, rel, path, where, "attachments", problems)
            if len(problems) == before:
                check_attachment(root, rel, path, where, config, problems)
    if isinstance(attachments, list):
        check_attached_transcripts(rel, attachments, source, problems)
    check_episode(root, rel, data, source, config, problems, check_repo_file)


def check_image_size(
    root: Path, rel: str, data: dict[str, Any], source: LoadedYaml, warnings: list[Problem]
) -> None:
    """A warning, not an error: a photo heavier than any screen needs is published all the same."""
    image = data.get("image")
    if not isinstance(image, str) or image.startswith("/") or ".." in PurePosixPath(image).parts:
        return  # refused by `check_files`
    path = root / image
    advice = image_size_advice(path) if path.is_file() else None
    if advice is not None:
        warnings.append(Problem(rel, source.line_of(("image",)), "image", f"{image!r} {advice}"))


def check_attachment(
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
    active = active_file_problem(root, value)
    if active is not None:
        problems.append(Problem(rel, line, "attachments", f"{value!r} {active}"))
        return
    if is_audio(value):  # sized by its own limit, typed by its content
        wrong = audio_problem(root, value, rules.max_audio_bytes)
        if wrong is not None:
            problems.append(Problem(rel, line, "attachments", f"{value!r} {wrong}"))
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


def check_accounts(
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
                        f"{account!r} is not a declared account{hint} — use an account id "
                        "of newsroom.yml `accounts:`",
                    )
                )


# Years an item's dates may use. Feeds, sitemaps and calendars convert every date to UTC
# and other zones: a year 1 or 9999 overflows there. News and events of a living
# institution fall well inside; the margin keeps archives and far plans.
YEARS = (1000, 2999)


def check_dates(
    rel: str, meta: ItemFrontMatter, source: LoadedYaml, problems: list[Problem]
) -> None:
    line = source.line_of
    event = meta.event
    for path, value in (
        (("date",), meta.date),
        (("updated",), meta.updated),
        (("event", "start"), event.start if event else None),
        (("event", "end"), event.end if event else None),
    ):
        if value is not None and not YEARS[0] <= value.year <= YEARS[1]:
            problems.append(
                Problem(
                    rel,
                    line(path),
                    ".".join(path),
                    f"year {value.year} is out of range — write a year from {YEARS[0]} "
                    f"to {YEARS[1]}",
                )
            )
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
                Problem(
                    rel,
                    line(("event", "end")),
                    "event.end",
                    "is before event.start — set the end after the start (check the day and "
                    "the UTC offset)",
                )
            )
        if not (meta.event.location or meta.event.online_url):
            problems.append(
                Problem(
                    rel,
                    line(("event",)),
                    "event",
                    "has no place — add `location:` (where it happens) or `online_url:` "
                    "(where to follow it)",
                )
            )


# What `newsroom new` writes for the contributor to replace: `check` refuses them, so a
# placeholder is never published (or posted to X as the summary).
PLACEHOLDER_SUMMARY = "Replace this with one to three sentences that tell the news in short."
PLACEHOLDER_PROBLEM = "still the text of `newsroom new`"
PLACEHOLDER_BODY = (
    "Write the news here in Markdown: who, what, when, where, why.\n\n"
    "## A subheading if the text is long\n\nAnd the details, a quote, a link.\n"
)


def check_placeholders(
    rel: str,
    meta: ItemFrontMatter,
    body: str,
    body_line: int,
    source: LoadedYaml,
    problems: list[Problem],
) -> None:
    """The summary and text of `newsroom new`'s template must be replaced before publishing."""
    if " ".join(meta.summary.split()) == PLACEHOLDER_SUMMARY:
        problems.append(
            Problem(
                rel,
                source.line_of(("summary",)),
                "summary",
                f"{PLACEHOLDER_PROBLEM} — write one to three sentences that tell the news",
            )
        )
    first_line = PLACEHOLDER_BODY.splitlines()[0]
    if first_line in body:
        offset = body[: body.index(first_line)].count("\n")
        problems.append(
            Problem(
                rel,
                body_line + offset,
                "body",
                f"{PLACEHOLDER_PROBLEM} — write the news in its place",
            )
        )
