"""The content model (news items and pages), declared once.

These pydantic models are the single declaration of what a news item and a page may
contain: validation, the handbook's front-matter reference and the CMS configuration
are all derived from them. Rules that need the repository or the site configuration
(theme folder, declared authors, files that must exist, unique ids) live in `content.py`
and are documented in each field's description.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    create_model,
)
from pydantic_core import PydanticCustomError

from .config import LANG_PATTERN
from .ids import ID_ALPHABET
from .networks import NETWORKS
from .scholarly import bare_doi, is_doi
from .urls import RESERVED_PREFIXES
from .video import CAPTION_SUFFIXES, EXAMPLE_URL, VIDEO_TYPES, parse_duration, video_source
from .web_urls import WebUrl, check_web_url

ID_PATTERN = rf"^[{ID_ALPHABET}]{{6,16}}$"
TITLE_MAX = 150
SUMMARY_MIN, SUMMARY_MAX = 30, 300
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>|\[[^\]]*\]\([^)]*\)")
_EXAMPLE_DATE = "2026-11-20T10:00:00+01:00"


def _aware_datetime(value: Any, info: ValidationInfo) -> Any:
    """A date-time with its UTC offset; a bare date means midnight, site time."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date_format", f"{value!r} is not a date-time — write e.g. {_EXAMPLE_DATE}"
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise PydanticCustomError(
                "date_timezone",
                f"'{value.isoformat(sep=' ')}' has no time zone — add the UTC offset, "
                f"e.g. {_EXAMPLE_DATE}",
            )
        return value
    if isinstance(value, date):
        zone = (info.context or {}).get("zone")
        if zone is None:
            raise PydanticCustomError("date_timezone", "a bare date needs the site time zone")
        return datetime.combine(value, time(0), tzinfo=zone)
    raise PydanticCustomError(
        "date_type", f"expected a date-time such as {_EXAMPLE_DATE}, got {type(value).__name__}"
    )


def _item_id(value: str) -> str:
    """6 to 16 characters among 0-9 and a-z without i, l, o, u."""
    if not re.match(ID_PATTERN, value):
        raise PydanticCustomError(
            "id_format",
            f"{value!r} is not a valid id: 6 to 16 characters among 0-9 and a-z without "
            "i, l, o, u — run `newsroom id` for a fresh one",
        )
    return value


def _plain_text(value: str) -> str:
    """Plain text on one line: no HTML, no Markdown links."""
    if _MARKUP.search(value):
        raise PydanticCustomError(
            "plain_text", "is not plain text — remove HTML tags and Markdown links"
        )
    if "\n" in value.strip():
        raise PydanticCustomError("single_line", "must be one line (use `>-` for a long text)")
    return value.strip()


def _text_or_false(value: str | bool) -> str | bool:
    """Not empty; `false` skips the network; must fit the network's limit."""
    if value is True:
        raise PydanticCustomError(
            "social_true",
            "`true` is not a text — write the text for this network, or `false` to skip it",
        )
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("social_empty", "is empty — write the text, or `false` to skip")
    return value


_OLD_PATH = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9._~-]*/)*[A-Za-z0-9][A-Za-z0-9._~-]*/?$")


def _old_site_path(value: str) -> str:
    """An earlier URL path of the item, written from the site root: `news/x/2025/slug/`."""
    path = value.strip().lstrip("/")
    if not _OLD_PATH.match(path) or ".." in path.split("/"):
        raise PydanticCustomError(
            "alias_path",
            f"{value!r} is not a site path — write the old URL without the domain, "
            "e.g. news/quantum/2025/old-slug/",
        )
    if path.startswith(RESERVED_PREFIXES):
        raise PydanticCustomError(
            "alias_reserved",
            f"{value!r} is reserved for short links, feeds and search — write the item's "
            "old page address",
        )
    return path if path.endswith((".html", ".htm", "/")) else path + "/"


