"""X's own counting: a port of npm twitter-text 3.1.0 `parseTweet` with config v3.

X counts and validates a post with this library; any disagreement means a post that we think
fits and X refuses (or a text cut for nothing). The PyPI port `twitter-text-parser` differs at
the edges (emoji table, `\\r\\n`, invalid characters), so the rules are ported here from the
JavaScript sources of twitter/twitter-text at v3.1.0 (commit 65e7e00da383, Apache-2.0); each
pattern names the file it follows. tests/networks/x/test_x_conformance.py runs the upstream
conformance suite against it and tests/networks/x/test_x_oracle.py compares it with the npm
package itself on thousands of generated texts.

Two JavaScript details are reproduced on purpose:

- JavaScript strings are UTF-16: indices, lengths and the emoji pattern work on code units, and
  a character outside the BMP is two of them. We work on a *UTF-16 view* of the text (a Python
  string holding one surrogate per code unit), where Python's `re` behaves as a JavaScript
  regex without the `u` flag.
- The URL pattern is case-insensitive (`/gi`). JavaScript folds case by mapping both sides to
  upper case (ECMA-262 `Canonicalize`, non-Unicode mode), which is not what Python's
  `re.IGNORECASE` does (e.g. for U+017F, U+212A, U+0130). So the text and every character class are
  canonicalized the JavaScript way and matched case-sensitively: the same matches, exactly.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache

from .. import tlds
from .twemoji import EMOJI_PATTERN

# js/src/configs.js, `version3` (= `defaults`).
MAX_WEIGHTED_LENGTH = 280
SCALE = 100
DEFAULT_WEIGHT = 200
TRANSFORMED_URL_LENGTH = 23
RANGES = ((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100))

# js/src/extractUrlsWithIndices.js
MAX_URL_LENGTH = 4096
MAX_TCO_SLUG_LENGTH = 40
DEFAULT_PROTOCOL = "https://"
# js/src/lib/idna.js
MAX_DOMAIN_LABEL_LENGTH = 63

# js/src/regexp/invalidCharsGroup.js: the characters that make a post invalid.
INVALID_CHARACTERS = frozenset("\ufffe\ufeff\uffff")


@dataclass(frozen=True)
class Parsed:
    """What `parseTweet` answers that we use."""

    weighted_length: int
    valid: bool
    invalid_character: str | None  # the first character that makes the text invalid


@dataclass(frozen=True)
class Url:
    """A URL as `extractUrlsWithIndices` finds it; offsets in UTF-16 code units."""

    url: str
    start: int
    end: int


def utf16_view(text: str) -> str:
    """`text` with one Python character per UTF-16 code unit (astral characters as surrogates)."""
    if text.isascii() or max(text) < "\U00010000":
        return text
    units = array("H", text.encode("utf-16-le", "surrogatepass"))
    return "".join(map(chr, units))


def from_utf16_view(view: str) -> str:
    """Back from `utf16_view`: surrogate pairs become characters again (lone ones stay)."""
    return view.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


# -- JavaScript case folding (ECMA-262 Canonicalize, ignoreCase without the u flag) -----------


def _canonical(unit: int) -> int:
    if 0xD800 <= unit <= 0xDFFF:
        return unit
    upper = chr(unit).upper()
    if len(upper) != 1 or (unit >= 128 and ord(upper) < 128):
        return unit
    return ord(upper)


@cache
def _canonical_table() -> dict[int, int]:
    return {u: c for u in range(0x10000) if (c := _canonical(u)) != u}


def _canon(view: str) -> str:
    return view.translate(_canonical_table())


def _class_members(body: str) -> set[int]:
    """The code units of a JavaScript character-class body (`a-z\\u0300-\\u036F\\-`)."""
    tokens: list[tuple[int, bool]] = []  # (code unit, escaped)
    i = 0
    while i < len(body):
        if body[i] != "\\":
            tokens.append((ord(body[i]), False))
            i += 1
        elif body[i + 1] == "u":
            tokens.append((int(body[i + 2 : i + 6], 16), True))
            i += 6
        elif body[i + 1] == "x":
            tokens.append((int(body[i + 2 : i + 4], 16), True))
            i += 4
        else:
            tokens.append((ord(body[i + 1]), True))
            i += 2
    members: set[int] = set()
    k = 0
    while k < len(tokens):
        is_range = k + 2 < len(tokens) and tokens[k + 1] == (ord("-"), False)
        if is_range:
            members.update(range(tokens[k][0], tokens[k + 2][0] + 1))
            k += 3
        else:
            members.add(tokens[k][0])
            k += 1
    return members


def _render(members: set[int], negate: bool = False) -> str:
    """A Python character class of `members` (as ranges of `\\uXXXX`)."""
    parts, ordered, k = [], sorted(members), 0
    while k < len(ordered):
        start = end = ordered[k]
        while k + 1 < len(ordered) and ordered[k + 1] == end + 1:
            k += 1
            end = ordered[k]
        parts.append(f"\\u{start:04x}" if start == end else f"\\u{start:04x}-\\u{end:04x}")
        k += 1
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _cls(body: str, negate: bool = False) -> str:
    """A JavaScript class `[body]` under the `i` flag, for matching canonicalized text."""
    return _render({_canonical(u) for u in _class_members(body)}, negate)


def _lit(text: str) -> str:
    return re.escape(_canon(text))


# -- the patterns of js/src/regexp/ ------------------------------------------------------------

# spacesGroup.js, invalidCharsGroup.js, directionalMarkersGroup.js, punct.js
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$"
# latinAccentChars.js, cyrillicLettersAndMarks.js
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"


@cache
def _url_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """extractUrl.js, validAsciiDomain.js and validTcoUrl.js, compiled once on first use."""
    # validUrlPrecedingChars.js
    not_before = _cls("A-Za-z0-9@＠$#＃" + _INVALID, negate=True)
    preceding = f"(?:{not_before}|{_cls(_DIRECTIONAL)}|^)"
    # invalidDomainChars.js: stringSupplant turns each RegExp into its "/source/" text, so
    # the slashes are part of the class (harmless: `/` is in punct already).
    invalid_domain = f"/{_PUNCT}//{_SPACES}//{_INVALID}//{_DIRECTIONAL}/"
    char = _cls(invalid_domain, negate=True)  # validDomainChars.js
    # validSubdomain.js `(?:(?:C(?:[_-]|C)*)?C\.)` and validDomainName.js (`-` only): a
    # label is a run of C, `_`, `-` that starts and ends with C. Written possessively (the
    # same single match at any start, as no label character is a dot) to spare backtracking.
    subdomain = f"(?:{char}(?:[_-]*+{char})*+\\.)"
    domain_name = f"(?:{char}(?:-*+{char})*+\\.)"
    tld_end = f"(?={_cls('0-9a-zA-Z@+-', negate=True)}|\\Z)"  # `$` of JS is `\Z` here
    # validGTLD.js and validCCTLD.js: each list's alternation, as a trie (tlds.longest_first)
    gtld = f"(?:{tlds.longest_first(tuple(map(_canon, tlds.GENERIC)), re.escape)}{tld_end})"
    cctld = f"(?:{tlds.longest_first(tuple(map(_canon, tlds.COUNTRY)), re.escape)}{tld_end})"
    punycode = "(?:" + _lit("xn--") + _cls(r"\-0-9a-z") + "+)"  # validPunycode.js
    tld = f"(?:{gtld}|{cctld}|{punycode})"
    domain = f"(?:{subdomain}*{domain_name}{tld})"  # validDomain.js
    # validGeneralUrlPathChars.js
    path_char = _cls(rf"a-z{_CYRILLIC}0-9!\*';:=\+,\.\$\/%#\[\]\-\u2013_~@\|&{_LATIN_ACCENTS}")
    # validUrlBalancedParens.js (one nested level of balanced parentheses)
    parens = rf"\((?:{path_char}+|(?:{path_char}*\({path_char}+\){path_char}*))\)"
    ending = _cls(rf"\+\-a-z{_CYRILLIC}0-9=_#\/{_LATIN_ACCENTS}")  # validUrlPathEndingChars.js
    # validUrlPath.js. validUrlPathEndingChars is `[...]|(?:parens)` and regexSupplant pastes
    # its source without a group, so that `|` splits the sequence before it: a path segment
    # is either `G*(parens G*)*[ending]` or parentheses alone. (Hence JS stops
    # `/p,(ab)` after `p`; Ruby, which groups interpolated patterns, does not.)
    path = f"(?:(?:{path_char}*(?:{parens}{path_char}*)*{ending}|(?:{parens}))|(?:@{path_char}+/))"
    query_char = _cls(r"a-z0-9!?\*'@\(\);:&=\+\$\/%#\[\]\-_\.,~|")  # validUrlQueryChars.js
    query_end = _cls(r"a-z0-9\-_&=#\/")  # validUrlQueryEndingChars.js
    query = f"\\?{query_char}*{query_end}"
    protocol = _lit("http") + "(?:" + _lit("s") + ")?://"
    # extractUrl.js: $1 all, $2 before, $3 URL, $4 protocol, $5 domain, $6 port, $7 path,
    # $8 query
    extract_url = f"(({preceding})(({protocol})?({domain})(?::([0-9]+))?(/{path}*)?({query})?))"
    ascii_label = _cls(rf"\-a-z0-9{_LATIN_ACCENTS}")
    ascii_domain = f"(?:(?:{ascii_label}+)\\.)+{tld}"  # validAsciiDomain.js
    slug = _cls("a-z0-9")
    tco = f"{protocol}{_lit('t.co')}/({slug}+)(?:{query})?"  # validTcoUrl.js (anchored by match)
    return re.compile(extract_url), re.compile(ascii_domain), re.compile(tco)


_NOT_PRINTABLE_ASCII = re.compile("[^\x20-\x7e]")  # punycode.js 1.4.1 `regexNonASCII`
_LABEL_SEPARATORS = re.compile("[\x2e\u3002\uff0e\uff61]")  # punycode.js `regexSeparators`
_NO_PROTOCOL_BEFORE = re.compile(r"[-_./]\Z")  # invalidUrlWithoutProtocolPrecedingChars.js


def _punycode_length(label: str) -> int:
    """`punycode.toASCII(label).length` (punycode.js 1.4.1, as twitter-text's idna.js calls it)."""
    parts = _LABEL_SEPARATORS.split(from_utf16_view(label))
    encoded = [
        "xn--" + part.encode("punycode").decode("ascii")
        if _NOT_PRINTABLE_ASCII.search(part)
        else part
        for part in parts
    ]
    return len(".".join(encoded))


def _valid_domain(domain: str) -> bool:
    """js/src/lib/idna.js `toAscii` succeeds (it returns the domain unchanged when it does)."""
    _, ascii_domain, _ = _url_patterns()
    if domain[:4] == "xn--" and not ascii_domain.search(_canon(domain)):
        return False  # a punycode-encoded domain cannot contain non-ASCII characters
    return all(
        1 <= _punycode_length(label) <= MAX_DOMAIN_LABEL_LENGTH for label in domain.split(".")
    )


def urls_with_indices(view: str) -> list[Url]:
    """js/src/extractUrlsWithIndices.js (with `extractUrlsWithoutProtocol`), on a UTF-16 view."""
    if "." not in view:
        return []
    extract_url, _, tco = _url_patterns()
    urls: list[Url] = []
    for match in extract_url.finditer(_canon(view)):
        before, url, protocol, domain = (view[match.start(g) : match.end(g)] for g in (2, 3, 4, 5))
        start, end = match.span(3)
        # isValidUrl: idna.toAscii leaves the domain as it is, so only the length counts.
        if (
            not _valid_domain(domain)
            or len(protocol or DEFAULT_PROTOCOL) + len(url) > MAX_URL_LENGTH
        ):
            continue
        if not protocol:
            if not _NO_PROTOCOL_BEFORE.search(before):
                urls.extend(_ascii_domains(view, match))
            continue
        slug = tco.match(_canon(url))
        if slug:  # a t.co URL takes no path characters after its slug
            if len(slug.group(1)) > MAX_TCO_SLUG_LENGTH:
                continue
            url, end = url[: slug.end()], start + slug.end()
        urls.append(Url(url, start, end))
    return urls


def _ascii_domains(view: str, match: re.Match[str]) -> list[Url]:
    """The ASCII-only domains of a URL without protocol; the last one takes the path along."""
    _, ascii_domain, _ = _url_patterns()
    domain_start, (url_start, url_end) = match.start(5), match.span(3)
    domain = view[domain_start : match.end(5)]
    urls, position = [], 0
    for found in ascii_domain.finditer(match.group(5)):
        text = domain[found.start() : found.end()]
        begin = domain.find(text, position)  # upstream locates each match with indexOf
        position = begin + len(text)
        urls.append(Url(text, url_start + begin, url_start + position))
    if urls and match.start(7) >= 0:
        # lastUrl.url = url.replace(domain, lastUrl.url): the path and query follow it.
        last = urls[-1]
        url = view[url_start:url_end].replace(domain, last.url, 1)
        urls[-1] = Url(url, last.start, url_end)
    return urls


@cache
def _emoji_pattern() -> re.Pattern[str]:
    return re.compile(EMOJI_PATTERN)


def _weight(unit: str) -> int:
    """js/src/lib/getCharacterWeight.js, for one UTF-16 code unit."""
    code = ord(unit)
    for start, end, weight in RANGES:
        if start <= code <= end:
            return weight
    return DEFAULT_WEIGHT


def _is_surrogate_pair(view: str, index: int) -> bool:
    return (
        index < len(view) - 1
        and "\ud800" <= view[index] <= "\udbff"
        and "\udc00" <= view[index + 1] <= "\udfff"
    )


def parse(text: str, *, emoji_parsing: bool = True) -> Parsed:
    """js/src/parseTweet.js with the default (v3) configuration.

    `emoji_parsing=False` is configuration v2 (every code unit weighed on its own), which only
    the conformance suite still uses.
    """
    view = utf16_view(unicodedata.normalize("NFC", text))
    # Upstream skips `url.length` code units from the URL's start (not to its end index).
    url_starts = {u.start: u.start + len(u.url) for u in urls_with_indices(view)}
    emojis = _emoji_pattern().finditer(view) if emoji_parsing else ()
    emoji_starts = {m.start(): m.end() for m in emojis}
    weighted, index, invalid = 0, 0, None
    while index < len(view):
        if index in url_starts:
            weighted += TRANSFORMED_URL_LENGTH * SCALE
            index = url_starts[index] - 1
        elif index in emoji_starts:
            weighted += DEFAULT_WEIGHT
            index = emoji_starts[index] - 1
        else:
            index += 1 if _is_surrogate_pair(view, index) else 0
            weighted += _weight(view[index])
        # Upstream only looks at the last code unit of a URL or an emoji; so do we.
        if invalid is None and view[index] in INVALID_CHARACTERS:
            invalid = view[index]
        index += 1
    length = weighted // SCALE
    valid = invalid is None and 0 < length <= MAX_WEIGHTED_LENGTH
    return Parsed(length, valid, invalid)


def weighted_length(text: str) -> int:
    """X's weighted length of `text`, as `parseTweet(text).weightedLength` (NFC first)."""
    return parse(text).weighted_length
