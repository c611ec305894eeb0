"""HTML that Newsroom writes itself (short links, old-URL redirects, the stats report) is
produced by autoescaping templates: hostile text from the configuration, the content or a
network's error message reaches the page as text, never as markup (issue #14, item 3)."""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from lxml import etree
from lxml import html as lxml_html

from newsroom.repository import open_newsroom
from newsroom.site.model import ItemView, SiteModel, build_model
from newsroom.site.shortlinks import find_redirects, redirect_page
from newsroom.stats.aggregate import Figures, PostStats
from newsroom.stats.report import write_report

from .conftest import write
from .example_accounts import networks_where
from .link_preview import card, preview_meta

# Closes <title> and opens a script; breaks out of an attribute; an apostrophe.
HOSTILE = "</title><script>alert(1)</script> \"><img src=x onerror=alert(1)> it's"
# An item's title and summary are plain text by the schema (no complete tag passes `check`):
# the worst that does pass — quotes, an apostrophe, unfinished tags.
ITEM_HOSTILE = "Bad \"> it's & </title <script src=x onerror=alert(1)"
NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)
# The report's two networks: one read, one unreachable with a hostile error.
READ, UNREACHABLE = networks_where()[:2]
# The redirect script, as the short-link template writes it: one JSON string, then the
# query string and fragment of the request.
REDIRECT_SCRIPT = re.compile(
    r"location\.replace\((\".*\") \+ location\.search \+ location\.hash\);"
)


def _elements(doc: lxml_html.HtmlElement) -> list[etree._Element]:
    return [e for e in doc.iter() if isinstance(e.tag, str)]


def assert_no_markup_injected(doc: lxml_html.HtmlElement, scripts: int) -> None:
    """Only the template's own scripts; no event handler; no image but the report's plots."""
    assert len(doc.xpath("//script")) == scripts
    for element in _elements(doc):
        assert not [name for name in element.attrib if name.lower().startswith("on")], element
    assert all(src.endswith(".svg") for src in doc.xpath("//img/@src"))


# --- The stats report -------------------------------------------------------------------


