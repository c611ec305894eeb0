"""Pelican through its public extension points only (issue 27, item 2).

Two rules of docs/maintainers/pelican.md: the `NEWSROOM_*` settings Pelican runs with hold
plain data (the build's live objects travel on the Pelican instance, see site/build.py),
and no module of Newsroom reads a private attribute (`._name`) of a Pelican object.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

import pelican
from pelican import signals

from newsroom.build_assembly import build_site
from newsroom.site.hot import HotPages

PROJECT = Path(__file__).resolve().parents[2]
OURS = [PROJECT / "src" / "newsroom", PROJECT / "plugins"]
# The calls that read or write an attribute named by a string.
BY_NAME = frozenset({"getattr", "setattr", "hasattr", "delattr"})


def plain(value: object) -> bool:
    """Data a setting may hold: what a configuration file could write, or a path."""
    if value is None or isinstance(value, str | int | float | bool | PurePath):
        return True
    if isinstance(value, list | tuple):
        return all(plain(entry) for entry in value)
    if isinstance(value, dict):
        return all(plain(key) and plain(entry) for key, entry in value.items())
    return False


def test_plain_tells_data_from_live_objects() -> None:
    assert plain({"a": [1, 2.5, ("y", None, True)], "p": Path("/tmp")})
    assert not plain(object())
    assert not plain([{"model": object()}])
    assert not plain(len)  # a function is no data either


def live_settings(settings: dict[str, Any]) -> dict[str, str]:
    """The `NEWSROOM_*` settings holding something else than plain data, with its type."""
    ours = {name: value for name, value in settings.items() if name.startswith("NEWSROOM_")}
    return {name: type(value).__name__ for name, value in ours.items() if not plain(value)}


def test_newsroom_settings_hold_plain_data(small_newsroom: Path, run) -> None:
    """The settings of a real `newsroom build`, as Pelican ends it (anything a signal
    handler added included)."""
    seen: list[dict[str, Any]] = []

    def keep(sender: Any) -> None:
        seen.append(dict(sender.settings))

    with signals.finalized.connected_to(keep):
        result = run(small_newsroom, "build", "--clean")
    assert result.exit_code == 0, result.output
    assert len(seen) == 1 and Path(seen[0]["PATH"]) == small_newsroom / "content"
    assert live_settings(seen[0]) == {}


def test_serve_builds_hold_plain_settings_too(small_newsroom: Path) -> None:
    """`serve` keeps the item pages it can remake (site/hot.py): not through a setting."""
    seen: list[dict[str, Any]] = []

    def keep(sender: Any) -> None:
        seen.append(dict(sender.settings))

    hot = HotPages(checks=())
    with signals.finalized.connected_to(keep):
        build_site(small_newsroom, small_newsroom / "output", with_handbook=False, hot=hot)
    assert len(seen) == 1 and hot.pages  # the hot pages were kept, by the writer
    assert live_settings(seen[0]) == {}


def pelican_private_names() -> frozenset[str]:
    """Every private name (`_name`, not `__dunder__`) Pelican's own code uses or defines."""
    names = set()
    for path in Path(pelican.__file__).parent.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                names.add(node.name)
    return frozenset(name for name in names if _private(name))


def _private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def private_reads(source: str, pelican_names: frozenset[str]) -> Iterator[tuple[int, str]]:
    """`(line, code)` of each use of a private name of Pelican's in `source`.

    `self._name` (or `cls._name`) is a class's own business, unless the class derives from one
    imported from Pelican: then `_name` may be the base class's private attribute.
    """
    tree = ast.parse(source)
    from_pelican = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pelican")
        for alias in node.names
    }
    own_classes = _classes_of_methods(tree, from_pelican)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in pelican_names:
            receiver = node.value
            mine = isinstance(receiver, ast.Name) and receiver.id in {"self", "cls"}
            if mine and own_classes.get(id(node), False):
                continue
            yield node.lineno, ast.unparse(node)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in BY_NAME
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in pelican_names
        ):
            yield node.lineno, ast.unparse(node)


def _classes_of_methods(tree: ast.AST, from_pelican: set[str]) -> dict[int, bool]:
    """For each attribute node inside a class: whether that class is ours alone (no base
    imported from Pelican)."""
    owned: dict[int, bool] = {}
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef):
            continue
        bases = {ast.unparse(base).split(".")[0] for base in cls.bases}
        ours = not (bases & from_pelican)
        for node in ast.walk(cls):
            if isinstance(node, ast.Attribute):
                owned[id(node)] = owned.get(id(node), True) and ours
    return owned


def test_the_check_finds_private_reads() -> None:
    """The scan below would see the reads it forbids (the old CachingWriter's among them)."""
    names = pelican_private_names()
    assert {"_written_files", "_build_period_archives", "_update_context"} <= names
    old_writer = (
        "from pelican.writers import Writer\n"
        "class CachingWriter(Writer):\n"
        "    def write_file(self, name):\n"
        "        self._written_files.add(name)\n"
    )
    assert list(private_reads(old_writer, names)) == [(4, "self._written_files")]
    generator_hook = "def index(generator):\n    generator._update_context(('tags',))\n"
    assert list(private_reads(generator_hook, names)) == [(2, "generator._update_context")]
    by_name = "def summary(article):\n    return getattr(article, '_summary')\n"
    assert [line for line, _ in private_reads(by_name, names)] == [2]
    own = "class Ledger:\n    def status(self):\n        return self._status\n"
    assert list(private_reads(own, names)) == []


def test_no_module_reads_a_private_attribute_of_pelican() -> None:
    names = pelican_private_names()
    found = [
        f"{path.relative_to(PROJECT)}:{line}: {code}"
        for folder in OURS
        for path in sorted(folder.rglob("*.py"))
        for line, code in private_reads(path.read_text(encoding="utf-8"), names)
    ]
    assert found == []


def test_read_contents_are_found_by_their_path_as_pelican_finds_them(
    small_newsroom: Path,
) -> None:
    """Newsroom's generator files each article and page in Pelican's context under the path
    `get_relative_source_path()` gives (what `{filename}` links look up), as Pelican's own
    `add_source_path` does, from the path the object found when it was made."""
    from itertools import chain

    from newsroom.site.generator import NewsroomGenerator

    seen: list[Any] = []
    with signals.article_generator_finalized.connected_to(seen.append):
        build_site(small_newsroom, small_newsroom / "output", with_handbook=False)
    ours = [generator for generator in seen if isinstance(generator, NewsroomGenerator)]
    assert len(ours) == 1 and ours[0].articles
    generator = ours[0]
    generated = generator.context["generated_content"]
    contents = list(chain(generator.articles, generator.hidden_articles, generator.pages))
    for content in contents:
        assert generated[content.get_relative_source_path()] is content
    assert len({id(content) for content in generated.values()} & set(map(id, contents))) == len(
        contents
    )
