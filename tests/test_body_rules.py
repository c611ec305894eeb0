"""Nothing written in a body disappears silently (issue 28): `check` reports, at its line,
what the sanitiser would remove and every path with no file behind it; links to items and
pages are accepted and the build turns them into their pages' addresses."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import BytesIO
from pathlib import Path, PurePosixPath

import pyromark
import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from PIL import Image

from newsroom.body_rules import check_body
from newsroom.markup import MARKDOWN_OPTIONS
from newsroom.site.sanitize import sanitize

from .conftest import VALID_ITEM, VALID_PATH, write

NOW = "2026-12-01T00:00:00+00:00"
OTHER = "content/news/quantum/2026/2026-11-19-earlier-sensor.md"
YOUTUBE = (
    '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" '
    'title="YouTube video player" frameborder="0" allowfullscreen></iframe>'
)


def with_body(body: str) -> str:
    """The valid item with `body` after its first paragraph."""
    return VALID_ITEM.replace("It was built", f"{body}\n\nIt was built", 1)


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def problems(run: Callable[..., Result], root: Path) -> list[dict[str, object]]:
    result = run(root, "check", "--format", "json")
    found = json.loads(result.output)["problems"]
    assert result.exit_code == (1 if found else 0), result.output
    return found


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            YOUTUBE,
            "use the video block: a line holding only a link to the video's page, "
            "[Title of the video](https://www.youtube.com/watch?v=dQw4w9WgXcQ)",
        ),
        ('<video src="https://cdn.example/film.mp4" controls></video>', "<video> is not published"),
        ('<audio src="https://cdn.example/talk.mp3"></audio>', "[Listen to the recording]("),
        ("![A shark](content/images/climate/shark2.jpg)", "no file at"),
        ("[earlier](content/news/quantum/2026/2026-01-01-does-not-exist.md)", "no item or page"),
        ("# A second title", "use a level-2 heading, `## …`"),
        ('Some <span style="color:red">red</span> text', "style= on <span> is removed"),
        ("[mail me](javascript:alert(1))", "a javascript: address is removed"),
        ("[notes](newsroom.yml)", "is not under content/"),
        ("[a file](content/images/sensor.png.md)", "no item or page"),
    ],
)
def test_check_reports_what_the_site_would_drop_at_its_line(
    newsroom: Path, run: Callable[..., Result], written: str, message: str
) -> None:
    text = with_body(written)
    write(newsroom, VALID_PATH, text)
    found = problems(run, newsroom)
    assert [(p["file"], p["line"], p["field"]) for p in found] == [
        (VALID_PATH, line_of(text, written), "body")
    ]
    assert message in str(found[0]["message"]) and " — " in str(found[0]["message"])


def test_a_video_file_that_is_not_there_is_said_too(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    written = '<video src="content/files/film.mp4" controls></video>'
    write(newsroom, VALID_PATH, with_body(written))
    messages = [str(p["message"]) for p in problems(run, newsroom)]
    assert len(messages) == 2
    assert "the front matter, `video:` with `url:`" in messages[0]
    assert messages[1].startswith("no file at 'content/files/film.mp4'")


def test_lines_count_blank_lines_after_the_front_matter_and_wide_characters(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    text = VALID_ITEM.replace(
        "---\nThe sensor", "---\n\n\nÉté — 北京 <b onclick=x>é</b>\nThe sensor"
    )
    write(newsroom, VALID_PATH, text)
    found = problems(run, newsroom)
    assert [p["line"] for p in found] == [line_of(text, "Été")]


def test_links_to_items_and_pages_are_accepted_and_built_as_their_addresses(
    tmp_path: Path, newsroom: Path, run: Callable[..., Result]
) -> None:
    other = VALID_ITEM.replace("k7q2m9ab", "k7q2m9cd").replace("2026-11-20T", "2026-11-19T")
    write(newsroom, OTHER, other)
    write(newsroom, "content/pages/about.md", "---\ntitle: About us\n---\nWho we are.\n")
    write(newsroom, "content/files/report.pdf", b"%PDF-1.4 tiny")
    body = (
        f"See [the earlier story]({OTHER}#method), [the same, from here]"
        f"({PurePosixPath(OTHER).name}), [about us](content/pages/about.md) and "
        "[the report](content/files/report.pdf)."
    )
    write(newsroom, VALID_PATH, with_body(body))
    assert problems(run, newsroom) == []
    built = run(newsroom, "build", "--now", NOW, "--output", str(tmp_path / "out"))
    assert built.exit_code == 0, built.output
    page = tmp_path / "out/news/quantum/2026/quantum-sensor/index.html"
    prose = lxml_html.fromstring(page.read_bytes()).xpath('//div[@class="prose"]')[0]
    assert prose.xpath(".//a/@href") == [
        "/news/quantum/2026/earlier-sensor/#method",
        "/news/quantum/2026/earlier-sensor/",
        "/about/",
        "/files/report.pdf",
    ]
    assert (tmp_path / "out/files/report.pdf").read_bytes() == b"%PDF-1.4 tiny"


def test_a_file_added_or_removed_later_changes_the_answer(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    """What check remembers of a file (`.cache/content/`) depends on the files it links to."""
    write(newsroom, VALID_PATH, with_body("![A shark](content/images/shark.png)"))
    assert len(problems(run, newsroom)) == 1
    write(
        newsroom, "content/images/shark.png", (newsroom / "content/images/sensor.png").read_bytes()
    )
    assert problems(run, newsroom) == []
    (newsroom / "content/images/shark.png").unlink()
    assert len(problems(run, newsroom)) == 1


# Elements and attributes contributors paste, the allowed ones among them: the real
# sanitiser is the oracle of what `check` must report. (Table parts are tried in a table,
# where an HTML parser keeps them.)
TAGS = (  # noqa: SIM905 (words are easier to read than a list of strings)
    "a abbr address article aside audio b bdi blockquote button canvas center cite code dd "
    "del details dfn dialog div dl dt em embed fieldset figcaption figure font footer form h1 "
    "h2 h3 header hr i iframe img input ins kbd label li main mark marquee meter nav noscript "
    "object ol p picture pre progress q s samp script section select small source span strong "
    "style sub summary sup svg template textarea time u ul var video"
).split()
ATTRIBUTES = (  # noqa: SIM905
    "align border class colspan dir height href hreflang id lang onclick rel scope src start "
    "style target title width"
).split()
TABLE = "<table><tr>{}</tr></table>"
VOID = {"embed", "hr", "img", "input", "source"}  # elements without content or end tag


def dropped(html: str) -> bool:
    """Whether the sanitiser changes `html` beyond what it adds to links and tables."""
    kept = sanitize(html).replace(' rel="noopener noreferrer"', "")
    return kept.replace("<tbody>", "").replace("</tbody>", "") != html


def reported(html: str, body_line: int = 1) -> list[int]:
    """The lines `check` reports in a body made of `html`."""
    return [p.line for p in check_body(Path("/nowhere"), VALID_PATH, html, body_line)]


@pytest.mark.parametrize("tag", TAGS)
def test_check_reports_exactly_the_elements_the_sanitiser_drops(tag: str) -> None:
    html = f"<{tag}>" if tag in VOID else f"<{tag}>x</{tag}>"
    lines = reported(f"a\n\n{html}\n", 12)
    assert bool(lines) == dropped(html), (tag, sanitize(html))
    assert set(lines) <= {14}


def test_a_whole_table_is_kept_and_never_reported() -> None:
    html = (
        "<table><caption>c</caption><thead><tr><th>h</th></tr></thead>"
        "<tbody><tr><td>d</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>"
    )
    assert sanitize(html) == html and reported(html) == []


@pytest.mark.parametrize("tag", ["a", "img", "p", "td", "th", "ol", "code"])
@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_check_reports_exactly_the_attributes_the_sanitiser_drops(tag: str, attribute: str) -> None:
    value = "https://example.org/x" if attribute in ("href", "src") else "1"
    html = (
        f'<{tag} {attribute}="{value}">x</{tag}>'
        if tag != "img"
        else f'<img {attribute}="{value}">'
    )
    html = TABLE.format(html) if tag in ("td", "th") else html
    assert bool(reported(html)) == dropped(html), (html, sanitize(html))


def test_markdown_itself_is_never_reported() -> None:
    """What the Markdown renders (footnotes, tables, code) is not the contributor's HTML."""
    body = (
        "## Results {#results}\n\nA claim[^1] in *italic*, **bold**, ~~struck~~.\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint(1)\n```\n\n"
        "Term\n: definition\n\n[^1]: The source.\n"
    )
    assert "footnote" in pyromark.html(body, options=MARKDOWN_OPTIONS)
    assert reported(body) == []


