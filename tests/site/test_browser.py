"""The example site in headless Chromium: pages open, short links forward with their
query, axe-core finds no serious or critical violation, and screenshots are kept."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from newsroom.links import item_path

from .conftest import ARTIFACTS, AXE, ExampleSite

WIDTHS = (390, 1280)  # a phone, a desktop


def pages_to_check(site: ExampleSite) -> dict[str, str]:
    item = next(i for i in site.published if i.meta.image)
    return {"home": "/", "theme": "/news/quantum/", "item": f"/{item_path(item)}"}


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", ["home", "theme", "item"])
def test_page_is_accessible_and_looks_right_on_phone_and_desktop(
    browser, example_site: ExampleSite, example_url: str, name: str
) -> None:
    path = pages_to_check(example_site)[name]
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        response = page.goto(example_url + path, wait_until="networkidle")
        assert response is not None and response.ok
        assert page.locator("h1").count() == 1
        # No horizontal scrolling on a phone: the layout fits the width.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"screenshots/{name}-{width}.png"), full_page=True)
        violations = axe_violations(page)
        assert violations == [], [
            (v["id"], v["impact"], v["nodes"][0]["target"]) for v in violations
        ]
        page.close()


def test_short_link_lands_on_the_item_with_the_query_kept(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    item = example_site.published[0]
    page = browser.new_page()
    page.goto(f"{example_url}/s/{item.id}?utm_source=x&utm_medium=social#top")
    page.wait_for_url(f"**/{item_path(item)}?utm_source=x&utm_medium=social#top")
    landed = urlsplit(page.url)
    assert landed.path == f"/{item_path(item)}"
    assert landed.query == "utm_source=x&utm_medium=social"
    assert page.locator("h1").inner_text() == item.title
    page.close()


def test_the_site_works_without_javascript(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(example_url + "/")
    page.get_by_role("link", name="Quantum & Materials").first.click()
    assert urlsplit(page.url).path == "/news/quantum/"
    page.locator(".card-title a").first.click()
    assert urlsplit(page.url).path.startswith("/news/quantum/")
    # Without script, the short link still forwards (meta refresh; the query is lost).
    item = example_site.published[0]
    page.goto(f"{example_url}/s/{item.id}/")
    page.wait_for_url(f"**/{item_path(item)}")
    context.close()
