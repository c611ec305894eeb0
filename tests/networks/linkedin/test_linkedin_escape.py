"""LinkedIn's little-text escaping (moved here from the shared tests/networks/test_counting.py,
issue #30): every reserved character is escaped, and counts with its backslash."""

from __future__ import annotations

from newsroom.networks import counting


def test_linkedin_escape_covers_every_reserved_character():
    escaped = counting.linkedin_escape(counting.LINKEDIN_RESERVED)
    assert escaped == "".join("\\" + c for c in counting.LINKEDIN_RESERVED)
    assert counting.linkedin_escape("a_b (c)") == "a\\_b \\(c\\)"
    assert counting.linkedin_length("#1") == 3
