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
from .conftest import ACCOUNTS, ANY_LANGUAGE, ENGLISH, NO_EVENTS, Room, item_file, network_of


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
    network = network_of(ENGLISH)
    post, item, config = compose(room, ENGLISH)
    link = tracked_url(config, item, network, ENGLISH)
    assert post.text == f"{item.meta.summary}\n\n#quantum #StudentLife\n\n{link}"
    assert post.link == link and f"utm_source={network}" in link
    assert post.key == f"k7q2m9ab-{ENGLISH}"
    assert post.card.title == item.title and post.card.url == link
    assert post.language == "en"


def test_an_override_replaces_the_summary_and_hashtags_already_written_are_not_repeated(
    room: Room,
) -> None:
    social = {network_of(NO_EVENTS): "Our #quantum sensor reads brains."}
    post, _, _ = compose(room, NO_EVENTS, social=social)
    assert body_of(post.text) == "Our #quantum sensor reads brains."
    assert post.text.count("#quantum") == 1 and "#StudentLife" in post.text


# Each unit on every network: plain words, accented ones, and text some networks escape.
@pytest.mark.parametrize("unit", ["word ", "mot ", "palabra ", "(x) "])
@pytest.mark.parametrize("account", ACCOUNTS)
def test_an_override_at_the_exact_limit_passes_and_one_more_fails(
    room: Room, account: str, unit: str
) -> None:
    network = network_of(account)
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
    # The account with the smallest limit among those counting every link the same.
    account = min(
        (a for a in ACCOUNTS if NETWORKS[network_of(a)].limits.url_length is not None),
        key=lambda a: NETWORKS[network_of(a)].limits.max_length,
    )
    rules = NETWORKS[network_of(account)]
    # Summary, the first hashtag and the link fill the post: no room for a second hashtag.
    room_left = rules.limits.max_length - len("\n\n#quantum\n\n") - rules.limits.url_length
    summary = "A" + " word" * ((room_left - 2) // 5) + "."
    post, item, config = compose(
        room, account, summary=summary, tags=["quantum", "student-life", "events"]
    )
    link = tracked_url(config, item, network_of(account), account)
    assert rules.measure(f"{summary}\n\n#quantum\n\n{link}") <= rules.limits.max_length
    assert rules.measure(f"{summary}\n\n#quantum #StudentLife\n\n{link}") > rules.limits.max_length
    assert body_of(post.text) == summary, "the summary is kept whole while hashtags can go"
    assert post.tags == ("quantum",)
    assert post.text == f"{summary}\n\n#quantum\n\n{link}"


def test_where_fewer_hashtags_are_taken_the_first_ones_are_kept(room: Room) -> None:
    capped = Limits(500, "characters", url_length=23, max_hashtags=2)
    tags = ["quantum", "student-life", "events", "physics"]
    post, item, config = compose(room, ENGLISH, limits=capped, tags=tags)
    link = tracked_url(config, item, network_of(ENGLISH), ENGLISH)
    assert post.tags == ("quantum", "StudentLife")
    assert post.text == f"{item.meta.summary}\n\n#quantum #StudentLife\n\n{link}"


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
    first, _, _ = compose(room, ANY_LANGUAGE)
    second, _, _ = compose(room, ANY_LANGUAGE)
    assert first == second


PIECES = [*"abcdefghij ,.!?éèüß日本語😀שלםمر", "\u0301", "👩‍👩‍👧", "#tag", "a.com", " "]
TEXT = st.lists(st.sampled_from(PIECES), min_size=30, max_size=150).map("".join)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(summary=TEXT, account=st.sampled_from(ACCOUNTS))
def test_any_summary_fits_with_its_link_intact(room: Room, summary: str, account: str) -> None:
    summary = " ".join(summary.split())
    if len(summary) < 30 or not summary[0].isalnum():
        return
    room.add("k7q2m9ab", summary=summary)
    try:
        newsroom = room.load()
    except AssertionError:
        return  # not a valid summary for the schema (e.g. markup-like text)
    item = newsroom.content.items[0]
    rules = NETWORKS[network_of(account)]
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
    assert any(NETWORKS[network_of(a)].limits.max_media > 1 for a in ACCOUNTS), "a gallery"
    for front, before in (("", 0), (lead, 1)):  # the lead image takes one place
        path, text = item_file("k7q2m9ab")
        (room.root / path).parent.mkdir(parents=True, exist_ok=True)
        (room.root / path).write_text(text.replace("---\n", f"---\n{front}gallery:\n{photos}", 1))
        (item,) = room.load().content.items
        config = room.load().config
        for account in ACCOUNTS:
            rules = NETWORKS[config.accounts[account].network]
            post = compose_post(item, account, config, rules.limits, rules.measure)
            expected = range(min(6, rules.limits.max_media - before))  # of the six photos
            assert [alt for _, alt in post.gallery] == [f"Photo number {n}" for n in expected]
            assert len(post.gallery) + (post.image is not None) == len(expected) + before
            # The same photos on the site, for the networks that fetch them by URL.
            site = config.site.url
            assert post.gallery_urls == tuple(f"{site}/images/g{n}.png" for n in expected)


def test_the_preview_says_which_gallery_photos_each_post_takes(tmp_path: Path) -> None:
    """A reviewer sees, on each account's post, how many of the gallery's photos go with it:
    all, the first ones within the network's images a post, or none beside the lead image."""
    root = small_newsroom(tmp_path)
    photos = ""
    for number in range(6):
        (root / f"content/images/g{number}.png").write_bytes(PNG)
        photos += (
            f"  - image: content/images/g{number}.png\n    alt: Photo number {number}\n"
            "    caption: The open day.\n    credit: Photo Jane Doe\n"
        )
    item = root / VALID_PATH
    item.write_text(
        item.read_text(encoding="utf-8").replace("---\n", f"---\ngallery:\n{photos}", 1),
        encoding="utf-8",
    )
    preview = run_newsroom(root, "preview-posts", VALID_PATH)
    assert preview.returncode == 0, preview.stdout + preview.stderr
    posts = [line for line in preview.stdout.splitlines() if " · text from " in line]
    assert posts, preview.stdout
    for line in posts:
        network = next(n for n in NETWORKS.values() if f"({n.label}," in line)
        room = network.limits.max_media - 1  # the lead image takes one place
        said = {
            0: f"without the 6 gallery photos ({network.limits.max_media} image a post)",
            6: "with all 6 gallery photos",
        }.get(min(room, 6), f"with the first {room} of 6 gallery photos")
        assert said in line, (network.label, line)
    assert {NETWORKS[n].limits.max_media > 1 for n in NETWORKS} == {True, False}


def test_the_gallery_s_share_is_said_in_plain_english() -> None:
    """A gallery without a lead image on a network of one image a post sends its first
    photo: "1 image a post", not "1 images"."""
    from newsroom.syndication.preview import _gallery

    assert _gallery(1, 6, 1) == "with the first 1 of 6 gallery photos (1 image a post)"
    assert _gallery(3, 6, 4) == "with the first 3 of 6 gallery photos (4 images a post)"
    assert _gallery(0, 2, 1) == "without the 2 gallery photos (1 image a post)"
    assert _gallery(2, 2, 4) == "with all 2 gallery photos"
