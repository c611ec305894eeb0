"""LinkedIn's interaction counts (the likes and comments of its social actions)
under the shared names of `newsroom stats`."""

from __future__ import annotations

from newsroom.stats.collect import normalise


def test_linkedin_counts_map_to_the_shared_names() -> None:
    counts = {"likes": 5, "comments": 1}
    assert normalise(counts) == {"likes": 5, "reposts": 0, "replies": 1, "quotes": 0}
