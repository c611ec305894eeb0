"""Warm rebuilds ask a page's questions again only when something it read may have changed.

What a page read is noted with the items it went through (site/recording.py, ANCHORS); a
build whose structure is the previous one's (no story added, moved, re-dated…) reuses
every page that read none of the edited items without replaying what it read, and
renders again those that read one, without replaying either (writer.PageKeys.read_changed).
The property test (test_incremental_property.py) is the oracle that this is never wrong;
these tests show it is used.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsroom.ids import new_id
from newsroom.site import recording

from .test_incremental import SENSOR, assert_identical, build, clean, example_copy


@pytest.fixture
def replayed(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    """The questions a build asked again of its model, one entry per step taken (a
    question about the site model is asked once a build, whatever the pages asking)."""
    asked: list[tuple] = []
    step = recording.Replay._step

    def counting(self: recording.Replay, path: tuple) -> object:
        asked.append(path)
        return step(self, path)

    monkeypatch.setattr(recording.Replay, "_step", counting)
    return asked


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def of_story_pages(asked: list[tuple]) -> int:
    """The steps taken from a story page's own `article`: one page's questions, asked."""
    return sum(1 for path in asked if path[0] == ("name", "article"))


def test_an_edit_asks_again_only_the_pages_that_read_the_item(
    tmp_path: Path, replayed: list[tuple]
) -> None:
    root = example_copy(tmp_path)
    output = tmp_path / "site"
    build(root, output)
    newest = root / SENSOR
    # A story added: where every story is changes, every page is asked again...
    added = newest.with_name(newest.name.replace("quantum-sensor", "second-sensor"))
    text = newest.read_text(encoding="utf-8").replace("title: ", "title: A second sensor — ", 1)
    added.write_text(re.sub(r"^id: .*$", f"id: {new_id()}", text, count=1, flags=re.M), "utf-8")
    replayed.clear()
    grown = build(root, output)
    assert of_story_pages(replayed) > 0 and grown.asked > 0
    assert_identical(output, clean(root, tmp_path / "clean-1"))
    # ...and noted with what it reads now: a fix to a story's text renders again its page
    # (and a retitle the pages showing its card: listings, related stories) without
    # asking them, an item they read having changed; no other page is asked.
    replayed.clear()
    newest.write_text(newest.read_text(encoding="utf-8") + "\nA fix.\n", encoding="utf-8")
    fixed = build(root, output)
    assert of_story_pages(replayed) == 0 and fixed.asked == 0
    assert 0 < fixed.redone < grown.asked / 3
    assert_identical(output, clean(root, tmp_path / "clean-2"))
    replayed.clear()
    edit(newest, "title: ", "title: Updated — ")
    retitled = build(root, output)
    assert of_story_pages(replayed) == 0 and retitled.asked == 0
    assert fixed.redone < retitled.redone < grown.asked / 3
    assert_identical(output, clean(root, tmp_path / "clean-3"))
