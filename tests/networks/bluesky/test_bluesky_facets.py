"""Bluesky's counts and facets against the app's own code: npm @atproto/api 0.21.0 in Node 22.

The judge (richtext.cjs, beside this file) runs `RichText.detectFacetsWithoutResolution`
and reads `graphemeLength` and `length` (UTF-8 bytes); Newsroom must agree on every text:
generated ones (fragments of every script and trap below, and a soup of single characters),
the issue's own cases, and the posts composed for the example newsroom and for a stress set.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from newsroom.networks import NETWORKS, counting
from newsroom.networks.bluesky import adapter as bluesky
from newsroom.networks.bluesky import richtext as bluesky_richtext
from newsroom.networks.bluesky.tlds import TLDS
from newsroom.repository import open_newsroom
from newsroom.syndication.compose import compose_post
from newsroom.syndication.routing import route_item
from tests.servers import oracles
from tests.syndication.conftest import CONFIG, Room

RICHTEXT = Path(__file__).with_name("richtext.cjs")  # the judge, run by tests/servers/oracles.py

REPO = Path(__file__).resolve().parents[3]

WORDS = [
    "word",
    "Newsroom",
    "café",
    "cafe\u0301",
    "naïve",
    "Zürich",
    "日本語",
    "中文字",
    "한국어",
    "क्षि",
    "हिन्दी",
    "नमस्ते",
    "ক্ষ",
    "ക്ഷ",
    "க்ஷ",
    "العربية",
    "مرحبا",
    "עברית",
    "שָׁלוֹם",
    "a\u0300\u0301",
    "e\u20dd",
    "ที่นี่",
    "ǅ",
    "ß",
    "İ",
    "ſ",
    "K",
    "x",
    "12",
    "3.14",
    "ကျွန်",
]
EMOJI = [
    "😀",
    "👩‍🔬",
    "👨‍👩‍👧‍👦",
    "👍🏽",
    "❤️",
    "♾️",
    "🇫🇷",
    "🇫🇷🇩🇪",
    "🏳️‍🌈",
    "1️⃣",
    "©",
    "®",
    "™",
    "🎉",
    "🫶🏻",
    "🧑🏿‍🤝‍🧑🏻",
    "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    "\u2764\ufe0f\u200d\U0001f525",
]
SEPARATORS = [
    " ",
    " ",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\n\n",
    "\t",
    "\u00a0",
    "\u3000",
    "\u2028",
    "",
    "",
    ",",
    ".",
    " (",
    ")",
    '"',
    "'",
    "«",
    "»",
    "“",
    "”",
    " — ",
    "…",
    "\u200b",
    "\u00ad",
    "\u2060",
    "\ufeff",
    "\x1c",
    "\x85",
]
URLS = [
    "https://example.org",
    "https://example.org/a/b?x=1&y=2#frag",
    "http://a.com/Primer_(film)",
    "https://en.wikipedia.org/wiki/Foo_(bar)",
    "HTTPS://EXAMPLE.COM",
    "Https://example.com",
    "https://例え.jp/パス",
    "http://no-tld",
    "https://x.co/a.",
    "https://x.co/a!?",
    "www.example.com",
    "example.org/data",
    "Example.ORG",
    "example.COM",
    "sub.domain.co.uk/path?q=1",
    "foo.bar",
    "foo.helsinki",
    "a.web",
    "a.merck",
    "data.json",
    "v1.2.3",
    "e.g.",
    "i.e.",
    "file.txt",
    "1.5",
    "x.com",
    "bsky.app",
    "news.example/x",
    "https://newsroom.example/i/abc",
    "example.org/(x)",
    "example.org/x)",
    "https://a.com/x),",
    "https://a.com/#/tag",
    "ftp://a.com",
    "mailto:a@b.com",
    "a.com:8080/x",
    "https://a.com/ü?q=日本",
    "https://",
    "http://x",
    "exampſe.com",
]
TAGS = [
    "#tag",
    "#Tag_1",
    "#123",
    "#1a",
    "#café",
    "#cafe\u0301",
    "#हिन्दी",
    "#日本",
    "#tag🎉",
    "＃full",
    "#" + "a" * 64,
    "#" + "a" * 65,
    "#" + "e\u0301" * 64,
    "#" + "e\u0301" * 65,
    "#" + "👍🏽" * 65,
    "#️⃣",
    "#\ufe0f",
    "#tag!",
    "#tag...",
    "#tag)",
    "#!!",
    "#a-b",
    "#a.b",
    "#\u200b",
    "#a\u200bb",
    "##double",
    "#",
    "#'quoted'",
    "#😀",
    "#\u00adx",
    "#tag#tag",
    "#1.5",
    "#a_",
    "#_",
    "#1️⃣",
    "#ab\u2028c",
    "#x\u3000",
    "#Ω",
    "#tag’s",
]
MENTIONS = [
    "@bsky.app",
    "@alice.test",
    "@foo",
    "@foo.bar.com.",
    "@x_y.com",
    "(@a.com)",
    "email@example.com",
    "@ALICE.COM",
    "@a-b.co",
    "@a..b.com",
    "@-a.com",
    "@bob.example",
]
CASHTAGS = ["$TSLA", "$ab", "$ABCDEF", "$A1.", "($X)", "$1", "$tsla,", "$AAPL’s", '$X"', "$Y'"]
GLUED = [
    "seehttps://a.com",
    "«https://a.com»",
    '"https://a.com"',
    "'example.org/data'",
    "(https://a.com)",
    "https://a.com,",
    "https://a.com).",
    "日本https://a.com",
    "text.example.org",
    "(example.org)",
    "x#tag",
    "(#tag)",
    '"#tag"',
]
KINDS = [WORDS, WORDS, EMOJI, URLS, TAGS, MENTIONS, CASHTAGS, GLUED]
# Single characters that stress the regexes and the segmentation, for the soup texts.
SOUP = [
    *"abcxyzAZ09_-.,;:!?()[]'\"@#$/&=%+~ \n\r\t",
    "＃", "\u00a0", "\u2028", "\u3000", "\ufeff", "\x85", "\x1c", "\u200b", "\u200d",
    "\u200c", "\u00ad", "\ufe0f", "\u20e3", "\u0301", "ſ", "K", "İ", "é", "日", "क", "्", "ष",
    "ि", "😀", "🏽", "🇫", "’", "«", "»", "。", "、", "ক", "্", "ষ", "ക", "്", "ഷ", "က", "္",
    "ក", "្", "\u1100", "\u1161", "\u11a8", "가", "\u0e33", "\u0600", "\u0903", "\u093c",
    "https://", "http://", ".com", ".org", ".helsinki", ".web", ".test", "www.", "$TSLA",
    "#tag", "@bob.com",
]  # fmt: skip


def fragment_texts(count: int, seed: int) -> list[str]:
    """Texts made of the fragments above, joined by separators (or glued), some repeated long."""
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 14)):
            parts += [rng.choice(rng.choice(KINDS)), rng.choice(SEPARATORS)]
        text = "".join(parts)
        texts.append(text * rng.randint(5, 30) if rng.random() < 0.05 else text)
    return texts


def soup_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(SOUP, k=rng.randint(1, 40))) for _ in range(count)]


def as_app(facet: bluesky_richtext.Facet) -> dict[str, Any]:
    """A detected facet in the judge's form (a mention keeps its handle in `did`, unresolved)."""
    key = {"mention": "did", "link": "uri", "tag": "tag"}[facet.kind]
    feature = {"$type": f"app.bsky.richtext.facet#{facet.kind}", key: facet.value}
    return {"byteStart": facet.byte_start, "byteEnd": facet.byte_end, "features": [feature]}


