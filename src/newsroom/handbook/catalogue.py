"""The catalogue of contributors' mistakes: each one wrong, then right, with `check`'s real words.

The handbook's error page is generated from this list at build time: every example is
written into a scratch newsroom and checked by the same code as `newsroom check`, so the
message shown is the one a contributor will see, never a paraphrase. The tests run every
example too (the wrong one must fail, the right one must pass).
"""

from __future__ import annotations

import copy
import os
import struct
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import CONFIG_FILE
from ..networks import NETWORKS, Network
from ..problems import Problem, ProblemsFound
from ..syndication.checks import open_checked_newsroom

BASE_PATH = "content/news/quantum/2026/2026-11-20-quantum-sensor-maps-brain-activity.md"
BASE_IMAGE = "content/images/quantum/sensor.jpg"
BASE_BODY = (
    "The sensor works at room temperature, without the magnetic shielding of a hospital scanner.\n"
)


def base_item(image: str = BASE_IMAGE, body: str = BASE_BODY) -> str:
    """The valid item every example starts from (the tests' valid item too, with their image)."""
    return f"""\
---
id: k7q2m9ab
title: "Quantum sensor maps brain activity"
date: 2026-11-20T10:00:00+01:00
summary: >-
  A team of physicists and neuroscientists has mapped brain activity with a quantum sensor.
authors: [amelie-durand]
image: {image}
image_alt: "A blue lattice of dots above a stylised brain"
tags: [quantum, neuroscience]
---
{body}"""


BASE_ITEM = base_item()
# The examples' own newsroom: small, and independent of the repository's newsroom.yml so a
# change there never breaks the handbook.
_TEMPLATE = """\
site:
  name: Aldermoor University News
  publisher: Aldermoor University
  url: https://news.aldermoor.example
  timezone: Europe/Paris
themes:
  - slug: quantum
    name: Quantum & Materials
  - slug: climate
    name: Climate & Environment
authors:
  - id: amelie-durand
    name: Amélie Durand
  - id: press-office
    name: Press Office
podcasts:
  lab-notes:
    title: Lab Notes
    description: One lab, one question, twenty minutes.
    artwork: content/images/podcasts/lab-notes.png
    category: Science
    owner:
      name: Press Office
      email: press@aldermoor.example
contacts:
  press-desk:
    name: Oliver Hartley
    email: press@aldermoor.example
{accounts}"""
# The examples' podcast files: `check` reads a PNG's header (its size) and the audio's
# frames (type and duration), so these are the header of 1400 x 1400 artwork and five
# seconds of silent MP3 frames (MPEG-1 Layer III, 32 kbps, 44.1 kHz, mono).
_IHDR = b"IHDR" + struct.pack(">IIBBBBB", 1400, 1400, 8, 2, 0, 0, 0)
ARTWORK = (
    b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + _IHDR + struct.pack(">I", zlib.crc32(_IHDR))
)
EPISODE_AUDIO = (bytes([0xFF, 0xFB, 0x10, 0xC0]) + bytes(100)) * 191
EPISODE = (
    "podcast:\n  show: lab-notes\n  audio: content/files/podcasts/episode-01.mp3\n"
    "  transcript: content/files/podcasts/episode-01.vtt\n"
)


# The first two declared networks stand for all of them: each example account is its
# network's own example (its declaration), so a new network never breaks these examples.
FIRST, SECOND = list(NETWORKS.values())[:2]


def _account(network: Network, office: str = "aldermoor") -> dict[str, object]:
    account = copy.deepcopy(dict(network.example_account))
    account["handle"] = str(account["handle"]).replace("aldermoor", office)
    return account


def _example_accounts() -> str:
    accounts = {
        f"uni-{FIRST.name}": _account(FIRST),
        f"uni-{SECOND.name}": _account(SECOND),
        f"students-{SECOND.name}": _account(SECOND, "students"),
    }
    routing = {
        "every_theme": [f"uni-{FIRST.name}", f"uni-{SECOND.name}"],
        "themes": {"quantum": {"add": [f"students-{SECOND.name}"]}},
    }
    return yaml.safe_dump({"accounts": accounts, "routing": routing}, sort_keys=False)


def _typo(name: str) -> str:
    """`network` → `netwokr`: the kind of slip `check` must catch (and correct)."""
    return name[:-2] + name[-1] + name[-2] if len(name) > 2 else name + name[-1]


EXAMPLE_CONFIG = _TEMPLATE.format(accounts=_example_accounts())
# The first account's first secret: the example of a secret written where its name belongs.
_SECRET_KEY, _SECRET_VAR = next(iter(dict(FIRST.example_account["credentials"]).items()))
TAGS = "tags: [quantum, neuroscience]\n"
SUMMARY = (
    "summary: >-\n"
    "  A team of physicists and neuroscientists has mapped brain activity with a quantum sensor.\n"
)


@dataclass(frozen=True)
class Mistake:
    """One mistake: the lines as wrongly written, the same lines written right, and why.

    `wrong` and `right` replace `anchor` (by default `right` itself) in the example item;
    with `in_config` they replace it in `newsroom.yml` instead. `path`/`right_path` move the
    item; `files` adds other files to the scratch newsroom, `links` symbolic links (path →
    what it points to).
    """

    section: str
    title: str
    why: str
    wrong: str
    right: str
    anchor: str | None = None
    path: str = BASE_PATH
    right_path: str | None = None
    in_config: bool = False
    encoding: str = "utf-8"
    files: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)

    def texts(self, config_text: str) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
        """(item path, item text, config text) for the wrong and for the right version."""
        anchor = self.anchor if self.anchor is not None else self.right
        source = config_text if self.in_config else BASE_ITEM
        if anchor not in source:
            raise ValueError(f"catalogue: {self.title!r}: {anchor!r} is not in the example")
        if anchor:
            wrong_text = source.replace(anchor, self.wrong, 1)
            right_text = source.replace(anchor, self.right, 1)
        else:  # only the file's place is wrong
            wrong_text = right_text = source
        if self.in_config:
            return (self.path, BASE_ITEM, wrong_text), (self.path, BASE_ITEM, right_text)
        right_path = self.right_path or self.path
        return (self.path, wrong_text, config_text), (right_path, right_text, config_text)


