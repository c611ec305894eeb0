"""The contributors' handbook: Material for MkDocs, built strict into `<output>/handbook/`.

The pages live in `docs/`, the configuration in `mkdocs.yml`. What comes from the code and
`newsroom.yml` (reference tables, error catalogue, colours, patched templates) is written
first into `build/handbook/` by `generated.write_sources`, so MkDocs runs no code of ours and
Zensical can build the same `mkdocs.yml` after `newsroom handbook --reference-only`.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from ..owned_folders import claim_folder
from ..problems import Problem, ProblemsFound
from ..safe_files import link_refusal
from .generated import OVERRIDES, SECTIONS, THEME_MATERIAL, sources_folder, write_sources
from .material_patches import MaterialChanged

MKDOCS_FILE = "mkdocs.yml"
HANDBOOK_DIR = "handbook"


CHECKOUT = Path(__file__).resolve().parents[3]


class HandbookFailed(RuntimeError):
    """MkDocs refused the handbook (a broken link, a missing page, a warning in strict mode)."""


def mkdocs_file(root: Path) -> Path:
    """The newsroom's mkdocs.yml, or (without one) that of the Newsroom checkout running."""
    # A newsroom without a handbook of its own gets the one of the Newsroom checkout it runs
    # from: the handbook documents the tool, and its references come from the code.
    path = next((p for p in (root / MKDOCS_FILE, CHECKOUT / MKDOCS_FILE) if p.is_file()), None)
    if path is None:
        raise ProblemsFound([Problem(MKDOCS_FILE, 1, "", f"no {MKDOCS_FILE} in {root}")])
    return path


def config_overrides(root: Path, path: Path) -> dict[str, object]:
    """What Newsroom's builds change in mkdocs.yml: generated paths, the site's name and URL.

    The generated sources are those of `root` (its newsroom.yml), wherever mkdocs.yml is;
    MkDocs gets the theme folder with Material's patched templates (`theme-material/`).
    """
    from mkdocs.utils.yaml import yaml_load

    from ..config import load_config as load_site

    with path.open(encoding="utf-8") as source:
        raw = yaml_load(source)
    sources = write_sources(root, overrides=path.parent / OVERRIDES)
    theme = {**raw["theme"], "custom_dir": str(sources / THEME_MATERIAL)}
    # As one mapping (name → options), not MkDocs' list of one-key mappings: validating a
    # list empties its mappings (`popitem`), and `serve` validates these overrides again at
    # every rebuild — the second rebuild failed with "dictionary is empty".
    extensions: dict[str, object] = {}
    for entry in raw.get("markdown_extensions", []):
        named = entry if isinstance(entry, dict) else {entry: None}
        extensions.update(_absolute_snippets(named, sources / SECTIONS))
    site = load_site(root).site
    return {
        "theme": theme,
        "markdown_extensions": extensions,
        "site_name": _markup_safe(f"{site.name} — handbook"),
        "site_url": f"{site.url}/handbook/",  # no quotes or brackets: config.check_web_url
    }


def _markup_safe(text: str) -> str:
    """`text` HTML-escaped once, as Jinja's Markup: right in every template that prints it.

    Material prints `config.site_name` both raw (`aria-label="{{ config.site_name }}"`) and
    through `| e`; MkDocs does not autoescape. Markup prints escaped in the first, and `| e`
    leaves it as it is, so `"><img onerror=…>` in a site name shows as text everywhere.
    """
    from markupsafe import Markup, escape

    return Markup(escape(text))


def _absolute_snippets(entry: dict[str, object], sections: Path) -> dict[str, object]:
    if "pymdownx.snippets" in entry:
        options = dict(entry["pymdownx.snippets"] or {})  # type: ignore[call-overload]
        return {"pymdownx.snippets": {**options, "base_path": [str(sections)]}}
    return entry


def _config(root: Path, **overrides: object):  # type: ignore[no-untyped-def]
    from mkdocs.config import load_config

    path = mkdocs_file(root)
    return load_config(str(path), **{**config_overrides(root, path), **overrides})