AwareDateTime = Annotated[datetime, BeforeValidator(_aware_datetime)]
PlainText = Annotated[str, AfterValidator(_plain_text)]
NetworkText = Annotated[str | bool, AfterValidator(_text_or_false)]
Tag = Annotated[str, Field(pattern=r"^[\w][\w -]{0,39}$")]


EDITOR = "x-newsroom-editor"  # the key of a field's web-editor hints in `json_schema_extra`


def editor(
    label: str | None = None, widget: dict[str, Any] | None = None, choices: str | None = None
) -> dict[str, Any]:
    """How the web editor (Decap CMS) shows a field, written on the field's declaration.

    `label` replaces the one made from the field's name; `widget` entries replace those
    derived from the field's type (`{theme}` in a text is the collection's theme);
    `choices` names the list of `newsroom.yml` the options come from (`authors`,
    `accounts`). Read by `newsroom.handbook.cms` through the one schema walker.
    """
    hints: dict[str, Any] = {"label": label, "widget": widget, "choices": choices}
    return {EDITOR: {key: value for key, value in hints.items() if value is not None}}


_ACCOUNT_CHOICE = editor(widget={"widget": "select", "multiple": True}, choices="accounts")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AccountChanges(_Strict):
    """Accounts added to or removed from this item's routing."""

    add: list[str] = Field(
        default_factory=list, description="Account ids to add.", json_schema_extra=_ACCOUNT_CHOICE
    )
    remove: list[str] = Field(
        default_factory=list,
        description="Account ids to remove.",
        json_schema_extra=_ACCOUNT_CHOICE,
    )


# One optional text per network, generated from the network list so a new network adapter
# needs no change here.
# The site's own bound on an image's alt text: a longer description belongs in the caption or
# the body. A network taking less (its `max_alt_text`) gets it cut at a word by its composer,
# and the preview says so: a network's limit never refuses an item for the site.
MAX_ALT_TEXT = 1000

SocialOverrides = create_model(  # type: ignore[call-overload]
    "SocialOverrides",
    __base__=_Strict,
    __doc__="Per-network text overrides; `false` skips a network.",
    **{
        name: (
            NetworkText | None,
            Field(
                None,
                description=f"Text for {network.label} instead of the summary, or `false`.",
                json_schema_extra=editor(network.label),
            ),
        )
        for name, network in NETWORKS.items()
    },
    accounts=(
        AccountChanges | None,
        Field(None, description="`add:` / `remove:` lists of account ids for this item."),
    ),
)


def _place_name_only(value: Any) -> Any:
    """A location written as plain text (the form before addresses) is the place's name."""
    return {"name": value} if isinstance(value, str) else value


class EventLocation(_Strict):
    """Where an event takes place: the place's name and, best, its postal address."""

    name: PlainText = Field(
        min_length=2, max_length=200, description="Name of the place (hall, building, campus)."
    )
    street: PlainText | None = Field(
        None, max_length=200, description="Street address, e.g. `1 College Road`."
    )
    locality: PlainText | None = Field(None, max_length=100, description="Town or city.")
    postal_code: PlainText | None = Field(None, max_length=20, description="Postal code.")
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = Field(
        None, description="Country as its two-letter ISO 3166-1 code (`GB`, `FR`, `DE`)."
    )

    @property
    def address_lines(self) -> list[str]:
        """The postal address as readers see it, without the country code."""
        # Street, town, postal code: an order readers of every country recognise.
        return [part for part in (self.street, self.locality, self.postal_code) if part]

    @property
    def label(self) -> str:
        """Name and address on one line (calendars, listings)."""
        country = [self.country] if self.country else []
        return ", ".join([self.name, *self.address_lines, *country])