def _mistake(section: str, title: str, why: str, wrong: str, right: str, **kw: object) -> Mistake:
    return Mistake(section, title, why, wrong, right, **kw)  # type: ignore[arg-type]


def _in_text(wrong: str, right: str) -> dict[str, object]:
    """A paragraph added to the text, wrongly and rightly."""
    return {
        "wrong": f"{BASE_BODY}\n{wrong}\n",
        "right": f"{BASE_BODY}\n{right}\n",
        "anchor": BASE_BODY,
    }


def _added(wrong: str, right: str) -> dict[str, object]:
    """A field added before `tags:`, wrongly and rightly."""
    return {"wrong": wrong + TAGS, "right": right + TAGS, "anchor": TAGS}


def _photo(image: str, credit: str = '"Photo: Jane Doe / Aldermoor University"') -> str:
    """A gallery of one photo (`credit=""`: without its credit)."""
    return (
        f"gallery:\n  - image: {image}\n"
        '    alt: "Two researchers at the sensor, in the clean room"\n'
        "    caption: The sensor in the campus clean room.\n"
        + (f"    credit: {credit}\n" if credit else "")
    )


_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">{}</svg>'
_LOGO = "  timezone: Europe/Paris\n  branding:\n    logo: content/images/brand/{name}.svg\n"
_LOGO_FILES = {
    "content/images/brand/logo.svg": _SVG.format('<rect width="8" height="8" fill="#0b3d91"/>'),
    "content/images/brand/logo-with-script.svg": _SVG.format("<script>alert(1)</script>"),
    "content/images/brand/logo-with-tracker.svg": _SVG.format(
        '<image href="https://tracker.example/pixel.png" width="8" height="8"/>'
    ),
}
_VIDEO_TITLE = '  title: "The sensor explained by its makers"\n'
_VIDEO_FILES = {
    "content/files/quantum/sensor-talk.mp4": "not really a film",
    "content/files/quantum/sensor-talk.vtt": "WEBVTT\n",
    "content/files/quantum/sensor-talk.srt": "1\n",
}
FILE = "The file"
FIELDS = "Fields"
VALUES = "Values"
DATES = "Dates"
FILES = "Images and attachments"
TEXT = "The text"
SOCIAL = "Social networks"
CONFIG = "The configuration (newsroom.yml)"
VIDEO = "Videos"
SEALED = "Sealed (embargoed) items"
SEALED_PATH = "content/news/quantum/2026/2026-11-20-k7q2m9ab.sealed.md"


def _sealed(embargo: str, by: str | None = "Press Office <press@aldermoor.example>") -> str:
    """A sealed file's public header and an (abridged) armored payload."""
    sealed_by = f'sealed_by: "{by}"\n' if by else ""
    return (
        f"---\nsealed: 1\nid: k7q2m9ab\nembargo: {embargo}\n{sealed_by}---\n"
        "-----BEGIN AGE ENCRYPTED FILE-----\n"
        "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBqUWluZE9OcUphODBzQU1G\n"
        "-----END AGE ENCRYPTED FILE-----\n"
    )