def sent_facets(text: str) -> list[dict[str, Any]]:
    """The facets the adapter sends (SDK models), in the judge's form."""
    made = []
    for facet in bluesky.facets(text):
        feature = facet.features[0].model_dump(by_alias=True, exclude_none=True)
        index = {"byteStart": facet.index.byte_start, "byteEnd": facet.index.byte_end}
        made.append({**index, "features": [feature]})
    return made


def without_mentions(facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in facets if not f["features"][0]["$type"].endswith("#mention")]


def disagreements(texts: list[str], answers: list[dict[str, Any]]) -> list[str]:
    """One line per text where Newsroom and the app differ, saying how."""
    lines = []
    for text, app in zip(texts, answers, strict=True):
        ours = {
            "graphemes": counting.graphemes(text),
            "bytes": counting.utf8_length(text),
            "facets": [as_app(f) for f in bluesky_richtext.detect(text)],
        }
        for key, value in ours.items():
            if value != app[key]:
                lines.append(f"{key}: {text!r}\n  app:      {app[key]}\n  newsroom: {value}")
    return lines


@pytest.fixture(scope="module")
def judged() -> tuple[list[str], list[dict[str, Any]]]:
    texts = fragment_texts(6000, seed=15) + soup_texts(4000, seed=15)
    return texts, oracles.ask(RICHTEXT, texts)


