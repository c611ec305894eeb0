"""Fixtures of the site tests: the example site built once per session, served on loopback."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest

from newsroom.build_assembly import BuildResult, build_site
from newsroom.repository import open_newsroom
from newsroom.site.model import item_state
from newsroom.site.responsive import CACHE_FOLDER

PROJECT = Path(__file__).resolve().parents[2]
NPM = PROJECT / ".cache/npm/site-tests/node_modules"
AXE = NPM / "axe-core/axe.min.js"
VNU = NPM / "vnu-jar/build/dist/vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The example site is built as at this instant, so which items are drafts or scheduled
# does not depend on the day the tests run.
EXAMPLE_NOW = datetime.fromisoformat("2026-11-23T12:00:00+00:00")


def require(path: Path, what: str) -> None:
    """Skip when a browser-test tool is missing on a developer machine; fail on CI."""
    if path.exists():
        return
    message = f"{what} not found at {path} — run scripts/install-browser.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


# The handbook (MkDocs) and the web editor (Decap) are built beside the site and tested
# in tests/handbook/; the site's own rules (theme, footer, sanitising) apply to the rest.
OTHER_BUILDS = ("handbook", "admin")


def site_pages(output: Path) -> list[Path]:
    """The HTML pages of the Pelican site in `output`."""
    return sorted(
        p for p in output.rglob("*.html") if p.relative_to(output).parts[0] not in OTHER_BUILDS
    )


@dataclass
class ExampleSite:
    """The example newsroom built into a temporary folder, and what it should contain."""

    root: Path
    output: Path
    result: BuildResult
    published: list  # Items live on the public site
    unpublished: list  # drafts and scheduled items

    def html_files(self) -> list[Path]:
        return site_pages(self.output)

    def feeds(self) -> list[Path]:
        return sorted((self.output / "feeds").glob("*.xml"))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> ExampleSite:
    """The example content of the repository, built once for the whole session."""
    output = tmp_path_factory.mktemp("example") / "output"
    result = build_site(PROJECT, output, now=EXAMPLE_NOW)
    items = open_newsroom(PROJECT).content.items
    published = [i for i in items if item_state(i, EXAMPLE_NOW) == "published"]
    unpublished = [i for i in items if item_state(i, EXAMPLE_NOW) != "published"]
    assert published and unpublished, "the example should have live and unpublished items"
    return ExampleSite(PROJECT, output, result, published, unpublished)


@pytest.fixture(scope="session")
def example_url(example_site: ExampleSite, serve_folder) -> str:
    """Base URL of the example site served on loopback."""
    return serve_folder(example_site.output)


@pytest.fixture
def small_newsroom(newsroom: Path) -> Path:
    """The tiny newsroom of tests/conftest.py, with an about page and a statement."""
    pages = newsroom / "content/pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "about.md").write_text("---\ntitle: About us\n---\nWho we are.\n", encoding="utf-8")
    (pages / "accessibility.md").write_text(
        "---\ntitle: Accessibility\n---\nThis site is partially compliant.\n", encoding="utf-8"
    )
    return newsroom


def copy_example(target: Path, *, image_variants: bool = True) -> Path:
    """A copy of the example newsroom (config and content) that a test may change; with
    `image_variants`, its photos' variants already in `.cache/images/` for its builds."""
    shutil.copy(PROJECT / "newsroom.yml", target / "newsroom.yml")
    shutil.copytree(PROJECT / "content", target / "content")
    if image_variants:
        shutil.copytree(example_image_variants(), target / CACHE_FOLDER)
    return target


@cache
def example_image_variants() -> Path:
    """The variants of the example's photos, made once per test process by a cold build.

    `.cache/images/` holds each variant under the hash of its photo's bytes
    (site/responsive.py): every build of a copy, first or clean, would read or make the same
    files — a test's second build already reads them. Made once, they spare each test that
    builds a copy the cold image work (the most of its time); test_responsive_images.py and
    test_image_metadata.py test that work on newsrooms of their own."""
    scratch = Path(tempfile.mkdtemp(prefix="example-image-variants-"))
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    root = copy_example(scratch, image_variants=False)
    build_site(root, scratch / "site", now=EXAMPLE_NOW, use_git=False, with_handbook=False)
    return root / CACHE_FOLDER
