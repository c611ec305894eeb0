"""The contributors' handbook: Material for MkDocs, built strict into `<output>/handbook/`.

The pages live in `docs/`, the configuration in `mkdocs.yml`; `docs/hooks/reference.py`
generates the reference tables and the error catalogue from the code at build time.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..owned_folders import claim_folder
from ..problems import Problem, ProblemsFound

MKDOCS_FILE = "mkdocs.yml"
HANDBOOK_DIR = "handbook"


CHECKOUT = Path(__file__).resolve().parents[3]


class HandbookFailed(RuntimeError):
    """MkDocs refused the handbook (a broken link, a missing page, a warning in strict mode)."""


def _config(root: Path, **overrides: object):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config

    # A newsroom without a handbook of its own gets the one of the Newsroom checkout it runs
    # from: the handbook documents the tool, and its references come from the code.
    path = next(
        (p for p in (root / MKDOCS_FILE, CHECKOUT / MKDOCS_FILE) if p.is_file()), root / MKDOCS_FILE
    )
    if not path.is_file():
        raise ProblemsFound([Problem(MKDOCS_FILE, 1, "", f"no {MKDOCS_FILE} in {root}")])
    return load_config(str(path), **overrides)


def handbook_key(root: Path, code: str) -> str:
    """A digest of everything the handbook is built from: a new one means build it again.

    Its pages and mkdocs.yml, the newsroom's configuration, Newsroom's code (`code`: the
    references are generated from the schema) and the MkDocs packages' versions.
    """
    from importlib.metadata import version

    from ..fingerprint import digest, tree_digest

    mkdocs_file = next(
        (p for p in (root / MKDOCS_FILE, CHECKOUT / MKDOCS_FILE) if p.is_file()), None
    )
    if mkdocs_file is None:
        return digest("no handbook")
    config = root / "newsroom.yml"
    return digest(
        mkdocs_file.read_bytes(),
        tree_digest(mkdocs_file.parent / "docs"),
        config.read_bytes() if config.is_file() else b"",
        code,
        [version(name) for name in ("mkdocs", "mkdocs-material", "pymdown-extensions")],
    )


def build_handbook(root: Path, output: Path) -> Path:
    """Build the handbook strictly into `output/handbook/`; HandbookFailed on any warning."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    # MkDocs empties its site folder first: only ever one Newsroom made (or an empty one).
    site_dir = claim_folder(root, output / HANDBOOK_DIR, "--output")
    warnings = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = _config(root, site_dir=str(site_dir), strict=True)
        build(config)
    except (MkDocsException, SystemExit) as error:
        details = "\n".join(warnings.messages) or str(error)
        raise HandbookFailed(f"the handbook did not build:\n{details}") from None
    finally:
        logger.removeHandler(warnings)
    return site_dir


def serve_handbook(root: Path, port: int = 8001) -> None:
    """Serve the handbook with live reload on http://127.0.0.1:PORT/ (pages, hooks, code)."""
    from mkdocs.commands.serve import serve

    # The generated pages depend on the code and the configuration too: rebuild when they change.
    code = Path(__file__).resolve().parent
    watch = [str(path) for path in (code, root / "newsroom.yml") if path.exists()]
    serve(str(root / MKDOCS_FILE), dev_addr=f"127.0.0.1:{port}", livereload=True, watch=watch)


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so a failed build says what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
