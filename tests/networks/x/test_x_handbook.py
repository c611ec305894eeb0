"""X's row of the handbook's network table shows its own counting rule (x/text.py, from
twitter-text): the weighted limit and the length every link counts."""

from __future__ import annotations

from newsroom.handbook import reference
from newsroom.networks import counting


def test_x_s_row_shows_its_weighted_limit_and_link_length() -> None:
    (row,) = [r for r in reference.network_limits_table().splitlines() if "(`x`)" in r]
    assert f"| {counting.X_MAX_WEIGHTED} weighted characters |" in row
    assert f"every link counts {counting.X_URL_LENGTH}" in row
