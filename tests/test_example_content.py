"""The example newsroom in content/ is valid and shows what a university newsroom looks like."""

from __future__ import annotations

from collections import Counter

from newsroom.clock import now
from newsroom.repository import open_newsroom

from .conftest import PROJECT


def test_example_newsroom_passes_check(run) -> None:
    result = run(PROJECT, "check")
    assert result.exit_code == 0, result.output


def test_example_newsroom_is_representative() -> None:
    newsroom = open_newsroom(PROJECT)
    items, moment = newsroom.content.items, now()
    themes = Counter(item.theme for item in items)

    assert len(items) >= 24
    assert len(themes) >= 6
    assert sum(item.date > moment for item in items) >= 2, "future-dated (scheduled) items"
    assert sum(item.meta.draft for item in items) >= 1
    overridden = [
        item.meta.social.model_dump(exclude_none=True) for item in items if item.meta.social
    ]
    assert any(overridden), "an item with its own text for a network"
    assert all(item.meta.image and item.meta.image_alt for item in items)
    authors = {author.name for item in items for author in item.authors}
    assert any(not name.isascii() for name in authors)
    assert {page.slug for page in newsroom.content.pages} >= {"about", "contact", "accessibility"}


def test_example_images_are_small_and_ours() -> None:
    images = list((PROJECT / "content/images").rglob("*.jpg"))
    assert images
    assert sum(image.stat().st_size for image in images) < 2_000_000