def test_generated_texts_exercise_every_rule(judged) -> None:
    texts, answers = judged
    assert len(texts) >= 5000
    kinds = [f["features"][0]["$type"].rsplit("#")[-1] for a in answers for f in a["facets"]]
    cashtags = sum(
        1 for a in answers for f in a["facets"] if f["features"][0].get("tag", "")[:1] == "$"
    )
    assert min(kinds.count(k) for k in ("mention", "link", "tag")) > 500 and cashtags > 100
    # Clusters of several code points (emoji sequences, conjuncts, CRLF) are frequent.
    assert sum(1 for t, a in zip(texts, answers, strict=True) if a["graphemes"] < len(t)) > 3000


def test_newsroom_counts_and_detects_exactly_as_the_app(judged) -> None:
    texts, answers = judged
    wrong = disagreements(texts, answers)
    assert not wrong, f"{len(wrong)} disagreements with @atproto/api:\n" + "\n".join(wrong[:40])


def test_the_adapter_sends_the_apps_link_and_tag_facets(judged) -> None:
    texts, answers = judged
    wrong = [
        f"{text!r}\n  app:  {without_mentions(app['facets'])}\n  sent: {sent_facets(text)}"
        for text, app in zip(texts[:2000], answers[:2000], strict=True)
        if sent_facets(text) != without_mentions(app["facets"])
    ]
    assert not wrong, "\n".join(wrong[:20])


