"""Digests that name what a result was made from, for the caches of builds and checks."""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# The libraries whose version changes what each stage makes, declared once: a kept result
# is keyed by the versions of its stage's libraries, so an upgrade never serves a stale one.
READING_LIBRARIES = (
    "pyyaml", "python-frontmatter", "pydantic", "pydantic-core", "pyromark", "nh3", "regex",
)  # fmt: skip
RENDERING_LIBRARIES = (
    "pelican", "jinja2", "markupsafe", "nh3", "pyromark", "feedgen", "pillow", "icalendar",
)  # fmt: skip
HANDBOOK_LIBRARIES = ("mkdocs", "mkdocs-material", "pymdown-extensions")
SEARCH_LIBRARIES = ("pagefind", "pagefind-bin")
ALL_LIBRARIES = tuple(
    dict.fromkeys(READING_LIBRARIES + RENDERING_LIBRARIES + HANDBOOK_LIBRARIES + SEARCH_LIBRARIES)
)


def digest(*parts: object) -> str:
    """A key from parts (str/bytes as they are, anything else by its `repr`)."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else str(part).encode()
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def tree_digest(*folders: Path) -> str:
    """A key of every file under `folders` (paths and bytes), e.g. the theme or the code."""
    parts: list[object] = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if "__pycache__" not in path.parts:
                parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Newsroom's own code (this package), as installed or checked out."""
    return tree_digest(Path(__file__).resolve().parent)


def library_versions(names: tuple[str, ...]) -> list[str]:
    """The installed version of each library ("" for one that is not installed)."""
    return [_installed_version(name) for name in names]


@cache
def _installed_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""
