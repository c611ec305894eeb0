"""Bluesky's row of the handbook's network table shows its byte limit (the post lexicon's
`maxLength` of `text`), beside its grapheme limit."""

from __future__ import annotations

from newsroom.handbook import reference
from newsroom.networks import counting


def test_bluesky_s_row_shows_its_byte_limit() -> None:
    (row,) = [r for r in reference.network_limits_table().splitlines() if "(`bluesky`)" in r]
    assert f"{counting.BLUESKY_MAX_GRAPHEMES} graphemes" in row
    assert f"at most {counting.BLUESKY_MAX_BYTES:,} bytes" in row
