"""Facebook's share link on an item page, from its declaration's `share_url`: its share dialog for the link (the title comes from the page's Open Graph tags).
tests/site/test_editorial.py finds `SHARE` here (one per network the page offers) and checks
the built page's links."""

from __future__ import annotations

from newsroom.networks import NETWORKS

SHARE = "https://www.facebook.com/sharer/sharer.php?u="


def test_facebook_s_share_link_carries_the_story_url_encoded() -> None:
    share_url = NETWORKS["facebook"].share_url
    assert share_url is not None
    # Jinja's `urlencode` rules (the theme's links before they were declared): UTF-8, only `/` kept.
    assert (
        share_url("Ça & co", "https://news.example/s/abc?x=1")
        == SHARE + "https%3A//news.example/s/abc%3Fx%3D1"
    )
