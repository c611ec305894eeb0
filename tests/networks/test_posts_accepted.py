"""Every post Newsroom composes is one the network takes, by the network's own code.

The example newsroom and a stress set of items (emoji, CJK, Devanagari, Arabic, symbols, many
URLs, characters X refuses) are composed for every route by the composer `publish --dry-run`
and `preview-posts` use (preview.preview_items); every X post is then judged by npm
twitter-text 3.1.0 itself (valid, and counted as we count it), every Mastodon post by our port
of Mastodon's StatusLengthValidator.

The example site's URL is `https://news.aldermoor.example`: `.example` is reserved (RFC 2606),
so no reader can follow it by mistake, but it is no top-level domain for X or Mastodon, which
then count the link as text, not as 23. The example is therefore composed twice: as it is, and
with a real domain (`https://news.aldermoor.ac.uk`), where the links count 23 as they will on a
real site.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from newsroom.clock import now
from newsroom.networks import NETWORKS, counting
from newsroom.networks.x import upper_bound as x_upper_bound
from newsroom.repository import open_newsroom
from newsroom.syndication.compose import CompositionError, compose_post
from newsroom.syndication.ledger import Ledger
from newsroom.syndication.preview import preview_items
from tests.conftest import PROJECT, VALID_ITEM, VALID_PATH, write
from tests.networks.x.x_texts import draw_texts
from tests.servers import oracles

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
    "refused": "Characters X refuses \ufeff(a BOM), \ufffe and \uffff vanish from the X post "
    "but the rest of this summary stays as written.",
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


def _newsroom(tmp_path: Path, url: str, stress: bool) -> Path:
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


def _posts(root: Path) -> dict[str, list[tuple[str, str]]]:
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


@pytest.mark.parametrize(
    ("url", "stress"), [(REAL_URL, True), (EXAMPLE_URL, True), (REAL_URL, False)]
)
def test_every_x_post_is_valid_for_twitter_text(tmp_path: Path, url: str, stress: bool) -> None:
    posts = _posts(_newsroom(tmp_path, url, stress))["x"]
    assert len(posts) >= 20 + (len(STRESS_SUMMARIES) if stress else 0)
    answers = oracles.ask("twitter_text.cjs", [text for _, text in posts])
    refused = [
        f"{item}: {text!r} → {answer}"
        for (item, text), answer in zip(posts, answers, strict=True)
        if not answer["valid"] or answer["weightedLength"] != counting.x_weighted_length(text)
    ]
    assert not refused, "\n".join(refused)
    if url == REAL_URL:  # the link counts 23, as X links it
        assert all(answer["urls"] for answer in answers)
    else:  # `.example` is no TLD: X counts the link character by character
        assert not any(EXAMPLE_URL in u for a in answers for u, _, _ in a["urls"])


@pytest.mark.parametrize("url", [REAL_URL, EXAMPLE_URL])
def test_every_mastodon_post_fits_mastodon_count(tmp_path: Path, url: str) -> None:
    posts = _posts(_newsroom(tmp_path, url, stress=True))["mastodon"]
    assert len(posts) >= 20
    for item, text in posts:
        assert counting.mastodon_length(text) <= counting.MASTODON_DEFAULT_MAX, item
        link = text.rsplit("\n\n", 1)[-1]
        expected = 23 if url == REAL_URL else counting.graphemes(link)
        assert counting.mastodon_length(link) == expected


def test_characters_x_refuses_leave_the_summary_not_the_other_networks(tmp_path: Path) -> None:
    posts = _posts(_newsroom(tmp_path, REAL_URL, stress=True))
    [x_post] = [text for item, text in posts["x"] if item == "strss006"]
    [mastodon_post] = [text for item, text in posts["mastodon"] if item == "strss006"]
    assert not set(x_post) & counting.X_REFUSED_CHARACTERS
    assert "\ufeff" in mastodon_post
    assert x_post.startswith("Characters X refuses (a BOM), and vanish")


def test_publish_dry_run_shows_the_stress_posts(tmp_path: Path, run) -> None:
    root = _newsroom(tmp_path, REAL_URL, stress=True)
    result = run(root, "publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Stress item: emoji" in result.output or "strss000" in result.output


def test_the_x_bound_is_never_below_x_count() -> None:
    limits = NETWORKS["x"].limits
    for text in draw_texts(1500, 7):
        text = unicodedata.normalize("NFC", text)
        assert x_upper_bound(text, limits) >= counting.x_weighted_length(text), repr(text)


def test_check_reports_an_override_x_refuses_at_its_line(newsroom: Path, run) -> None:
    item = VALID_ITEM.replace("tags:", 'social:\n  x: "Results out today\\uFEFF, see below"\ntags:')
    write(newsroom, VALID_PATH, item)
    result = run(newsroom, "check")
    assert result.exit_code == 1, result.output
    assert f"{VALID_PATH}:11: social.x: contains U+FEFF" in result.output
    assert "delete it" in result.output
    # The same text is fine where it is no problem (Mastodon keeps U+FEFF as text).
    item = item.replace("  x: ", "  mastodon: ")
    write(newsroom, VALID_PATH, item)
    assert run(newsroom, "check").exit_code == 0


def test_an_override_x_refuses_is_not_composed(newsroom: Path) -> None:
    # `check` keeps such an item out of publishing; the composer refuses it all the same.
    write(newsroom, VALID_PATH, VALID_ITEM.replace("tags:", 'social:\n  x: "Out today"\ntags:'))
    loaded = open_newsroom(newsroom)
    item = loaded.content.items[0]
    social = item.meta.social.model_copy(update={"x": "Results out today\ufffe"})
    item = dataclasses.replace(item, meta=item.meta.model_copy(update={"social": social}))
    rules = NETWORKS["x"]
    with pytest.raises(CompositionError, match="U\\+FFFE"):
        compose_post(item, "uni-x", loaded.config, rules.limits, rules.measure)
