"""Every page of the example site is valid HTML5, per the Nu HTML Checker (vnu.jar)."""

from __future__ import annotations

import shutil
import subprocess

from .conftest import VNU, ExampleSite, require


def test_every_page_and_the_stylesheet_are_valid(example_site: ExampleSite) -> None:
    require(VNU, "the Nu HTML Checker (vnu.jar)")
    java = shutil.which("java")
    assert java, "java not found — run scripts/install-browser.sh"
    pages = example_site.html_files()
    assert len(pages) > 50
    checked = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--format", "gnu", "--also-check-css",
         *map(str, pages), str(example_site.output / "theme/css/site.css")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    messages = (checked.stdout + checked.stderr).strip()
    assert checked.returncode == 0 and not messages, messages
