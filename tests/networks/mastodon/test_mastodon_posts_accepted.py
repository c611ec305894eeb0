"""Every post composed for Mastodon fits Mastodon's count, by our port of its
StatusLengthValidator (moved here from the shared tests/networks/test_posts_accepted.py,
which composes the posts, issue #30)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsroom.networks import counting
from tests.networks.test_posts_accepted import (
    EXAMPLE_URL,
    REAL_URL,
    composed_posts,
    stress_newsroom,
)


@pytest.mark.parametrize("url", [REAL_URL, EXAMPLE_URL])
def test_every_mastodon_post_fits_mastodon_count(tmp_path: Path, url: str) -> None:
    posts = composed_posts(stress_newsroom(tmp_path, url, stress=True))["mastodon"]
    assert len(posts) >= 20
    for item, text in posts:
        assert counting.mastodon_length(text) <= counting.MASTODON_DEFAULT_MAX, item
        link = text.rsplit("\n\n", 1)[-1]
        expected = 23 if url == REAL_URL else counting.graphemes(link)
        assert counting.mastodon_length(link) == expected
