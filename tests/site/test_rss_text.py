"""RSS descriptions are plain text, escaped as the HTML readers take them for (issue #26).

An RSS `<description>` (the channel's: `site.description` or the theme's; an item's: its
summary) has no type: readers parse it as HTML. Newsroom writes it HTML-escaped, so a
reader shows the text as written — `<script>`, `<img onerror>`, `"><svg onload=…>` and `&amp;` included —
and never builds an element from it: the same text Atom gives (`type="text"`).
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from lxml import etree
from lxml import html as lxml_html

from ..conftest import VALID_ITEM, VALID_PATH, write

SITE_DESCRIPTION = (
    '<script>alert(1)</script> <img src=x onerror=alert(2)> "><svg onload=alert(3)> '
    "Fish &amp; chips &lt;b&gt;bold&lt;/b&gt; & more"
)
# Summaries are plain text by the schema (no complete tag passes `check`): what is left.
SUMMARIES = [
    "An unfinished <img src=x onerror=alert(2) tag stays text in every reader.",
    '"><svg onload=alert(3) closes nothing and opens nothing, whatever the reader.',
    "Fish &amp; chips & more: the entity is written as it is, not decoded.",
    "Encoded &lt;script&gt;alert(4)&lt;/script&gt; stays encoded, never live.",
    "Less than < and greater than > and <!-- a comment opener --",
]
IDS = [f"rsstxt{n:02d}" for n in range(len(SUMMARIES))]


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from newsroom.cli import main

    from ..conftest import PNG, copy_config

    root = tmp_path_factory.mktemp("rss-text")
    copy_config(root)
    config = yaml.safe_load((root / "newsroom.yml").read_text(encoding="utf-8"))
    config["site"]["description"] = SITE_DESCRIPTION
    for theme in config["themes"]:  # each theme's feed: its description
        theme["description"] = SITE_DESCRIPTION
    (root / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    write(root, "content/images/sensor.png", PNG)
    for n, (item_id, summary) in enumerate(zip(IDS, SUMMARIES, strict=True)):
        item = _with_summary(VALID_ITEM.replace("k7q2m9ab", item_id), summary)
        write(root, VALID_PATH.replace("quantum-sensor", f"sensor-{n}"), item)
    result = CliRunner().invoke(
        main, ["--root", str(root), "build"], env={"GITHUB_ACTIONS": "false"}
    )
    assert result.exit_code == 0, result.output
    return root / "output/feeds"


def _with_summary(item: str, summary: str) -> str:
    lines = item.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith("  "))
    quoted = yaml.safe_dump(summary, width=1000).removesuffix("\n...\n").strip()
    return "".join([*lines[:start], f"summary: {quoted}\n", *lines[end:]])


def _text_of_html(markup: str) -> tuple[str, list[str]]:
    """What a reader shows for `markup` taken as HTML, and the elements it builds."""
    holder = lxml_html.fragment_fromstring(markup, create_parent="div")
    return holder.text_content(), [element.tag for element in holder.iterdescendants()]


def test_rss_descriptions_read_as_html_give_the_text_as_written(feeds: Path) -> None:
    parsed = feedparser.parse((feeds / "all.rss.xml").read_bytes(), sanitize_html=False)
    assert not parsed.bozo, parsed.bozo_exception

    assert _text_of_html(parsed.feed.description) == (SITE_DESCRIPTION, [])
    summaries = {entry.id.rsplit("/", 1)[-1]: entry.summary for entry in parsed.entries}
    for item_id, summary in zip(IDS, SUMMARIES, strict=True):
        assert _text_of_html(summaries[item_id]) == (summary, []), item_id


def test_rss_description_elements_hold_no_live_markup(feeds: Path) -> None:
    for path in sorted(feeds.glob("*.rss.xml")):
        tree = etree.parse(str(path))
        descriptions = tree.xpath("/rss/channel/description | /rss/channel/item/description")
        assert descriptions, path
        for description in descriptions:
            text, elements = _text_of_html(description.text)
            assert elements == [], (path, description.text)
            assert text in {SITE_DESCRIPTION, *SUMMARIES}, (path, text)


def test_atom_gives_the_same_text(feeds: Path) -> None:
    parsed = feedparser.parse((feeds / "all.atom.xml").read_bytes(), sanitize_html=False)

    assert parsed.feed.subtitle == SITE_DESCRIPTION
    assert parsed.feed.subtitle_detail.type == "text/plain"
    summaries = {entry.id.rsplit("/", 1)[-1]: entry.summary for entry in parsed.entries}
    assert [summaries[item_id] for item_id in IDS] == SUMMARIES
