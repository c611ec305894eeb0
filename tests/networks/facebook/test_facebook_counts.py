"""Facebook's interaction counts (a Page post's reactions, comments and shares)
under the shared names of `newsroom stats`."""

from __future__ import annotations

from newsroom.stats.collect import normalise


def test_facebook_counts_map_to_the_shared_names() -> None:
    counts = {"reactions": 7, "comments": 2, "shares": 1}
    assert normalise(counts) == {"likes": 7, "reposts": 1, "replies": 2, "quotes": 0}
