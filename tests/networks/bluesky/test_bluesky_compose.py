"""Bluesky's own composition rule: 300 graphemes and 3,000 bytes, both bounds kept
(moved from tests/syndication/test_compose.py: that file names no network)."""

from __future__ import annotations

from pathlib import Path

from newsroom.networks import NETWORKS, counting
from newsroom.networks.base import Limits
from newsroom.syndication.checks import open_checked_newsroom
from newsroom.syndication.compose import ELLIPSIS, compose_post
from tests.syndication.conftest import one_network_room
from tests.syndication.test_compose import body_of, compose


def test_bluesky_stays_within_300_graphemes_and_3000_bytes(tmp_path: Path) -> None:
    room, account = one_network_room(tmp_path, "bluesky")
    family = "👩‍👩‍👧‍👦"  # one grapheme, 7 code points, 25 bytes
    post, item, config = compose(room, account, summary=" ".join([family] * 37))
    assert counting.graphemes(post.text) <= 300 and len(post.text.encode()) <= 3000
    # An override may be long in bytes while short in graphemes: bytes bound it then.
    rules = NETWORKS["bluesky"]
    room.add("k7q2m9ab", social={"bluesky": " ".join([family] * 130)})
    (problem,) = open_checked_newsroom(room.root).content.problems
    assert problem.field == "social.bluesky" and "/3000 bytes" in problem.message
    # A summary is cut on bytes the same way (a smaller byte bound, as summaries are short).
    small = Limits(300, "graphemes", max_bytes=600)
    cut = compose_post(item, account, config, small, rules.measure)
    assert len(cut.text.encode()) <= 600 < len(cut.text.encode()) + len(family.encode()) + 1
    assert body_of(cut.text).endswith(family + ELLIPSIS)
