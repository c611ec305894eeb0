"""How each network counts the length of a post: pure functions, no network SDK imported.

`newsroom check` and the composer use these to keep texts within limits without loading
tweepy, Mastodon.py or atproto; the adapters' `measure()` delegate here so both agree.
"""

from __future__ import annotations

import itertools
import re

import regex

from .x import text as x_text

X_MAX_WEIGHTED = x_text.MAX_WEIGHTED_LENGTH  # X's own rules live in x/text.py
X_URL_LENGTH = x_text.TRANSFORMED_URL_LENGTH
# Characters that make X refuse a post (twitter-text invalidCharsGroup.js: U+FFFE/FEFF/FFFF).
X_REFUSED_CHARACTERS = x_text.INVALID_CHARACTERS
MASTODON_DEFAULT_MAX = 500
MASTODON_DEFAULT_URL_LENGTH = 23
BLUESKY_MAX_GRAPHEMES = 300
BLUESKY_MAX_BYTES = 3000
LINKEDIN_MAX = 3000
FACEBOOK_MAX = 63206  # a Page post's `message`, in code points

# LinkedIn's "little text" reserved characters: unescaped, the API silently truncates there.
LINKEDIN_RESERVED = "\\|{}@[]()<>#*_~"
_LINKEDIN_RESERVED_RE = re.compile("([" + re.escape(LINKEDIN_RESERVED) + "])")

# A hashtag for LinkedIn's little text (see linkedin_hashtags): a sign not glued to a word,
# then a word that starts with no mark (`#️⃣` is a keycap emoji) and holds a letter (`#_`,
# `#15` stay text).
_LINKEDIN_HASHTAG_RE = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}_&#＃])[#＃](?!\p{M})(?=[\p{M}\p{N}_]*\p{L})[\p{L}\p{M}\p{N}_]+"
)


def x_weighted_length(text: str) -> int:
    """X's weighted length, exactly as npm twitter-text 3.1.0 `parseTweet` counts it.

    NFC first; Latin-1 and general punctuation weigh 1, other characters 2, an emoji
    sequence 2, every URL X recognises 23 (see x/text.py for the port and its sources).
    """
    return x_text.parse(text).weighted_length  # its patterns compile on first use


def x_problem(text: str) -> str | None:
    """Why X would refuse `text` (twitter-text's `valid` is false), or None when it is valid."""
    parsed = x_text.parse(text)
    if parsed.invalid_character is not None:
        code = f"U+{ord(parsed.invalid_character):04X}"
        return f"contains {code}, a character X refuses"
    if parsed.weighted_length == 0:
        return "is empty"
    if parsed.weighted_length > X_MAX_WEIGHTED:
        return f"is {parsed.weighted_length}/{X_MAX_WEIGHTED} weighted characters"
    return None


def x_valid(text: str) -> bool:
    """twitter-text's `parseTweet(text).valid`: no invalid character, 1 to 280 weighted."""
    return x_text.parse(text).valid


def graphemes(text: str) -> int:
    """User-perceived characters (extended grapheme clusters), as Bluesky counts them.

    `regex`'s `\\X` follows current Unicode (GB9c: `क्षि` is one cluster), like the
    `Intl.Segmenter` behind @atproto/api's `graphemeLength`; tests/networks/
    test_bluesky_facets.py compares the two on thousands of texts.
    """
    return len(grapheme_clusters(text))


# One extended grapheme cluster (Unicode UAX #29, as `regex` implements it).
_GRAPHEME_RE = regex.compile(r"\X", regex.DOTALL)
_LINKER_RE = regex.compile(r"\p{InCB=Linker}")
# `regex` (checked with 2026.11) applies rule GB9c (no break in an Indic conjunct) without
# its first condition: it joins `b्क` (a virama after a non-consonant, then a consonant) where
# UAX #29 and Node's Intl.Segmenter break before `क`. This finds those wrong joins: a run of
# InCB Extend/Linker holding a Linker, right before a consonant, NOT preceded by a consonant.
_FALSE_CONJUNCT_RE = regex.compile(
    r"(?<![\p{InCB=Consonant}\p{InCB=Extend}\p{InCB=Linker}])"
    r"[\p{InCB=Extend}\p{InCB=Linker}]*\p{InCB=Linker}[\p{InCB=Extend}\p{InCB=Linker}]*"
    r"(?=\p{InCB=Consonant})"
)


def grapheme_clusters(text: str) -> list[str]:
    """The extended grapheme clusters of `text`, in order (they concatenate back to it)."""
    clusters = _GRAPHEME_RE.findall(text)
    if _LINKER_RE.search(text) is None:
        return clusters  # GB9c needs a linker (a virama): `regex` alone is right
    return [piece for cluster in clusters for piece in _split_false_conjuncts(cluster)]


