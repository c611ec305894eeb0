"""Mastodon's interaction counts (a status's counts)
under the shared names of `newsroom stats`."""

from __future__ import annotations

from newsroom.stats.collect import normalise


def test_mastodon_counts_map_to_the_shared_names() -> None:
    counts = {"favourites_count": 4, "reblogs_count": 2, "replies_count": 0}
    assert normalise(counts) == {"likes": 4, "reposts": 2, "replies": 0, "quotes": 0}
