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
from newsroom.networks import NETWORKS
from newsroom.syndication.engine import Publisher

from ..example_accounts import a_network, fake_secrets
from .conftest import (
    ACCOUNTS,
    ANY_LANGUAGE,
    CONFIG,
    ENGLISH,
    NETWORKS_USED,
    Room,
    archive_account,
    network_of,
    posts_text_with_a_link,
)
from .fakes import FakeWorld
from .test_engine import FAST

# One more network that posts text as it is: the institutional accounts are on five networks.
FIFTH = a_network(lambda n: posts_text_with_a_link(n) and n.name not in NETWORKS_USED)
INSTITUTIONAL = [*ACCOUNTS, archive_account(FIFTH, ["en"])[0]]
# Thematic accounts: quantum news in any language, in French only, in French and German.
ANY = f"quantum-{network_of(ANY_LANGUAGE)}"
FRENCH = f"quantum-fr-{FIFTH}"
FRENCH_GERMAN = f"quantum-fr-{network_of(ENGLISH)}"


@pytest.fixture
def bilingual(room: Room, secrets_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Room:
    config = copy.deepcopy(CONFIG)
    accounts = config["accounts"]
    for account in accounts.values():
        account["languages"] = ["en"]  # institutional: English only
    fifth_id, fifth = archive_account(FIFTH, ["en"])
    accounts[fifth_id] = fifth
    for variable, value in fake_secrets(fifth).items():
        monkeypatch.setenv(variable, value)
    thematic = {ANY: (ANY_LANGUAGE, None), FRENCH: (fifth_id, ["fr"])}
    thematic[FRENCH_GERMAN] = (ENGLISH, ["fr", "de"])
    for account_id, (like, languages) in thematic.items():  # same network and credentials
        accounts[account_id] = {**copy.deepcopy(accounts[like]), "languages": languages}
        if languages is None:
            del accounts[account_id]["languages"]
    config["routing"] = {
        "every_theme": INSTITUTIONAL,
        "themes": {"quantum": {"add": [ANY, FRENCH, FRENCH_GERMAN]}},
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
        *((ANY, item) for item in ["eeeeeeee", "ffffffff", "gggggggg"]),
        (FRENCH, "ffffffff"),
        (FRENCH_GERMAN, "ffffffff"),
    }
    assert sum(len(posts) for posts in world.posts.values()) == len(posted)  # no more
    # Each version keeps its own unique link.
    links = {post.item_id: post.link for post in world.posts[ANY]}
    assert "/s/ffffffff?" in links["ffffffff"] and "/s/gggggggg?" in links["gggggggg"]
    languages = {post.item_id: post.language for post in world.posts[ANY]}
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
    for account, name in zip(INSTITUTIONAL, [*NETWORKS_USED, FIFTH], strict=True):
        network = NETWORKS[name].label
        line = (
            f"- not sent to {account} on {network}: item is in French, account publishes in English"
        )
        assert out.count(line) == 1, line
    english_only = "account publishes in French"
    assert (
        out.count(
            f"not sent to {FRENCH} on {NETWORKS[FIFTH].label}: item is in English, {english_only}"
        )
        == 2
    )
    assert out.count("item is in English, account publishes in French and German") == 2
    assert out.count("would be sent now") == 2 * 6 + 3