def large_photo() -> bytes:
    """A 6000 by 4000 JPEG of 5.5 MB: a camera's file, not yet exported for the web."""
    out = BytesIO()
    Image.new("RGB", (6000, 4000), "navy").save(out, "JPEG")
    return out.getvalue() + bytes(5_500_000 - len(out.getvalue()))


def test_check_warns_about_large_images_and_passes(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    write(newsroom, "content/images/large.jpg", large_photo())
    item = with_body("![The lab](content/images/large.jpg)").replace(
        "image: content/images/sensor.png", "image: content/images/large.jpg"
    )
    write(newsroom, VALID_PATH, item)
    expected = [
        (line_of(item, "image: content"), "image"),
        (line_of(item, "![The lab]"), "body"),
    ]
    for _ in range(2):  # the second check reuses what the first one found (.cache/content/)
        result = run(newsroom, "check", "--format", "json")
        assert result.exit_code == 0, result.output
        report = json.loads(result.output)
        assert report["problems"] == []
        assert [(w["line"], w["field"]) for w in report["warnings"]] == expected
        for warning in report["warnings"]:
            assert "is 5.5 MB, 6000×4000 pixels" in warning["message"]
            assert "— export it again under 5 MB" in warning["message"]
    human = run(newsroom, "check")
    assert human.exit_code == 0 and "no problems, 2 warning(s)" in human.output
    github = run(newsroom, "check", "--format", "github")
    assert github.output.count("::warning file=") == 2


def test_images_within_the_limits_are_not_warned_about(
    newsroom: Path, run: Callable[..., Result]
) -> None:
    write(newsroom, VALID_PATH, with_body("![The sensor](content/images/sensor.png)"))
    result = run(newsroom, "check", "--format", "json")
    assert json.loads(result.output)["warnings"] == [] and result.exit_code == 0


@pytest.mark.parametrize("html", ["<![foo[ x ]]>", "<!DOCTYPE x", "<? x", "</", '<a href="x'])
def test_broken_html_is_never_a_traceback(html: str) -> None:
    assert isinstance(reported(f"Text.\n\n{html}\n"), list)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>/!?[]-=\"' abx:#\n\té`*()"), max_size=80))
def test_any_text_gets_an_answer_never_a_traceback(body: str) -> None:
    assert all(p.line >= 1 for p in check_body(Path("/nowhere"), VALID_PATH, body, 1))
