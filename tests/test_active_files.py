"""A file a body links to or an item attaches is never a page or script of the site (#26).

The site publishes a file of content/ that a body links to (`[x](content/files/x.html)`)
on its own address, where the web editor keeps its login: an `.html` page or an SVG with a
script would run there. `check` and `build` refuse them at their line; a plain SVG passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from .conftest import VALID_ITEM, VALID_PATH, write

SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>'
PLAIN_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="4" height="4"/></svg>'


def _body_links(root: Path, link: str) -> None:
    write(root, VALID_PATH, VALID_ITEM.replace("It was built", f"See {link}.\n\nIt was built"))


@pytest.mark.parametrize(
    ("file", "link", "words"),
    [
        ("content/files/page.html", "[the page](content/files/page.html)", "is a .html file"),
        ("content/files/tool.js", '<a href="../../../files/tool.js">x</a>', "is a .js file"),
        ("content/news/quantum/2026/pic.svg", "![a drawing](pic.svg)", "has an event handler"),
    ],
)
def test_a_body_link_to_a_page_or_script_is_refused(
    newsroom: Path, run, file: str, link: str, words: str
) -> None:
    write(newsroom, file, "<script>alert(document.domain)</script>")
    if file.endswith(".svg"):
        write(newsroom, file, SCRIPTED_SVG)
    _body_links(newsroom, link)

    checked = run(newsroom, "check", "--format", "json")
    assert checked.exit_code == 1
    (problem,) = json.loads(checked.output)["problems"]
    assert (problem["line"], problem["field"]) == (14, "body")
    assert words in problem["message"] and " — " in problem["message"]
    built = run(newsroom, "build")
    assert built.exit_code == 1 and f"{VALID_PATH}:14: body: " in built.output
    assert not list((newsroom / "output").rglob(Path(file).name))


def test_a_plain_svg_linked_from_the_body_is_published(newsroom: Path, run) -> None:
    write(newsroom, "content/news/quantum/2026/pic.svg", PLAIN_SVG)
    _body_links(newsroom, "![a drawing](pic.svg)")

    built = run(newsroom, "build")
    assert built.exit_code == 0, built.output
    assert (newsroom / "output/news/quantum/2026/pic.svg").read_text() == PLAIN_SVG


def test_an_html_attachment_is_refused_even_when_its_type_is_allowed(newsroom: Path, run) -> None:
    config = yaml.safe_load((newsroom / "newsroom.yml").read_text(encoding="utf-8"))
    config["attachments"] = {"types": ["pdf", "html"]}
    (newsroom / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    write(newsroom, "content/files/page.html", "<script>alert(1)</script>")
    write(
        newsroom,
        VALID_PATH,
        VALID_ITEM.replace("tags:", "attachments:\n  - content/files/page.html\ntags:"),
    )

    checked = run(newsroom, "check", "--format", "json")
    (problem,) = json.loads(checked.output)["problems"]
    assert (problem["line"], problem["field"]) == (11, "attachments")
    assert "is a .html file, which would run as a page of the site" in problem["message"]


@pytest.mark.parametrize(
    "rel", ["content/news/quantum/2026/evil.html", "content/pages/evil.htm", "content/pages/a.rst"]
)
def test_an_html_or_rst_file_among_items_and_pages_is_named_and_never_published(
    newsroom: Path, run, rel: str
) -> None:
    """Pelican's own readers would have published it raw (script included) or crashed."""
    page = "<html><head><title>Evil</title><meta name='date' content='2026-11-20'></head>"
    write(newsroom, rel, page + "<body><script>alert(document.domain)</script></body></html>")

    checked = run(newsroom, "check", "--format", "json")
    assert checked.exit_code == 1
    (problem,) = json.loads(checked.output)["problems"]
    assert (problem["file"], problem["line"]) == (rel, 1)
    assert (
        "which Newsroom never publishes — write the item or page in Markdown"
        in (problem["message"])
    )
    built = run(newsroom, "build")
    assert built.exit_code == 1 and f"{rel}:1: " in built.output
    assert "Traceback" not in built.output and "object has no attribute" not in built.output
