"""YAML loading that remembers the line of every key, refuses duplicate keys, and is bounded.

Plain PyYAML keeps the last of two identical keys silently; a contributor who writes
`title:` twice would never know which one is published. We compose the node tree
first (C-accelerated when available), index it, then construct the Python values.

The work is bounded before any value is built, so a hostile or broken file costs
milliseconds, not gigabytes (each limit is far above what real files need: an item's
front matter holds about 30 nodes, 4 levels deep; the example `newsroom.yml` about 400):

- `MAX_YAML_CHARS`, 1 Mi characters of YAML (front matter or `newsroom.yml`; real: < 10 KB).
- `MAX_DEPTH`, 64 levels of nesting (real: ≤ 5); deeper, Python's recursion runs out.
- `MAX_NODES`, 100,000 keys, values and list entries, counted after alias expansion
  (real: < 2,000); bounds the keys of a file and a "billion laughs" alias bomb alike.
- `MAX_ALIASES`, 1,000 uses of `*alias` (real content uses none).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]

MAX_YAML_CHARS = 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000
MAX_ALIASES = 1_000
# Below this length a text cannot hold MAX_NODES nodes (`{a,b,…}` needs at least one
# character per node), so the streaming count before composing is only needed above it.
_COUNT_FIRST_ABOVE = MAX_NODES
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_EXAMPLE_DATE = "2026-11-20T10:00:00+01:00"


class YamlSyntaxError(Exception):
    """The text is not valid YAML; `line` is 1-based in the file, `field` the key concerned."""

    def __init__(self, message: str, line: int, field: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field


class YamlLimitError(YamlSyntaxError):
    """The text is valid YAML, or might be, but exceeds one of the limits above."""


@dataclass
class LoadedYaml:
    """YAML data with the file line of every key and the duplicate keys found."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    duplicates: list[tuple[KeyPath, int, int]] = field(default_factory=list)

    def line_of(self, path: KeyPath, default: int = 1) -> int:
        """The line of the deepest known key on `path` (the key itself when it exists)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return default


class _ValueError(yaml.MarkedYAMLError):
    """A scalar YAML accepts but Python cannot hold (`2026-11-31`, an hour 25, …)."""

    def __init__(self, node: yaml.Node, error: Exception):
        super().__init__(problem=str(error), problem_mark=node.start_mark)
        self.node = node
        self.path: KeyPath = ()  # the key of the value, once known


class _BoundedLoader(_Loader):  # type: ignore[misc, valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            raise _ValueError(node, error) from None


def load_yaml(text: str, first_line: int = 1) -> LoadedYaml:
    """Parse `text` whose first line is line `first_line` of its file.

    Raises YamlSyntaxError (YamlLimitError past a limit) with the line of the problem.
    """
    if len(text) > MAX_YAML_CHARS:
        raise YamlLimitError(
            f"the YAML is {len(text):,} characters, over the limit of {MAX_YAML_CHARS:,} — "
            "no field or setting needs that much: long text belongs in an item's body",
            first_line,
        )
    try:
        if len(text) > _COUNT_FIRST_ABOVE:
            _count_events(text, first_line)
        return _compose_and_construct(text, first_line)
    except _ValueError as error:
        line = first_line + error.problem_mark.line
        field = ".".join(map(str, error.path))
        raise YamlSyntaxError(_value_message(error), line, field) from None
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, text, first_line) from None
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        raise YamlSyntaxError(f"invalid YAML: {error}", first_line) from None


def _syntax_error(error: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlSyntaxError:
    """The error said in the contributor's words, at the line to fix, with its field."""
    mark = error.problem_mark or error.context_mark
    row, column = (mark.line, mark.column) if mark else (0, 0)
    problem = error.problem or error.context or "invalid YAML"
    if "maximum nesting depth" in problem:  # libyaml's own limit, past ours
        _check_limits(0, 0, MAX_DEPTH + 1, first_line + row)
    lines = text.split("\n")
    written = lines[row] if row < len(lines) else ""
    tab = _tab_column(written, column, problem)
    if tab is not None:
        message = f"a tab at column {tab + 1}: YAML indents with spaces — replace it with " + (
            "two spaces" if not written[:tab].strip() else "a space"
        )
    elif (opened := _unclosed_quote(lines, row)) is not None:
        # YAML reads a quoted value on over the next lines, so the error shows up lines
        # below (or at the end): the fix is where the quote opens.
        row, quote = opened
        message = (
            f"the quote {quote} that starts the value is not closed on this line — end the "
            f"value with {quote} (without it, YAML reads on to the next {quote} of the file)"
        )
    else:
        message = (
            f"invalid YAML: {problem} — check the quotes, colons and indentation of this line "
            "and of the lines above (text with `: ` needs quotes)"
        )
    return YamlSyntaxError(message, first_line + row, _key_at(lines, row))


