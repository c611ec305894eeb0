"""The example site in headless Chromium: pages open, short links forward with their
query, axe-core finds no serious or critical violation, the lead story comes first, the
menu opens without JavaScript, Lighthouse scores, and screenshots are kept."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest

from newsroom.links import item_path

from .conftest import ARTIFACTS, AXE, ExampleSite, require
from .lighthouse import GOAL, LIGHTHOUSE, lighthouse_reports

WIDTHS = (390, 1280)  # a phone, a desktop
PAGES = (
    "home",
    "theme",
    "item",
    "event",
    "gallery",
    "search",
    "video",
    "episode",
    "podcast",
    "press",
    "person",
    "experts",
)
MOBILE_HEADER_MAX = 100  # px at 390 px wide: the header must leave the phone's screen to the news
# The screenshots are for people (the pull-request workflow keeps them: scripts/screenshots sets
# this); no assertion reads them, and the 24 full-page PNGs are ≈ 12 s of processor time a run.
SCREENSHOTS = os.environ.get("NEWSROOM_TEST_SCREENSHOTS") == "1"


def pages_to_check(site: ExampleSite) -> dict[str, str]:
    item = next(i for i in site.published if i.meta.image and not i.meta.event and not i.meta.video)
    event = next(i for i in site.published if i.meta.event and i.meta.image)
    video = next(i for i in site.published if i.meta.video)
    episode = next(i for i in site.published if i.meta.podcast)
    gallery = next(i for i in site.published if i.meta.gallery)
    press = next(i for i in site.published if i.meta.paper and i.meta.contacts)
    return {
        "home": "/",
        "theme": "/news/quantum/",
        "item": f"/{item_path(item)}",
        "event": f"/{item_path(event)}",
        "gallery": f"/{item_path(gallery)}",  # issue 31: a grid of photos
        "search": "/search/?q=quantum",  # with its results listed (tests/site/test_search.py)
        "video": f"/{item_path(video)}",  # the facade of a conference talk
        "episode": f"/{item_path(episode)}",  # its player and transcript
        "podcast": "/podcasts/lab-notes/",  # the show's page: every episode's player
        # A paper and a media contact; a person with photo, ORCID and stories; the experts.
        "press": f"/{item_path(press)}",
        "person": "/people/ines-castellane/",
        "experts": "/people/experts/",
    }


def load_every_image(page) -> None:
    """Lazy images below the fold are loaded too, so a full-page screenshot shows them."""
    page.evaluate(
        "() => Promise.all([...document.images].map(i => { i.loading = 'eager';"
        " return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))"
    )


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", PAGES)
def test_page_is_accessible_and_looks_right_on_phone_and_desktop(
    browser, example_site: ExampleSite, example_url: str, name: str
) -> None:
    path = pages_to_check(example_site)[name]
    if SCREENSHOTS:
        ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        response = page.goto(example_url + path, wait_until="networkidle")
        assert response is not None and response.ok
        assert page.locator("h1").count() == 1
        # No horizontal scrolling on a phone: the layout fits the width.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        load_every_image(page)  # axe judges the page with every image loaded, photographed or not
        if SCREENSHOTS:
            shot = ARTIFACTS / f"screenshots/{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
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
    page.goto(f"{example_url}/s/{item.id}?utm_source=newsletter&utm_medium=email#top")
    page.wait_for_url(f"**/{item_path(item)}?utm_source=newsletter&utm_medium=email#top")
    landed = urlsplit(page.url)
    assert landed.path == f"/{item_path(item)}"
    assert landed.query == "utm_source=newsletter&utm_medium=email"
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


def test_each_gallery_photo_opens_full_size_without_javascript(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(example_url + pages_to_check(example_site)["gallery"])
    photos = page.locator(".gallery-grid figure a:has(img)")
    assert photos.count() >= 3
    full_size = photos.nth(1).get_attribute("href")
    with page.expect_response(lambda response: response.url.endswith(full_size)) as opened:
        photos.nth(1).click()
    assert opened.value.ok and opened.value.headers["content-type"] == "image/jpeg"
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_front_page_shows_the_lead_story_first(
    browser, example_site: ExampleSite, example_url: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(example_url + "/")
    lead = page.locator("main .lead-story")
    assert lead.count() == 1
    box = lead.bounding_box()
    # Above the fold, before any other story, as wide as the content column.
    assert box is not None and box["y"] < 200 and box["width"] >= min(width - 40, 1000)
    tops = page.eval_on_selector_all(
        "main article", "articles => articles.map(a => a.getBoundingClientRect().top)"
    )
    assert tops[0] == min(tops) and len(tops) > 1
    title = lead.locator("h2").inner_text()
    featured = [i for i in example_site.published if i.meta.featured]
    assert featured and title == max(featured, key=lambda i: i.date).title
    if width == 390:
        header = page.locator(".site-header").bounding_box()
        assert header is not None and header["height"] <= MOBILE_HEADER_MAX
    page.close()


def test_the_mobile_menu_opens_without_javascript(example_url: str, browser) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(example_url + "/news/climate/")
    menu = page.locator("header details.menu")
    assert page.locator(".themes-nav").is_hidden()  # the wide-screen strip gives way
    link = menu.get_by_role("link", name="Quantum & Materials")
    assert link.is_hidden()
    menu.locator("summary").click()
    assert link.is_visible()
    current = menu.locator("a[aria-current='page']")
    assert current.inner_text() == "Climate & Environment"
    link.click()
    assert urlsplit(page.url).path == "/news/quantum/"
    # The footer sits at the bottom of the window even on a short page.
    page.goto(example_url + "/contact/")
    footer = page.locator("footer.site-footer").bounding_box()
    assert footer is not None and footer["y"] + footer["height"] >= 800 - 1
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_lighthouse_scores_accessibility_best_practices_and_seo(
    example_site: ExampleSite, example_url: str, name: str
) -> None:
    # Lighthouse's phone emulation: the stricter one (tap targets, small viewport).
    urls = [example_url + path for path in pages_to_check(example_site).values()]
    report = lighthouse_reports(urls, example_url + pages_to_check(example_site)[name], mobile=True)
    assert report.below(GOAL) == {}, report.scores


# The files of the pinned Lighthouse (core/) that name the machine's benchmark: where it is
# measured and where it is copied into the report's `environment`, and no audit.
BENCHMARK_READERS = [
    "config/filters.js",
    "gather/base-artifacts.js",
    "gather/driver/environment.d.ts",
    "gather/driver/environment.js",
    "lib/lighthouse-compatibility.js",
    "lib/page-functions.d.ts",
    "lib/page-functions.js",
    "runner.js",
]


def test_lighthouse_s_machine_benchmark_is_read_by_no_audit() -> None:
    """lighthouse_pages.mjs leaves out the second of busy loop Lighthouse runs in each page to
    measure the machine: only the report's environment shows the figure, no score uses it."""
    require(LIGHTHOUSE, "lighthouse")
    core = LIGHTHOUSE.parent
    readers = sorted(
        path.relative_to(core).as_posix()
        for path in core.rglob("*")
        if path.suffix in (".js", ".ts") and "enchmarkIndex" in path.read_text(encoding="utf-8")
    )
    assert readers == BENCHMARK_READERS
