"""Bluesky's share link on an item page, from its declaration's `share_url`: its compose intent: the title and the link as the text.
tests/site/test_editorial.py finds `SHARE` here (one per network the page offers) and checks
the built page's links."""

from __future__ import annotations

from newsroom.networks import NETWORKS

SHARE = "https://bsky.app/intent/compose?text="


def test_bluesky_s_share_link_carries_the_story_url_encoded() -> None:
    share_url = NETWORKS["bluesky"].share_url
    assert share_url is not None
    # Jinja's `urlencode` rules (the theme's links before they were declared): UTF-8, only `/` kept.
    assert (
        share_url("Ça & co", "https://news.example/s/abc?x=1")
        == SHARE + "%C3%87a%20%26%20co%20https%3A//news.example/s/abc%3Fx%3D1"
    )