class Event(_Strict):
    """When and where an event takes place."""

    start: AwareDateTime = Field(description="Start date-time with UTC offset.")
    end: AwareDateTime = Field(description="End date-time with UTC offset; not before start.")
    location: Annotated[EventLocation, BeforeValidator(_place_name_only)] | None = Field(
        None,
        description="Where it happens (required unless `online_url`): `name`, and `street`, "
        "`locality`, `postal_code`, `country` for a postal address; a plain text is the name.",
    )
    online_url: WebUrl | None = Field(
        None,
        description="Link to follow online (http/https).",
        json_schema_extra=editor("Online URL"),
    )
    registration_url: WebUrl | None = Field(
        None,
        description="Where to register (http/https).",
        json_schema_extra=editor("Registration URL"),
    )


def _video_address(value: str) -> str:
    """A YouTube, Vimeo or PeerTube address, or a video file of the repository."""
    value = value.strip()
    if "://" in value:
        if video_source(check_web_url(value)) is None:
            raise PydanticCustomError(
                "video_url",
                "{value} is not the address of a YouTube, Vimeo or PeerTube video — copy the "
                f"address of the video's page (e.g. {EXAMPLE_URL}), or name a video file of "
                "the repository ({types})",
                {"value": repr(value[:80]), "types": ", ".join(VIDEO_TYPES)},
            )
    elif "." + value.rpartition(".")[2].lower() not in VIDEO_TYPES:
        raise PydanticCustomError(
            "video_file",
            "{value} is not a video file the site can play — use one of {types} (or the "
            "address of a YouTube, Vimeo or PeerTube video)",
            {"value": repr(value[:80]), "types": ", ".join(VIDEO_TYPES)},
        )
    return value


def _captions_file(value: str) -> str:
    """A WebVTT file of the repository."""
    if not value.lower().endswith(CAPTION_SUFFIXES):
        raise PydanticCustomError(
            "captions_file",
            "{value} is not a WebVTT captions file — export the captions as .vtt "
            "(every video tool and YouTube Studio can)",
            {"value": repr(value[:80])},
        )
    return value


def _transcript(value: str) -> str:
    """A web address, or a file of the repository."""
    return check_web_url(value) if "://" in value else value


def _duration(value: Any) -> str:
    """`41:20` (minutes:seconds) or `1:02:03`."""
    # YAML 1.1 reads 41:20 unquoted as the number 2480 (base 60): seconds, as wanted.
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        minutes, seconds = divmod(value, 60)
        return f"{minutes}:{seconds:02d}"
    if not isinstance(value, str) or parse_duration(value) is None:
        raise PydanticCustomError(
            "video_duration",
            "{value} is not a duration — write minutes and seconds, e.g. 41:20, or 1:02:03",
            {"value": repr(str(value)[:40])},
        )
    return str(value)


class Video(_Strict):
    """A video shown with the item: player loaded only when the reader asks for it."""

    url: Annotated[str, AfterValidator(_video_address)] = Field(
        description="The video: the address of its YouTube, Vimeo or PeerTube page, or a "
        f"video file of the repository ({', '.join(VIDEO_TYPES)}) that the site plays itself.",
        examples=["https://www.youtube.com/watch?v=aqz-KE-bpKQ"],
        json_schema_extra=editor("Video address (YouTube, Vimeo, PeerTube) or file"),
    )
    title: PlainText = Field(
        min_length=3,
        max_length=TITLE_MAX,
        description="Title of the video: shown under it and read out on its play button.",
    )
    captions: Annotated[str, AfterValidator(_captions_file)] | None = Field(
        None,
        description="Captions as a WebVTT file of the repository (`.vtt`): played with a "
        "video file of the repository, linked under a provider's video; a video file needs "
        "captions or a transcript.",
        json_schema_extra=editor(
            widget={
                "widget": "file",
                "choose_url": False,
                "media_folder": "/content/files/{theme}",
                "public_folder": "content/files/{theme}",
            }
        ),
    )
    transcript: Annotated[str, AfterValidator(_transcript)] | None = Field(
        None,
        description="The transcript: a web address or a file of the repository, linked "
        "under the video.",
    )
    still: str | None = Field(
        None,
        description="Image shown before the video plays (repository path; "
        f"{', '.join(IMAGE_SUFFIXES)}). Default: the provider's still, fetched when the "
        "site is built, else the item's image.",
        json_schema_extra=editor(widget={"widget": "image", "choose_url": False}),
    )
    duration: Annotated[str, BeforeValidator(_duration)] | None = Field(
        None,
        description="Length of the video, `41:20` or `1:02:03` (search engines show it).",
    )


