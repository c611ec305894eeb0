"""X's interaction counts (the v2 API's `public_metrics`)
under the shared names of `newsroom stats`."""

from __future__ import annotations

from newsroom.stats.collect import normalise


def test_x_counts_map_to_the_shared_names() -> None:
    counts = {"like_count": 3, "retweet_count": 1, "reply_count": 2, "quote_count": 1}
    assert normalise(counts) == {"likes": 3, "reposts": 1, "replies": 2, "quotes": 1}
