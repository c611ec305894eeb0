"""Composition at the exact limits: ASCII, accents, emoji, CJK, RTL, long URLs, every network."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsroom.links import tracked_url
from newsroom.networks import NETWORKS, counting
from newsroom.networks.base import Limits
from newsroom.networks.x import text as x_text
from newsroom.networks.x import upper_bound as x_upper_bound
from newsroom.schema import MAX_ALT_TEXT
from newsroom.syndication.checks import open_checked_newsroom
from newsroom.syndication.compose import (
    ELLIPSIS,
    CompositionError,
    alt_text_for,
    break_points,
    compose_post,
    hashtag,
)

from ..cli_process import run_newsroom, small_newsroom
from ..conftest import PNG, VALID_PATH
from .conftest import Room, item_file


def compose(room: Room, account: str, limits: Limits | None = None, **fields: object):
    room.add("k7q2m9ab", **fields)
    newsroom = room.load()
    (item,) = newsroom.content.items
    network = newsroom.config.accounts[account].network
    rules = NETWORKS[network]
    post = compose_post(item, account, newsroom.config, limits or rules.limits, rules.measure)
    return post, item, newsroom.config


def body_of(text: str) -> str:
    return text.split("\n\n")[0]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("student-life", "#StudentLife"),
        ("research infrastructure", "#ResearchInfrastructure"),
        ("quantum", "#quantum"),
        ("ERC", "#ERC"),
        ("sécurité-alimentaire", "#SécuritéAlimentaire"),
        ("2026", None),
    ],
)
def test_hashtags_are_camel_case_for_several_words(tag: str, expected: str | None) -> None:
    assert hashtag(tag) == expected


def test_the_post_is_summary_hashtags_then_link(room: Room) -> None:
    post, item, config = compose(room, "uni-mastodon")
    link = tracked_url(config, item, "mastodon", "uni-mastodon")
    assert post.text == f"{item.meta.summary}\n\n#quantum #StudentLife\n\n{link}"
    assert post.link == link and "utm_source=mastodon" in link
    assert post.key == "k7q2m9ab-uni-mastodon"
    assert post.card.title == item.title and post.card.url == link
    assert post.language == "en"


def test_an_override_replaces_the_summary_and_hashtags_already_written_are_not_repeated(
    room: Room,
) -> None:
    post, _, _ = compose(room, "uni-x", social={"x": "Our #quantum sensor reads brains."})
    assert body_of(post.text) == "Our #quantum sensor reads brains."
    assert post.text.count("#quantum") == 1 and "#StudentLife" in post.text


def x_exact(text: str) -> int:
    """X's count (the port that tests/networks/x/test_x_oracle.py holds to X's JS library)."""
    return x_text.parse(unicodedata.normalize("NFC", text)).weighted_length


# Units that weigh differently on X: ASCII 1, accents 1, CJK 2, emoji 2 (a ZWJ family too).
@pytest.mark.parametrize("unit", ["ab ", "é ", "日本 ", "😀 ", "👩‍👩‍👧 ", "שלום ", "مرحبا "])
def test_x_fills_exactly_280_and_one_more_is_cut_at_a_word(room: Room, unit: str) -> None:
    room.add("k7q2m9ab", summary="Summary long enough for the schema, " * 2)
    newsroom = room.load()
    (item,) = newsroom.content.items
    link = tracked_url(newsroom.config, item, "x", "uni-x")
    rules = NETWORKS["x"]
    # Grow a body until body + link weighs exactly 280 (or as close as the unit allows).
    body = "Start "
    while x_exact(f"{body}{unit}\n\n{link}") <= 280:
        body += unit
    body = body.rstrip()
    exact = f"{body}\n\n{link}"
    assert x_exact(exact) <= 280
    room.add("k7q2m9ab", summary=body[:300], tags=[])
    fitting = compose_post(
        room.load().content.items[0], "uni-x", room.load().config, rules.limits, rules.measure
    )
    if len(body) <= 300:  # the schema caps summaries at 300 characters
        assert fitting.text == exact, "a text that fits is never cut"
    longer = body + " " + unit.strip() * 3
    room.add("k7q2m9ab", summary=longer[:300], tags=[])
    reloaded = room.load()
    post = compose_post(
        reloaded.content.items[0], "uni-x", reloaded.config, rules.limits, rules.measure
    )
    assert x_exact(post.text) <= 280
    assert post.text.endswith("\n\n" + link), "the link is whole, at the end"
    if x_exact(f"{longer[:300]}\n\n{link}") > 280:
        kept = body_of(post.text)
        assert kept.endswith(ELLIPSIS)
        assert longer.startswith(kept[:-1].rstrip())
        # never a cut word: what follows the kept prefix in the original starts a new word
        rest = longer[len(kept) - 1 :]
        assert rest == "" or rest[0] == " " or "日" in unit


@pytest.mark.parametrize(
    ("network", "account", "unit"),
    [
        ("x", "uni-x", "word "),
        ("mastodon", "uni-mastodon", "mot "),
        ("bluesky", "uni-bluesky", "palabra "),
        ("linkedin", "uni-linkedin", "(x) "),
    ],
)
def test_an_override_at_the_exact_limit_passes_and_one_more_fails(
    room: Room, network: str, account: str, unit: str
) -> None:
    room.add("k7q2m9ab")
    newsroom = room.load()
    item = newsroom.content.items[0]
    link = tracked_url(newsroom.config, item, network, account)
    rules = NETWORKS[network]
    text = "Go"
    while rules.measure(f"{text} {unit.strip()}\n\n{link}") <= rules.limits.max_length:
        text += " " + unit.strip()
    while rules.measure(f"{text}!\n\n{link}") <= rules.limits.max_length:
        text += "!"
    assert rules.measure(f"{text}\n\n{link}") == rules.limits.max_length
    post, item, config = compose(room, account, social={network: text}, tags=["quantum"])
    assert post.text == f"{text}\n\n{link}", "hashtags dropped first, the override kept whole"
    one_less = Limits(rules.limits.max_length - 1, rules.limits.unit, rules.limits.url_length)
    with pytest.raises(CompositionError, match=r"shorten it by 1\b"):
        compose_post(item, account, config, one_less, rules.measure)
    # One character more is a `check` error at the line of `social.<network>`.
    path = room.add("k7q2m9ab", social={network: text + "!"})
    (problem,) = open_checked_newsroom(room.root).content.problems
    lines = (room.root / path).read_text().splitlines()
    assert (problem.file, problem.field) == (path, f"social.{network}")
    assert lines[problem.line - 1].strip().startswith(f"{network}:")
    assert "shorten it by 1" in problem.message


def test_hashtags_go_first_the_last_tag_first(room: Room) -> None:
    summary = "A" + " word" * 48 + "."  # 242 + link 23: room for one hashtag only
    post, item, config = compose(
        room, "uni-x", summary=summary, tags=["quantum", "student-life", "events"]
    )
    link = tracked_url(config, item, "x", "uni-x")
    assert body_of(post.text) == summary, "the summary is kept whole while hashtags can go"
    assert post.tags == ("quantum",)
    assert post.text == f"{summary}\n\n#quantum\n\n{link}"


def test_where_fewer_hashtags_are_taken_the_first_ones_are_kept(room: Room) -> None:
    capped = Limits(500, "characters", url_length=23, max_hashtags=2)
    tags = ["quantum", "student-life", "events", "physics"]
    post, item, config = compose(room, "uni-mastodon", limits=capped, tags=tags)
    link = tracked_url(config, item, "mastodon", "uni-mastodon")
    assert post.tags == ("quantum", "StudentLife")
    assert post.text == f"{item.meta.summary}\n\n#quantum #StudentLife\n\n{link}"


def test_mastodon_counts_every_url_as_23_and_reads_the_instance_limit(room: Room) -> None:
    room.config["site"]["url"] = "https://news.aldermoor.edu/" + "very-long-path/" * 10
    room.write_config()
    summary = "Mot " * 74 + "fin."
    post, _, _ = compose(room, "uni-mastodon", summary=summary)
    assert len(post.link) > 200
    assert counting.mastodon_length(post.text) <= 500
    assert body_of(post.text) == summary.strip()
    small = Limits(120, "characters", url_length=23)
    room.add("k7q2m9ab", summary=summary)
    reloaded = room.load()
    cut = compose_post(
        reloaded.content.items[0], "uni-mastodon", reloaded.config, small, counting.mastodon_length
    )
    assert counting.mastodon_length(cut.text) <= 120 < counting.mastodon_length(cut.text) + 5
    assert body_of(cut.text).endswith("Mot…")


def test_bluesky_stays_within_300_graphemes_and_3000_bytes(room: Room) -> None:
    family = "👩‍👩‍👧‍👦"  # one grapheme, 7 code points, 25 bytes
    post, item, config = compose(room, "uni-bluesky", summary=" ".join([family] * 37))
    assert counting.graphemes(post.text) <= 300 and len(post.text.encode()) <= 3000
    # An override may be long in bytes while short in graphemes: bytes bound it then.
    rules = NETWORKS["bluesky"]
    room.add("k7q2m9ab", social={"bluesky": " ".join([family] * 130)})
    (problem,) = open_checked_newsroom(room.root).content.problems
    assert problem.field == "social.bluesky" and "/3000 bytes" in problem.message
    # A summary is cut on bytes the same way (a smaller byte bound, as summaries are short).
    small = Limits(300, "graphemes", max_bytes=600)
    cut = compose_post(item, "uni-bluesky", config, small, rules.measure)
    assert len(cut.text.encode()) <= 600 < len(cut.text.encode()) + len(family.encode()) + 1
    assert body_of(cut.text).endswith(family + ELLIPSIS)


def test_linkedin_counts_the_escaped_text(room: Room) -> None:
    limits = Limits(200, "characters (escaped)")
    summary = "(a) " * 60 + "end"
    post, _, _ = compose(room, "uni-linkedin", limits, summary=summary[:300])
    assert counting.linkedin_length(post.text) <= 200
    assert len(post.text) < 200 / 1.2, "escaping doubles the reserved characters"


def test_cjk_is_cut_between_characters_and_never_before_closing_punctuation() -> None:
    text = "量子センサーが脳の活動を測定する。研究チームは、"
    points = break_points(text)
    assert text.index("。") not in points and text.index("、") not in points
    assert 2 in points  # between 量 and 子


def test_a_grapheme_is_never_split() -> None:
    text = "Cafe\u0301 👩‍👩‍👧 ok"
    for point in break_points(text):
        assert counting.graphemes(text[:point]) + counting.graphemes(
            text[point:]
        ) == counting.graphemes(text)


def test_composition_is_deterministic(room: Room) -> None:
    first, _, _ = compose(room, "uni-bluesky")
    second, _, _ = compose(room, "uni-bluesky")
    assert first == second


PIECES = [*"abcdefghij ,.!?éèüß日本語😀שלםمر", "\u0301", "👩‍👩‍👧", "#tag", "x.com", " "]
TEXT = st.lists(st.sampled_from(PIECES), min_size=30, max_size=150).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(summary=TEXT, network=st.sampled_from(["x", "mastodon", "bluesky", "linkedin"]))
def test_any_summary_fits_with_its_link_intact(room: Room, summary: str, network: str) -> None:
    summary = " ".join(summary.split())
    if len(summary) < 30 or not summary[0].isalnum():
        return
    room.add("k7q2m9ab", summary=summary)
    try:
        newsroom = room.load()
    except AssertionError:
        return  # not a valid summary for the schema (e.g. markup-like text)
    item = newsroom.content.items[0]
    account = {
        "x": "uni-x",
        "mastodon": "uni-mastodon",
        "bluesky": "uni-bluesky",
        "linkedin": "uni-linkedin",
    }[network]
    rules = NETWORKS[network]
    limits = Limits(
        120, rules.limits.unit, rules.limits.url_length, max_bytes=rules.limits.max_bytes
    )
    try:
        post = compose_post(item, account, newsroom.config, limits, rules.measure)
    except CompositionError:
        return  # the first word alone does not fit: nothing may be cut
    assert rules.measure(post.text) <= 120
    assert post.text.endswith("\n\n" + post.link)
    body = body_of(post.text)
    normalized = unicodedata.normalize("NFC", summary)
    assert body == normalized or (body.endswith(ELLIPSIS) and normalized.startswith(body[:-1]))


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=0, max_size=200))
def test_the_x_bound_is_never_below_x_count(text: str) -> None:
    text = unicodedata.normalize("NFC", text)
    assert x_upper_bound(text, NETWORKS["x"].limits) >= x_exact(text)


def test_fits_uses_the_exact_count_when_the_bound_is_too_loose() -> None:
    rules = NETWORKS["x"]
    text = "a." * 100  # the bound says 2,500; X says 200
    assert rules.fits(text, rules.limits, rules.measure)


# An alt text of 983 characters: the site takes it (MAX_ALT_TEXT), some network may not.
LONG_ALT = " ".join(["A cap of sensors over a volunteer's hair"] * 24)


@pytest.mark.parametrize(
    "limits",
    [n.limits for n in NETWORKS.values()] + [Limits(500, "characters", max_alt_text=100)],
    ids=[*NETWORKS, "a network taking 100"],
)
def test_an_alt_text_too_long_for_one_network_is_cut_at_a_word_for_it_only(
    limits: Limits,
) -> None:
    maximum = limits.max_alt_text
    sent = alt_text_for(LONG_ALT, limits)
    if maximum is None or maximum >= len(LONG_ALT):
        assert sent == LONG_ALT
        return
    assert sent is not None and len(sent) <= maximum and sent.endswith(ELLIPSIS)
    kept = sent.removesuffix(ELLIPSIS)
    assert LONG_ALT.startswith(kept) and LONG_ALT[len(kept)] == " ", "cut between words"


def test_check_takes_the_sites_alt_text_and_the_preview_names_each_cut(tmp_path: Path) -> None:
    """`check` refuses no item for one network's alt-text limit; the preview says which
    accounts get it cut (every network declaring a smaller limit), and to how much."""
    assert len(LONG_ALT) <= MAX_ALT_TEXT
    root = small_newsroom(tmp_path)
    item = root / VALID_PATH
    text = item.read_text(encoding="utf-8")
    alt_line = next(line for line in text.splitlines() if line.startswith("image_alt:"))
    item.write_text(text.replace(alt_line, f"image_alt: {LONG_ALT}"), encoding="utf-8")
    checked = run_newsroom(root, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    preview = run_newsroom(root, "preview-posts", VALID_PATH).stdout
    shorter = [
        n for n in NETWORKS.values() if (n.limits.max_alt_text or MAX_ALT_TEXT) < len(LONG_ALT)
    ]
    for network in shorter:
        cut_to = len(alt_text_for(LONG_ALT, network.limits) or "")
        said = f"image alt text cut at a word to {cut_to:,} of its {len(LONG_ALT):,} characters"
        assert f"({network.label}," in preview and said in preview, network.label
    assert preview.count("image alt text cut") == sum(
        preview.count(f"({n.label},") for n in shorter
    ), "only the accounts of those networks"


def test_the_gallery_fills_the_post_up_to_the_networks_images(room: Room) -> None:
    """Issue 31: the gallery's first photos go with the item's image, within `max_media`."""
    for number in range(6):
        (room.root / f"content/images/g{number}.png").parent.mkdir(parents=True, exist_ok=True)
        (room.root / f"content/images/g{number}.png").write_bytes(PNG)
    photos = "".join(
        f"  - image: content/images/g{number}.png\n    alt: Photo number {number}\n"
        "    caption: The open day.\n    credit: Photo Jane Doe\n"
        for number in range(6)
    )
    lead = "image: content/images/g0.png\nimage_alt: The lead photo of the day\n"
    for front, expected in (("", [0, 1, 2, 3]), (lead, [0, 1, 2])):
        path, text = item_file("k7q2m9ab")
        (room.root / path).parent.mkdir(parents=True, exist_ok=True)
        (room.root / path).write_text(text.replace("---\n", f"---\n{front}gallery:\n{photos}", 1))
        (item,) = room.load().content.items
        config = room.load().config
        for account in ("uni-mastodon", "uni-x"):
            rules = NETWORKS[config.accounts[account].network]
            post = compose_post(item, account, config, rules.limits, rules.measure)
            assert [alt for _, alt in post.gallery] == [f"Photo number {n}" for n in expected]
            assert len(post.gallery) + (post.image is not None) == rules.limits.max_media == 4
            # The same photos on the site, for the networks that fetch them by URL.
            site = config.site.url
            assert post.gallery_urls == tuple(f"{site}/images/g{n}.png" for n in expected)