TRANSCRIPT_SUFFIXES = (".vtt", ".srt", ".txt")
# The web editor uploads an episode's files into one folder of the repository.
_PODCAST_FILE = {
    "widget": "file",
    "choose_url": False,
    "media_folder": "/content/files/podcasts",
    "public_folder": "content/files/podcasts",
}


class Episode(_Strict):
    """The item is an episode of a podcast show declared in `newsroom.yml` (`podcasts:`)."""

    show: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")] = Field(
        description="Id of the show in `newsroom.yml` `podcasts:`.",
        json_schema_extra=editor("Show", {"widget": "select"}, choices="podcasts"),
    )
    audio: str = Field(
        description="The episode's audio from the repository root: MP3 or M4A (AAC); its "
        "duration and type are read from the file.",
        examples=["content/files/podcasts/lab-notes-01.mp3"],
        json_schema_extra=editor(widget=_PODCAST_FILE),
    )
    transcript: str = Field(
        description="What is said, as a file from the repository root: WebVTT (`.vtt`, "
        "best), SubRip (`.srt`) or plain text (`.txt`); linked under the player and in the feed.",
        json_schema_extra=editor(widget=_PODCAST_FILE),
    )
    chapters: str | None = Field(
        None,
        description="Chapters, a JSON file of the Podcasting 2.0 chapters format (`.json`).",
        json_schema_extra=editor(widget=_PODCAST_FILE),
    )
    episode: int | None = Field(None, ge=1, description="Episode number in the show (or season).")
    season: int | None = Field(None, ge=1, description="Season number, for shows in seasons.")


# A gallery longer than this is an album: it belongs on a page of its own, not in a story.
MAX_GALLERY = 40


class GalleryImage(_Strict):
    """One photo of an item's gallery: the file, what it shows, and whose it is."""

    image: str = Field(
        description="Image path from the repository root (inside the repository; "
        f"{', '.join(IMAGE_SUFFIXES)}).",
        examples=["content/images/events/open-day-1.jpg"],
        json_schema_extra=editor("Photo", widget={"widget": "image", "choose_url": False}),
    )
    alt: PlainText = Field(
        min_length=5,
        max_length=MAX_ALT_TEXT,
        description="Text alternative of the photo, for readers who cannot see it.",
        json_schema_extra=editor("Photo description (alt text)"),
    )
    caption: PlainText = Field(
        min_length=3,
        max_length=300,
        description="Caption shown under the photo (who, what, where).",
    )
    credit: PlainText = Field(
        min_length=3,
        max_length=200,
        description="Who made the photo (`Photo: Jane Doe / Aldermoor University`): under "
        "the photo and in JSON-LD (`creditText`).",
    )
    copyright: PlainText | None = Field(
        None,
        max_length=200,
        description="Copyright notice (`© 2026 Aldermoor University`): JSON-LD `copyrightNotice`.",
    )
    license: WebUrl | None = Field(
        None,
        description="Link to the photo's licence (e.g. "
        "`https://creativecommons.org/licenses/by/4.0/`): JSON-LD `license`.",
        json_schema_extra=editor("Licence URL"),
    )


