"""LinkedIn's own composition rule: the length counted is the escaped text's
(moved from tests/syndication/test_compose.py: that file names no network)."""

from __future__ import annotations

from pathlib import Path

from newsroom.networks import counting
from newsroom.networks.base import Limits
from tests.syndication.conftest import one_network_room
from tests.syndication.test_compose import compose


def test_linkedin_counts_the_escaped_text(tmp_path: Path) -> None:
    room, account = one_network_room(tmp_path, "linkedin")
    limits = Limits(200, "characters (escaped)")
    summary = "(a) " * 60 + "end"
    post, _, _ = compose(room, account, limits, summary=summary[:300])
    assert counting.linkedin_length(post.text) <= 200
    assert len(post.text) < 200 / 1.2, "escaping doubles the reserved characters"
