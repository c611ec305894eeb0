"""Hostile content — `<script>`, `on…=` handlers, `javascript:` links — is inert everywhere."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import Result
from lxml import etree
from lxml import html as lxml_html

from newsroom.build_assembly import build_site
from newsroom.site.sanitize import sanitize

from ..conftest import write
from .conftest import site_pages

NOW = datetime.fromisoformat("2026-12-01T00:00:00+00:00")
# Title and summary are plain text by the schema (no complete tag passes `check`), but
# unfinished tags, quotes and `javascript:` do: they must come out as text.
HOSTILE_TITLE = (
    'Bad <script src=//evil.example/x.js onerror=alert(1) "quoted" </script javascript:alert(1)'
)
HOSTILE_SUMMARY = (
    "Summary <img src=x onerror=alert(1) and a javascript:alert(2) link, 'quotes' & ampersands."
)
HOSTILE_BODY = """\
Intro paragraph.

<script>alert("body")</script>
<img src="z" onerror="alert(3)" alt="an image">
<a href="javascript:alert(4)">js link</a> <a href="JaVaScRiPt:alert(5)">mixed case</a>
<a href=" javascript:alert(6)">leading space</a> <a href="data:text/html,<script>alert(7)</script>">data</a>
<svg onload="alert(8)"><circle r="4"/></svg>
<iframe src="https://evil.example/"></iframe>
<p style="background:url(javascript:alert(9))" onclick="alert(10)">styled</p>
<form action="javascript:alert(11)"><button formaction="javascript:alert(12)">go</button></form>

[markdown js link](javascript:alert(13)) and ![markdown image](x.png)

## A heading with attributes {#findings onclick=alert(14)}

<details open ontoggle="alert(15)"><summary>more</summary>text</details>
"""
HOSTILE_ITEM = f"""\
---
id: h0stzqe9
title: '{HOSTILE_TITLE}'
date: 2026-11-21T10:00:00+01:00
summary: "{HOSTILE_SUMMARY}"
authors: [amelie-durand]
tags: [security]
event:
  start: 2026-12-01T10:00:00+01:00
  end: 2026-12-01T12:00:00+01:00
  # (Other schemes than http/https are refused by `check`: tests/test_url_fields.py.)
  online_url: "https://evil.example/live?a=1&b=%3Cscript%3Ealert(16)%3C/script%3E"
  registration_url: "https://evil.example/register?next=javascript:alert(17)"
---
{HOSTILE_BODY}"""
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ..conftest import PNG, VALID_ITEM, VALID_PATH, copy_config

    root = tmp_path_factory.mktemp("hostile")
    copy_config(root)
    write(root, "content/images/sensor.png", PNG)
    write(root, VALID_PATH, VALID_ITEM)
    write(root, "content/news/quantum/2026/2026-11-21-hostile.md", HOSTILE_ITEM)
    # `check` refuses every hostile line of the body (test_check_refuses_every_hostile_line):
    # with that rule switched off, the sanitiser alone must still make the site inert.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("newsroom.content.check_body", lambda *args, **kwargs: [])
        return build_site(root, root / "output", now=NOW).output


def test_check_refuses_every_hostile_line(tmp_path: Path, run: Callable[..., Result]) -> None:
    from ..conftest import PNG, VALID_ITEM, VALID_PATH, copy_config

    copy_config(tmp_path)
    write(tmp_path, "content/images/sensor.png", PNG)
    write(tmp_path, VALID_PATH, VALID_ITEM)
    write(tmp_path, "content/news/quantum/2026/2026-11-21-hostile.md", HOSTILE_ITEM)
    result = run(tmp_path, "check", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.output)["problems"]
    lines = {p["line"] for p in problems if p["field"] == "body"}
    first = HOSTILE_ITEM.splitlines().index("Intro paragraph.") + 1
    hostile = {
        first + number
        for number, line in enumerate(HOSTILE_BODY.splitlines())
        if "alert" in line or "evil" in line or "x.png" in line
    }
    assert lines == hostile


# Ours: the brand colours (validated hex values of newsroom.yml) as CSS variables in the head,
# and the search page's own form and scripts (no item content is on that page).
BRAND_STYLE = re.compile(r":root \{( --[a-z-]+: #[0-9a-fA-F]{6};)+ \}")
SEARCH_SCRIPTS = {"/theme/js/search.js"}


def _ours(element: etree._Element, tag: str, where: str) -> bool:
    parent = element.getparent()
    in_head = parent is not None and str(parent.tag).split("}")[-1].lower() == "head"
    if tag == "style":
        return in_head and bool(BRAND_STYLE.fullmatch(element.text or ""))
    searching = "/search/" in where
    if tag == "form":
        return searching and element.get("role") == "search"
    return tag == "script" and searching and element.get("src") in SEARCH_SCRIPTS


def assert_inert(tree: etree._Element, where: str) -> None:
    """No script that is not ours, no event handler, no dangerous URL, no embedding."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.split("}")[-1].lower()
        if _ours(element, tag, where):
            continue
        assert tag not in {"iframe", "object", "embed", "svg", "form", "style"}, (where, tag)
        if tag == "script":
            assert element.get("type") == "application/ld+json" or (element.text or "").startswith(
                "location.replace("
            ), (where, element.text)
            assert element.get("src") is None, where
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, tag, name)
            compact = "".join(value.split()).lower()
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert not compact.startswith(DANGEROUS_SCHEMES), (where, name, value)
            assert name != "style", (where, tag)


