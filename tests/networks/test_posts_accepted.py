"""Every post Newsroom composes is one the network takes, by the network's own code.

The example newsroom and a stress set of items (emoji, CJK, Devanagari, Arabic, symbols, many
URLs, characters a network refuses) are composed for every route by the composer
`publish --dry-run` and `preview-posts` use (preview.preview_items). Each network's folder
judges its posts with this module's `composed_posts` and its own judge (the network's library,
or our port of its validator): tests/networks/<name>/test_<name>_posts_accepted.py.

The example site's URL is `https://news.aldermoor.example`: `.example` is reserved (RFC 2606),
so no reader can follow it by mistake, but it is no top-level domain for the networks that link
only real ones, which then count the link as text, not as their URL length. The example is
therefore composed twice: as it is, and with a real domain (`https://news.aldermoor.ac.uk`),
where the links count as they will on a real site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from newsroom.clock import now
from newsroom.repository import open_newsroom
from newsroom.syndication.ledger import Ledger
from newsroom.syndication.preview import preview_items
from tests.conftest import PROJECT

EXAMPLE_URL = "https://news.aldermoor.example"
REAL_URL = "https://news.aldermoor.ac.uk"
FOLDER = "content/news/quantum/2026"
IMAGE = "content/images/quantum/silicon-spin-qubits-hold-their-state-ten-times-longer.jpg"

# Summaries up to the 300-character limit, built to push each network's counting.
STRESS_SUMMARIES = {
    "emoji": "Our lab ♾️ results: 👩‍🔬👨‍🔬 teams 🧑🏿‍🦱🧑🏻 with 🏳️‍🌈 and 🏳️‍⚧️ flags, keycaps 1️⃣ #️⃣, "
    "hearts ❤️❤ and ☺️, © and ®, ™️, 🇫🇷🇬🇧🏴󠁧󠁢󠁳󠁣󠁴󠁿, 🫠🫶🏻🪿 " + "✨" * 60 + " 🎉 the end of it all.",
    "cjk": "量子センサーで脳の活動を計測しました。" * 8 + "東京大学との共同研究です。",
    "devanagari": "क्षि हिन्दी में समाचार: विश्वविद्यालय के भौतिकविदों ने क्वांटम संवेदक बनाया है। " * 3,
    "arabic": "باحثو جامعة ألدرمور يطورون مستشعرا كميا جديدا לצד חוקרים מתל אביב, شالوم ושלום. "
    * 3,
    "symbols": "Δ ≥ 99.99 % · ½ № ™ — “quotes” ‘single’ «guillemets» ¿qué? ﬁ Ⅻ x\u0336y "
    "a\u0301\u0302 e\u20dd 𝔘𝔫𝔦 𠀀 \U0001d11e … –" + " ≈ ∞ ∑ ∫" * 20,
    "urls": "See news.aldermoor.ac.uk/a, https://example.com/wiki/Primer_(film), "
    "http://t.co/abcdef?x=1, ipfs://bafy.example.org/x, example.co.uk/path?q=1. "
    "And https://en.wikipedia.org/wiki/Quantum_sensor's page, www.aldermoor.edu/news, "
    "bit.ly/3xYz and café.fr/é.",
    "refused": "Characters a network refuses \ufeff(a BOM), \ufffe and \uffff vanish from its "
    "post but the rest of this summary stays as written.",
}


def _item(key: str, summary: str) -> str:
    return (
        "---\n"
        f"id: strss{list(STRESS_SUMMARIES).index(key):03d}\n"
        f'title: "Stress item: {key}"\n'
        "date: 2026-11-25T10:00:00+01:00\n"
        f"summary: {_yaml_string(summary)}\n"
        "authors: [takeshi-mori]\n"
        f"image: {IMAGE}\n"
        'image_alt: "A sphere drawn in thin lines"\n'
        "tags: [quantum, student-life, 日本語, हिन्दी, café]\n"
        "---\n"
        "Body.\n"
    )


def _yaml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    escaped = escaped.replace("\ufeff", "\\uFEFF").replace("\ufffe", "\\uFFFE")
    return '"' + escaped.replace("\uffff", "\\uFFFF") + '"'


def stress_newsroom(tmp_path: Path, url: str, stress: bool) -> Path:
    shutil.copytree(PROJECT / "content", tmp_path / "content")
    config = (PROJECT / "newsroom.yml").read_text(encoding="utf-8")
    assert f"url: {EXAMPLE_URL}\n" in config
    config = config.replace(f"url: {EXAMPLE_URL}\n", f"url: {url}\n")
    # Every item of the example, archive included (the accounts' `since` keeps it off).
    config = re.sub(r"^    since: .*\n", "", config, flags=re.M)
    (tmp_path / "newsroom.yml").write_text(config, encoding="utf-8")
    if stress:
        for key, summary in STRESS_SUMMARIES.items():
            path = tmp_path / FOLDER / f"2026-11-25-stress-{key}.md"
            path.write_text(_item(key, summary), encoding="utf-8")
    return tmp_path


def composed_posts(root: Path) -> dict[str, list[tuple[str, str]]]:
    """(item id, text) of every post composed, by network; composition errors fail here."""
    newsroom = open_newsroom(root)
    ledger = Ledger.open(root, newsroom.config.zone)
    previews = preview_items(newsroom, newsroom.content.items, ledger, now())
    posts: dict[str, list[tuple[str, str]]] = {}
    errors = []
    for preview in previews:
        for post in preview.posts:
            if post.error:
                errors.append(f"{preview.item.id} {post.route.account}: {post.error}")
            elif post.post is not None:
                posts.setdefault(post.route.network, []).append((preview.item.id, post.post.text))
    assert not errors, "\n".join(errors)
    return posts


def test_publish_dry_run_shows_the_stress_posts(tmp_path: Path, run) -> None:
    root = stress_newsroom(tmp_path, REAL_URL, stress=True)
    result = run(root, "publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Stress item: emoji" in result.output or "strss000" in result.output
