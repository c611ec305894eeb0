"""The facets Bluesky's app detects in a post's text: a port of @atproto/api 0.21.0.

Rules follow `packages/api/src/rich-text/detection.ts` (`detectFacets`: mentions, links, tags,
cashtags, in that order, then sorted by byte start as `RichText.detectFacetsWithoutResolution`
does) and the regexes of `rich-text/util.ts`, translated from JavaScript to `regex` with the JS
meanings kept: `\\s` is JavaScript's whitespace set (not Python's), `\\d` and `\\b` are ASCII,
the `i` flag of URL_REGEX folds ASCII only, `$` is the end of the text. Offsets are UTF-8
bytes (`rich-text/unicode.ts`). tests/networks/bluesky/test_bluesky_facets.py compares this
module with the npm package itself on thousands of generated texts.

No SDK is imported: `newsroom check` can use it without atproto.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import counting
from .tlds import TLDS

# JavaScript's `\s` (WhiteSpace and LineTerminator of ECMAScript): Python's differs (it has
# U+001C-U+001F and U+0085, lacks U+FEFF).
_S = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
# The "zero-width" characters util.ts keeps out of tags (its own list: "likely incomplete").
_ZW = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
# JavaScript `^` with the `m` flag: the start of the text or of a line.
_LINE_START = "(?:^|(?<=[\n\r\u2028\u2029]))"
_ASCII_WORD = "A-Za-z0-9_"

# util.ts MENTION_REGEX = /(^|\s|\()(@)([a-zA-Z0-9.-]+)(\b)/g  (no `u`: `\b` is ASCII)
_MENTION_RE = regex.compile(
    rf"(^|[{_S}]|\()(@)([a-zA-Z0-9.-]+)"
    rf"(?:(?<=[{_ASCII_WORD}])(?![{_ASCII_WORD}])|(?<![{_ASCII_WORD}])(?=[{_ASCII_WORD}]))"
)
# util.ts URL_REGEX, flags gim:
# /(^|\s|\()((https?:\/\/[\S]+)|((?<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)[\S]*))/gim
_URL_RE = regex.compile(
    rf"({_LINE_START}|[{_S}]|\()"
    rf"((https?://[^{_S}]+)|((?P<domain>[a-z][a-z0-9]*(\.[a-z0-9]+)+)[^{_S}]*))",
    regex.IGNORECASE | regex.ASCII,  # JS without `u` folds no non-ASCII letter to ASCII
)
# util.ts TAG_REGEX (flags gu): a `#` or full-width U+FF03 after a space, then a run of non-space,
# non-zero-width characters holding at least one that is not a digit or punctuation.
_TAG_RE = regex.compile(
    rf"(^|[{_S}])[#＃]((?!\ufe0f)[^{_S}{_ZW}]*[^0-9{_S}\p{{P}}{_ZW}]+[^{_S}{_ZW}]*)?"
)
# util.ts TRAILING_PUNCTUATION_REGEX = /\p{P}+$/gu
_TRAILING_PUNCTUATION_RE = regex.compile(r"\p{P}+\Z")
# util.ts CASHTAG_REGEX = /(^|\s|\()\$([A-Za-z][A-Za-z0-9]{0,4})(?=\s|$|[.,;:!?)"'\u2019])/gu
_CASHTAG_RE = regex.compile(
    rf"(^|[{_S}]|\()\$([A-Za-z][A-Za-z0-9]{{0,4}})(?=[{_S}]|\Z|[.,;:!?)\"'\u2019])"
)
_LINK_TRAILING = ".,;:!?"
MAX_TAG_GRAPHEMES = 64  # detection.ts: longer tags are not tags


@dataclass(frozen=True)
class Facet:
    """One detected facet: UTF-8 byte span (start in, end out) and what it is.

    `kind` is "mention" (`value`: the handle, still to resolve to a DID), "link" (`value`:
    the URI, `https://` added to a bare domain) or "tag" (`value`: the tag without `#`; a
    cashtag keeps its `$`).
    """

    byte_start: int
    byte_end: int
    kind: str
    value: str


def detect(text: str) -> list[Facet]:
    """The facets @atproto/api's `detectFacetsWithoutResolution` finds in `text`, in its order."""
    offsets = _Utf8Offsets(text)
    found = [*_mentions(text, offsets), *_links(text, offsets), *_tags(text, offsets)]
    found += _cashtags(text, offsets)
    # RichText sorts by byte start with a stable sort: ties keep detectFacets' order.
    return sorted(found, key=lambda facet: facet.byte_start)


def is_valid_domain(domain: str) -> bool:
    """detection.ts `isValidDomain`: ends with `.` + a known TLD (case-sensitive)."""
    _, dot, last = domain.rpartition(".")
    return bool(dot) and last in TLDS


def _mentions(text: str, offsets: _Utf8Offsets) -> list[Facet]:
    found = []
    for match in _MENTION_RE.finditer(text):
        handle = match.group(3)
        if not is_valid_domain(handle) and not handle.endswith(".test"):
            continue  # detection.ts: "probably not a handle"
        start, end = match.start(2), match.end(3)
        found.append(Facet(offsets[start], offsets[end], "mention", handle))
    return found


def _links(text: str, offsets: _Utf8Offsets) -> list[Facet]:
    found = []
    for match in _URL_RE.finditer(text):
        uri = match.group(2)
        if not uri.startswith("http"):  # case-sensitive, as in detection.ts: `HTTPS://` is none
            domain = match.group("domain")
            if not domain or not is_valid_domain(domain):
                continue
            uri = f"https://{uri}"
        start, end = match.span(2)
        if uri[-1] in _LINK_TRAILING:
            uri, end = uri[:-1], end - 1
        if uri.endswith(")") and "(" not in uri:
            uri, end = uri[:-1], end - 1
        found.append(Facet(offsets[start], offsets[end], "link", uri))
    return found


def _tags(text: str, offsets: _Utf8Offsets) -> list[Facet]:
    found = []
    for match in _TAG_RE.finditer(text):
        tag = match.group(2)
        if not tag:
            continue
        tag = _TRAILING_PUNCTUATION_RE.sub("", _js_trim(tag))
        if not tag or counting.graphemes(tag) > MAX_TAG_GRAPHEMES:
            continue
        sign = match.end(1)
        found.append(Facet(offsets[sign], offsets[sign + 1 + len(tag)], "tag", tag))
    return found


def _cashtags(text: str, offsets: _Utf8Offsets) -> list[Facet]:
    found = []
    for match in _CASHTAG_RE.finditer(text):
        ticker = match.group(2).upper()
        sign = match.end(1)
        found.append(Facet(offsets[sign], offsets[sign + 1 + len(ticker)], "tag", "$" + ticker))
    return found


def _js_trim(text: str) -> str:
    """JavaScript's `String.prototype.trim` (its whitespace, not Python's)."""
    return regex.sub(rf"^[{_S}]+|[{_S}]+\Z", "", text)


class _Utf8Offsets:
    """UTF-8 byte offset of each code-point index of one text (unicode.ts utf16IndexToUtf8Index).

    Python indexes code points where JavaScript indexes UTF-16 units; both name the same
    boundaries, since a facet never starts or ends inside a surrogate pair.
    """

    def __init__(self, text: str) -> None:
        self._text = text

    def __getitem__(self, index: int) -> int:
        return len(self._text[:index].encode("utf-8"))
