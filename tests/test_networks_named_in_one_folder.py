"""A network is named in its own test folder only (issue #30).

Outside `tests/networks/<name>/`, a test asks for a network by what it can do or loops over
all of them (tests/example_accounts.py): no file names one, in code, strings, comments or
docstrings. The names come from the declarations (each network's `name` and `label`) and from
the words its folder says it is also known by (`ALSO_NAMED` in its `__init__.py`: an old
name, what its posts were called, a short domain), so a ninth network is watched as soon as it
is declared.

Long names are found as the command-line check finds them: anywhere in a token, in any case
(`daemon_<name>` names a network as much as `<name>` does). A one-letter name cannot be
found that way, so Python's tokenizer splits the file. Writing `n` for the letter: in an
identifier it is one of several parts (`Fake<N>`, `n_text`, `make_n`; a bare variable `n`
and a curve `n25519` are no network); in a string or a comment it is the whole literal, the
capital standing alone (`on <N>`, `<N>'s`; not an `<N>-Header`), or the small letter tied to
a word (`uni-n`, `utm_n`, `social.n`), a query's value (`?utm_source=n&`), quoted (`'n'`), a
nested YAML key (`social:` then `  n: text`) or a YAML value (`network: n`). Bytes literals
are data, not prose. A name written right before `:` and a small letter is a metadata
property of a card standard (`og:title` beside its siblings), not the network.
"""

from __future__ import annotations

import importlib
import io
import re
import tokenize
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsroom.networks import NETWORKS
from tests.example_accounts import a_network

TESTS = Path(__file__).resolve().parent
FOLDERS = TESTS / "networks"

_PROPERTY = re.compile(r":[a-z]")  # `name:property`, a card standard's metadata name
_IDENTIFIER_PARTS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_STRING = re.compile(r"^([A-Za-z]*)('''|\"\"\"|'|\")(.*)\2$", re.S)


@dataclass(frozen=True)
class Hit:
    line: int
    word: str
    network: str

    def where(self, path: str) -> str:
        return f"{path}:{self.line}: {self.word!r} names {self.network}"


def also_named(name: str) -> tuple[str, ...]:
    """The other words the network's test folder says it is known by (`ALSO_NAMED`)."""
    folder = importlib.import_module(f"tests.networks.{name}")
    return tuple(getattr(folder, "ALSO_NAMED", ()))


def network_words() -> dict[str, str]:
    """Every word that names a network (lower case) → that network's name."""
    words: dict[str, str] = {}
    for name, network in NETWORKS.items():
        for word in (name, network.label, *also_named(name)):
            words[word.lower()] = name
    return words


def _long_names(text: str, words: Mapping[str, str]) -> Iterator[tuple[int, str, str]]:
    """(offset, word, network) of each name of two letters or more, anywhere in `text`."""
    lowered = text.lower()
    for word, network in words.items():
        if len(word) < 2:
            continue
        for found in re.finditer(re.escape(word), lowered):
            if not _PROPERTY.match(text, found.end()):
                yield found.start(), text[found.start() : found.end()], network


def _letter_in_prose(text: str, letter: str, whole: bool) -> Iterator[tuple[int, str]]:
    """(offset, letter) where a one-letter name is written in a string or a comment."""
    if whole and text.strip().lower() == letter:
        yield 0, text.strip()
        return
    capital = re.compile(rf"(?<![A-Za-z0-9]){letter.upper()}(?![A-Za-z0-9]|-[A-Za-z])")
    small = re.compile(rf"(?<![A-Za-z0-9]){letter.lower()}(?![A-Za-z0-9])")
    for found in capital.finditer(text):
        yield found.start(), found.group()
    for found in small.finditer(text):
        if _tied(text[: found.start()], text[found.end() :]):
            yield found.start(), found.group()


def _tied(before: str, after: str) -> bool:
    """Whether a small letter between `before` and `after` is a value or part of a name:
    `uni-n`, `n_text`, `utm_n`, `?utm_source=n&`, `'n'`, a nested YAML key (`social:` then
    `  n: `), its path `social.n` or a YAML value `: n`. A key at the start of a document is
    a made-up key of a fuzz test, and `@-n` a handle's shape."""
    return (
        re.search(r"[A-Za-z0-9][-_]$|[A-Za-z]\.$", before) is not None
        or after.startswith("_")
        or (re.search(r"[?&]\w+=$", before) is not None and re.match(r"[&#'\"]|$", after))
        or (before[-1:] in ("'", '"') and after[:1] == before[-1:])
        or (re.search(r"(^|\n|\\n)[ \t]+$", before) is not None and re.match(r":(\s|$)", after))
        or before.endswith(": ")
    )


def _letter_in_identifier(identifier: str, letter: str) -> bool:
    parts = [part for piece in identifier.split("_") for part in _IDENTIFIER_PARTS.findall(piece)]
    parts = [part for part in parts if part.isalpha()]  # `n25519` is a curve, not a network
    return len(parts) > 1 and letter in (part.lower() for part in parts)


def _line_of(token: tokenize.TokenInfo, offset: int) -> int:
    return token.start[0] + token.string.count("\n", 0, offset)


def hits(source: str, words: Mapping[str, str]) -> list[Hit]:
    """Every place `source` (Python) names a network, by the rules of the module docstring."""
    letters = {word: network for word, network in words.items() if len(word) == 1}
    found: list[Hit] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in (tokenize.NAME, tokenize.STRING, tokenize.COMMENT):
            continue
        for offset, word, network in _long_names(token.string, words):
            found.append(Hit(_line_of(token, offset), word, network))
        for letter, network in letters.items():
            found += [Hit(line, word, network) for line, word in _letter_in(token, letter)]
    return sorted(found, key=lambda hit: hit.line)


