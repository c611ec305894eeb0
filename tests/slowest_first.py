"""The test files that take longest, started first, so that no worker ends the run alone.

pytest-xdist's worksteal gives each worker a share of the tests in collection order, and an
idle worker steals from the end of another's share: with the long files at the front, what
is left at the end is short, and both workers finish together (a 40 s story run last would
keep one core idle for its length). A file moves whole: its module fixtures are made once.

The seconds are each file's sum in a `--durations=0` run on 2 workers (December 2026); only
their order matters, and a file not listed keeps its place after them.
"""

from __future__ import annotations

import pytest

RECORDED_SECONDS = {
    "tests/site/test_incremental.py": 190,
    "tests/handbook/test_valid_and_accessible.py": 166,
    "tests/site/test_browser.py": 120,
    "tests/workflows/test_embargo_story.py": 112,
    "tests/test_hostile_input.py": 104,
    "tests/site/test_responsive_images.py": 74,
    "tests/workflows/test_story.py": 69,
    "tests/site/test_video.py": 64,
    "tests/test_fuzz_cli.py": 63,
    "tests/site/test_events.py": 51,
    "tests/stats/test_analytics.py": 51,
    "tests/stats/test_stats_loopback.py": 50,
    "tests/stats/test_stats_returns_loopback.py": 48,
    "tests/syndication/test_crash.py": 43,
    "tests/handbook/test_hostile_config.py": 41,
    "tests/handbook/test_generated.py": 36,
    "tests/site/test_podcasts.py": 36,
    "tests/site/test_incremental_property.py": 31,
    "tests/handbook/test_handbook_serve.py": 31,
    "tests/site/test_serve.py": 31,
    "tests/test_layers.py": 29,
    "tests/workflows/test_preview_comment.py": 29,
    "tests/site/test_links_and_errors.py": 28,
    "tests/site/test_image_metadata.py": 28,
    "tests/handbook/test_engines.py": 25,
    "tests/handbook/test_handbook_build.py": 22,
    "tests/site/test_build_memory.py": 20,
}


def recorded_seconds(item: pytest.Item) -> int:
    """The recorded time of the item's file (0 when not listed)."""
    return RECORDED_SECONDS.get(item.nodeid.split("::", 1)[0], 0)


def slowest_files_first(items: list[pytest.Item]) -> None:
    """Reorder `items` in place: the files by recorded time, longest first; a stable sort,
    so the tests of a file stay together and in their order."""
    items.sort(key=lambda item: -recorded_seconds(item))