MISTAKES: list[Mistake] = [
    # The file itself.
    _mistake(
        FILE,
        "No front matter",
        "Every item starts with a line `---`, the fields, and another `---` before the text.",
        "Quantum sensor maps brain activity\n\nThe sensor works at room temperature.\n",
        BASE_ITEM,
        anchor=BASE_ITEM,
    ),
    _mistake(
        FILE,
        "Front matter not closed",
        "The fields end with a line `---`; without it the whole file is read as fields.",
        "tags: [quantum, neuroscience]\nThe sensor works",
        "tags: [quantum, neuroscience]\n---\nThe sensor works",
    ),
    _mistake(
        FILE,
        "Not valid YAML",
        "A value containing `: ` must be put in quotes.",
        "title: Quantum sensor: brain activity mapped\n",
        'title: "Quantum sensor: brain activity mapped"\n',
        anchor='title: "Quantum sensor maps brain activity"\n',
    ),
    _mistake(
        FILE,
        "A tab at the start of a line",
        "YAML indents with spaces only; a tab there is refused (many editors insert one "
        "with the Tab key: set yours to insert spaces). A tab after the colon, as in "
        '`title:<tab>"…"`, is fine: YAML reads it as a space there.',
        "\ttags: [quantum, neuroscience]\n",
        TAGS,
    ),
    _mistake(
        FILE,
        "A quote not closed",
        "A value that starts with a quote ends with the same quote, on the same line; "
        "otherwise YAML reads on into the next fields.",
        'title: "Quantum sensor maps brain activity\n',
        'title: "Quantum sensor maps brain activity"\n',
    ),
    _mistake(
        FILE,
        "Not saved as UTF-8",
        "Save the file as UTF-8 (every modern editor can; it is the default in most).",
        'title: "Capteur quantique à température ambiante"\n',
        'title: "Capteur quantique à température ambiante"\n',
        anchor='title: "Quantum sensor maps brain activity"\n',
        encoding="latin-1",
    ),
    _mistake(
        FILE,
        "Empty text",
        "Write the news below the closing `---`.",
        "---\n",
        "---\nThe sensor works at room temperature.\n",
        anchor=(
            "---\nThe sensor works at room temperature, without the magnetic shielding "
            "of a hospital scanner.\n"
        ),
    ),
    _mistake(
        FILE,
        "Theme folder not declared",
        "The folder under `content/news/` is the theme: it must be one of the themes of "
        "newsroom.yml.",
        BASE_PATH.replace("/quantum/", "/quantm/"),
        BASE_PATH,
        anchor="",
        path=BASE_PATH.replace("/quantum/", "/quantm/"),
        right_path=BASE_PATH,
    ),
    _mistake(
        FILE,
        "An HTML file among the items",
        "Items and pages are Markdown (`.md`) files with their front matter; an `.html` (or "
        "`.rst`) file there is never published, and `check` names it.",
        BASE_PATH.replace(".md", ".html"),
        BASE_PATH,
        anchor="",
        path=BASE_PATH.replace(".md", ".html"),
        right_path=BASE_PATH,
    ),
    _mistake(
        FILE,
        "File name not in the expected form",
        "The file name is the date, then the title in lowercase letters, digits and hyphens.",
        BASE_PATH.replace("quantum-sensor-maps", "Quantum_Sensor_maps"),
        BASE_PATH,
        anchor="",
        path=BASE_PATH.replace("quantum-sensor-maps", "Quantum_Sensor_maps"),
        right_path=BASE_PATH,
    ),
    _mistake(
        FILE,
        "Item outside its year folder",
        "Items live in `content/news/<theme>/<year>/`.",
        "content/news/quantum/2026-11-20-quantum-sensor-maps-brain-activity.md",
        BASE_PATH,
        anchor="",
        path="content/news/quantum/2026-11-20-quantum-sensor-maps-brain-activity.md",
        right_path=BASE_PATH,
    ),
    # Fields.
    _mistake(
        FIELDS,
        "Misspelt field",
        "Unknown fields are refused so that a typo never passes silently.",
        'titel: "Quantum sensor maps brain activity"\n',
        'title: "Quantum sensor maps brain activity"\n',
    ),
    _mistake(
        FIELDS,
        "Required field missing",
        "`id`, `title`, `date`, `summary` and `authors` are required.",
        "",
        SUMMARY,
    ),
    _mistake(
        FIELDS,
        "Field written twice",
        "Keep one of the two lines; otherwise nobody knows which one is published.",
        'title: "Quantum sensor maps brain activity"\ntitle: "A quantum sensor"\n',
        'title: "Quantum sensor maps brain activity"\n',
    ),
    _mistake(
        FIELDS,
        "Id in the wrong form",
        "Ids are given by `newsroom new` or `newsroom id`: never invent or edit one.",
        "id: K7Q-2\n",
        "id: k7q2m9ab\n",
    ),
    _mistake(
        FIELDS,
        "Id already used",
        "Each item has its own id. A copied file keeps the id of the original: run "
        "`newsroom id` and use the new one.",
        "id: k7q2m9ab\n",
        "id: m3v8t2qa\n",
        anchor="id: k7q2m9ab\n",
        files={
            "content/news/quantum/2026/2026-11-02-cleanroom-opens.md": BASE_ITEM.replace(
                "Quantum sensor maps brain activity", "Cleanroom opens"
            ).replace("2026-11-20T10", "2026-11-02T10")
        },
    ),
    _mistake(
        FIELDS,
        "Author not declared",
        "Authors are the ids (or full names) listed under `authors:` in newsroom.yml.",
        "authors: [amelie-durant]\n",
        "authors: [amelie-durand]\n",
    ),
    _mistake(
        FIELDS,
        "No author",
        "Every item is signed by at least one person or office.",
        "authors: []\n",
        "authors: [press-office]\n",
        anchor="authors: [amelie-durand]\n",
    ),
    _mistake(
        FIELDS,
        "Media contact not declared",
        "Media contacts are the ids listed under `contacts:` in newsroom.yml; the message "
        "lists them.",
        **_added("contacts: [press-dsk]\n", "contacts: [press-desk]\n"),
    ),
    _mistake(
        FIELDS,
        "DOI in the wrong form",
        "A DOI starts with `10.`, a number of 4 to 9 digits, a slash, then the journal's own "
        "part (Crossref's pattern). Copy it from the paper's page; a `https://doi.org/` link "
        "is taken too.",
        **_added(
            "paper:\n  doi: doi 10.1038 s41586\n  title: Quantum sensing of the brain\n"
            "  journal: Nature\n  date: 2026-11-18\n",
            "paper:\n  doi: 10.1038/s41586-026-0001-2\n  title: Quantum sensing of the brain\n"
            "  journal: Nature\n  date: 2026-11-18\n",
        ),
    ),
    _mistake(
        FIELDS,
        "Translation of an unknown item",
        "`translation_of` is the `id` of the same news in another language.",
        **_added("translation_of: zzzzzzzz\n", ""),
    ),
    # Values.
    _mistake(
        VALUES,
        "Summary too short",
        "The summary is one to three sentences: feeds, previews and social posts show it.",
        "summary: Too short.\n",
        SUMMARY,
    ),
    _mistake(
        VALUES,
        "Empty summary",
        "Write the summary after `summary:` (or on the next lines, indented, after `>-`).",
        "summary:\n",
        SUMMARY,
    ),
    _mistake(
        VALUES,
        "Summary too long",
        "Keep the summary under 300 characters; the details go in the text.",
        "summary: " + "A team of physicists and neuroscientists mapped brain activity. " * 5 + "\n",
        SUMMARY,
    ),
    _mistake(
        VALUES,
        "HTML or links in the summary",
        "Title and summary are plain text: they are shown where HTML is not allowed.",
        "summary: A <b>quantum sensor</b> maps brain activity without a hospital scanner.\n",
        "summary: A quantum sensor maps brain activity without a hospital scanner.\n",
        anchor=SUMMARY,
    ),
    _mistake(
        VALUES,
        "A number where text is expected",
        "Put a value that looks like a number in quotes.",
        "title: 2026\n",
        'title: "2026"\n',
        anchor='title: "Quantum sensor maps brain activity"\n',
    ),
    _mistake(
        VALUES,
        "Tags not written as a list",
        "Tags are a list, in square brackets, separated by commas.",
        "tags: quantum\n",
        "tags: [quantum]\n",
        anchor=TAGS,
    ),
    _mistake(
        VALUES,
        "Tag with symbols",
        "Tags are words: letters, digits, spaces and hyphens (no `#`, Newsroom adds it).",
        "tags: [quantum, '#neuro!']\n",
        "tags: [quantum, neuroscience]\n",
    ),
    _mistake(
        VALUES,
        "Language code in the wrong form",
        "Languages are written as short codes: `en`, `fr`, `de`, `pt-BR`.",
        **_added("lang: english\n", "lang: en\n"),
    ),
    _mistake(
        VALUES,
        "Draft not true or false",
        "`draft` is `true` (not published yet) or `false`.",
        **_added("draft: maybe\n", "draft: true\n"),
    ),
    # Dates.
    _mistake(
        DATES,
        "Date-time without a time zone",
        "The same clock time is a different moment in Paris and in Montréal: write the UTC "
        "offset (`+01:00` in Paris in winter, `+02:00` in summer), or a date alone.",
        "date: 2026-11-20 10:00:00\n",
        "date: 2026-11-20T10:00:00+01:00\n",
    ),
    _mistake(
        DATES,
        "Not a date",
        "Write dates as year-month-day, then `T` and the time with its offset.",
        "date: next tuesday\n",
        "date: 2026-11-20T10:00:00+01:00\n",
    ),
    _mistake(
        DATES,
        "A date that does not exist",
        "Check the day of the month: November has 30 days, February 28 (29 in leap years).",
        "date: 2026-11-31T10:00:00+01:00\n",
        "date: 2026-11-20T10:00:00+01:00\n",
    ),
    _mistake(
        DATES,
        "Date and file name disagree",
        "The file name starts with the date of `date`; change one of them.",
        "date: 2026-11-21T10:00:00+01:00\n",
        "date: 2026-11-20T10:00:00+01:00\n",
    ),
    _mistake(
        DATES,
        "Item in the wrong year folder",
        "The year folder is the year of `date`.",
        BASE_PATH.replace("/2026/", "/2025/"),
        BASE_PATH,
        anchor="",
        path=BASE_PATH.replace("/2026/", "/2025/"),
        right_path=BASE_PATH,
    ),
    _mistake(
        DATES,
        "Update before publication",
        "`updated` is the date-time of a significant change, after `date`.",
        **_added("updated: 2026-11-19T10:00:00+01:00\n", "updated: 2026-11-21T09:00:00+01:00\n"),
    ),
    _mistake(
        DATES,
        "Event that ends before it starts",
        "Check the start and end of the event, with their offsets.",
        **_added(
            "event:\n  start: 2026-12-01T10:00:00+01:00\n  end: 2026-12-01T09:00:00+01:00\n"
            "  location: Main hall\n",
            "event:\n  start: 2026-12-01T10:00:00+01:00\n  end: 2026-12-01T12:00:00+01:00\n"
            "  location: Main hall\n",
        ),
    ),
    _mistake(
        DATES,
        "Event without a place",
        "An event says where it happens: `location`, or `online_url` for an online event.",
        **_added(
            "event:\n  start: 2026-12-01T10:00:00+01:00\n  end: 2026-12-01T12:00:00+01:00\n",
            "event:\n  start: 2026-12-01T10:00:00+01:00\n  end: 2026-12-01T12:00:00+01:00\n"
            "  online_url: https://events.aldermoor.example/quantum\n",
        ),
    ),
    # Images and attachments.
    _mistake(
        FILES,
        "Image not found",
        "Write the path from the top of the repository; check the spelling of the file name.",
        "image: content/images/quantum/sensr.jpg\n",
        "image: content/images/quantum/sensor.jpg\n",
    ),
    _mistake(
        FILES,
        "Image path with `..`",
        "Paths start at the top of the repository, e.g. `content/images/…`, never with `..`.",
        "image: ../images/quantum/sensor.jpg\n",
        "image: content/images/quantum/sensor.jpg\n",
    ),
    _mistake(
        FILES,
        "Absolute image path",
        "Do not start the path with `/` or a drive letter: start at `content/`.",
        "image: /home/amelie/sensor.jpg\n",
        "image: content/images/quantum/sensor.jpg\n",
    ),
    _mistake(
        FILES,
        "Not an image",
        "Images are .jpg, .jpeg, .png, .webp or .gif files.",
        "image: content/images/quantum/sensor.pdf\n",
        "image: content/images/quantum/sensor.jpg\n",
    ),
    _mistake(
        FILES,
        "Image without its text alternative",
        "People who cannot see the image hear or read `image_alt`: describe what it shows.",
        "image: content/images/quantum/sensor.jpg\n",
        "image: content/images/quantum/sensor.jpg\n"
        'image_alt: "A blue lattice of dots above a stylised brain"\n',
    ),
    _mistake(
        FILES,
        "Text alternative without an image",
        "Remove `image_alt` when the item has no image.",
        'image_alt: "A blue lattice of dots above a stylised brain"\n',
        "",
        anchor="image: content/images/quantum/sensor.jpg\n"
        'image_alt: "A blue lattice of dots above a stylised brain"\n',
    ),
    _mistake(
        FILES,
        "Gallery photo not found",
        "Each photo of `gallery:` is a file of the repository, written from its top.",
        **_added(_photo("content/images/quantum/lab.jpg"), _photo(BASE_IMAGE)),
    ),
    _mistake(
        FILES,
        "Gallery photo that is not an image",
        "Gallery photos are .jpg, .jpeg, .png, .webp or .gif files.",
        **_added(_photo("content/images/quantum/lab.pdf"), _photo(BASE_IMAGE)),
    ),
    _mistake(
        FILES,
        "Gallery photo without its credit",
        "Every photo of a gallery says who made it (`credit:`), like a caption in print.",
        **_added(_photo(BASE_IMAGE, credit=""), _photo(BASE_IMAGE)),
    ),
    _mistake(
        FILES,
        "Attachment not found",
        "Attachments are files of the repository, written from its top.",
        **_added("attachments: [content/files/brochure.pdf]\n", ""),
    ),
    _mistake(
        FILES,
        "Attachment of a type that is not allowed",
        "Attach documents readers can open safely (PDF, office documents, CSV, images); "
        "the allowed types are `attachments.types` in newsroom.yml.",
        **_added(
            "attachments: [content/files/setup.exe]\n",
            "attachments: [content/files/brochure.pdf]\n",
        ),
        files={"content/files/setup.exe": "MZ", "content/files/brochure.pdf": "%PDF-1.4\n"},
    ),
    _mistake(
        FILES,
        "A `.pdf` that is not a PDF",
        "A PDF starts with `%PDF-`: export the document as PDF rather than renaming it.",
        **_added(
            "attachments: [content/files/brochure.pdf]\n",
            "attachments: [content/files/programme.pdf]\n",
        ),
        files={
            "content/files/brochure.pdf": "<html>Programme</html>",
            "content/files/programme.pdf": "%PDF-1.4\n",
        },
    ),
    _mistake(
        FILES,
        "Attachment too large",
        "Keep attachments under `attachments.max_bytes` (10 MB by default): compress the PDF, "
        "or link to a large file instead of attaching it.",
        **_added(
            "attachments: [content/files/report.pdf]\n",
            "attachments: [content/files/brochure.pdf]\n",
        ),
        files={
            "content/files/report.pdf": "%PDF-1.4\n" + "0" * 10_000_001,
            "content/files/brochure.pdf": "%PDF-1.4\n",
        },
    ),
    # Videos.
    _mistake(
        VIDEO,
        "A video address the site does not know",
        "`video: url:` is the address of the video's page on YouTube, Vimeo or PeerTube (copy "
        "it from the browser's address bar), or a video file of the repository.",
        **_added(
            f"video:\n  url: https://www.aldermoor.example/films/sensor\n{_VIDEO_TITLE}",
            f"video:\n  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n{_VIDEO_TITLE}",
        ),
    ),
    _mistake(
        VIDEO,
        "A video file without captions",
        "Readers who cannot hear the film need its captions (a WebVTT `.vtt` file, which "
        "video editors and YouTube Studio export) or a transcript.",
        **_added(
            f"video:\n  url: content/files/quantum/sensor-talk.mp4\n{_VIDEO_TITLE}",
            f"video:\n  url: content/files/quantum/sensor-talk.mp4\n{_VIDEO_TITLE}"
            "  captions: content/files/quantum/sensor-talk.vtt\n",
        ),
        files=_VIDEO_FILES,
    ),
    _mistake(
        VIDEO,
        "Captions that are not WebVTT",
        "Browsers play captions only as WebVTT: export them as `.vtt` (not `.srt`).",
        **_added(
            f"video:\n  url: content/files/quantum/sensor-talk.mp4\n{_VIDEO_TITLE}"
            "  captions: content/files/quantum/sensor-talk.srt\n",
            f"video:\n  url: content/files/quantum/sensor-talk.mp4\n{_VIDEO_TITLE}"
            "  captions: content/files/quantum/sensor-talk.vtt\n",
        ),
        files=_VIDEO_FILES,
    ),
    _mistake(
        VIDEO,
        "A video length that is not a duration",
        "Write the length as minutes and seconds, `41:20`, or hours too, `1:02:03`.",
        **_added(
            f"video:\n  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n{_VIDEO_TITLE}"
            "  duration: 41 minutes\n",
            f"video:\n  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ\n{_VIDEO_TITLE}"
            '  duration: "41:20"\n',
        ),
    ),
    _mistake(
        FILES,
        "Audio that is not what its name says",
        "`check` reads an audio file's type and duration from the file itself, as podcast "
        "apps and browsers do: export the audio as MP3 (or M4A) rather than renaming it.",
        **_added(
            EPISODE.replace("episode-01.mp3", "episode-02.mp3"),
            EPISODE,
        ),
        files={"content/files/podcasts/episode-02.mp3": "<html>Episode 2</html>"},
    ),
    _mistake(
        FILES,
        "An episode of a show newsroom.yml does not declare",
        "An item joins a podcast show declared in newsroom.yml (`podcasts:`), by its id.",
        **_added(EPISODE.replace("show: lab-notes", "show: lab-note"), EPISODE),
    ),
    _mistake(
        FILES,
        "Audio without its transcript",
        "Readers who cannot listen read what is said (WCAG 1.2.1): attach the transcript "
        "beside the audio, with the same name ending in `.vtt` (or `.txt`).",
        **_added(
            "attachments: [content/files/podcasts/episode-01.mp3]\n",
            "attachments:\n  - content/files/podcasts/episode-01.mp3\n"
            "  - content/files/podcasts/episode-01.vtt\n",
        ),
    ),
    # The text.
    _mistake(
        TEXT,
        "A video player pasted from YouTube",
        "A pasted player would let the video site follow every reader who opens the page. "
        "Write the video block instead, a line holding only a link to the video with its "
        "title: the site shows it with a play button that loads the player only when asked.",
        **_in_text(
            '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" '
            'title="YouTube video player" allowfullscreen></iframe>',
            "[The sensor explained by its makers](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
        ),
    ),
    _mistake(
        TEXT,
        "A map or page embedded with `<iframe>`",
        "Embedded pages are removed with their content: link to the page.",
        **_in_text(
            '<iframe src="https://maps.example/campus"></iframe>',
            "[See the campus map](https://maps.example/campus)",
        ),
    ),
    _mistake(
        TEXT,
        "A `<video>` or `<audio>` player",
        "The site has no player yet: link to the film or recording.",
        **_in_text(
            '<video src="https://media.aldermoor.example/sensor.mp4" controls></video>',
            "[Watch the film](https://media.aldermoor.example/sensor.mp4)",
        ),
    ),
    _mistake(
        TEXT,
        "Image in the text not found",
        "An image of the text is a file of the repository: check the path and the file name.",
        **_in_text(
            "![The sensor on its bench](content/images/quantum/sensr.jpg)",
            "![The sensor on its bench](content/images/quantum/sensor.jpg)",
        ),
    ),
    _mistake(
        TEXT,
        "Link to an item or page that does not exist",
        "Link to another item or page by its file: the site turns it into the page's address.",
        **_in_text(
            "Read [about the lab](content/pages/about-us.md).",
            "Read [about the lab](content/pages/about.md).",
        ),
        files={"content/pages/about.md": "---\ntitle: About the lab\n---\nWho we are.\n"},
    ),
    _mistake(
        TEXT,
        "Link to a file outside `content/`",
        "The site publishes files of `content/` only: move the file there.",
        **_in_text(
            "The [setup](newsroom.yml) of the site.",
            "The [brochure](content/files/brochure.pdf).",
        ),
        files={"content/files/brochure.pdf": "%PDF-1.4\n"},
    ),
    _mistake(
        TEXT,
        "A link to something that is neither an item nor a page",
        "Markdown files outside `content/news/` and `content/pages/` are not published.",
        **_in_text(
            "See [the notes](content/notes.md).", "See [about the lab](content/pages/about.md)."
        ),
        files={
            "content/notes.md": "Notes\n",
            "content/pages/about.md": "---\ntitle: About the lab\n---\nWho we are.\n",
        },
    ),
    _mistake(
        TEXT,
        "A level-1 heading",
        "The title is the page's only level-1 heading: headings of the text start at `##`.",
        **_in_text("# How it works", "## How it works"),
    ),
    _mistake(
        TEXT,
        "A level-1 heading in HTML",
        "The title is the page's only level-1 heading: headings of the text start at `##`.",
        **_in_text("<h1>How it works</h1>", "## How it works"),
    ),
    _mistake(
        TEXT,
        "Attributes on a heading",
        "A heading keeps only its anchor, `{#name}`.",
        **_in_text("## How it works {#how .large}", "## How it works {#how}"),
    ),
    _mistake(
        TEXT,
        "Colours and fonts in HTML",
        "The site's theme sets the look: `style=` is removed.",
        **_in_text('A <span style="color:red">striking</span> result.', "A **striking** result."),
    ),
    _mistake(
        TEXT,
        "An HTML tag that is not kept",
        "Only the tags listed under “What the text may contain” are kept: write Markdown.",
        **_in_text('A <font color="red">striking</font> result.', "A **striking** result."),
    ),
    _mistake(
        TEXT,
        "An attribute that is not kept",
        "Each allowed tag keeps only the attributes listed under “What the text may contain”.",
        **_in_text('<p class="intro" align="center">A result.</p>', "A result."),
    ),
    _mistake(
        TEXT,
        "A script",
        "No script runs on the site: `<script>` and `<style>` are removed with their content.",
        **_in_text(
            '<script src="https://widgets.example/poll.js"></script>',
            "[Vote](https://widgets.example/poll)",
        ),
    ),
    _mistake(
        TEXT,
        "An `on…=` handler",
        "No script runs on the site: `onclick=` and the like are removed.",
        **_in_text(
            '<a href="https://aldermoor.example" onclick="track()">the lab</a>',
            "[the lab](https://aldermoor.example)",
        ),
    ),
    _mistake(
        TEXT,
        "A `javascript:` or `data:` link",
        "Links go to web addresses (`https:`), e-mail (`mailto:`), phones (`tel:`) or files.",
        **_in_text(
            "[Subscribe](javascript:subscribe())", "[Subscribe](mailto:press@aldermoor.example)"
        ),
    ),
    _mistake(
        FILES,
        "Attachment that is a symbolic link",
        "A link in the repository would publish whatever it points to (`.git/config`, a "
        "workflow): commit the file itself.",
        **_added(
            "attachments: [content/files/rt.txt]\n",
            "attachments: [content/files/brochure.pdf]\n",
        ),
        files={"content/files/brochure.pdf": "%PDF-1.4\n", ".git/config": "[core]\n"},
        links={"content/files/rt.txt": "../../.git/config"},
    ),
    _mistake(
        FILES,
        "A web page linked from the text",
        "A file the text links to is published on the site's own address: an `.html` page or "
        "a script there would run as a page of the site. Write the text as an item or a page, "
        "or link a PDF.",
        BASE_BODY + "\nThe [programme](content/files/programme.html).\n",
        BASE_BODY + "\nThe [programme](content/files/programme.pdf).\n",
        anchor=BASE_BODY,
        files={
            "content/files/programme.html": "<script>alert(1)</script>",
            "content/files/programme.pdf": "%PDF-1.4\n",
        },
    ),
    _mistake(
        FILES,
        "A symbolic link linked from the text",
        "Like an attachment, a file the text links to is published: commit the file itself, "
        "never a link to another one.",
        BASE_BODY + "\nThe [notes](content/files/rt.txt).\n",
        BASE_BODY + "\nThe [notes](content/files/notes.txt).\n",
        anchor=BASE_BODY,
        files={"content/files/notes.txt": "Notes\n", ".git/config": "[core]\n"},
        links={"content/files/rt.txt": "../../.git/config"},
    ),
    # Social networks.
    _mistake(
        SOCIAL,
        "Unknown network",
        "The networks are " + ", ".join(f"`{name}`" for name in NETWORKS) + ".",
        **_added(f'social:\n  {_typo(SECOND.name)}: "Our sensor works at room temperature."\n', ""),
    ),
    _mistake(
        SOCIAL,
        "`true` for a network",
        "Write the text for that network, or `false` to skip it.",
        **_added(f"social:\n  {FIRST.name}: true\n", f"social:\n  {FIRST.name}: false\n"),
    ),
    _mistake(
        SOCIAL,
        "Text too long for the network",
        "Each network has its limit (see Networks); the link is added to your text.",
        **_added(
            f"social:\n  {FIRST.name}: >-\n    "
            + "Our quantum sensor maps brain activity. " * (FIRST.limits.max_length // 39 + 1)
            + "\n",
            f"social:\n  {FIRST.name}: Our sensor maps brain activity at room temperature.\n",
        ),
    ),
    _mistake(
        SOCIAL,
        "Account not declared",
        "Accounts added or removed for one item are the account ids of newsroom.yml.",
        **_added(
            f"social:\n  accounts:\n    add: [uni-{_typo(SECOND.name)}]\n",
            f"social:\n  accounts:\n    add: [students-{SECOND.name}]\n",
        ),
    ),
    # The configuration.
    _mistake(
        CONFIG,
        "An ORCID iD with a wrong check character",
        "The last character of an ORCID iD is computed from the others (ISO 7064 MOD 11-2): "
        "a typo in any digit is caught. Copy the iD from the person's orcid.org page.",
        "    name: Amélie Durand\n    orcid: 0000-0002-1825-0098\n",
        "    name: Amélie Durand\n    orcid: 0000-0002-1825-0097\n",
        anchor="    name: Amélie Durand\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "An expert without topics",
        "The experts page lists people by topic, for journalists: say what they can speak about.",
        "    name: Amélie Durand\n    expert: true\n",
        "    name: Amélie Durand\n    expert: true\n    topics: [science writing]\n",
        anchor="    name: Amélie Durand\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "Unknown time zone",
        "Time zones are IANA names such as `Europe/Paris` or `America/Montreal`.",
        "  timezone: Europe/Pariss\n",
        "  timezone: Europe/Paris\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "A podcast category that is not Apple's",
        "Podcast apps file a show under one of Apple's categories (and, optionally, one of its "
        "subcategories): write it as Apple spells it.",
        "    category: Sciences\n",
        "    category: Science\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "A quote in the site's address",
        "The address is written into every page and the handbook: no spaces, quotes or "
        "angle brackets (write them percent-encoded, `%22`, if a path really has one).",
        '  url: https://news.aldermoor.example/"><script>alert(1)</script>\n',
        "  url: https://news.aldermoor.example\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "An SVG logo that runs a script",
        "Opened on its own, an SVG runs its scripts and `on…=` handlers on the site's "
        "address: a logo or favicon is a picture only, with no script, no event handler, no "
        "`<foreignObject>` and no reference to another file (only `#fragment` links).",
        _LOGO.format(name="logo-with-script"),
        _LOGO.format(name="logo"),
        anchor="  timezone: Europe/Paris\n",
        in_config=True,
        files=_LOGO_FILES,
    ),
    _mistake(
        CONFIG,
        "An SVG logo that loads another file",
        "A logo that fetches an image, a font or a stylesheet from elsewhere tells that site "
        "who reads the news; draw it in the file itself.",
        _LOGO.format(name="logo-with-tracker"),
        _LOGO.format(name="logo"),
        anchor="  timezone: Europe/Paris\n",
        in_config=True,
        files=_LOGO_FILES,
    ),
    _mistake(
        CONFIG,
        "Secret written in the configuration",
        "newsroom.yml names the environment variables that hold secrets, never the secrets.",
        f"      {_SECRET_KEY}: sk-live-secret value\n",
        f"      {_SECRET_KEY}: {_SECRET_VAR}\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "An account's `since` without its time",
        "`since` is a moment: a date-time with its UTC offset (in quotes or not).",
        f"    network: {FIRST.name}\n    since: 2026-12-01\n",
        f"    network: {FIRST.name}\n    since: 2026-12-01T00:00:00+01:00\n",
        anchor=f"    network: {FIRST.name}\n",
        in_config=True,
    ),
    _mistake(
        CONFIG,
        "Routing to an undeclared theme",
        "`routing.themes` keys are theme slugs declared under `themes:`.",
        "    quantm:\n      add:",
        "    quantum:\n      add:",
        in_config=True,
    ),
    # Sealed (embargoed) items: their public header, checked without the key.
    _mistake(
        SEALED,
        "A sealed file renamed",
        "A sealed file is named after its header's embargo date and id; the header is public, "
        "the rest is sealed (see the page on embargoed items).",
        _sealed("2026-11-20T10:00:00+01:00"),
        _sealed("2026-11-20T10:00:00+01:00"),
        anchor=BASE_ITEM,
        path=SEALED_PATH.replace("k7q2m9ab", "quantum-sensor"),
        right_path=SEALED_PATH,
    ),
    _mistake(
        SEALED,
        "An embargo time changed by hand",
        "The embargo time is also the item's date inside the seal: to move it, open the item "
        "(`newsroom embargo open`), change its `date:`, and seal it again.",
        _sealed("2026-11-21T10:00:00+01:00"),
        _sealed("2026-11-20T10:00:00+01:00"),
        anchor=BASE_ITEM,
        path=SEALED_PATH,
    ),
    _mistake(
        SEALED,
        "Who sealed it is missing",
        "`sealed_by` says who to ask about the release before its embargo.",
        _sealed("2026-11-20T10:00:00+01:00", by=None),
        _sealed("2026-11-20T10:00:00+01:00"),
        anchor=BASE_ITEM,
        path=SEALED_PATH,
    ),
]


def _write(root: Path, rel: str, text: str | bytes, encoding: str = "utf-8") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))