def _split_false_conjuncts(cluster: str) -> list[str]:
    cuts = [match.end() for match in _FALSE_CONJUNCT_RE.finditer(cluster) if match.end()]
    bounds = [0, *cuts, len(cluster)]
    return [cluster[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def utf8_length(text: str) -> int:
    """Bytes of the UTF-8 encoding (Bluesky's second limit, and facet offsets)."""
    return len(text.encode("utf-8"))


def mastodon_length(text: str, url_length: int = MASTODON_DEFAULT_URL_LENGTH) -> int:
    """Mastodon's count (its StatusLengthValidator): graphemes of the text where each URL its
    extractor recognises counts `url_length` and `@user@domain` counts as `@user`.

    A URL must have a protocol and a known top-level domain, not be glued to a word and stay
    within 4,096 characters; a mention's domain within 253 (see mastodon/text.py).
    """
    from .mastodon import text as mastodon_text  # compiles large patterns on first use

    return graphemes(mastodon_text.countable_text(text, url_length))


def links(text: str) -> int:
    """How many links a text holds, as X's extractor finds them (with or without `https://`):
    the stand-in for networks that cap links without publishing their extractor (Threads)."""
    return len(x_text.urls_with_indices(x_text.utf16_view(text)))


def hashtags(text: str) -> int:
    """How many hashtags a text holds (Instagram refuses a caption with more than 5): `#`
    then a word holding a letter, outside URLs — as LinkedIn and Meta's apps link them."""
    return len(linkedin_hashtags(text))


def code_points(text: str) -> int:
    """Unicode code points, as Facebook counts a post's message."""
    return len(text)


def linkedin_escape(text: str) -> str:
    """Backslash-escape LinkedIn's reserved characters so the commentary is not truncated."""
    return _LINKEDIN_RESERVED_RE.sub(r"\\\1", text)


def linkedin_hashtags(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the hashtags of `text` (sign included), as little text makes them.

    A hashtag is `#` or the full-width U+FF03 (the two signs of LinkedIn's HashtagTemplate),
    not glued to a word before it (`C#`, `&#39;`), then a word: letters, marks, digits or `_`,
    holding a letter (`#1`, `#_` stay text), never inside a URL (`https://example.com/#frag`:
    a fragment is part of the link).
    """
    found = [m.span() for m in _LINKEDIN_HASHTAG_RE.finditer(text)]
    if not found:
        return found
    urls = url_spans(text)
    return [(start, end) for start, end in found if not _inside(start, urls)]


def url_spans(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the URLs of `text` as X's extractor finds them (with or without
    `https://`), in Python indices: where a `#` is a URL's fragment, not a hashtag."""
    if "." not in text:
        return []
    view = x_text.utf16_view(text)
    if len(view) == len(text):
        return [(url.start, url.end) for url in x_text.urls_with_indices(view)]
    index = _utf16_to_index(text)
    return [(index[url.start], index[url.end]) for url in x_text.urls_with_indices(view)]


def _utf16_to_index(text: str) -> dict[int, int]:
    """Python index of each UTF-16 offset that starts a character (and of the end)."""
    index, unit = {}, 0
    for position, character in enumerate(text):
        index[unit] = position
        unit += 2 if ord(character) > 0xFFFF else 1
    index[unit] = len(text)
    return index


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def linkedin_commentary(text: str) -> str:
    """`text` as LinkedIn "little text": hashtags as templates, everything else escaped.

    Follows LinkedIn's "little text format" page (Posts API): `HashtagTemplate ::=
    '{hashtag|' ('#' | U+FF03) '|' Text '}'`, where Text escapes the reserved characters, and
    "all reserved characters need to be escaped with a backslash": the sign `#` is written
    `\\#` too (`{hashtag|\\#|Tag}`); a full-width sign is no reserved character.
    """
    out, position = [], 0
    for start, end in linkedin_hashtags(text):
        sign = "\\#" if text[start] == "#" else text[start]
        out += [linkedin_escape(text[position:start])]
        out += ["{hashtag|", sign, "|", linkedin_escape(text[start + 1 : end]), "}"]
        position = end
    out.append(linkedin_escape(text[position:]))
    return "".join(out)


def linkedin_length(text: str) -> int:
    """What Newsroom holds to LinkedIn's 3,000: the commentary as sent, in UTF-16 units.

    LinkedIn does not say whether escapes, templates or astral characters count once or
    more; counting the little text as sent, in UTF-16 code units (Java's `String.length`,
    where an emoji is 2), is the largest reading, so a post that fits here fits there.
    """
    return len(linkedin_commentary(text).encode("utf-16-le")) // 2
