"""Values of newsroom.yml in the handbook are text, never markup (issue #26).

`site.name` reaches Material's templates (`aria-label="{{ config.site_name }}"`, unescaped)
and theme names the generated themes table: a name such as `"><img src=z onerror=…>` must
show as text on every page, and no script may run. Checked in headless Chromium on every
page `newsroom handbook` writes. A site URL with a quote is refused by `check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from newsroom.cli import main

HOSTILE_NAME = '"><img src=z onerror=alert(1)> & <script>alert(2)</script>'
HOSTILE_THEME = "<img src=y onerror=alert(3)> [x](javascript:alert(4)) &amp; | *"


def _newsroom(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--root", str(root), *args], env={"GITHUB_ACTIONS": "false"})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def hostile_handbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from .conftest import PROJECT, copy_config

    root = tmp_path_factory.mktemp("hostile-handbook")
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT / "docs", root / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    copy_config(root)
    config = yaml.safe_load((root / "newsroom.yml").read_text(encoding="utf-8"))
    config["site"]["name"] = HOSTILE_NAME
    config["themes"][0]["name"] = HOSTILE_THEME
    (root / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _newsroom(root, "handbook", "--output", str(root / "output"))
    return root / "output/handbook"


@pytest.fixture(scope="module")
def handbook_url(hostile_handbook: Path, serve_folder) -> str:
    return serve_folder(hostile_handbook) + "/"


# Elements a hostile value could have made, and what a page shows as its name.
PROBE = """() => ({
  injected: document.querySelectorAll('img[src="z"], img[src="y"], a[href^="javascript"]').length,
  scripts: [...document.scripts].filter(s => /alert/.test(s.textContent)).length,
  handlers: [...document.querySelectorAll('*')].filter(
    e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  topic: document.querySelector('.md-header__topic .md-ellipsis')?.textContent.trim() ?? null,
  label: document.querySelector('.md-header__button.md-logo')?.getAttribute('aria-label') ?? null,
  title: document.title,
})"""


def test_no_script_runs_and_the_names_show_as_text_on_every_page(
    browser, hostile_handbook: Path, handbook_url: str
) -> None:
    pages = sorted(
        p.relative_to(hostile_handbook).as_posix() for p in hostile_handbook.rglob("*.html")
    )
    assert len(pages) >= 17
    name = f"{HOSTILE_NAME} — handbook"
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for path in pages:
            page.goto(handbook_url + path.removesuffix("index.html"), wait_until="load")
            found = page.evaluate(PROBE)
            assert (found["injected"], found["scripts"], found["handlers"]) == (0, 0, 0), path
            if found["label"] is not None:  # the pages with Material's header (not redirects)
                assert (found["topic"], found["label"]) == (name, name), path
                assert found["title"].endswith(name), path
        page.goto(handbook_url + "themes-and-accounts/", wait_until="load")
        assert page.locator("td", has_text=HOSTILE_THEME).count() == 1
    finally:
        page.close()
    assert dialogs == []


@pytest.mark.parametrize(
    "url", ['https://news.example.edu/"><script>alert(1)</script>', "https://news.example.edu/a'b"]
)
def test_a_site_url_with_a_quote_is_refused_at_its_line(tmp_path: Path, url: str) -> None:
    from .conftest import copy_config

    copy_config(tmp_path)
    config = yaml.safe_load((tmp_path / "newsroom.yml").read_text(encoding="utf-8"))
    config["site"]["url"] = url
    text = yaml.safe_dump(config, sort_keys=False)
    (tmp_path / "newsroom.yml").write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith("url:"))

    result = CliRunner().invoke(
        main, ["--root", str(tmp_path), "check"], env={"GITHUB_ACTIONS": "false"}
    )
    assert result.exit_code == 1
    assert f"newsroom.yml:{line}: site.url: " in result.output
    assert "is not a web address — " in result.output


def test_a_symbolic_link_in_the_handbook_pages_is_refused(handbook_project: Path) -> None:
    """MkDocs copies what docs/ holds: a link there would publish `.git/config`."""
    (handbook_project / ".git").mkdir()
    (handbook_project / ".git/config").write_text("[remote]\nurl = https://token@x\n")
    (handbook_project / "docs/images/diagram.png").symlink_to("../../.git/config")

    output = str(handbook_project / "out")
    for command in (["handbook", "--output", output], ["build"]):
        result = CliRunner().invoke(
            main, ["--root", str(handbook_project), *command], env={"GITHUB_ACTIONS": "false"}
        )
        assert result.exit_code == 1, (command, result.output)
        assert "docs/images/diagram.png: is a symbolic link" in result.output, command
        published = [p for p in handbook_project.rglob("diagram.png") if "docs" not in p.parts]
        assert published == [], command