# The files of every check's newsroom beside the mistake's own (written by `_check`).
_SHARED_FILES = (
    CONFIG_FILE,
    BASE_IMAGE,
    "content/images/quantum/sensor.pdf",
    "content/images/podcasts/lab-notes.png",
    "content/files/podcasts/episode-01.mp3",
    "content/files/podcasts/episode-01.vtt",
)


def _emptied(scratch: Path, paths: list[str]) -> None:
    """`scratch` as a new folder would be with only the folders that `paths` go into.

    Its files go, and its folders but those: removing a folder takes milliseconds on some
    disks (the catalogue's 188 checks made and removed 2,251 folders, 7 s of a handbook
    build), and each check writes into the same few folders as the one before.
    """
    keep = {parent for rel in paths for parent in (scratch / rel).parents}
    scratch.mkdir(parents=True, exist_ok=True)
    for folder, subfolders, names in os.walk(scratch, topdown=False):
        here = Path(folder)
        for name in names:
            (here / name).unlink()
        for name in subfolders:
            path = here / name
            if path.is_symlink():
                path.unlink()
            elif path not in keep:
                path.rmdir()


def _check(
    scratch: Path,
    files: dict[str, str],
    config_text: str,
    encoding: str = "utf-8",
    links: dict[str, str] | None = None,
) -> list[Problem]:
    _emptied(scratch, [*_SHARED_FILES, *files, *(links or {})])
    _write(scratch, CONFIG_FILE, config_text)
    # The start of a JPEG: `check` reads an image's header, never its pixels.
    _write(scratch, BASE_IMAGE, "")
    (scratch / BASE_IMAGE).write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    _write(scratch, "content/images/quantum/sensor.pdf", "%PDF-1.4")
    _write(scratch, "content/images/podcasts/lab-notes.png", ARTWORK)
    _write(scratch, "content/files/podcasts/episode-01.mp3", EPISODE_AUDIO)
    _write(scratch, "content/files/podcasts/episode-01.vtt", "WEBVTT\n")
    for rel, text in files.items():
        _write(scratch, rel, text, encoding if rel == next(iter(files)) else "utf-8")
    for rel, target in (links or {}).items():
        (scratch / rel).symlink_to(target)
    try:
        return open_checked_newsroom(scratch).content.problems
    except ProblemsFound as found:
        return list(found.problems)


