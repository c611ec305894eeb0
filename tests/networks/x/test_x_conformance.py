"""twitter-text's own conformance suite (vendored, v3.1.0) against our port of it (x_text).

Every case of the sections that concern counting and URL extraction runs; the sections that
test other functions of the library are skipped below, each with the reason.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsroom.networks import counting, tlds
from newsroom.networks.x import text as x_text

SUITE = Path(__file__).parent / "conformance" / "twitter-text"

# validate.yml sections that are not about a post's length or validity.
NOT_COUNTING = {
    "tweets": "isValidTweetText with configuration v1 (140 characters, all weighing 1)",
    "usernames": "isValidUsername: Newsroom composes no mentions",
    "lists": "isValidList: Newsroom composes no lists",
    "hashtags": "isValidHashtag: validity of a hashtag alone, not of a post",
    "urls": "isValidUrl: RFC 3986 validation of a lone URL, not used by parseTweet",
    "urls_without_protocol": "isValidUrl, as above",
}
URL_SECTIONS = (
    "urls",
    "urls_with_indices",
    "urls_with_directional_markers",
    "tco_urls_with_params",
)


def _cases(file: str, sections: tuple[str, ...]) -> list[Any]:
    tests = yaml.safe_load((SUITE / file).read_text(encoding="utf-8"))["tests"]
    return [
        pytest.param(section, case, id=f"{section}: {case['description']}")
        for section in sections
        for case in tests[section]
    ]


def _sections(file: str) -> tuple[str, ...]:
    return tuple(yaml.safe_load((SUITE / file).read_text(encoding="utf-8"))["tests"])


def test_every_validate_section_is_run_or_skipped_with_a_reason() -> None:
    counted = {"WeightedTweetsCounterTest", "WeightedTweetsWithDiscountedEmojiCounterTest",
               "UnicodeDirectionalMarkerCounterTest"}  # fmt: skip
    assert set(_sections("validate.yml")) == counted | set(NOT_COUNTING)


@pytest.mark.parametrize(
    ("section", "case"),
    _cases(
        "validate.yml",
        (
            "WeightedTweetsCounterTest",
            "WeightedTweetsWithDiscountedEmojiCounterTest",
            "UnicodeDirectionalMarkerCounterTest",
        ),
    ),
)
def test_weighted_length_and_validity(section: str, case: dict[str, Any]) -> None:
    # The JS suite runs the first section with configuration v2 (no emoji parsing).
    parsed = x_text.parse(case["text"], emoji_parsing=section != "WeightedTweetsCounterTest")
    expected = case["expected"]
    assert (parsed.weighted_length, parsed.valid) == (expected["weightedLength"], expected["valid"])
    if section != "WeightedTweetsCounterTest":
        assert counting.x_weighted_length(case["text"]) == expected["weightedLength"]
        assert counting.x_valid(case["text"]) == expected["valid"]


def _urls_in_code_points(text: str) -> list[tuple[str, int, int]]:
    """Our URLs of `text` with code-point offsets, as the YAML states them."""
    view = x_text.utf16_view(text)
    to_points = [0] * (len(view) + 1)
    for index in range(1, len(view) + 1):  # a low surrogate does not start a code point
        step = 0 if "\udc00" <= view[index - 1] <= "\udfff" and index > 1 else 1
        to_points[index] = to_points[index - 1] + step
    return [(u.url, to_points[u.start], to_points[u.end]) for u in x_text.urls_with_indices(view)]


@pytest.mark.parametrize(("section", "case"), _cases("extract.yml", URL_SECTIONS))
def test_url_extraction(section: str, case: dict[str, Any]) -> None:
    assert unicodedata.is_normalized("NFC", case["text"]) or section == "urls"
    found = _urls_in_code_points(case["text"])
    if section in ("urls", "tco_urls_with_params"):
        assert [url for url, _, _ in found] == case["expected"]
    else:
        expected = [(e["url"], *e["indices"]) for e in case["expected"]]
        assert found == expected


@pytest.mark.parametrize(("section", "case"), _cases("tlds.yml", ("country", "generic")))
def test_every_tld_is_a_url(section: str, case: dict[str, Any]) -> None:
    assert [url for url, _, _ in _urls_in_code_points(case["text"])] == case["expected"]


def test_our_tld_lists_are_upstream_ones() -> None:
    upstream = yaml.safe_load((SUITE / "tld_lib.yml").read_text(encoding="utf-8"))
    assert list(tlds.COUNTRY) == upstream["country"]
    assert list(tlds.GENERIC) == upstream["generic"]


@pytest.mark.parametrize("words", [tlds.COUNTRY, tlds.GENERIC], ids=["country", "generic"])
def test_a_longer_tld_comes_before_its_prefix_so_the_trie_keeps_the_order(words) -> None:
    """tlds.longest_first matches as the alternation only if this holds (see its docstring)."""
    for canonical in (lambda word: word, x_text._canon):
        forms = [canonical(word) for word in words]
        position = {form: index for index, form in reversed(list(enumerate(forms)))}
        late = [
            (shorter, longer)
            for shorter in forms
            for longer in forms
            if longer != shorter and longer.startswith(shorter)
            if position[longer] > position[shorter]
        ]
        assert late == []


def test_the_trie_matches_what_the_alternation_matches() -> None:
    words = ("comm", "com", "co", "c", "ab", "a")
    trie = re.compile(f"(?:{tlds.longest_first(words, re.escape)})(?=x|$)")
    alternation = re.compile(f"(?:{'|'.join(words)})(?=x|$)")
    for text in ("comm", "commx", "comx", "cox", "cx", "abx", "ax", "b", "coma", "cab"):
        expected = alternation.match(text)
        found = trie.match(text)
        assert (found and found.group()) == (expected and expected.group()), text
