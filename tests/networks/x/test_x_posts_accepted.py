"""Every post composed for X is one X takes, judged by npm twitter-text 3.1.0 itself (valid,
and counted as we count it), and the characters X refuses leave X's post only (moved here
from the shared tests/networks/test_posts_accepted.py, which composes the posts, issue #30).
"""

from __future__ import annotations

import dataclasses
import unicodedata
from pathlib import Path

import pytest

from newsroom.networks import NETWORKS, counting
from newsroom.networks.x import upper_bound as x_upper_bound
from newsroom.repository import open_newsroom
from newsroom.syndication.compose import CompositionError, compose_post
from tests.conftest import VALID_ITEM, VALID_PATH, write
from tests.example_accounts import a_network
from tests.networks.test_posts_accepted import (
    EXAMPLE_URL,
    REAL_URL,
    STRESS_SUMMARIES,
    composed_posts,
    stress_newsroom,
)
from tests.networks.x.x_texts import draw_texts
from tests.servers import oracles

TWITTER_TEXT = Path(__file__).with_name(
    "twitter_text.cjs"
)  # the judge, run by tests/servers/oracles.py

# A network where U+FEFF is ordinary text: the refused characters must stay in its post.
KEEPS_BOM = a_network(lambda n: n.name != "x" and "\ufeff" not in n.refused)


@pytest.mark.parametrize(
    ("url", "stress"), [(REAL_URL, True), (EXAMPLE_URL, True), (REAL_URL, False)]
)
def test_every_x_post_is_valid_for_twitter_text(tmp_path: Path, url: str, stress: bool) -> None:
    posts = composed_posts(stress_newsroom(tmp_path, url, stress))["x"]
    assert len(posts) >= 20 + (len(STRESS_SUMMARIES) if stress else 0)
    answers = oracles.ask(TWITTER_TEXT, [text for _, text in posts])
    refused = [
        f"{item}: {text!r} → {answer}"
        for (item, text), answer in zip(posts, answers, strict=True)
        if not answer["valid"] or answer["weightedLength"] != counting.x_weighted_length(text)
    ]
    assert not refused, "\n".join(refused)
    if url == REAL_URL:  # the link counts 23, as X links it
        assert all(answer["urls"] for answer in answers)
    else:  # `.example` is no TLD: X counts the link character by character
        assert not any(EXAMPLE_URL in u for a in answers for u, _, _ in a["urls"])


def test_characters_x_refuses_leave_the_summary_not_the_other_networks(tmp_path: Path) -> None:
    posts = composed_posts(stress_newsroom(tmp_path, REAL_URL, stress=True))
    [x_post] = [text for item, text in posts["x"] if item == "strss006"]
    [other_post] = [text for item, text in posts[KEEPS_BOM] if item == "strss006"]
    assert not set(x_post) & counting.X_REFUSED_CHARACTERS
    assert "\ufeff" in other_post
    assert x_post.startswith("Characters a network refuses (a BOM), and vanish")


def test_the_x_bound_is_never_below_x_count() -> None:
    limits = NETWORKS["x"].limits
    for text in draw_texts(1500, 7):
        text = unicodedata.normalize("NFC", text)
        assert x_upper_bound(text, limits) >= counting.x_weighted_length(text), repr(text)


def test_check_reports_an_override_x_refuses_at_its_line(newsroom: Path, run) -> None:
    item = VALID_ITEM.replace("tags:", 'social:\n  x: "Results out today\\uFEFF, see below"\ntags:')
    write(newsroom, VALID_PATH, item)
    result = run(newsroom, "check")
    assert result.exit_code == 1, result.output
    assert f"{VALID_PATH}:11: social.x: contains U+FEFF" in result.output
    assert "delete it" in result.output
    # The same text is fine where it is no problem (a network that keeps U+FEFF as text).
    item = item.replace("  x: ", f"  {KEEPS_BOM}: ")
    write(newsroom, VALID_PATH, item)
    assert run(newsroom, "check").exit_code == 0


def test_an_override_x_refuses_is_not_composed(newsroom: Path) -> None:
    # `check` keeps such an item out of publishing; the composer refuses it all the same.
    write(newsroom, VALID_PATH, VALID_ITEM.replace("tags:", 'social:\n  x: "Out today"\ntags:'))
    loaded = open_newsroom(newsroom)
    item = loaded.content.items[0]
    social = item.meta.social.model_copy(update={"x": "Results out today\ufffe"})
    item = dataclasses.replace(item, meta=item.meta.model_copy(update={"social": social}))
    rules = NETWORKS["x"]
    with pytest.raises(CompositionError, match="U\\+FFFE"):
        compose_post(item, "uni-x", loaded.config, rules.limits, rules.measure)