def _unclosed_quote(lines: list[str], error_row: int, tries: int = 5) -> tuple[int, str] | None:
    """The first line up to `error_row` whose quoted value is not closed on it, and that
    closing there makes valid YAML up to the error's line at least (`tries` lines tried)."""
    for row, line in enumerate(lines[: error_row + 1]):
        quote = _open_quote(line)
        if quote is None:
            continue
        if _valid_past([*lines[:row], line + quote, *lines[row + 1 :]], error_row):
            return row, quote
        tries -= 1
        if not tries:
            break
    return None


def _valid_past(lines: list[str], row: int) -> bool:
    """Whether the YAML of `lines` is valid, or its first error is below line `row`."""
    try:
        yaml.compose("\n".join(lines), Loader=_Loader)  # nodes only: no value is built
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark is not None and mark.line > row
    except yaml.YAMLError:
        return False
    return True


_QUOTED_VALUE = re.compile(r"^[ \t]*(?:-[ \t]+)?(?:[^\s#'\"][^:]*:[ \t]+)?(['\"])(.*)$")


def _open_quote(line: str) -> str | None:
    """The quote a `key: "value` line opens and does not close, if any."""
    found = _QUOTED_VALUE.match(line)
    if not found:
        return None
    quote, rest = found.groups()
    # Inside "…" a backslash escapes (`\"` too); inside '…' a doubled quote is a quote.
    rest = re.sub(r"\\.", "", rest) if quote == '"' else rest.replace("''", "")
    return quote if quote not in rest else None


def _tab_column(line: str, column: int, problem: str) -> int | None:
    """The 0-based column of the tab the error is about, if it is about a tab."""
    if column < len(line) and line[column] == "\t":
        return column
    if "tab character" in problem and "\t" in line:
        return line.index("\t")
    return None


_KEY = re.compile(r"^[ \t]*(?:-[ \t]+)?([^\s#:'\"\[\]{},-][^\s:]*)[ \t]*:(?:[ \t]|$)")


def _key_at(lines: list[str], row: int) -> str:
    """The dotted key the line `row` belongs to (`site.timezone`), found by indentation."""
    keys: list[str] = []
    column = None  # the column of the key found last: its parent is left of it
    for line in reversed(lines[: row + 1]):
        found = _KEY.match(line)
        if not found or (column is not None and found.start(1) >= column):
            continue
        keys.insert(0, found.group(1))
        column = found.start(1)
        if column == 0 or "\t" in line[:column]:  # a tab's width is unknown: stop there
            break
    return ".".join(keys)


def _compose_and_construct(text: str, first_line: int) -> LoadedYaml:
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        loaded = LoadedYaml(data=None)
        if node is None:
            return loaded
        indexer = _Indexer(loaded, first_line)
        indexer.index(node, (), 0)
        try:
            loaded.data = loader.construct_document(node)
        except _ValueError as error:
            error.path = indexer.paths.get(id(error.node), ())
            raise
        return loaded
    finally:
        loader.dispose()


