"""Podcast shows declared in `newsroom.yml` (`podcasts:`): what Apple and the apps require.

A show is declared once, by id; items join it as episodes (`podcast:` in the front matter,
see `schema.Episode`). Each field is what Apple Podcasts requires of a feed
(https://podcasters.apple.com/support/823-podcast-requirements): artwork, one category of
Apple's list, an owner who can be written to, whether it is explicit, its language.
"""

from __future__ import annotations

import uuid
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from .images import image_facts, image_problem
from .problems import Problem, did_you_mean
from .safe_files import link_refusal, linked_part
from .web_urls import EmailAddress

if TYPE_CHECKING:
    from .yamlsource import LoadedYaml

# Apple Podcasts categories and their subcategories, as Apple lists them
# (https://podcasters.apple.com/support/1691-apple-podcasts-categories, read 2026-12-07).
APPLE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
        "Home & Garden", "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
        "Sports News", "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion", "Spirituality",
    ),
    "Science": (
        "Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
        "Natural Sciences", "Nature", "Physics", "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary", "Personal Journals", "Philosophy", "Places & Travel", "Relationships",
    ),
    "Sports": (
        "Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
        "Rugby", "Running", "Soccer", "Softball", "Swimming", "Tennis", "Volleyball",
        "Wilderness", "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}  # fmt: skip

# Apple: artwork square, 1400 to 3000 pixels on a side, JPEG or PNG.
ARTWORK_SUFFIXES = (".jpg", ".jpeg", ".png")
ARTWORK_MIN, ARTWORK_MAX = 1400, 3000
# The Podcasting 2.0 namespace's fixed namespace for `podcast:guid` (UUIDv5 of the feed URL).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """The show's `podcast:guid`: UUIDv5 of its feed URL without scheme and trailing slashes.

    As the Podcasting 2.0 namespace specifies, so any app computes the same one.
    """
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, bare))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class PodcastOwner(_Strict):
    """Who Apple and the directories write to about the show (`itunes:owner`, not shown)."""

    name: str = Field(min_length=1, max_length=100, description="Name of the show's owner.")
    email: EmailAddress = Field(description="Address the directories write to.")


class PodcastShow(_Strict):
    """One podcast show: its feed (`podcasts/<id>.xml`) and its page (`podcasts/<id>/`)."""

    title: str = Field(min_length=1, max_length=150, description="Name of the show.")
    description: str = Field(
        min_length=1, max_length=4000, description="What the show is about (plain text)."
    )
    artwork: str = Field(
        description="Cover image from the repository root: square JPEG or PNG, "
        f"{ARTWORK_MIN}–{ARTWORK_MAX} pixels on a side (Apple's rule)."
    )
    category: str = Field(description="One of Apple's categories, e.g. `Science`, `Education`.")
    subcategory: str | None = Field(
        None, description="One of the category's subcategories in Apple's list, e.g. `Physics`."
    )
    owner: PodcastOwner = Field(description="`name` and `email` of the show's owner.")
    author: str | None = Field(
        None, min_length=1, description="Who makes the show (`itunes:author`); the publisher."
    )
    explicit: bool = Field(False, description="`true` if episodes contain explicit content.")
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(?:-[A-Z]{2})?$")] | None = Field(
        None, description="Language of the show (`en`, `fr`); the site's language by default."
    )

    @field_validator("category")
    @classmethod
    def _apple_category(cls, category: str) -> str:
        if category not in APPLE_CATEGORIES:
            hint = did_you_mean(category, APPLE_CATEGORIES)
            raise ValueError(
                f"{category!r} is not one of Apple's podcast categories{hint} — use one of "
                f"{', '.join(APPLE_CATEGORIES)}"
            )
        return category

    @field_validator("subcategory")
    @classmethod
    def _of_the_category(cls, subcategory: str | None, info: ValidationInfo) -> str | None:
        category = info.data.get("category")
        if subcategory is None or category is None:
            return subcategory
        allowed = APPLE_CATEGORIES[category]
        if subcategory not in allowed:
            choices = ", ".join(allowed) if allowed else "none: remove `subcategory`"
            raise ValueError(
                f"{subcategory!r} is not a subcategory of {category} in Apple's list — "
                f"use one of: {choices}"
            )
        return subcategory


def podcast_problems(
    root: Path, shows: dict[str, PodcastShow], source: LoadedYaml
) -> list[Problem]:
    """Each show's artwork must be a square JPEG or PNG of the repository, of Apple's size."""
    problems = []
    for show_id, show in shows.items():
        where = ("podcasts", show_id, "artwork")
        wrong = artwork_problem(root, show.artwork)
        if wrong:
            problems.append(
                Problem(
                    "newsroom.yml",
                    source.line_of(where),
                    ".".join(where),
                    f"{show.artwork!r} {wrong}",
                )
            )
    return problems


def artwork_problem(root: Path, rel: str) -> str:
    """What is wrong with a show's artwork file, or "" when Apple takes it."""
    path = PurePosixPath(rel)
    if path.is_absolute() or ".." in path.parts or "\\" in rel:
        return "is not a path inside the repository — write it from the repository root"
    if path.suffix.lower() not in ARTWORK_SUFFIXES:
        return "is not a JPEG or PNG file — export the artwork as JPEG or PNG"
    link = linked_part(root, rel)
    if link is not None:
        return link_refusal(rel, link)
    target = root / rel
    if not target.is_file():
        return "does not exist — check the path (from the repository root) or add the file"
    unreadable = image_problem(target)
    if unreadable:
        return unreadable
    facts = image_facts(target)
    width, height = facts.width or 0, facts.height or 0
    if width != height or not ARTWORK_MIN <= width <= ARTWORK_MAX:
        return (
            f"is {width}×{height} pixels — Apple takes square artwork of {ARTWORK_MIN} to "
            f"{ARTWORK_MAX} pixels on a side: export it again, e.g. 3000×3000"
        )
    return ""
