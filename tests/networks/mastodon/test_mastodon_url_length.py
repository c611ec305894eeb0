"""Mastodon's length rule (moved here from the shared tests/networks/test_counting.py, issue
#30): each URL counts `characters_reserved_per_url`, a mention its local part only."""

from __future__ import annotations

from newsroom.networks import counting

LINK = "https://news.aldermoor.edu/s/k7q2m9ab?utm_source=mastodon&utm_medium=social&utm_campaign=quantum"


def test_mastodon_length_counts_each_url_as_reserved():
    assert counting.mastodon_length(f"{LINK} and {LINK}.") == 23 + 5 + 23 + 1
    assert counting.mastodon_length(LINK, url_length=30) == 30
    assert counting.mastodon_length("hi @press@mastodon.example") == len("hi @press")
    # Trailing punctuation is no part of a URL: Mastodon's extractor leaves it out.
    assert counting.mastodon_length(f"({LINK}), then") == 1 + 23 + len("), then")