# The cases of issue #15, with what the app makes of them (read from the app, then checked).
ISSUE_CASES = [
    ("क्षि", 1, []),
    ("#हिन्दी", 3, [("#हिन्दी", "tag", "हिन्दी")]),
    ("#cafe\u0301", 5, [("#cafe\u0301", "tag", "cafe\u0301")]),
    ("#tag🎉", 5, [("#tag🎉", "tag", "tag🎉")]),
    ("＃full", 5, [("＃full", "tag", "full")]),
    ("#" + "a" * 64, 65, [("#" + "a" * 64, "tag", "a" * 64)]),
    ("#" + "a" * 65, 66, []),
    ("See example.org/data.", 21, [("example.org/data", "link", "https://example.org/data")]),
    ("(https://a.com/x).", 18, [("https://a.com/x", "link", "https://a.com/x")]),
    ("http://a.com/Primer_(film)", 26, [("http://a.com/Primer_(film)", "link", "http://a.com/Primer_(film)")]),
    ('"https://a.com" and seehttps://a.com', 36, []),
    ("HTTPS://A.COM foo.helsinki a.web", 32, [("foo.helsinki", "link", "https://foo.helsinki")]),
    ("CRLF\r\n#tag", 9, [("#tag", "tag", "tag")]),
    ("$tsla, @alice.test", 18, [("$tsla", "tag", "$TSLA"), ("@alice.test", "mention", "alice.test")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def issue_answers() -> dict[str, dict[str, Any]]:
    texts = [case[0] for case in ISSUE_CASES]
    return dict(zip(texts, oracles.ask(RICHTEXT, texts), strict=True))


@pytest.mark.parametrize(("text", "length", "expected"), ISSUE_CASES)
def test_issue_cases(
    text: str, length: int, expected: list[tuple[str, str, str]], issue_answers
) -> None:
    found = bluesky_richtext.detect(text)
    encoded = text.encode("utf-8")
    spans = [(encoded[f.byte_start : f.byte_end].decode(), f.kind, f.value) for f in found]
    assert (counting.graphemes(text), spans) == (length, expected)
    app = issue_answers[text]
    assert app["graphemes"] == length and app["facets"] == [as_app(f) for f in found]


def test_the_tld_list_is_the_one_the_app_uses() -> None:
    oracles.ensure_installed()
    index = oracles.oracles_dir() / "node_modules" / "tlds" / "index.json"
    names = json.loads(index.read_text(encoding="utf-8"))
    assert len(names) > 1000 and set(names) == TLDS


def test_a_mention_gets_a_facet_only_with_a_did() -> None:
    text = "Thanks @alice.test and @bob.test"
    assert bluesky.facets(text) == []  # a handle is no DID: no facet, plain text
    dids = {"alice.test": "did:plc:alice"}
    [facet] = bluesky.facets(text, dids.get)
    assert facet.features[0].did == "did:plc:alice"
    assert text.encode()[facet.index.byte_start : facet.index.byte_end] == b"@alice.test"


# -- composed posts ------------------------------------------------------------------------


def fill(unit: str, limit: int = 300) -> str:
    """`unit` repeated as often as a summary allows (300 code points)."""
    return unit * (limit // len(unit))


# Summaries are at most 300 characters; hashtags and the link push the posts over 300
# graphemes, so the composer cuts them (at a word, never inside a cluster).
STRESS = [
    {"summary": fill("Forschung 🔬👩‍🔬 zeigt ♾️ Möglichkeiten © ® ™ 🇫🇷🇩🇪 — ")},
    {"summary": fill("量子センサーが脳の活動を測定する。研究チームは、新しい方法を開発した。")},
    {"summary": fill("क्षेत्रीय विश्वविद्यालय ने हिन्दी में नया शोध प्रकाशित किया। "),
     "tags": ["हिन्दी", "शोध"]},
    {"summary": fill("أعلنت الجامعة عن برنامج جديد للطلاب الدوليين في مجال الطاقة. ")},
    {"summary": "Read arxiv.org/abs/1234, example.org/data and (https://doi.org/10.1/x). "
     "See https://en.wikipedia.org/wiki/Primer_(film)! Also data.gov.uk/set?q=1, "
     "\"https://a.com/q\" and www.example.com/path. Mail press@aldermoor.example."},
    {"summary": "Symbols ±∞≈≠ ½ ‰ € £ ¥ ₹ → ⇒ ✓ ✗ ★ ☎ ♪ 𝄞 𝔘𝔫𝔦 …",
     "tags": ["sécurité-alimentaire", "quantum", "2026"]},
    {"summary": fill("👨‍👩‍👧‍👦 ")},
    {"summary": "Open day 🎉 #OpenDay ＃全角 with @alice.test and $TSLA.", "tags": ["open-day", "日本"]},
    {"summary": fill("Cafe\u0301 naïve Zürich שָׁלוֹם עברית ", 290), "tags": ["student-life"]},
]  # fmt: skip


def composed_bluesky_texts(root: Path) -> list[str]:
    """The text of every Bluesky post Newsroom would compose for the newsroom at `root`."""
    newsroom = open_newsroom(root)
    rules = NETWORKS["bluesky"]
    return [
        compose_post(item, route.account, newsroom.config, rules.limits, rules.measure).text
        for item in newsroom.content.items
        for route in route_item(item, newsroom.config)
        if route.sends and route.network == "bluesky"
    ]


def check_posts_with_the_app(texts: list[str]) -> None:
    answers = oracles.ask(RICHTEXT, texts)
    wrong = [f"{t!r}: {a}" for t, a in zip(texts, answers, strict=True) if a["graphemes"] > 300]
    wrong += [
        f"{t!r}: {a['bytes']} bytes"
        for t, a in zip(texts, answers, strict=True)
        if a["bytes"] > 3000
    ]
    wrong += disagreements(texts, answers)
    wrong += [
        f"sent facets of {t!r}: {sent_facets(t)}"
        for t, a in zip(texts, answers, strict=True)
        if sent_facets(t) != without_mentions(a["facets"])
    ]
    assert not wrong, "\n".join(wrong)


def test_every_bluesky_post_of_the_example_is_the_apps() -> None:
    texts = composed_bluesky_texts(REPO)
    assert len(texts) >= 10
    check_posts_with_the_app(texts)


def test_every_bluesky_post_of_the_stress_set_is_the_apps(tmp_path: Path) -> None:
    import copy

    room = Room(tmp_path, copy.deepcopy(CONFIG))
    for number, fields in enumerate(STRESS):
        room.add(f"s{number}q2m9ab", f"2026-11-{10 + number}T10:00:00+01:00", **fields)
    texts = composed_bluesky_texts(tmp_path)
    assert len(texts) == len(STRESS)
    assert any(counting.graphemes(t) > 250 for t in texts) and any("…" in t for t in texts)
    check_posts_with_the_app(texts)
