"""Texts that probe X's counting at its edges, composed from fragments by a seeded generator.

Fragments cover what twitter-text treats specially: emoji (ZWJ sequences, skin tones, VS16,
`♾️ © ®`, keycaps, flags), scripts weighted 2 (CJK, Devanagari, Arabic, Hebrew), combining
marks, the characters that make a post invalid (U+FFFE, U+FFFF, U+FEFF) and directional
controls, URLs with paths, queries, parentheses and trailing punctuation, bare domains, real
and reserved TLDs, t.co links, hashtags beside punctuation, CRLF. They are glued with or
without separators so that URLs touch words and punctuation.
"""

from __future__ import annotations

import random

WORDS = [
    "hello", "News", "café", "cafe\u0301", "naïve", "Ærø", "straße", "ſ", "K", "İstanbul",
    "日本語", "東京大学", "한국어", "中文", "。", "、", "ー", "नमस्ते", "क्षि", "हिन्दी",
    "مرحبا", "العربية", "שלום", "עִבְרִית", "Ελληνικά", "Русский", "ﬁ", "Ⅻ", "x\u0336y",
    "a\u0301\u0302\u0303", "\u0300", "e\u20dd", "½", "№", "™", "…", "—", "–", "‘quoted’",
    "«guillemets»", "¿qué?", "𝔘𝔫𝔦", "𠀀", "\U0001d11e", "\u00a0", "\u3000", "\u200b",
]  # fmt: skip
EMOJI = [
    "😀", "👩‍🔬", "👨‍👩‍👧‍👦", "👍🏽", "🧑🏿‍🦱", "🏳️‍🌈", "🏳️‍⚧️", "♾️", "♾", "©", "©️", "®", "®️",
    "™️", "❤️", "❤", "☺️", "✨", "🇫🇷", "🇬🇧", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "#️⃣", "*️⃣", "🫠", "🫶🏻", "🪿",
    "👁️‍🗨️", "🧔‍♀️", "⛹🏽‍♀️", "\ufe0f", "\ufe0e", "\u200d", "🏻", "📅", "🎉", "🔬",
]  # fmt: skip
SPECIAL = [
    "\ufffe", "\uffff", "\ufeff", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u200e",
    "\u200f", "\u2066", "\u2069", "\u061c", "\r\n", "\r", "\n", "\t", "\u2028", "\x00", "\x7f",
]  # fmt: skip
HOSTS = [
    "example.com", "news.aldermoor.ac.uk", "news.aldermoor.example", "aldermoor.edu", "x.com",
    "t.co", "bit.ly", "localhost", "no-tld", "sub_domain.example.org", "ÉCOLE.fr", "bücher.de",
    "xn--bcher-kva.de", "xn--bücher.de", "日本.jp", "例え.テスト", "twitter.한국", "a.b.c.d.co",
    "EXAMPLE.COM", "example.co.uk", "example.museum", "example.onion", "foo-.com", "-foo.com",
    "foo..com", "dev.example.dev", "w3.org", "1.2.3.4", "a" * 64 + ".com", "café.com",
    "example.com.", "ex@mple.com", "example.comx", "example.c", "example.ſk", "ﬁle.com",
]  # fmt: skip
PATHS = [
    "", "/", "/s/k7q2m9ab", "/wiki/Primer_(film)", "/a(b(c)d)e", "/path.", "/path,", "/p?q=1",
    "?utm_source=x&utm_medium=social", "/a#frag", "/é/ü", "/путь", "/日本", "/a'b", "/a's",
    "/@user", "/@user/", "/a!", "/a~b", "/%20x", ":8080/x", ":99999", "/a|b", "/a–b", "/a—b",
    "/" + "x" * 60, "/a/b/c/d/e?x=(1)", "/a?b=c.", "/x?", "/😀", "/ä?ö=ü",
]  # fmt: skip
PROTOCOLS = ["", "", "https://", "http://", "HTTPS://", "ftp://", "https:/", "www."]
JOINS = ["", " ", " ", " ", "\n", ".", ",", "(", ")", "'", '"', "#", "@", "/", "-", "_", "：", "!"]
HASHTAGS = ["#tag", "#Tag2026", "#café", "#日本", "#हिन्दी", "#1", "#tag🎉", "＃fullwidth", "#a_b"]


def _any_character(rng: random.Random) -> str:
    """Any code point but a lone surrogate, often from the BMP's busy blocks."""
    top = rng.choice([0x7F, 0x2FF, 0x3000, 0xFFFF, 0x10FFFF])
    code = rng.randint(0, top)
    return chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _fragment(rng: random.Random) -> str:
    kind = rng.choice(["word", "emoji", "special", "url", "url", "tag", "ascii", "any", "long"])
    if kind == "word":
        return rng.choice(WORDS)
    if kind == "emoji":
        return rng.choice(EMOJI)
    if kind == "special":
        return rng.choice(SPECIAL)
    if kind == "url":
        return rng.choice(PROTOCOLS) + rng.choice(HOSTS) + rng.choice(PATHS)
    if kind == "tag":
        return rng.choice(HASHTAGS)
    if kind == "ascii":
        return "".join(chr(rng.randint(32, 126)) for _ in range(rng.randint(0, 8)))
    if kind == "any":
        return "".join(_any_character(rng) for _ in range(rng.randint(1, 4)))
    return rng.choice(WORDS + EMOJI) * rng.randint(10, 40)  # long enough to pass 280


def random_text(rng: random.Random) -> str:
    """One text of 0 to 30 fragments, glued with or without separators."""
    count = rng.randint(0, 30)
    return "".join(_fragment(rng) + rng.choice(JOINS) for _ in range(count))


def draw_texts(count: int, seed: int = 15) -> list[str]:
    """`count` texts, the same ones on every run (a seeded generator)."""
    rng = random.Random(seed)
    return [random_text(rng) for _ in range(count)]
