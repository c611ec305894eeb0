"""Mastodon's own composition rule: every URL counts 23, and the instance's limit is read
(moved from tests/syndication/test_compose.py: that file names no network)."""

from __future__ import annotations

from pathlib import Path

from newsroom.networks import counting
from newsroom.networks.base import Limits
from newsroom.syndication.compose import compose_post
from tests.syndication.conftest import one_network_room
from tests.syndication.test_compose import body_of, compose


def test_mastodon_counts_every_url_as_23_and_reads_the_instance_limit(tmp_path: Path) -> None:
    room, account = one_network_room(tmp_path, "mastodon")
    room.config["site"]["url"] = "https://news.aldermoor.edu/" + "very-long-path/" * 10
    room.write_config()
    summary = "Mot " * 74 + "fin."
    post, _, _ = compose(room, account, summary=summary)
    assert len(post.link) > 200
    assert counting.mastodon_length(post.text) <= 500
    assert body_of(post.text) == summary.strip()
    small = Limits(120, "characters", url_length=23)
    room.add("k7q2m9ab", summary=summary)
    reloaded = room.load()
    cut = compose_post(
        reloaded.content.items[0], account, reloaded.config, small, counting.mastodon_length
    )
    assert counting.mastodon_length(cut.text) <= 120 < counting.mastodon_length(cut.text) + 5
    assert body_of(cut.text).endswith("Mot…")