def check_mistake(
    mistake: Mistake, scratch: Path, config_text: str = EXAMPLE_CONFIG
) -> tuple[list[Problem], list[Problem]]:
    """The problems `check` reports for the wrong version, and for the right one."""
    (wrong_path, wrong_text, wrong_config), (right_path, right_text, right_config) = mistake.texts(
        config_text
    )
    files = mistake.files
    wrong = _check(
        scratch, {wrong_path: wrong_text, **files}, wrong_config, mistake.encoding, mistake.links
    )
    right = _check(scratch, {right_path: right_text, **files}, right_config, links=mistake.links)
    return wrong, right


def errors_markdown(mistakes: list[Mistake] | None = None) -> str:
    """The handbook's catalogue: each mistake, `check`'s real message, and the fix."""
    config_text = EXAMPLE_CONFIG
    parts: list[str] = []
    section = ""
    with tempfile.TemporaryDirectory(prefix="newsroom-catalogue-") as folder:
        for mistake in mistakes if mistakes is not None else MISTAKES:
            if mistake.section != section:
                section = mistake.section
                parts.append(f"## {section}\n")
            wrong, _ = check_mistake(mistake, Path(folder) / "newsroom", config_text)
            parts.append(_render(mistake, wrong))
    return "\n".join(parts)


def _render(mistake: Mistake, problems: list[Problem]) -> str:
    # Inline code wraps on narrow screens where a code block would scroll; double backticks
    # keep the messages' own backticks.
    messages = "\n".join(f"- `` {p} ``" for p in problems) or "- (no problem reported)"
    language = "text" if mistake.anchor == "" else "markdown" if mistake.section == TEXT else "yaml"
    wrong = mistake.wrong if mistake.wrong.strip() else "# (the line is missing)\n"
    right = mistake.right if mistake.right.strip() else "# (remove the line)\n"
    if mistake.encoding != "utf-8":
        wrong = f"# saved as {mistake.encoding}\n{wrong}"
    return (
        f"### {mistake.title}\n\n{mistake.why}\n\n"
        f'!!! failure "Wrong"\n\n{_indent(_fence(wrong, language))}\n'
        f"    `newsroom check` says:\n\n{_indent(messages)}\n\n"
        f'!!! success "Right"\n\n{_indent(_fence(right, language))}\n'
    )


def _fence(text: str, language: str) -> str:
    return f"```{language}\n{text.rstrip()}\n```\n"


def _indent(text: str) -> str:
    return "".join(f"    {line}" if line.strip() else line for line in text.splitlines(True))
