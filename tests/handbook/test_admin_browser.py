"""The web editor loads in headless Chromium, with every request off this machine blocked."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from newsroom.handbook.cms import write_admin
from newsroom.schema import ID_PATTERN

from ..conftest import PROJECT, write
from .conftest import chromium_path

CHROMIUM = chromium_path()


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".yml": "text/yaml",
    }

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def admin_url(tmp_path: Path, decap_installed: Path) -> Iterator[str]:
    write_admin(PROJECT, tmp_path)
    handler = functools.partial(_Handler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/admin/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium: run scripts/install-browser.sh")
def test_admin_page_loads_without_console_errors(admin_url: str, browser) -> None:
    origin = admin_url.removesuffix("admin/")
    errors: list[str] = []
    blocked: list[str] = []

    def route(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(origin):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context = browser.new_context()  # the session's Chromium (tests/conftest.py), a new profile
    try:
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", route)
        page.goto(admin_url)
        login = page.get_by_role("button", name="Login with GitHub")
        login.wait_for(state="visible", timeout=30_000)
        body = page.inner_text("body")
    finally:
        context.close()

    assert errors == [], errors
    assert "Error loading the CMS configuration" not in body
    assert "Config Errors" not in body
    assert blocked == [], f"the login screen asked for {blocked}"


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium: run scripts/install-browser.sh")
def test_an_item_saved_in_the_editor_passes_check(
    tmp_path: Path, decap_installed: Path, example_newsroom: Path, run, browser
) -> None:
    """Decap's in-browser `test-repo` backend keeps what it would commit: check that file."""
    admin = write_admin(PROJECT, tmp_path / "site")
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    config["backend"] = {"name": "test-repo"}
    (admin / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    handler = functools.partial(_Handler, directory=str(tmp_path / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    errors: list[str] = []
    try:
        context = browser.new_context(timezone_id="Europe/Paris")
        try:
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.route(
                "**/*",
                lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort(),
            )
            page.goto(origin + "/admin/")
            page.get_by_role("button", name="Login").click()
            page.goto(origin + "/admin/#/collections/news-quantum/new")
            page.get_by_label("Title", exact=True).fill("Photonics team wins a new grant")
            page.get_by_label("Summary").fill(
                "The photonics team of the quantum lab has won a grant for a new laser."
            )
            page.get_by_text("Author ids or names declared").locator("..").click()
            page.get_by_text("Amélie Durand", exact=True).click()
            page.keyboard.press("Escape")
            # Emptied optional fields: Decap keeps "", our save hook drops them.
            page.get_by_label("Lang").fill("fr")
            page.get_by_label("Lang").fill("")
            page.locator("[data-slate-editor='true']").first.click()
            page.keyboard.type("The grant funds three years of work.")
            page.get_by_role("button", name="Save").first.click()
            page.get_by_text("Entry saved").wait_for(timeout=15_000)
            drafts = page.evaluate(
                "() => Object.values(window.repoFilesUnpublished).flatMap(e => e.diffs)"
            )
        finally:
            context.close()
    finally:
        server.shutdown()
        server.server_close()

    assert errors == [], errors
    (saved,) = drafts
    assert saved["path"].startswith("content/news/quantum/")
    write(example_newsroom, saved["path"], saved["content"])
    result = run(example_newsroom, "check", "--format", "json")
    assert result.exit_code == 0, (saved["content"], result.output)
    front_matter = yaml.safe_load(saved["content"].split("---\n")[1])
    assert re.match(ID_PATTERN, front_matter["id"])
    assert "lang" not in front_matter