# Python's own wording of a few errors, said the way a contributor can act on.
_PLAIN_WORDS = {
    "offset must be": "the UTC offset is not between -23:59 and +23:59",
    "Exceeds the limit": "a number of more than 4,300 digits",
}


def _value_message(error: _ValueError) -> str:
    value = error.node.value if isinstance(error.node, yaml.ScalarNode) else "this value"
    problem = str(error.problem)
    problem = next((v for k, v in _PLAIN_WORDS.items() if problem.startswith(k)), problem)
    if error.node.tag == _TIMESTAMP:
        return (
            f"{value!r} is not a real date or date-time ({problem}) — correct it, "
            f"e.g. {_EXAMPLE_DATE}"
        )
    return f"{str(value)[:40]!r} cannot be read ({problem}) — put the value in quotes"


def _count_events(text: str, first_line: int) -> None:
    """Count nodes and depth from the parser's event stream, before any node is built."""
    parser = _Loader(text)
    nodes = aliases = depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            aliases += isinstance(event, yaml.AliasEvent)
            nodes += isinstance(event, yaml.NodeEvent)
            line = first_line + event.start_mark.line
            _check_limits(nodes, aliases, depth, line)
    finally:
        parser.dispose()


def _check_limits(nodes: int, aliases: int, depth: int, line: int) -> None:
    if depth > MAX_DEPTH:
        raise YamlLimitError(
            f"the YAML is nested more than {MAX_DEPTH} levels deep (or an alias contains "
            "itself) — flatten it: fields are a few levels deep at most",
            line,
        )
    if aliases > MAX_ALIASES:
        raise YamlLimitError(
            f"more than {MAX_ALIASES:,} uses of `*alias` — write the values out instead",
            line,
        )
    if nodes > MAX_NODES:
        raise YamlLimitError(
            f"the YAML holds more than {MAX_NODES:,} keys and values (counting what its "
            "`*aliases` repeat) — keep it to the fields Newsroom reads",
            line,
        )


class _Indexer:
    """Records key lines and duplicates; counts nodes as aliases expand them."""

    def __init__(self, loaded: LoadedYaml, first_line: int):
        self.loaded, self.first_line = loaded, first_line
        self.nodes = self.aliases = 0
        self.seen: set[int] = set()
        self.paths: dict[int, KeyPath] = {}  # a value node's key, to name it in errors

    def index(self, node: yaml.Node, path: KeyPath, depth: int, written: bool = True) -> None:
        """Walk `node`; `written`: reached through the text itself, not an alias' expansion.

        The composer returns the anchored node itself for each alias, and walks the text in
        order, so an anchor is met first where it is written: a node met again from a
        written parent is one `*alias` of the text, and walking it again is exactly the
        expansion we bound.
        """
        self.nodes += 1
        self.paths.setdefault(id(node), path)
        again = id(node) in self.seen
        if again:
            self.aliases += written
        elif isinstance(node, yaml.CollectionNode):
            self.seen.add(id(node))
        _check_limits(self.nodes, self.aliases, depth, self.first_line + node.start_mark.line)
        written = written and not again
        if isinstance(node, yaml.MappingNode):
            self._mapping(node, path, depth, written)
        elif isinstance(node, yaml.SequenceNode):
            for position, item in enumerate(node.value):
                line = self.first_line + item.start_mark.line
                self.loaded.lines.setdefault((*path, position), line)
                self.index(item, (*path, position), depth + 1, written)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int, written: bool) -> None:
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = self.first_line + key_node.start_mark.line
            if key in seen:
                self.loaded.duplicates.append(((*path, key), line, seen[key]))
            else:
                seen[key] = line
                self.loaded.lines[(*path, key)] = line
            self.nodes += 1  # the key
            self.index(value_node, (*path, key), depth + 1, written)