def _doi(value: str) -> str:
    """A DOI by Crossref's recommended pattern; a pasted doi.org link is taken as its DOI."""
    doi = bare_doi(value)
    if not is_doi(doi):
        raise PydanticCustomError(
            "doi_format",
            f"{value!r} is not a DOI — write it as the journal gives it, e.g. "
            "10.1038/s41586-020-2649-2 (starts with 10. and a slash after the prefix)",
        )
    return doi


def _calendar_date(value: Any) -> Any:
    """A day, written bare (`2026-11-18`) or quoted; not a date-time."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "day_format", f"{value!r} is not a date — write e.g. 2026-11-18"
            ) from None
    if isinstance(value, datetime):
        raise PydanticCustomError(
            "day_type", "is a date-time — write the day only, e.g. 2026-11-18"
        )
    return value


Doi = Annotated[str, AfterValidator(_doi)]
Day = Annotated[date, BeforeValidator(_calendar_date)]


class Paper(_Strict):
    """The published paper behind a story: shown as "Read the paper", cited in JSON-LD."""

    doi: Doi = Field(
        description="DOI of the paper, e.g. `10.1038/s41586-020-2649-2` (checked by its "
        "syntax; `newsroom new --doi` fills the other fields from Crossref).",
        json_schema_extra=editor("DOI"),
    )
    title: PlainText = Field(
        min_length=3,
        max_length=400,
        description="Title of the paper.",
        json_schema_extra=editor("Paper title"),
    )
    journal: PlainText = Field(
        min_length=2, max_length=200, description="Journal (or proceedings) it appears in."
    )
    date: Day = Field(
        description="Publication date of the paper (`2026-11-18`), often the embargo's day.",
        json_schema_extra=editor("Paper date"),
    )


class ItemFrontMatter(_Strict):
    """The front matter of a news item, `content/news/<theme>/<YYYY>/<YYYY-MM-DD>-<slug>.md`."""

    id: Annotated[str, AfterValidator(_item_id)] = Field(
        description="Permanent short id (6–16 chars of lowercase Crockford base32), unique "
        "across the site; given by `newsroom new`; never changes.",
        examples=["k7q2m9ab"],
        json_schema_extra=editor(
            "Permanent id",
            {"widget": "hidden", "hint": "Filled in when the draft is first saved; never changes."},
        ),
    )
    title: PlainText = Field(
        min_length=3,
        max_length=TITLE_MAX,
        description="Headline, plain text.",
        examples=["Quantum sensor maps brain activity"],
    )
    date: AwareDateTime = Field(
        description="Publication date-time with UTC offset; a future date schedules the item. "
        "A bare date (2026-11-20) means midnight in the site's time zone. Must match the "
        "date in the file name.",
        examples=[_EXAMPLE_DATE],
        json_schema_extra=editor(widget={"default": "{{now}}"}),  # Decap's "now" when created
    )
    summary: PlainText = Field(
        min_length=SUMMARY_MIN,
        max_length=SUMMARY_MAX,
        description=f"One to three plain sentences ({SUMMARY_MIN}–{SUMMARY_MAX} characters): "
        "feeds, link previews and default social text.",
    )
    authors: list[str] = Field(
        min_length=1,
        description="Author ids or names declared in `newsroom.yml`.",
        json_schema_extra=editor(
            widget={"widget": "select", "multiple": True, "min": 1}, choices="authors"
        ),
    )
    image: str | None = Field(
        None,
        description="Image path from the repository root (inside the repository; "
        f"{', '.join(IMAGE_SUFFIXES)}); needs `image_alt`.",
        examples=["content/images/quantum/sensor.jpg"],
        json_schema_extra=editor(widget={"widget": "image", "choose_url": False}),
    )
    image_alt: PlainText | None = Field(
        None,
        min_length=5,
        max_length=MAX_ALT_TEXT,
        description="Text alternative of the image; required with `image`; at most "
        f"{MAX_ALT_TEXT:,} characters (a network taking fewer gets it cut at a word, and the "
        "post preview says so).",
        json_schema_extra=editor("Image description (alt text)"),
    )
    image_caption: PlainText | None = Field(
        None, max_length=300, description="Caption shown under the image (what it shows, where)."
    )
    image_credit: PlainText | None = Field(
        None,
        max_length=200,
        description="Who made the image (`Photo: Jane Doe / Aldermoor University`): under the "
        "image and in JSON-LD; required when `site.require_image_credit` is true.",
    )
    featured: bool = Field(
        False,
        description="`true`: the lead story of the front page and of its theme page while it "
        "is the newest featured item.",
    )
    tags: list[Tag] = Field(
        default_factory=list, max_length=10, description="Keywords; hashtags on social networks."
    )
    lang: Annotated[str, Field(pattern=LANG_PATTERN)] | None = Field(
        None, description="Language code (`en`, `fr`, `pt-BR`); the site language by default."
    )
    social: SocialOverrides | None = Field(  # type: ignore[valid-type]
        None,
        description="Per-network text, `false` to skip a network, `accounts` changes.",
        json_schema_extra=editor("Social networks"),
    )
    updated: AwareDateTime | None = Field(
        None, description="Date-time of a significant update; not before `date`."
    )
    draft: bool = Field(False, description="`true`: shown in previews, never published.")
    translation_of: Annotated[str, AfterValidator(_item_id)] | None = Field(
        None,
        description="`id` of the same news in another language.",
        json_schema_extra=editor("Translation of (id)"),
    )
    event: Event | None = Field(None, description="Event details, for event items.")
    attachments: list[str] = Field(
        default_factory=list,
        description="Files from the repository published with the item.",
        json_schema_extra=editor(
            widget={
                "widget": "list",
                "field": {
                    "label": "File",
                    "name": "file",
                    "widget": "file",
                    "choose_url": False,
                    "media_folder": "/content/files/{theme}",
                    "public_folder": "content/files/{theme}",
                },
            }
        ),
    )
    video: Video | None = Field(
        None,
        description="A video shown at the top of the item (`url`, `title`, `captions`, "
        "`transcript`, `still`, `duration`); the player loads only when a reader asks.",
    )
    podcast: Episode | None = Field(
        None,
        description="Makes the item an episode of a podcast show: `show`, `audio`, "
        "`transcript`, and optional `chapters`, `episode`, `season`.",
        json_schema_extra=editor("Podcast episode"),
    )
    gallery: list[GalleryImage] = Field(
        default_factory=list,
        max_length=MAX_GALLERY,
        description="Photos shown as a grid under the text (an event's photos), each with "
        "`image`, `alt`, `caption`, `credit` and optionally `copyright` and `license`; the "
        "first ones go with the item's image to the networks that take several images per post "
        "(as many as each declares).",
    )
    contacts: list[str] = Field(
        default_factory=list,
        max_length=5,
        description="Media contacts for journalists: ids of `contacts:` in `newsroom.yml`; "
        'shown in a "Media contact" box, in the feeds and in JSON-LD.',
        json_schema_extra=editor(
            "Media contacts", widget={"widget": "select", "multiple": True}, choices="contacts"
        ),
    )
    paper: Paper | None = Field(
        None, description='The paper behind the story: a "Read the paper" link and a citation.'
    )
    aliases: list[Annotated[str, AfterValidator(_old_site_path)]] = Field(
        default_factory=list,
        max_length=20,
        description="Earlier URL paths of the item (e.g. `news/quantum/2025/old-slug/`) that "
        "must keep leading to it. Renames in git history are redirected automatically; "
        "list here only URLs git cannot know (e.g. from a previous site).",
    )


class PageFrontMatter(_Strict):
    """The front matter of a page, `content/pages/<slug>.md` (about, contact, …)."""

    title: PlainText = Field(min_length=3, max_length=TITLE_MAX, description="Page title.")
    summary: PlainText | None = Field(None, max_length=SUMMARY_MAX, description="Meta description.")
