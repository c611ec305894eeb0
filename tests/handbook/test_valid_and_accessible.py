"""Every handbook page is valid HTML (Nu) and accessible (pa11y, axe-core, Lighthouse).

Fixed by the theme (Material's templates patched, `material_patches.py`) and the colours,
never by leaving a page out: every page the build writes is checked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from newsroom.handbook.build import build_handbook

from ..conftest import PROJECT
from ..site.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, VNU, require

PA11Y_MODULES = PROJECT / ".cache/npm/pa11y/node_modules"
PA11Y = PA11Y_MODULES / ".bin/pa11y"
PA11Y_PAGES = Path(__file__).with_name("pa11y_pages.cjs")


@pytest.fixture(scope="module")
def handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_handbook(PROJECT, tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def handbook_url(handbook: Path, serve_folder) -> str:
    return serve_folder(handbook) + "/"


def page_paths(handbook: Path) -> list[str]:
    """Every page's URL path under the handbook (`errors/`, `404.html`, the home as ``)."""
    paths = []
    for page in sorted(handbook.rglob("*.html")):
        relative = page.relative_to(handbook).as_posix()
        paths.append(relative.removesuffix("index.html"))
    return paths


def test_every_page_is_valid_html(handbook: Path) -> None:
    require(VNU, "the Nu HTML Checker (vnu.jar)")
    java = shutil.which("java")
    assert java, "java not found — run scripts/install-browser.sh"
    pages = sorted(handbook.rglob("*.html"))
    assert len(pages) >= 15
    checked = subprocess.run(
        [java, "-Xss8m", "-jar", str(VNU), "--format", "gnu", "--errors-only", *map(str, pages)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = (checked.stdout + checked.stderr).strip()
    assert checked.returncode == 0 and not messages, messages


def test_pa11y_finds_no_error_on_any_page(
    handbook: Path, handbook_url: str, tmp_path: Path
) -> None:
    require(PA11Y, "pa11y (scripts/install-pa11y.sh)")
    require(CHROMIUM, "Debian's chromium")
    config = tmp_path / "pa11y.json"
    launch = {"executablePath": str(CHROMIUM), "args": CHROMIUM_ARGS}
    config.write_text(json.dumps({"chromeLaunchConfig": launch, "timeout": 60000}))
    paths = page_paths(handbook)
    # pa11y's own API in one browser for every page (its command line starts one per page).
    done = subprocess.run(
        ["node", str(PA11Y_PAGES), str(PA11Y_MODULES), str(config),
         *(handbook_url + path for path in paths)],
        capture_output=True, text=True, timeout=120 + 60 * len(paths), check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(done.stdout)
    assert len(results) == len(paths)
    found = {}
    for path in paths:
        issues = results[handbook_url + path]
        if isinstance(issues, dict):  # pa11y could not audit the page
            found[path] = issues["error"][-500:]
        elif errors := [(i["code"], i["selector"]) for i in issues if i["type"] == "error"]:
            found[path] = errors
    assert found == {}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_serious_on_any_page(
    browser, handbook: Path, handbook_url: str, scheme: str
) -> None:
    page = browser.new_page(color_scheme=scheme)
    # axe-core given to every page as it opens: measured a third faster than a script tag
    # added after each load, with the same violations found.
    page.add_init_script(path=str(AXE))
    found = {}
    for path in page_paths(handbook):
        page.goto(handbook_url + path, wait_until="load")
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            (v["id"], v["nodes"][0]["target"])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[path] = serious
    page.close()
    assert found == {}


LIGHTHOUSE_PAGES = ["", "reference/front-matter/", "errors/"]


@pytest.mark.parametrize("path", LIGHTHOUSE_PAGES)
def test_lighthouse_scores_at_least_95(handbook_url: str, path: str) -> None:
    from ..site.lighthouse import GOAL, lighthouse_reports

    urls = [handbook_url + page for page in LIGHTHOUSE_PAGES]
    report = lighthouse_reports(urls, handbook_url + path)

    assert report.below(GOAL) == {}, report.scores
