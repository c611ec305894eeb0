"""The example's video page in Chromium, every request intercepted: the page asks nothing of
the provider until a reader presses play (by mouse or keyboard), and then only for the
player at its privacy-enhanced address, answered here by a stand-in (no network)."""

from __future__ import annotations

import re

import pytest

from newsroom.links import item_path

from .conftest import ExampleSite

PLAYER = "<!doctype html><title>Stand-in player</title><p>playing</p>"


def video_item(site: ExampleSite):  # type: ignore[no-untyped-def]
    return next(i for i in site.published if i.meta.video)


class Requests:
    """Every request of a page: the site's own are served, any other answered by a stand-in."""

    def __init__(self, page, origin: str) -> None:  # type: ignore[no-untyped-def]
        self.origin = origin
        self.foreign: list[str] = []
        page.route("**/*", self.handle)

    def handle(self, route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(self.origin + "/"):
            route.continue_()
            return
        self.foreign.append(url)
        route.fulfill(status=200, content_type="text/html", body=PLAYER)


def open_video_page(browser, site: ExampleSite, origin: str):  # type: ignore[no-untyped-def]
    page = browser.new_page()
    requests = Requests(page, origin)
    page.goto(f"{origin}/{item_path(video_item(site))}", wait_until="networkidle")
    return page, requests


def test_the_page_asks_nothing_of_the_provider_before_the_click(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    page, requests = open_video_page(browser, example_site, example_url)
    video = video_item(example_site).meta.video
    page.mouse.wheel(0, 2000)  # lazy images and anything else the page would load
    page.wait_for_load_state("networkidle")
    assert requests.foreign == []
    assert page.locator("iframe").count() == 0
    button = page.get_by_role("button", name=f"Play the video: {video.title}", exact=False)
    assert button.is_visible()
    with page.expect_response(re.compile(r"^https://www\.youtube-nocookie\.com/embed/")):
        button.click()
    frame = page.locator("figure.video iframe")
    assert frame.get_attribute("title") == video.title
    assert requests.foreign == ["https://www.youtube-nocookie.com/embed/AldermoorQ2?autoplay=1"]
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.close()


@pytest.mark.parametrize("key", ["Enter", " "])
def test_the_keyboard_plays_the_video_too(
    browser, example_site: ExampleSite, example_url: str, key: str
) -> None:
    page, requests = open_video_page(browser, example_site, example_url)
    # Tab from the link just before the video reaches its play button.
    page.locator("nav.breadcrumbs a[aria-current='page']").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.className") == "video-play":
            break
    assert page.evaluate("document.activeElement.className") == "video-play"
    with page.expect_response(re.compile(r"^https://www\.youtube-nocookie\.com/embed/")):
        page.keyboard.press(key)
    assert requests.foreign == ["https://www.youtube-nocookie.com/embed/AldermoorQ2?autoplay=1"]
    page.close()


def test_without_javascript_the_link_leads_to_the_video(
    browser, example_site: ExampleSite, example_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = Requests(page, example_url)
    page.goto(f"{example_url}/{item_path(video_item(example_site))}")
    assert page.locator("button.video-play").is_hidden()
    video = video_item(example_site).meta.video
    link = page.get_by_role("link", name=video.title)
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=AldermoorQ2"
    assert requests.foreign == []
    context.close()
