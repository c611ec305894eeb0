"""Differential test: our X counting against X's own JavaScript library, npm twitter-text 3.1.0.

6,000 texts composed from edge-case fragments (tests/networks/x/x_texts.py) go to the real
library in one Node process (tests/servers/oracles.py); every weighted length, validity and
URL list must agree. Any disagreement fails and prints the texts.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from newsroom.networks import counting
from newsroom.networks.x import text as x_text
from tests.networks.x.x_texts import draw_texts
from tests.servers import oracles

TWITTER_TEXT = Path(__file__).with_name(
    "twitter_text.cjs"
)  # the judge, run by tests/servers/oracles.py

COUNT = 6000


def _ours(text: str) -> dict[str, object]:
    parsed = x_text.parse(text)
    view = x_text.utf16_view(unicodedata.normalize("NFC", text))
    urls = [[x_text.from_utf16_view(u.url), u.start, u.end] for u in x_text.urls_with_indices(view)]
    return {"weightedLength": parsed.weighted_length, "valid": parsed.valid, "urls": urls}


def test_x_counting_agrees_with_twitter_text_on_generated_texts() -> None:
    texts = draw_texts(COUNT)
    answers = oracles.ask(TWITTER_TEXT, texts)
    disagreements = [
        f"{text!r}\n  ours:   {ours}\n  theirs: {theirs}"
        for text, theirs in zip(texts, answers, strict=True)
        if (ours := _ours(text)) != theirs
    ]
    assert not disagreements, f"{len(disagreements)} disagreements:\n" + "\n".join(
        disagreements[:30]
    )
    # The texts reach what matters: long posts, invalid ones, URLs (else the test proves little).
    assert sum(a["weightedLength"] > counting.X_MAX_WEIGHTED for a in answers) > COUNT // 4
    assert sum(not a["valid"] and a["weightedLength"] <= 280 for a in answers) > COUNT // 50
    assert sum(len(a["urls"]) for a in answers) > COUNT


# URL edges our port once got wrong or that depend on a JavaScript detail (see x_text).
URL_EDGES = [
    "https://example.com/p,(ab)",  # the ungrouped `|` of validUrlPathEndingChars
    "https://en.wikipedia.org/wiki/Primer_(film)",
    "https://example.com/news's and https://example.com's",
    "https://example.ſk/ https://example.K.com/ https://İstanbul.com.tr/",  # JS case folding
    "https://example.com/日本語 example.com日本語 日本語example.com",
    "https://t.co/abcdef?x=1/more https://t.co/" + "a" * 41,
    "https://" + "a" * 64 + ".com https://" + "a" * 63 + ".com",
    "https://xn--bcher-kva.de xn--bücher.de https://bücher.de/x",
    "http://localhost:8080/x https://1.2.3.4/ https://news.aldermoor.example/s/abc",
    "https://example.com/" + "a" * 4080,
]


def test_url_edges_agree_with_twitter_text() -> None:
    answers = oracles.ask(TWITTER_TEXT, URL_EDGES)
    assert [_ours(t) for t in URL_EDGES] == answers


def test_the_issue_examples_agree_with_twitter_text() -> None:
    texts = ["♾️", "©", "®", "❤️", "a\r\nb", "\ufffe", "\uffff", "\u202a\u202e", "x" * 280 + "♾️"]
    answers = oracles.ask(TWITTER_TEXT, texts)
    assert [_ours(t) for t in texts] == answers
    # What X says of them (pinned, so a change of library is noticed).
    assert [a["weightedLength"] for a in answers] == [4, 1, 1, 2, 4, 2, 2, 4, 284]
    assert [a["valid"] for a in answers] == [
        True,
        True,
        True,
        True,
        True,
        False,
        False,
        True,
        False,
    ]
