"""X's own composition rules: a post filled to exactly 280 weighted characters in every kind
of script, and the cheap bound the composer tries before X's exact count (moved from
tests/syndication/test_compose.py: that file names no network)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.links import tracked_url
from newsroom.networks import NETWORKS
from newsroom.networks.x import text as x_text
from newsroom.networks.x import upper_bound as x_upper_bound
from newsroom.syndication.compose import ELLIPSIS, compose_post
from tests.syndication.conftest import Room, one_network_room
from tests.syndication.test_compose import body_of


@pytest.fixture
def room_and_account(tmp_path: Path) -> tuple[Room, str]:
    return one_network_room(tmp_path, "x")


def x_exact(text: str) -> int:
    """X's count (the port that tests/networks/x/test_x_oracle.py holds to X's JS library)."""
    return x_text.parse(unicodedata.normalize("NFC", text)).weighted_length


# Units that weigh differently on X: ASCII 1, accents 1, CJK 2, emoji 2 (a ZWJ family too).
@pytest.mark.parametrize("unit", ["ab ", "é ", "日本 ", "😀 ", "👩‍👩‍👧 ", "שלום ", "مرحبا "])
def test_x_fills_exactly_280_and_one_more_is_cut_at_a_word(
    room_and_account: tuple[Room, str], unit: str
) -> None:
    room, account = room_and_account
    room.add("k7q2m9ab", summary="Summary long enough for the schema, " * 2)
    newsroom = room.load()
    (item,) = newsroom.content.items
    link = tracked_url(newsroom.config, item, "x", account)
    rules = NETWORKS["x"]
    # Grow a body until body + link weighs exactly 280 (or as close as the unit allows).
    body = "Start "
    while x_exact(f"{body}{unit}\n\n{link}") <= 280:
        body += unit
    body = body.rstrip()
    exact = f"{body}\n\n{link}"
    assert x_exact(exact) <= 280
    room.add("k7q2m9ab", summary=body[:300], tags=[])
    fitting = compose_post(
        room.load().content.items[0], account, room.load().config, rules.limits, rules.measure
    )
    if len(body) <= 300:  # the schema caps summaries at 300 characters
        assert fitting.text == exact, "a text that fits is never cut"
    longer = body + " " + unit.strip() * 3
    room.add("k7q2m9ab", summary=longer[:300], tags=[])
    reloaded = room.load()
    post = compose_post(
        reloaded.content.items[0], account, reloaded.config, rules.limits, rules.measure
    )
    assert x_exact(post.text) <= 280
    assert post.text.endswith("\n\n" + link), "the link is whole, at the end"
    if x_exact(f"{longer[:300]}\n\n{link}") > 280:
        kept = body_of(post.text)
        assert kept.endswith(ELLIPSIS)
        assert longer.startswith(kept[:-1].rstrip())
        # never a cut word: what follows the kept prefix in the original starts a new word
        rest = longer[len(kept) - 1 :]
        assert rest == "" or rest[0] == " " or "日" in unit


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=200))
def test_the_x_bound_is_never_below_x_count(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert x_upper_bound(text, NETWORKS["x"].limits) >= x_exact(text)


def test_fits_uses_the_exact_count_when_the_bound_is_too_loose() -> None:
    rules = NETWORKS["x"]
    text = "a." * 100  # the bound says 2,500; X says 200
    assert rules.fits(text, rules.limits, rules.measure)
