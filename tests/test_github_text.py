"""Text for GitHub (newsroom.github_text) read back as GitHub renders it: cmark-gfm for the
Markdown, GitHub's mention rule on the text nodes. Hostile strings come from hypothesis."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom.github_text import (
    ZERO_WIDTH_SPACE,
    annotation,
    bold,
    code,
    code_block,
    link,
    mention,
    plain,
)

from .github_markdown import render

HOSTILE = [
    "@aldermoor/everyone",
    "@AldermoorUni",
    "#12",
    "aldermoor/newsroom#3",
    "&#64;team",
    "&#x40;team",
    "&commat;team",
    "&#X40;org/all",
    "＠fullwidth",
    "﹫small",
    "<img src=https://t.example/p.png>",
    '"><svg onload=alert(1)>',
    "![pixel](https://t.example/p.png)",
    "[click](javascript:alert(1))",
    "`",
    "``",
    "```",
    "~~~",
    "\n\n# heading\n",
    "\n    indented",
    "\n> quote",
    "<!-- x -->",
    "<script>alert(1)</script>",
    "**bold** _it_",
    "| a | b |",
    "https://example.org/a_b",
    "www.example.org",
    "me@example.org",
    "\\",
    "&amp;",
    "\r\n",
    "\t",
    "\x00",
    "\u2028",
    " ",
]
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), max_size=8).map("".join)


def seen(text: str) -> str:
    """Text as a reader sees it: zero-width spaces invisible, runs of white space as one."""
    return " ".join(text.replace(ZERO_WIDTH_SPACE, "").split())


def as_one_line(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text)


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_plain_text_shows_as_written_and_does_nothing(value: str) -> None:
    page = render(f"Title: {plain(value)} (end)")
    assert page.tag_names() <= {"p"}, page.html
    assert not page.comments and not page.mentions and not page.references, page.html
    assert seen(page.text) == seen(f"Title: {as_one_line(value)} (end)")


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_bold_text_is_bold_and_nothing_else(value: str) -> None:
    page = render(f"{bold(value)} — after")
    assert page.tag_names() <= {"p", "strong"}, page.html
    assert not page.mentions and seen(page.text) == seen(f"{as_one_line(value)} — after")


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_a_code_span_holds_any_text_whole(value: str) -> None:
    page = render(f"image {code(value)} (alt: {plain(value)})")
    assert page.tag_names() <= {"p", "code"}, page.html
    assert [name for name, _ in page.tags].count("code") == 1, page.html
    assert not page.mentions, page.html
    shown = html.unescape(page.html.split("<code>")[1].split("</code>")[0])
    assert shown == (as_one_line(value) or " ")


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_a_code_block_holds_any_text_whole(value: str) -> None:
    page = render(f"Post:\n\n{code_block(value)}\n\nAfter: {plain('@x')}")
    assert page.tag_names() <= {"p", "pre", "code"}, page.html
    assert not page.mentions, page.html
    block = page.html.split("<pre")[1].split("</pre>")[0]
    text = html.unescape(block.split(">", 2)[2].removesuffix("</code>"))
    expected = re.sub(r"[\r\x0b\x0c\x85\u2028\u2029]", " ", value).replace("\x00", "\ufffd")
    assert text == expected + "\n"


@pytest.mark.parametrize("value", HOSTILE)
def test_each_hostile_string_is_inert(value: str) -> None:
    page = render(f"{bold(value)} ({plain(value)}) · image {code(value)}")
    assert page.tag_names() <= {"p", "strong", "code"}, page.html
    assert not page.comments and not page.mentions and not page.references, page.html
    assert "<img" not in page.html and "<svg" not in page.html and "<script" not in page.html


def test_entity_encoded_and_raw_mentions_would_notify_without_it() -> None:
    """The oracle sees what GitHub sees: the raw strings do notify, and do render HTML."""
    for raw in ("@org/team", "&#64;team", "&#x40;team", "&commat;team"):
        assert render(f"x {raw}").mentions, raw
    assert render("see #12 and \\#13").references == ["#12", "#13"]
    assert "img" in render("`a`<img src=x>`").tag_names()
    assert "img" in render("image `a`<img src=x>`.jpg`").tag_names()


def test_a_file_name_with_backticks_stays_in_its_span() -> None:
    name = "a`<img src=https://t.example/p.png>`.jpg"
    page = render(f"image {code(name)}")
    assert page.tag_names() == {"p", "code"} and page.text == f"image {name}\n"


def test_only_newsroom_s_own_mentions_are_live() -> None:
    page = render(f"{mention('@aldermoor/editors-events')} {mention('@amelie-d')}: please")
    assert page.mentions == ["@aldermoor/editors-events", "@amelie-d"]
    for bad in ("@x <img src=y>", "@x/y/z", "someone@x", "@-x", "＠x"):
        assert not render(f"{mention(bad)} please").mentions, bad


def test_links_only_to_plain_https_urls() -> None:
    page = render(link("the run", "https://github.com/aldermoor/news/actions/runs/7"))
    assert page.tags == [
        ("p", {}),
        ("a", {"href": "https://github.com/aldermoor/news/actions/runs/7"}),
    ]
    page = render(link("@x", "javascript:alert(1)) ![p](https://t.example/p.png"))
    assert page.tag_names() <= {"p", "code"} and not page.mentions


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command read back the way the Actions runner reads it."""

    def unescape(text: str) -> str:
        for escaped, char in (
            ("%0D", "\r"),
            ("%0A", "\n"),
            ("%3A", ":"),
            ("%2C", ","),
            ("%25", "%"),
        ):
            text = text.replace(escaped, char)
        return text

    match = re.fullmatch(r"::(\w+)(?: ([^:]*))?::(.*)", line, re.S)
    assert match, line
    properties = dict(p.split("=", 1) for p in (match[2] or "").split(",") if p)
    return match[1], {k: unescape(v) for k, v in properties.items()}, unescape(match[3])


@settings(max_examples=200, deadline=None)
@given(hostile_text, hostile_text)
def test_annotations_carry_any_message_on_one_line(message: str, title: str) -> None:
    line = annotation("error", message, file="content/news/a,b:c.md", line=3, title=title)
    assert "\n" not in line and "\r" not in line
    level, properties, text = parse_command(line)
    assert level == "error" and properties["file"] == "content/news/a,b:c.md"
    assert properties["line"] == "3"
    assert text.replace(ZERO_WIDTH_SPACE, "") == message
    assert not re.search(r"(?<!\w)@\w", text + properties.get("title", ""))
