"""Language-aware routing: institutional accounts speak English, thematic ones their own.

An English item, a French item and its English translation, over institutional and
thematic accounts on five networks: exactly the expected posts, no more; and the preview
says why each account left out is left out.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import datetime

import pytest
from click.testing import CliRunner

from newsroom.cli import main
from newsroom.syndication.engine import Publisher

from .conftest import CONFIG, Room
from .fakes import FakeWorld
from .test_engine import FAST

INSTITUTIONAL = ["uni-x", "uni-mastodon", "uni-bluesky", "uni-linkedin", "uni-facebook"]


@pytest.fixture
def bilingual(room: Room, secrets_env: dict[str, str]) -> Room:
    config = copy.deepcopy(CONFIG)
    accounts = config["accounts"]
    for account in accounts.values():
        account["languages"] = ["en"]  # institutional: English only
    accounts["uni-facebook"] = {
        "network": "facebook",
        "handle": "104857600123456",
        "languages": ["en"],
        "credentials": {"page_access_token": "NR_TEST_LINKEDIN_TOKEN"},
    }
    # Thematic accounts: quantum news in any language, and a French-only Facebook page.
    accounts["quantum-bluesky"] = {"network": "bluesky", "handle": "q.example"}
    accounts["quantum-fr-facebook"] = {
        "network": "facebook",
        "handle": "104857600654321",
        "languages": ["fr"],
        "credentials": {"page_access_token": "NR_TEST_LINKEDIN_TOKEN"},
    }
    accounts["quantum-fr-mastodon"] = {
        "network": "mastodon",
        "handle": "@quantique@mastodon.example",
        "base_url": "https://mastodon.example",
        "languages": ["fr", "de"],
        "credentials": {"access_token": "NR_TEST_MASTODON_TOKEN"},
    }
    config["routing"] = {
        "every_theme": INSTITUTIONAL,
        "themes": {
            "quantum": {"add": ["quantum-bluesky", "quantum-fr-facebook", "quantum-fr-mastodon"]}
        },
    }
    room.config = config
    room.write_config()
    room.add("eeeeeeee", "2026-11-18T10:00:00+01:00")
    room.add("ffffffff", "2026-11-19T10:00:00+01:00", lang="fr", title="Un capteur quantique")
    path = room.add("gggggggg", "2026-11-19T10:00:00+01:00", title="A quantum sensor")
    text = (room.root / path).read_text(encoding="utf-8")
    (room.root / path).write_text(text.replace("tags:", "translation_of: ffffffff\ntags:", 1))
    return room


def test_each_version_goes_only_to_the_accounts_of_its_language(
    bilingual: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    report = Publisher(bilingual.load(), adapter_factory=world.factory, policy=FAST).run()
    assert not report.failed
    posted = {(account, post.item_id) for account, posts in world.posts.items() for post in posts}
    english = {"eeeeeeee", "gggggggg"}
    assert posted == {
        *((account, item) for account in INSTITUTIONAL for item in english),
        *(("quantum-bluesky", item) for item in ["eeeeeeee", "ffffffff", "gggggggg"]),
        ("quantum-fr-facebook", "ffffffff"),
        ("quantum-fr-mastodon", "ffffffff"),
    }
    assert sum(len(posts) for posts in world.posts.values()) == len(posted)  # no more
    # Each version keeps its own unique link.
    links = {post.item_id: post.link for post in world.posts["quantum-bluesky"]}
    assert "/s/ffffffff?" in links["ffffffff"] and "/s/gggggggg?" in links["gggggggg"]
    languages = {post.item_id: post.language for post in world.posts["quantum-bluesky"]}
    assert languages == {"eeeeeeee": "en", "ffffffff": "fr", "gggggggg": "en"}


def test_the_dry_run_says_why_each_account_is_left_out(
    bilingual: Room, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    env = {"NEWSROOM_NOW": "2026-11-21T09:00:00+01:00", "GITHUB_ACTIONS": "false"}
    result = CliRunner().invoke(
        main, ["--root", str(bilingual.root), "publish", "--dry-run"], env=env
    )
    assert result.exit_code == 0, result.output
    out, _, summary = result.output.partition("Summary (dry run: nothing was sent)")
    assert "item is in English, account publishes in French and German" in summary
    networks = {"uni-x": "X", "uni-mastodon": "Mastodon", "uni-bluesky": "Bluesky"}
    networks |= {"uni-linkedin": "LinkedIn", "uni-facebook": "Facebook"}
    for account, network in networks.items():
        line = (
            f"- not sent to {account} on {network}: item is in French, account publishes in English"
        )
        assert out.count(line) == 1, line
    english_only = "account publishes in French"
    assert (
        out.count(
            f"not sent to quantum-fr-facebook on Facebook: item is in English, {english_only}"
        )
        == 2
    )
    assert out.count("item is in English, account publishes in French and German") == 2
    assert out.count("would be sent now") == 2 * 6 + 3
