"""Pure counting rules shared by the adapters and `newsroom check` (no SDK needed)."""

from __future__ import annotations

import subprocess
import sys

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


@pytest.mark.parametrize(
    ("text", "length"),
    [("abc", 3), ("👨‍👩‍👧", 1), ("🇫🇷", 1), ("e\u0301", 1), ("日本", 2), (LINK, len(LINK))],
)
def test_graphemes(text, length):
    assert counting.graphemes(text) == length


def test_mastodon_length_counts_each_url_as_reserved():
    assert counting.mastodon_length(f"{LINK} and {LINK}.") == 23 + 5 + 23 + 1
    assert counting.mastodon_length(LINK, url_length=30) == 30
    assert counting.mastodon_length("hi @press@mastodon.example") == len("hi @press")
    # Trailing punctuation is no part of a URL: Mastodon's extractor leaves it out.
    assert counting.mastodon_length(f"({LINK}), then") == 1 + 23 + len("), then")


def test_linkedin_escape_covers_every_reserved_character():
    escaped = counting.linkedin_escape(counting.LINKEDIN_RESERVED)
    assert escaped == "".join("\\" + c for c in counting.LINKEDIN_RESERVED)
    assert counting.linkedin_escape("a_b (c)") == "a\\_b \\(c\\)"
    assert counting.linkedin_length("#1") == 3


def test_counting_and_the_cli_do_not_import_network_sdks():
    code = (
        "import sys, newsroom.cli, newsroom.networks.counting as c;"
        "c.x_weighted_length('a'); c.graphemes('a'); c.mastodon_length('a'); c.x_valid('a');"
        "heavy = {'tweepy', 'atproto', 'mastodon', 'atproto_client'} & set(sys.modules);"
        "sys.exit(f'imported {heavy}' if heavy else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
