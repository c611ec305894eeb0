"""Mastodon's own length rule: a port of its `StatusLengthValidator` and the extractor behind it.

Mastodon refuses (422) a status whose countable length passes the instance's limit. The count
(mastodon/mastodon `app/validators/status_length_validator.rb`): the URLs its extractor finds
count `characters_reserved_per_url` (23), a mention `@user@domain` counts as `@user`, then
grapheme clusters are counted. A URL counts 23 only if the extractor recognises it, so the
extractor is ported too: twitter-text's Ruby gem 3.1.0 (`rb/lib/twitter-text/extractor.rb`,
`regex.rb`) with Mastodon's changes (`config/initializers/twitter_regex.rb`,
`app/lib/extractor.rb`, `Account::MENTION_RE`). Ruby's regexes are Unicode-aware and
case-insensitive by folding, which the `regex` package follows (`[[:word:]]`, `\\p{...}`).
"""

from __future__ import annotations

import encodings.idna
import stringprep
from dataclasses import dataclass
from functools import cache

import regex

from .. import tlds

MAX_DOMAIN_LENGTH = 253  # app/lib/extractor.rb: a longer mention domain is no mention
MAX_URL_LENGTH = 4096  # twitter-text extractor.rb
MAX_TCO_SLUG_LENGTH = 40  # twitter-text extractor.rb