def _letter_in(token: tokenize.TokenInfo, letter: str) -> Iterator[tuple[int, str]]:
    """(line, word) where the token writes the one-letter name `letter`."""
    text = token.string
    if token.type == tokenize.NAME:
        if _letter_in_identifier(text, letter):
            yield token.start[0], text
        return
    body = _STRING.match(text) if token.type == tokenize.STRING else None
    if body is not None and "b" in body.group(1).lower():
        return  # bytes are data, never prose
    prose = body.group(3) if body else text.lstrip("#")
    start = body.start(3) if body else len(text) - len(prose)
    for offset, word in _letter_in_prose(prose, letter, whole=body is not None):
        yield _line_of(token, start + offset), word


def outside_network_folders() -> list[Path]:
    """Every Python file of the tests but those of a network's own folder."""
    own = {FOLDERS / name for name in NETWORKS}
    return [
        path
        for path in sorted(TESTS.rglob("*.py"))
        if not any(folder in path.parents for folder in own)
    ]


def test_no_test_outside_a_network_folder_names_a_network() -> None:
    words = network_words()
    found = [
        hit.where(path.relative_to(TESTS.parent).as_posix())
        for path in outside_network_folders()
        for hit in hits(path.read_text(encoding="utf-8"), words)
    ]
    assert not found, f"{len(found)} places name a network:\n" + "\n".join(found)


# -- the scanner itself, on small sources made from the declarations -------------------------


def _one_letter() -> tuple[str, str]:
    """(name, label) of the network named by one letter."""
    name = a_network(lambda n: len(n.name) == 1)
    return name, NETWORKS[name].label


@pytest.mark.parametrize("name", list(NETWORKS))
def test_each_network_is_found_by_its_name_and_label_in_code_strings_and_comments(
    name: str,
) -> None:
    network = NETWORKS[name]
    source = (
        f"account = {name!r}\n"
        f"# posts on {network.label} first\n"
        f'def test_it():\n    """What {network.label} counts."""\n'
    )
    found = hits(source, network_words())
    assert [hit.line for hit in found] == [1, 2, 4], found
    assert {hit.network for hit in found} == {name}


@pytest.mark.parametrize(
    ("name", "word"), [(name, word) for name in NETWORKS for word in also_named(name)]
)
def test_the_other_names_a_folder_gives_are_found(name: str, word: str) -> None:
    [hit] = hits(f"def fetch_{word}s(): ...\n", network_words())
    assert hit.network == name


def test_a_long_name_is_found_inside_an_identifier() -> None:
    name = a_network(lambda n: len(n.name) > 1)
    [hit] = hits(f"server.daemon_{name} = True\n", network_words())
    assert (hit.line, hit.network) == (1, name)


def test_the_one_letter_name_is_found_where_it_names_the_network() -> None:
    name, label = _one_letter()
    source = "\n".join(
        [
            f"NETWORKS[{name!r}]",  # 1
            f"fake = Fake{name.upper()}()",  # 2
            f"text = {name}_text(item)",  # 3
            f'account = "uni-{name}"',  # 4
            f"# counted on {label} as 23",  # 5
            f'"""{label}\'s counting."""',  # 6
            f'link = "https://a.example/?utm_source={name}"',  # 7
            f"# the value is '{name}'",  # 8
            f'yaml = "social:\\n  {name}: text"',  # 9
            f'problem = "social.{name}: too long"',  # 10
            f'account = "  network: {name}\\n"',  # 11
        ]
    )
    found = hits(source, network_words())
    assert [hit.line for hit in found] == list(range(1, 12)), found


def test_the_one_letter_is_no_network_where_it_is_a_letter() -> None:
    name, label = _one_letter()
    source = "\n".join(
        [
            f"{name} = 1",  # a bare variable
            f'front_matter = "{name}: " + "[" * 9',  # a made-up top-level key
            f'handles = ("@-{name}", "someone@{name}")',
            f'data = b"{name}" + b"{label}\\x01"',  # bytes
            f"key = {name}25519.generate()",  # a curve
            f"for {name} in range(3): {name.upper()} = {name}",
            f'text = "a{name}b {name}{name} {name}1 {{{name}}}"',  # inside words, an f-string field
            f'header = "{label.upper()}-RateLimit-Reset"',
            f'''"""{name}\\u0336y is struck through."""''',
            "meta = card['og:title']",
        ]
    )
    assert hits(source, network_words()) == []


def test_a_card_standards_property_is_not_the_network() -> None:
    name = a_network(lambda n: len(n.name) > 1)
    assert hits(f'meta["{name}:card"]\n', network_words()) == []
    assert len(hits(f'social = {{"{name}": "text"}}\n', network_words())) == 1


def test_a_clean_file_has_no_hit_and_a_long_string_gives_the_right_line() -> None:
    clean = (TESTS / "example_accounts.py").read_text(encoding="utf-8")
    assert hits(clean, network_words()) == []
    name = a_network(lambda n: len(n.name) > 1)
    [hit] = hits(f'TEXT = """one\ntwo\nthree {name}\n"""\n', network_words())
    assert hit.line == 3


def test_network_folders_are_left_out_and_the_rest_is_scanned() -> None:
    scanned = outside_network_folders()
    assert Path(__file__).resolve() in scanned
    assert FOLDERS / "conftest.py" in scanned
    assert not any(FOLDERS / name in path.parents for name in NETWORKS for path in scanned)
