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
    ],
)
def test_x_weighted_length(text, weight):
    assert counting.x_weighted_length(text) == weight


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


def test_linkedin_escape_covers_every_reserved_character():
    escaped = counting.linkedin_escape(counting.LINKEDIN_RESERVED)
    assert escaped == "".join("\\" + c for c in counting.LINKEDIN_RESERVED)
    assert counting.linkedin_escape("a_b (c)") == "a\\_b \\(c\\)"
    assert counting.linkedin_length("#1") == 3


def test_urls_in_leave_out_trailing_punctuation():
    text = f"({LINK}), then"
    [(start, end)] = counting.urls_in(text)
    assert text[start:end] == LINK


def test_counting_and_the_cli_do_not_import_network_sdks():
    code = (
        "import sys, newsroom.cli, newsroom.networks.counting as c;"
        "c.x_weighted_length('a'); c.graphemes('a'); c.mastodon_length('a');"
        "heavy = {'tweepy', 'atproto', 'mastodon', 'atproto_client'} & set(sys.modules);"
        "sys.exit(f'imported {heavy}' if heavy else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