def _hostile_figures() -> Figures:
    read = datetime(2026, 11, 20, 10, tzinfo=UTC)
    posts = [
        PostStats("k7q2m9ab", HOSTILE, HOSTILE, HOSTILE, READ, "1", "ok", {"likes": 3}, read, 2),
        PostStats("k7q2m9ac", "Calm", "Calm", "calm", UNREACHABLE, "2", "unreachable", {}, read,
                  1, error=HOSTILE),
    ]  # fmt: skip
    return Figures(
        posts=posts,
        networks=[READ, UNREACHABLE],
        per_item={"k7q2m9ab": Counter({READ: 3}), "k7q2m9ac": Counter()},
        per_theme={HOSTILE: Counter({READ: 3}), "Calm": Counter()},
        per_day={date(2026, 11, 20): Counter({READ: 3})},
        month="2026-11",
        top_month=[("k7q2m9ab", 3)],
        titles={"k7q2m9ab": HOSTILE, "k7q2m9ac": "Calm"},
        unreachable={UNREACHABLE: (1, HOSTILE)},
        readings=3,
        generated=NOW,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> lxml_html.HtmlElement:
    folder = tmp_path_factory.mktemp("report")
    index = write_report(_hostile_figures(), [], folder, site_name=HOSTILE)
    raw = index.read_text(encoding="utf-8")
    assert "<script" not in raw and "<img src=x" not in raw
    return lxml_html.fromstring(raw)


def test_the_report_has_no_injected_markup(report: lxml_html.HtmlElement) -> None:
    assert_no_markup_injected(report, scripts=0)
    assert len(report.xpath("//img")) == 4  # the four plots, nothing else


def test_the_report_shows_hostile_text_as_text(report: lxml_html.HtmlElement) -> None:
    assert report.findtext(".//title") == f"{HOSTILE}: social media statistics"
    assert report.xpath("string(//header/h1)") == f"{HOSTILE}: social media statistics"
    item_rows = report.xpath('//section[@aria-labelledby="items"]//tbody/tr/th')
    assert HOSTILE in [th.text for th in item_rows]  # item title
    theme_rows = report.xpath('//section[@aria-labelledby="themes"]//tbody/tr/th')
    assert HOSTILE in [th.text for th in theme_rows]  # theme name
    posts = report.xpath('//section[@aria-labelledby="posts"]//tbody/tr')
    assert [posts[0].xpath("string(td[1])")] == [HOSTILE]  # account name
    assert posts[1].xpath('td/span[@class="status unreachable"]/@title') == [HOSTILE]  # error
    note = report.xpath('string(//div[@class="notes"]//li[1])')
    assert note.endswith(f"could not be read at the last attempt — {HOSTILE}")
    # The plots' text alternatives name the best item: as text in the attribute.
    assert f"Highest: {HOSTILE}, 3 interactions." in report.xpath("//img/@alt")[0]


# --- Short links and old-URL redirect pages ---------------------------------------------


@pytest.fixture(scope="module")
def hostile_model(tmp_path_factory: pytest.TempPathFactory) -> SiteModel:
    """A newsroom whose site name, theme name, item title and summary are hostile."""
    from .conftest import PNG, PROJECT, VALID_ITEM, VALID_PATH, copy_config

    root = tmp_path_factory.mktemp("hostile-links")
    copy_config(root)  # its logo and favicon; newsroom.yml is written again below
    config = (PROJECT / "newsroom.yml").read_text(encoding="utf-8")
    config = config.replace("name: Aldermoor University News", f"name: {json.dumps(HOSTILE)}")
    config = config.replace("name: Quantum & Materials", f"name: {json.dumps(HOSTILE)}")
    write(root, "newsroom.yml", config)
    write(root, "content/images/sensor.png", PNG)
    item = VALID_ITEM.replace('"Quantum sensor maps brain activity"', json.dumps(ITEM_HOSTILE))
    item = item.replace(
        ">-\n  A team of physicists and neuroscientists has mapped brain activity with a "
        "quantum sensor.",
        json.dumps(ITEM_HOSTILE),
    )
    item = item.replace("tags: [quantum, neuroscience]", "tags: [quantum]\naliases: [old/sensor/]")
    write(root, VALID_PATH, item)
    model = build_model(open_newsroom(root), NOW)
    assert model.name == HOSTILE and model.items[0].theme.name == HOSTILE  # the input is hostile
    assert model.items[0].title == model.items[0].summary == ITEM_HOSTILE
    return model


def _page(model: SiteModel, view: ItemView) -> lxml_html.HtmlElement:
    raw = redirect_page(model, view)
    assert "<script>alert" not in raw and "<img src=x" not in raw and "<script src" not in raw
    return lxml_html.fromstring(raw)


def _redirect_target(doc: lxml_html.HtmlElement) -> str:
    """Where the page's own script sends the browser (it must be that script, whole)."""
    match = REDIRECT_SCRIPT.fullmatch(doc.xpath("//script")[0].text)
    assert match, doc.xpath("//script")[0].text
    return json.loads(match.group(1))


def assert_shown_as_text(doc: lxml_html.HtmlElement, site: str, title: str, summary: str) -> None:
    assert_no_markup_injected(doc, scripts=1)
    assert doc.findtext(".//title") == f"{title} — {site}"
    assert doc.xpath("string(//h1)") == title
    assert doc.xpath('//meta[@name="description"]/@content') == [summary]
    metas = preview_meta(doc)
    assert metas["og:site_name"] == site and metas["article:section"] == HOSTILE
    assert metas["og:title"] == card(metas)["title"] == title
    assert metas["og:description"] == card(metas)["description"] == summary


def test_short_link_and_alias_pages_show_hostile_text_as_text(hostile_model: SiteModel) -> None:
    redirects = find_redirects(hostile_model, use_git=False)
    assert {r.path for r in redirects} == {"s/k7q2m9ab/", "old/sensor/"}
    for redirect in redirects:
        doc = _page(hostile_model, redirect.view)
        assert_shown_as_text(doc, HOSTILE, ITEM_HOSTILE, ITEM_HOSTILE)
        assert _redirect_target(doc) == redirect.view.url


def test_the_template_escapes_what_the_schema_would_refuse(hostile_model: SiteModel) -> None:
    # Validation keeps complete tags out of titles and URLs; the page must not rely on it.
    view = hostile_model.items[0]
    meta = view.item.meta.model_copy(update={"title": HOSTILE, "summary": HOSTILE})
    target = "/x/</script><script>alert(1)</script>\"><img src=x onerror=alert(1)>'&"
    view = dataclasses.replace(view, item=dataclasses.replace(view.item, meta=meta), url=target)
    doc = _page(hostile_model, view)
    assert_shown_as_text(doc, HOSTILE, HOSTILE, HOSTILE)
    assert _redirect_target(doc) == target
    assert doc.xpath('//a[text()="Continue to the news item"]/@href') == [target]
    assert doc.xpath('//meta[@http-equiv="refresh"]/@content') == [f"0; url={target}"]