def handbook_key(root: Path, code: str) -> str:
    """A digest of everything the handbook is built from: a new one means build it again.

    Its pages and mkdocs.yml, the newsroom's configuration, Newsroom's code (`code`: the
    references are generated from the schema) and the MkDocs packages' versions.
    """
    from ..fingerprint import HANDBOOK_LIBRARIES, digest, library_versions, tree_digest

    try:
        path = mkdocs_file(root)
    except ProblemsFound:
        return digest("no handbook")
    config = root / "newsroom.yml"
    return digest(
        path.read_bytes(),
        tree_digest(path.parent / "docs"),
        config.read_bytes() if config.is_file() else b"",
        code,
        library_versions(HANDBOOK_LIBRARIES),
    )


def build_handbook(root: Path, output: Path) -> Path:
    """Build the handbook strictly into `output/handbook/`; HandbookFailed on any warning."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException
    from pymdownx.snippets import SnippetMissingError

    _refuse_links(mkdocs_file(root).parent)
    # MkDocs empties its site folder first: only ever one Newsroom made (or an empty one).
    site_dir = claim_folder(root, output / HANDBOOK_DIR, "--output")
    warnings = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    try:
        config = _config(root, site_dir=str(site_dir), strict=True)
        build(config)
    except (MaterialChanged, SnippetMissingError) as error:
        # SnippetMissingError: a page includes a generated section that does not exist.
        raise HandbookFailed(f"the handbook did not build: {error}") from None
    except (MkDocsException, SystemExit) as error:
        details = "\n".join(warnings.messages) or str(error)
        raise HandbookFailed(f"the handbook did not build:\n{details}") from None
    finally:
        logger.removeHandler(warnings)
    return site_dir


def _refuse_links(project: Path) -> None:
    """HandbookFailed if `docs/` holds a symbolic link: MkDocs would publish its target."""
    docs = project / "docs"
    linked = [
        os.path.relpath(os.path.join(folder, name), project)
        for folder, folders, files in os.walk(docs)
        for name in (*folders, *files)
        if os.path.islink(os.path.join(folder, name))
    ]
    if linked:
        lines = [f"{path}: {link_refusal(path, path)}" for path in sorted(linked)]
        raise HandbookFailed("the handbook did not build:\n" + "\n".join(lines))


def serve_handbook(root: Path, port: int = 8001) -> None:
    """Serve the handbook with live reload on http://127.0.0.1:PORT/ (pages, code, config).

    MkDocs watches the pages and the generated sources; a thread of ours writes the
    sources again when the code, newsroom.yml or the theme overrides change.
    """
    from mkdocs.commands.serve import serve

    path = mkdocs_file(root)
    overrides = config_overrides(root, path)
    stop = threading.Event()
    inputs = [Path(__file__).resolve().parents[1], root / "newsroom.yml", path.parent / OVERRIDES]
    watcher = threading.Thread(
        target=_rewrite_on_change, args=(root, path, [p for p in inputs if p.exists()], stop),
        daemon=True,
    )  # fmt: skip
    watcher.start()
    generated = sources_folder(root)
    try:
        serve(
            str(path),
            dev_addr=f"127.0.0.1:{port}",
            livereload=True,
            # MkDocs polls what it watches every half second: the theme's installed files
            # (Material's ~34,000 icons) would cost a quarter of a core at idle. Watched
            # instead: the generated sections and theme, rewritten by `_rewrite_on_change`.
            watch_theme=False,
            watch=[str(generated / SECTIONS), str(generated / THEME_MATERIAL)],
            **overrides,
        )
    finally:
        stop.set()


def _rewrite_on_change(root: Path, path: Path, inputs: list[Path], stop: threading.Event) -> None:
    import watchfiles

    for _changes in watchfiles.watch(*inputs, stop_event=stop):
        try:
            write_sources(root, overrides=path.parent / OVERRIDES)
        except Exception as error:  # a broken config or code: keep serving the last good one
            logging.getLogger("mkdocs").warning("the handbook's sources: %s", error)


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so a failed build says what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