# twitter-text regex.rb
_UNICODE_SPACES = (
    "\u0009-\u000d\u0020\u0085\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
_DIRECTIONAL = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVALID = "\ufffe\ufeff\uffff"
_PUNCTUATION = r"!\"#$%&'()*+,\-./:;<=>?@\[\]^_`{|}~"
_LATIN_ACCENTS = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0100-\u024f\u0253-\u0254\u0256-\u0257\u0259"
    "\u025b\u0263\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
# config/initializers/twitter_regex.rb `UCHARS`: what a query may hold beyond ASCII.
_UCHARS = (
    "\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef\U00010000-\U0001fffd\U00020000-\U0002fffd"
    "\U00030000-\U0003fffd\U00040000-\U0004fffd\U00050000-\U0005fffd\U00060000-\U0006fffd"
    "\U00070000-\U0007fffd\U00080000-\U0008fffd\U00090000-\U0009fffd\U000a0000-\U000afffd"
    "\U000b0000-\U000bfffd\U000c0000-\U000cfffd\U000d0000-\U000dfffd\U000e1000-\U000efffd"
    "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
)
# Onigmo's [[:word:]]: Letter, Mark, Decimal_Number, Connector_Punctuation.
_WORD = r"\p{L}\p{M}\p{Nd}\p{Pc}"
# Ruby's `^` and `$` are per line. Case folding is simple (one character to one): Onigmo
# also folds `ß` to `ss` or `ﬁ` to `fi`, but `regex`'s full folding backtracks without end
# on runs of such characters, and they matter only for a URL whose TLD is spelt with them.
_FLAGS = regex.IGNORECASE | regex.MULTILINE | regex.VERSION0


@dataclass(frozen=True)
class Entity:
    """A URL or a mention, with code-point offsets, as Mastodon's extractor reports it."""

    start: int
    end: int
    url: str | None = None
    screen_name: str | None = None


def _class(body: str, negate: bool = False) -> str:
    return "[" + ("^" if negate else "") + body + "]"


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """Mastodon's `valid_url`, the gem's `valid_tco_url` and `Account::MENTION_RE`."""
    preceding = (  # regex.rb valid_url_preceding_chars
        f"(?:{_class('A-Z0-9@＠$#＃' + _INVALID, negate=True)}|{_class(_DIRECTIONAL)}|^)"
    )
    # regex.rb DOMAIN_VALID_CHARS: no directional, punctuation, space, control, invalid.
    char = _class(_DIRECTIONAL + _PUNCTUATION + r"\x00-\x1f\x7f" + _INVALID + _UNICODE_SPACES, True)
    subdomain = f"(?:(?:{char}(?:[_-]|{char})*)?{char}\\.)"  # regex.rb valid_subdomain
    domain_name = f"(?:(?:{char}(?:[-]|{char})*)?{char}\\.)"  # regex.rb valid_domain_name
    tld_end = "(?=[^0-9a-z@+-]|$)"
    gtld = f"(?:{tlds.longest_first(tlds.GENERIC, regex.escape)}{tld_end})"  # as a trie
    cctld = f"(?:{tlds.longest_first(tlds.COUNTRY, regex.escape)}{tld_end})"
    punycode = "(?:xn--[0-9a-z]+)"  # regex.rb valid_punycode (no inner `-`, unlike the JS)
    domain = f"(?:{subdomain}*{domain_name}(?:{gtld}|{cctld}|{punycode}))"  # valid_domain
    # The gem's path characters, still inside the balanced parentheses Mastodon's
    # valid_url_path_ending_chars embeds (it is redefined before them: twitter_regex.rb order).
    gem_path_char = f"[a-z\\p{{Cyrillic}}0-9!*';:=+,.$/%#\\[\\]\\p{{Pd}}_~&|@{_LATIN_ACCENTS}]"
    gem_parens = _balanced_parens(gem_path_char)
    # twitter_regex.rb: valid_general_url_path_chars, valid_url_path_ending_chars, ...
    path_char = r"[^\p{White_Space}<>()?]"
    ending = f"(?:[^\\p{{White_Space}}()?!*\"'「」<>;:=,.$%\\[\\]~&|@]|(?:{gem_parens}))"
    parens = _balanced_parens(path_char)
    path = f"(?:(?:{path_char}*(?:{parens}{path_char}*)*{ending})|(?:{path_char}+/))"
    query = f"\\?[a-z0-9!?*'();:&=+$/%#\\[\\]\\-_.,~|@\\^{_UCHARS}]*[a-z0-9_&=#/\\-{_UCHARS}]"
    protocols = "(?:https?|dat|dweb|ipfs|ipns|ssb|gopher|gemini)://"
    # twitter_regex.rb valid_url: $1 all, $2 before, $3 URL, $4 protocol, $5 domain, $6 port,
    # $7 path, $8 query.
    valid_url = f"(({preceding})(({protocols})?({domain})(?::([0-9]+))?(/{path}*)?({query})?))"
    tco = r"^https?://t\.co/([a-z0-9]+)"  # regex.rb valid_tco_url
    # app/models/account.rb USERNAME_RE and MENTION_RE
    username = "[a-z0-9_]+(?:[a-z0-9_.-]+[a-z0-9_]+)?"
    mention = f"(?<![=/{_WORD}])@(({username})(?:@[{_WORD}.-]+[{_WORD}]+)?)"
    return (
        regex.compile(valid_url, _FLAGS),
        regex.compile(tco, _FLAGS),
        regex.compile(mention, _FLAGS),
    )


def _balanced_parens(path_char: str) -> str:
    """regex.rb valid_url_balanced_parens: one nested level of balanced parentheses."""
    return f"\\((?:{path_char}+|(?:{path_char}*\\({path_char}+\\){path_char}*))\\)"


_END_MENTION = regex.compile(f"\\A(?:[@＠]|[{_LATIN_ACCENTS}]+|://)", _FLAGS)  # end_mention_match
_LABEL_DOTS = regex.compile("[.\u3002\uff0e\uff61]")  # the label separators of libidn


def _idna_length(domain: str) -> int | None:
    """Length of libidn's `idna_to_ascii_8z(domain)` (IDNA2003), None where it fails.

    idn-ruby's `IDN::Idna.toASCII` (what the gem's `is_valid_domain` calls) passes no flags:
    unassigned code points (as of Unicode 3.2) are refused, as are labels outside 1..63.
    """
    encoded = []
    try:
        for label in _LABEL_DOTS.split(domain):
            if not label.isascii():
                prepared = encodings.idna.nameprep(label)
                if any(stringprep.in_table_a1(c) for c in prepared):
                    return None
            encoded.append(encodings.idna.ToASCII(label))
    except UnicodeError:
        return None
    return len(b".".join(encoded))


def urls_with_indices(text: str) -> list[Entity]:
    """twitter-text extractor.rb `extract_urls_with_indices(text, extract_url_without_protocol:
    false)` with Mastodon's patterns: only URLs with a protocol."""
    if ":" not in text:
        return []
    valid_url, tco, _ = _patterns()
    urls = []
    for match in valid_url.finditer(text):
        url, protocol, domain = match.group(3), match.group(4), match.group(5)
        start, end = match.span(3)
        if not protocol:
            continue
        slug = tco.match(url)
        if slug:  # a t.co URL ends with its slug
            if len(slug.group(1)) > MAX_TCO_SLUG_LENGTH:
                continue
            url, end = slug.group(0), start + len(slug.group(0))
        # is_valid_domain: the punycode domain must exist and the URL stay within 4,096.
        encoded = _idna_length(domain)
        if encoded is None or len(url) + max(encoded - len(domain), 0) > MAX_URL_LENGTH:
            continue
        urls.append(Entity(start, end, url=url))
    return urls


def mentions_with_indices(text: str) -> list[Entity]:
    """app/lib/extractor.rb `extract_mentions_or_lists_with_indices`."""
    if "@" not in text and "＠" not in text:
        return []
    _, _, mention = _patterns()
    found = []
    for match in mention.finditer(text):
        if _END_MENTION.match(text[match.end() :]):  # `\A` is the string's start, not `pos`
            continue
        screen_name = match.group(1)
        _, _, domain = screen_name.partition("@")
        if len(domain) > MAX_DOMAIN_LENGTH:
            continue
        found.append(Entity(match.start(1) - 1, match.end(1), screen_name=screen_name))
    return found


def remove_overlapping_entities(entities: list[Entity]) -> list[Entity]:
    """twitter-text extractor.rb: sorted by start, an entity overlapping the one kept before
    it goes."""
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.start):
        if not kept or kept[-1].end <= entity.start:
            kept.append(entity)
    return kept


_BLANK = regex.compile(r"\A[\p{White_Space}]*\Z")  # ActiveSupport String#blank?


def countable_text(text: str, url_length: int = 23) -> str:
    """status_length_validator.rb `countable_text`: URLs as `x` * 23, mentions as `@user`."""
    if _BLANK.match(text):
        return ""
    entities = remove_overlapping_entities(urls_with_indices(text) + mentions_with_indices(text))
    pieces, position = [], 0
    for entity in entities:
        pieces.append(text[position : entity.start])
        if entity.url is not None:
            pieces.append("x" * url_length)
        else:
            pieces.append("@" + (entity.screen_name or "").split("@")[0])
        position = entity.end
    pieces.append(text[position:])
    return "".join(pieces)
