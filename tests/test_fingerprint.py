"""The library lists that key kept results: complete for what reading imports, all real."""

from __future__ import annotations

import ast
import sys
from importlib.metadata import packages_distributions, version
from pathlib import Path

from newsroom import fingerprint

PACKAGE = Path(fingerprint.__file__).parent
# The modules whose results the check cache keeps (content_cache, build_cache): reading a
# file's YAML and front matter and validating it against the declared models.
READERS = ("content.py", "schema.py", "config.py", "yamlsource.py", "validation.py", "web_urls.py")


def distributions_imported_by(path: Path) -> set[str]:
    """The installed distributions (normalized names) a module imports from."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    owners = packages_distributions()
    return {
        owner.lower().replace("_", "-")
        for module in modules - set(sys.stdlib_module_names) - {"newsroom"}
        for owner in owners.get(module, [])
    }


def test_every_library_reading_imports_keys_the_check_cache() -> None:
    imported = set().union(*(distributions_imported_by(PACKAGE / name) for name in READERS))
    assert "pydantic" in imported  # the scan sees the validation library
    assert imported <= set(fingerprint.READING_LIBRARIES), imported


def test_every_listed_library_is_installed() -> None:
    for name in fingerprint.ALL_LIBRARIES:
        assert version(name), name  # a misspelt name would be "" in every key, silently
    assert fingerprint.library_versions(("no-such-library-anywhere",)) == [""]
