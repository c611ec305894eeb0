"""The package's layers point one way: every module imports alone, no cycle, nothing upward.

Layers, bottom to top (issue #17): primitives → config and schema → content → site,
syndication, stats and handbook → the build's assembly (issue 27: `build_assembly`, `serve`)
→ CLI. A module may import its own layer or a lower one; a module not placed in `LAYERS`
fails the test, so a new module has to be given a layer. Within the features' layer,
`site/` imports neither `syndication/` nor `handbook/`: the assembly puts them together.
"""

from __future__ import annotations

import ast
import functools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "newsroom"

PRIMITIVES, CONFIG, CONTENT, FEATURES, ASSEMBLY, CLI = range(6)
NAMES = [
    "primitives",
    "config and schema",
    "content",
    "site/syndication/stats/handbook",
    "build assembly",
    "CLI",
]
# Packages of one layer that must not import each other (source → forbidden targets).
APART: dict[str, tuple[str, ...]] = {"newsroom.site": ("newsroom.syndication", "newsroom.handbook")}

# Module (or package: it covers its submodules) → layer. The most specific entry wins.
LAYERS: dict[str, int] = {
    "newsroom": PRIMITIVES,  # the package itself: its docstring and version
    "newsroom.problems": PRIMITIVES,
    "newsroom.yamlsource": PRIMITIVES,
    "newsroom.clock": PRIMITIVES,
    "newsroom.ids": PRIMITIVES,
    "newsroom.safe_files": PRIMITIVES,
    "newsroom.safe_svg": PRIMITIVES,  # SVG brand files: pictures only (defusedxml)
    "newsroom.jsonl": PRIMITIVES,
    "newsroom.atomic_files": PRIMITIVES,
    "newsroom.forking": PRIMITIVES,
    "newsroom.fingerprint": PRIMITIVES,
    "newsroom.web_urls": PRIMITIVES,
    "newsroom.owned_folders": PRIMITIVES,
    "newsroom.html_templates": PRIMITIVES,
    "newsroom.validation": PRIMITIVES,
    "newsroom.markup": PRIMITIVES,  # the body's Markdown dialect and HTML allow-list: check and site
    "newsroom.urls": PRIMITIVES,  # the URL layout, declared once: links, schema and site read it
    "newsroom.image_metadata": PRIMITIVES,  # what published images lose: site and networks
    "newsroom.images": PRIMITIVES,  # image headers: content checks them, the site describes them
    "newsroom.video": PRIMITIVES,  # video addresses: providers and players (schema to site)
    "newsroom.audio": PRIMITIVES,  # audio type and duration, read from the file (mutagen)
    "newsroom.github_text": PRIMITIVES,
    "newsroom.github_api": PRIMITIVES,  # the one GitHub REST client (httpx)  # every text written to GitHub: mentions broken, no HTML
    "newsroom.crossref": PRIMITIVES,  # a DOI's paper from Crossref's REST API (httpx)
    "newsroom.scholarly": PRIMITIVES,  # DOIs and ORCID iDs by their published rules
    "newsroom.config": CONFIG,
    "newsroom.podcasts": CONFIG,  # podcast shows: Apple's categories, artwork
    "newsroom.branding": CONFIG,  # site.branding: colours checked for contrast, brand files
    "newsroom.schema": CONFIG,
    "newsroom.utm": CONFIG,
    "newsroom.networks": CONFIG,  # the adapters: config names them; they never read content
    "newsroom.content": CONTENT,
    "newsroom.sealing": CONTENT,  # sealed embargoed items: their header, age (pyrage)
    "newsroom.item_rules": CONTENT,
    "newsroom.audio_rules": CONTENT,  # episodes and audio attachments: files, types, transcripts
    "newsroom.gallery_rules": CONTENT,  # an item's gallery: its photos' files, at their lines
    "newsroom.body_files": CONTENT,  # files a body links to: never symbolic links
    "newsroom.links": CONTENT,
    "newsroom.body_rules": CONTENT,
    "newsroom.video_rules": CONTENT,  # the files an item's `video:` names  # what the site would remove from a body, at its line
    "newsroom.repository": CONTENT,
    "newsroom.build_cache": CONTENT,
    "newsroom.content_cache": CONTENT,  # what reading each file found, kept by its bytes
    "newsroom.authoring": CONTENT,
    "newsroom.site": FEATURES,
    "newsroom.syndication": FEATURES,
    "newsroom.stats": FEATURES,
    "newsroom.handbook": FEATURES,
    "newsroom.reference": FEATURES,
    "newsroom.catalogue": FEATURES,
    "newsroom.cms": FEATURES,
    "newsroom.review_clock": FEATURES,
    "newsroom.build_assembly": ASSEMBLY,  # checks, site, feeds, search, handbook, editor
    "newsroom.serve": ASSEMBLY,  # `newsroom serve`: builds, and patches pages (site/hot.py)
    "newsroom.commands": CLI,
}


