"""YAML loading that remembers the line of every key and refuses duplicate keys.

Plain PyYAML keeps the last of two identical keys silently; a contributor who writes
`title:` twice would never know which one is published. We compose the node tree
first (C-accelerated when available), index it, then construct the Python values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

KeyPath = tuple[str | int, ...]


class YamlSyntaxError(Exception):
    """The text is not valid YAML; `line` is 1-based in the file."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.message = message
        self.line = line


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


def load_yaml(text: str, first_line: int = 1) -> LoadedYaml:
    """Parse `text` whose first line is line `first_line` of its file."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        loaded = LoadedYaml(data=None)
        if node is None:
            return loaded
        _index(node, (), loaded, first_line)
        loaded.data = loader.construct_document(node)
        return loaded
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = error.problem or error.context or "invalid YAML"
        raise YamlSyntaxError(
            f"invalid YAML: {problem} — check the quotes, colons and indentation of this line "
            "and of the lines above (text with `: ` needs quotes)",
            line,
        ) from None
    except yaml.YAMLError as error:  # e.g. a reader error on a control character
        raise YamlSyntaxError(f"invalid YAML: {error}", first_line) from None
    finally:
        loader.dispose()


def _index(node: yaml.Node, path: KeyPath, loaded: LoadedYaml, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            line = first_line + key_node.start_mark.line
            if key in seen:
                loaded.duplicates.append(((*path, key), line, seen[key]))
            else:
                seen[key] = line
                loaded.lines[(*path, key)] = line
            _index(value_node, (*path, key), loaded, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            loaded.lines.setdefault((*path, position), first_line + item.start_mark.line)
            _index(item, (*path, position), loaded, first_line)
