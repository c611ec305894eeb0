"""One mkdocs.yml, two engines: Material for MkDocs and Zensical build the same pages.

Zensical (pinned in scripts/zensical/uv.lock, installed into .cache/zensical/ by
scripts/install-zensical.sh) cannot share .venv with Pelican (pygments), so it runs as a
command. It reads mkdocs.yml as it is, after `newsroom handbook --reference-only` wrote the
generated sources, exactly as a newsroom moving to Zensical would run it.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from newsroom.handbook.build import build_handbook

from ..conftest import PROJECT

ZENSICAL = PROJECT / ".cache/zensical/bin/zensical"


def html_pages(site: Path) -> set[str]:
    """The HTML pages a build wrote, by their path in the site."""
    return {page.relative_to(site).as_posix() for page in site.rglob("*.html")}


def zensical_build(project: Path) -> Path:
    """`zensical build` of the project's own mkdocs.yml (strict, as the file says)."""
    if not ZENSICAL.is_file():
        message = f"Zensical not found at {ZENSICAL} — run scripts/install-zensical.sh"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    built = subprocess.run(
        [str(ZENSICAL), "build", "--clean", "--config-file", "mkdocs.yml"],
        cwd=project, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return project / "output/handbook"  # mkdocs.yml's site_dir


def test_material_and_zensical_build_the_same_pages(
    tmp_path: Path, handbook_project: Path, run
) -> None:
    started = time.perf_counter()
    material = build_handbook(handbook_project, tmp_path / "material")
    material_seconds = time.perf_counter() - started

    generated = run(handbook_project, "handbook", "--reference-only")
    assert generated.exit_code == 0, generated.output
    started = time.perf_counter()
    zensical = zensical_build(handbook_project)
    zensical_seconds = time.perf_counter() - started

    pages = html_pages(material)
    assert len(pages) >= 15 and "reference/front-matter/index.html" in pages
    assert html_pages(zensical) == pages
    # Zensical included the generated sections too (it runs no hook of ours).
    front_matter = (zensical / "reference/front-matter/index.html").read_text(encoding="utf-8")
    assert "image_alt" in front_matter and "--8&lt;--" not in front_matter
    print(f"handbook: Material {material_seconds:.1f} s, Zensical {zensical_seconds:.1f} s")


def test_zensical_fails_on_a_broken_link_too(handbook_project: Path, run) -> None:
    """Strict in mkdocs.yml holds for Zensical: a CI run with it catches what MkDocs would."""
    page = handbook_project / "docs/review.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [this](charter.md#no-such-part).\n")
    assert run(handbook_project, "handbook", "--reference-only").exit_code == 0

    with pytest.raises(AssertionError, match="anchor"):
        zensical_build(handbook_project)