def layer_of(module: str) -> int | None:
    """The layer of `module`: its own entry, its package's, or CLI for any `newsroom.cli*`."""
    if module.removeprefix(f"{PACKAGE}.").startswith("cli"):
        return CLI
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        layer = LAYERS.get(".".join(parts[:end]))
        if layer is not None and (end > 1 or len(parts) == 1):
            return layer
    return None


def all_modules() -> dict[str, Path]:
    """Every module of the package, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@dataclass(frozen=True)
class Import:
    """One import statement of a module, resolved to a module of the package."""

    source: str
    target: str
    line: int
    module_level: bool

    def __str__(self) -> str:
        where = "" if self.module_level else " (inside a function)"
        return f"{self.source} → {self.target} (line {self.line}){where}"


def _resolve(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute name of a `from … import` statement's module."""
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]):
    """The package modules a statement imports: a submodule when one is named, else the module."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = _resolve(node, module, is_package)
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        yield sub if sub in known else base


def _called_at_import(tree: ast.Module) -> set[str]:
    """Functions the module calls at its top level (`_register()`): their imports run then."""
    return {
        node.value.func.id
        for node in tree.body
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Name)
    }


def _statements(tree: ast.Module) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import of a module, and whether it runs when the module is imported."""
    called = _called_at_import(tree)
    function_level: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            if node in tree.body and getattr(node, "name", "") in called:
                continue  # its imports run at import time, like the module's own
            function_level.update(id(inner) for inner in ast.walk(node) if inner is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, id(node) not in function_level


def imports() -> list[Import]:
    """Every import between modules of the package, module-level or inside a function."""
    return list(_scanned())


@functools.cache  # four tests read the same scan of the package's 100 files
def _scanned() -> tuple[Import, ...]:
    modules = all_modules()
    known = set(modules)
    found = []
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        is_package = path.name == "__init__.py"
        for node, module_level in _statements(tree):
            for target in _targets(node, module, is_package, known):
                if target in known and target != module:
                    found.append(Import(module, target, node.lineno, module_level))
    return tuple(found)


def find_cycle(edges: list[Import]) -> list[Import]:
    """One cycle of module-level imports, as its edges; empty when there is none."""
    graph: dict[str, list[Import]] = {}
    for edge in edges:
        graph.setdefault(edge.source, []).append(edge)
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[Import] = []

    def visit(module: str) -> list[Import]:
        state[module] = 1
        for edge in graph.get(module, []):
            if state.get(edge.target) == 1:
                start = next(i for i, e in enumerate(path) if e.source == edge.target)
                return [*path[start:], edge]
            if edge.target not in state:
                path.append(edge)
                if cycle := visit(edge.target):
                    return cycle
                path.pop()
        state[module] = 2
        return []

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return []


def test_every_module_has_a_layer() -> None:
    unplaced = [m for m in all_modules() if layer_of(m) is None]
    assert not unplaced, "place these modules in tests/test_layers.py LAYERS: " + ", ".join(
        unplaced
    )


def test_no_import_points_upward() -> None:
    upward = [
        f"{edge}: {NAMES[layer_of(edge.source)]} imports {NAMES[layer_of(edge.target)]}"
        for edge in imports()
        if None not in (layer_of(edge.source), layer_of(edge.target))
        and layer_of(edge.target) > layer_of(edge.source)  # type: ignore[operator]
    ]
    assert not upward, "imports from a lower layer to a higher one:\n" + "\n".join(upward)


def kept_apart(edges: list[Import]) -> list[str]:
    """Imports between packages of one layer that must not know each other (`APART`)."""
    return [
        str(edge)
        for edge in edges
        for source, targets in APART.items()
        if _within(edge.source, source) and any(_within(edge.target, t) for t in targets)
    ]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_site_imports_neither_syndication_nor_handbook() -> None:
    wrong = kept_apart(imports())
    assert not wrong, "site/ must not import these (build_assembly does):\n" + "\n".join(wrong)


def test_the_scan_sees_site_importing_checks_or_handbook() -> None:
    checks = Import("newsroom.site.build", "newsroom.syndication.checks", 33, True)
    handbook = Import("newsroom.site.build", "newsroom.handbook.build", 266, False)
    assembly = Import("newsroom.build_assembly", "newsroom.handbook.build", 1, True)
    assert kept_apart([checks, handbook, assembly]) == [str(checks), str(handbook)]
    assert layer_of("newsroom.build_assembly") == ASSEMBLY > layer_of("newsroom.site.build")


def test_no_module_level_import_cycle() -> None:
    cycle = find_cycle([edge for edge in imports() if edge.module_level])
    assert not cycle, "module-level import cycle:\n" + "\n".join(map(str, cycle))


def test_the_scan_sees_cycles_and_function_imports() -> None:
    # The scanner itself, on made-up edges: a test that cannot fail proves nothing.
    a_b = Import("p.a", "p.b", 1, True)
    b_a = Import("p.b", "p.a", 2, True)
    assert find_cycle([a_b, b_a]) == [a_b, b_a]
    assert find_cycle([a_b]) == []
    tree = ast.parse("import os\ndef f():\n    from . import content\n")
    assert [level for _, level in _statements(tree)] == [True, False]
    tree = ast.parse("def register():\n    from . import cli_site\n\nregister()\n")
    assert [level for _, level in _statements(tree)] == [True]
    assert layer_of("newsroom.cli_site") == CLI
    assert layer_of("newsroom.networks.declaration") == CONFIG
    assert layer_of("newsroom.unknown") is None


# Runs in a fresh interpreter: third-party libraries are imported once, then each module of
# the package is imported in a forked child, so no module of the package is loaded before it
# (what "imports on its own" means) without paying the interpreter's start-up 80 times.
_DRIVER = """
import importlib, os, sys, traceback
for library in sys.argv[1].split(","):
    try:
        importlib.import_module(library)
    except Exception:
        pass
assert not [m for m in sys.modules if m == "newsroom" or m.startswith("newsroom.")]
failed = 0
for module in sys.argv[2:]:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(module)
        except BaseException as error:
            last = traceback.format_exception_only(type(error), error)[-1].strip()
            print(f"{module}: {last}", flush=True)
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    failed += status != 0
sys.exit(1 if failed else 0)
"""


def libraries() -> list[str]:
    """The third-party modules the package imports when its modules are imported (atproto,
    pelican's, PIL, ...): imported once before the forks, they change nothing of the package,
    and each child is left to import the package's own modules (and the standard library's)."""
    found = set()
    for path in all_modules().values():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node, module_level in _statements(tree):
            if isinstance(node, ast.Import) and module_level:
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and module_level and not node.level:
                found.add(node.module or "")
    top = {name: name.partition(".")[0] for name in found}
    return sorted(n for n, t in top.items() if t not in sys.stdlib_module_names | {"", PACKAGE})


def test_every_module_imports_alone() -> None:
    if not hasattr(os, "fork"):
        modules = sorted(all_modules())  # no fork: one interpreter per module, slower
        runs = [subprocess.run([sys.executable, "-c", f"import {m}"]) for m in modules]
        assert all(run.returncode == 0 for run in runs)
        return
    result = subprocess.run(
        [sys.executable, "-c", _DRIVER, ",".join(libraries()), *sorted(all_modules())],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=300,
    )
    assert result.returncode == 0, (
        "modules that fail to import on their own:\n" + result.stdout + result.stderr
    )
