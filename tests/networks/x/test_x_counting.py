"""X's counting rules as `newsroom check` and the composer use them (no SDK needed): the
weighted length of twitter-text and the characters X refuses (moved here from the shared
tests/networks/test_counting.py, issue #30)."""

from __future__ import annotations

import pytest

from newsroom.networks import counting

LINK = "https://news.aldermoor.edu/s/k7q2m9ab?utm_source=x&utm_medium=social&utm_campaign=quantum"


@pytest.mark.parametrize(
    ("text", "weight"),
    [
        ("hello", 5),
        (LINK, 23),
        (f"see {LINK}", 27),
        ("café", 4),
        ("cafe\u0301", 4),  # NFC first: e + combining accent is one é
        ("日本語", 6),
        ("😀", 2),
        ("👩‍🔬", 2),  # one emoji sequence
        ("שלום", 4),
        ("https://news.aldermoor.example/s/abc", 36),  # not a real TLD: X does not link it
        # What npm twitter-text 3.1.0 says (tests/networks/x/test_x_oracle.py asks it).
        ("♾️", 4),  # ♾ is an emoji alone, and a lone U+FE0F is another
        ("©", 1),  # Latin-1: weight 1, not an emoji for twemoji-parser
        ("❤️", 2),
        ("a\r\nb", 4),  # no line-ending conversion
        ("news.aldermoor.ac.uk/s/abc", 23),  # a URL without protocol counts too
    ],
)
def test_x_weighted_length(text, weight):
    assert counting.x_weighted_length(text) == weight


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("hello", None),
        ("", "is empty"),
        ("a\ufeffb", "contains U+FEFF, a character X refuses"),
        ("\uffff", "contains U+FFFF, a character X refuses"),
        ("\u202eright-to-left override", None),  # twitter-text accepts directional controls
        ("x" * 281, "is 281/280 weighted characters"),
        ("x" * 280, None),
    ],
)
def test_x_problem_and_validity(text, problem):
    assert counting.x_problem(text) == problem
    assert counting.x_valid(text) is (problem is None)