def test_every_page_renders_hostile_content_inert(hostile_site: Path) -> None:
    pages = site_pages(hostile_site)
    assert len(pages) > 10
    for path in pages:
        raw = path.read_text(encoding="utf-8")
        assert "<script src" not in raw and "<img src=x" not in raw, path
        assert_inert(lxml_html.fromstring(raw), str(path))


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    item_page = hostile_site / "news/quantum/2026/hostile/index.html"
    doc = lxml_html.fromstring(item_page.read_bytes())
    assert doc.xpath("//h1/text()") == [HOSTILE_TITLE]
    assert doc.xpath('//p[@class="lead"]/text()') == [HOSTILE_SUMMARY]
    # The JSON-LD cannot be closed by `</script` in a title: `<` is escaped inside it.
    ld = doc.xpath('//script[@type="application/ld+json"]/text()')[0]
    assert "</script" not in ld and json.loads(ld)["headline"] == HOSTILE_TITLE
    body = doc.xpath('//div[@class="prose"]')[0]
    assert "alert" not in etree.tostring(body, encoding="unicode")
    assert body.xpath('.//a[text()="js link"]') and not body.xpath('.//a[text()="js link"]/@href')


def test_every_feed_renders_hostile_content_inert(hostile_site: Path) -> None:
    feeds = sorted((hostile_site / "feeds").glob("*.xml"))
    assert feeds
    for path in feeds:
        tree = etree.parse(str(path))
        for element in tree.iter():
            tag = element.tag.split("}")[-1] if isinstance(element.tag, str) else ""
            if tag in {"encoded", "content"} and element.text:
                # Feed readers render this HTML: it must be as inert as the pages.
                assert_inert(
                    lxml_html.fragment_fromstring(element.text, create_parent="div"), str(path)
                )
                assert "alert" not in element.text, path
            if tag == "title" and "hostile" not in (element.text or "") and element.text:
                assert element.get("type") in (None, "text"), path  # plain text, never HTML
        text = path.read_text(encoding="utf-8")
        if "h0stzqe9" in text:
            assert "&lt;script src=//evil.example" in text  # the title, escaped as text


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<script>alert(1)</script>ok", "ok"),
        ('<img src="a.png" onerror="alert(1)" alt="a">', '<img src="a.png" alt="a">'),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://example.org/">x</a>',
            '<a href="https://example.org/" rel="noopener noreferrer">x</a>',
        ),
        ('<p style="color:red" class="z">t</p>', "<p>t</p>"),
        (
            "<table><tr><th scope=col>h</th></tr></table>",
            '<table><tbody><tr><th scope="col">h</th></tr></tbody></table>',
        ),
        ("<iframe src=x></iframe><style>p{}</style>t", "t"),
        ('<code class="language-python">x</code>', '<code class="language-python">x</code>'),
    ],
)
def test_the_allow_list(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean
