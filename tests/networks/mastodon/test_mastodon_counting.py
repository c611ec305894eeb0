"""Mastodon's count (StatusLengthValidator) and its URL extractor, against upstream cases.

Sources: Mastodon's spec/validators/status_length_validator_spec.rb (ported as a table),
twitter-text's conformance suite extract.yml (vendored; Mastodon extracts URLs with the Ruby
gem's extractor, `extract_url_without_protocol: false`, plus its own pattern changes), and the
examples of issue #15.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsroom.networks import NETWORKS, counting
from newsroom.networks.mastodon import text as mastodon_text
from newsroom.networks.mastodon import upper_bound as mastodon_upper_bound
from tests.networks.x.x_texts import draw_texts

SUITE = Path(__file__).parents[1] / "x" / "conformance" / "twitter-text"
URL_SECTIONS = (
    "urls",
    "urls_with_indices",
    "urls_with_directional_markers",
    "tco_urls_with_params",
)
# Mastodon only counts URLs with a protocol (its own list, config/initializers/twitter_regex.rb).
_PROTOCOL = re.compile(r"(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://", re.IGNORECASE)

CJK = "http://twitter.com/これは日本語です。example.com中国語http://t.co/abcde한국twitter.comテストexample2.comテストhttp://twitter.com/abcde"
# Where Mastodon's extractor answers otherwise than twitter-text's suite, and why.
MASTODON_DIFFERS: dict[str, tuple[list[Any], str]] = {
    "Extract URLs with and without protocol surrounded by CJK characters": (
        [(CJK, 0, len(CJK))],
        "Mastodon's path takes any character but white space, <, >, ( ), ?",
    ),
    "Extract URLs from RTL text": (
        [("http://twitter.com/\u202c\u2069", 26, 47)],
        "directional marks are no white space: Mastodon's path keeps them",
    ),
    "Extract URLs from RTL text with embedded directional marks": (
        [("http://foobar.پاکستان/\u202c\u2069\u2069", 33, 58)],
        "as above",
    ),
    **{
        f"Extract {kind}URL with params: https://t.co/{slug}": (
            [f"https://t.co/{slug.split('?')[0]}"],
            "the Ruby gem's valid_tco_url (3.1.0) ends a t.co URL at its slug",
        )
        for kind, slug in [
            ("valid ", "UqIyJAJTfo?amp=1"),
            ("valid ", "UqIyJAJTfo?type=js"),
            ("valid ", "UqIyJAJTfo?ssr=true"),
            ("a valid ", "asdfdf?a=b#123"),
            ("a valid ", "sadfasdf?a=b&c=d"),
        ]
    },
}


def _cases() -> list[Any]:
    tests = yaml.safe_load((SUITE / "extract.yml").read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(section, case, id=f"{section}: {case['description']}")
        for section in URL_SECTIONS
        for case in tests[section]
    ]


@pytest.mark.parametrize(("section", "case"), _cases())
def test_url_extraction_follows_the_suite_but_for_mastodon_changes(
    section: str, case: dict[str, Any]
) -> None:
    found = mastodon_text.urls_with_indices(case["text"])
    with_indices = section not in ("urls", "tco_urls_with_params")
    if with_indices:
        expected = [
            (e["url"], *e["indices"]) for e in case["expected"] if _PROTOCOL.match(e["url"])
        ]
        got: list[Any] = [(e.url, e.start, e.end) for e in found]
    else:
        expected = [url for url in case["expected"] if _PROTOCOL.match(url)]
        got = [e.url for e in found]
    if case["description"] in MASTODON_DIFFERS:
        expected = MASTODON_DIFFERS[case["description"]][0]
        if not with_indices:
            expected = [e if isinstance(e, str) else e[0] for e in expected]
    assert got == expected


def test_every_listed_difference_is_a_case_of_the_suite() -> None:
    descriptions = {p.values[1]["description"] for p in _cases()}
    assert set(MASTODON_DIFFERS) <= descriptions


# spec/validators/status_length_validator_spec.rb (MAX_CHARS stubbed to 500 there), as
# (text, refused). The content-warning cases do not apply: Newsroom sends no spoiler text.
SPEC_CASES = [
    ("a" * 520, True),  # adds an error when text is over character limit
    ("a" * 476 + " http://" + "b" * 30 + ".com/example", False),  # auto-linkable URL: 23
    ("a" * 476 + "http://" + "b" * 30 + ".com/example", True),  # glued to a word: no URL
    ("http://example.com/valid?" + "#foo?" * 1000, True),  # overly long URL: counted whole
    ("a" * 475 + " @alice@" + "b" * 30 + ".com", False),  # remote mention counts as @alice
    ("@alice@" + "b" * 500 + ".com", True),  # overly long domain: counted whole
    ("✨" * 500, False),  # multi-byte emoji count 1
    ("🏳️‍⚧️" * 500, False),  # ZWJ sequences count 1
]


@pytest.mark.parametrize(("text", "refused"), SPEC_CASES)
def test_status_length_validator_spec(text: str, refused: bool) -> None:
    assert (counting.mastodon_length(text) > counting.MASTODON_DEFAULT_MAX) is refused


LINK = "https://news.aldermoor.ac.uk/s/k7q2m9ab?utm_source=mastodon&utm_medium=social"


@pytest.mark.parametrize(
    ("text", "length"),
    [
        (LINK, 23),
        (f"{LINK} and {LINK}.", 23 + 5 + 23 + 1),
        ("http://no-tld", len("http://no-tld")),  # no public suffix: no URL
        ("https://news.aldermoor.example/s/abc", 36),  # `.example` is no TLD either
        ("seehttps://example.com", len("seehttps://example.com")),  # glued to a word
        ("(https://example.com), then", 1 + 23 + len("), then")),
        ("https://en.wikipedia.org/wiki/Primer_(film)", 23),  # balanced parentheses
        ("https://example.com/news's", 23),  # the path ends with `s`
        ("https://example.com's", 23 + 2),  # no path: the domain ends the URL
        ("https://example.com/日本語です", 23),  # the path takes CJK
        ("https://example.com日本語", 23 + 3),  # no path: the CJK is text
        ("https://example.com/" + "a" * 4076, 23),  # 4,096 characters: still a URL
        ("https://example.com/" + "a" * 4077, 4097),  # 4,097: counted whole
        ("gemini://example.org/x", 23),  # Mastodon's extra protocols
        ("example.com/x", len("example.com/x")),  # without protocol: text
        ("hi @press@mastodon.example", len("hi @press")),
        ("@a@" + "b" * 249 + ".com", 2),  # a 253-character domain is still a mention
        ("@a@" + "b" * 250 + ".com", 257),
        ("   ", 0),  # a blank status counts nothing
        ("👩‍🔬", 1),
        ("https://t.co/abcdef?x=1", 23 + len("?x=1")),
    ],
)
def test_issue_examples(text: str, length: int) -> None:
    assert counting.mastodon_length(text) == length


def test_an_instance_may_reserve_another_url_length() -> None:
    assert counting.mastodon_length(LINK, url_length=30) == 30


def test_the_mastodon_bound_is_never_below_mastodon_count() -> None:
    """rules.mastodon_upper_bound lets `fits` skip the exact count: it must never be lower."""
    limits = NETWORKS["mastodon"].limits
    texts = [*draw_texts(2000, 5), "ssb://a.co gemini://b.io", "dat://x.org/" * 20]
    for text in texts:
        assert mastodon_upper_bound(text, limits) >= counting.mastodon_length(text), repr(text)
