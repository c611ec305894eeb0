"""A small newsroom for the engine's tests, items written on demand, an in-process fake."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from newsroom.networks import Network
from newsroom.repository import Newsroom
from newsroom.syndication.checks import open_checked_newsroom

from ..example_accounts import example_account, fake_secrets, networks_where
from .fakes import FakeWorld

SITE = "https://news.aldermoor.edu"


def posts_text_with_a_link(network: Network) -> bool:
    """A network a text-only item goes to as it is: no image needed, no per-theme setting,
    and a link in the text is a link (the fake world publishes such items on any of them)."""
    return network.link_clickable and not network.needs_image and not network.theme_settings


def archive_account(network: str, languages: list[str] | None) -> tuple[str, dict[str, object]]:
    """The network's example account, taking the archive (no `since`) in `languages`."""
    account_id, settings = example_account(network)
    settings.pop("since", None)
    settings.pop("languages", None)
    if languages:
        settings["languages"] = languages
    return account_id, settings


# The test newsroom's four accounts, on the first four networks that post text as it is. The
# first two publish in English only; the events theme turns the first one's network off.
NETWORKS_USED = networks_where(posts_text_with_a_link)[:4]
_ACCOUNTS = dict(
    archive_account(network, ["en"] if position < 2 else None)
    for position, network in enumerate(NETWORKS_USED)
)
ACCOUNTS = list(_ACCOUNTS)
NO_EVENTS, ENGLISH, ANY_LANGUAGE, ALSO_ANY_LANGUAGE = ACCOUNTS
NO_EVENTS_NETWORK = NETWORKS_USED[0]
SECRETS = {
    variable: value
    for account in _ACCOUNTS.values()
    for variable, value in fake_secrets(account).items()
}

CONFIG = {
    "site": {
        "name": "Test News",
        "publisher": "Test University",
        "url": SITE,
        "timezone": "Europe/Paris",
    },
    "themes": [
        {"slug": "quantum", "name": "Quantum"},
        {"slug": "events", "name": "Events"},
    ],
    "authors": [{"id": "press-office", "name": "Press Office"}],
    "accounts": _ACCOUNTS,
    "routing": {
        "every_theme": ACCOUNTS,
        "themes": {"events": {"exclude": [NO_EVENTS_NETWORK]}},
    },
    "spacing": {"min_interval_minutes": 0, "daily_cap": 100},
}


def network_of(account: str) -> str:
    """The network a test account posts to."""
    return str(_ACCOUNTS[account]["network"])


def credential(account: str) -> tuple[str, str]:
    """(key, environment variable) of the account's first credential."""
    credentials = _ACCOUNTS[account]["credentials"]
    assert isinstance(credentials, dict)
    return next(iter(credentials.items()))


def item_file(
    item_id: str,
    date: str = "2026-11-20T10:00:00+01:00",
    *,
    theme: str = "quantum",
    title: str = "Quantum sensor maps brain activity",
    summary: str = "A team of physicists has mapped brain activity with a quantum sensor.",
    tags: list[str] | None = None,
    social: dict[str, object] | None = None,
    lang: str | None = None,
    draft: bool = False,
) -> tuple[str, str]:
    """(path, text) of a valid item."""
    meta: dict[str, object] = {
        "id": item_id,
        "title": title,
        "date": date,
        "summary": summary,
        "authors": ["press-office"],
        "tags": tags if tags is not None else ["quantum", "student-life"],
    }
    if social:
        meta["social"] = social
    if lang:
        meta["lang"] = lang
    if draft:
        meta["draft"] = True
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    path = f"content/news/{theme}/{date[:4]}/{date[:10]}-{item_id}.md"
    return path, f"---\n{front}---\nThe text of the news.\n"


class Room:
    """A newsroom folder the test writes into and reloads."""

    def __init__(self, root: Path, config: dict[str, object]):
        self.root = root
        self.config = config
        self.write_config()

    def write_config(self) -> None:
        (self.root / "newsroom.yml").write_text(
            yaml.safe_dump(self.config, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )

    def add(self, item_id: str, date: str = "2026-11-20T10:00:00+01:00", **fields: object) -> str:
        path, text = item_file(item_id, date, **fields)  # type: ignore[arg-type]
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return path

    def load(self) -> Newsroom:
        newsroom = open_checked_newsroom(self.root)
        assert not newsroom.content.problems, newsroom.content.problems
        return newsroom

    def ledger_lines(self) -> list[str]:
        folder = self.root / "ledger/posts"
        return [
            line
            for path in sorted(folder.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines()
        ]


@pytest.fixture
def room(tmp_path: Path) -> Room:
    return Room(tmp_path, copy.deepcopy(CONFIG))


@pytest.fixture
def world() -> FakeWorld:
    return FakeWorld()


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], datetime]:
    """Set the clock (`NEWSROOM_NOW`)."""

    def set_now(moment: str) -> datetime:
        monkeypatch.setenv("NEWSROOM_NOW", moment)
        return datetime.fromisoformat(moment)

    return set_now


@pytest.fixture
def secrets_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("NEWSROOM_RETRY_WAIT", "0")
    monkeypatch.setenv("NEWSROOM_POLL_WAIT", "0.01")
    yield SECRETS


def one_network_room(root: Path, network: str) -> tuple[Room, str]:
    """A test newsroom in `root` whose one account (the example's, any language) is on
    `network`, for the tests of that network's own rules; the room and the account's id."""
    account_id, account = archive_account(network, None)
    config = copy.deepcopy(CONFIG)
    config["accounts"] = {account_id: account}
    config["routing"] = {"every_theme": [account_id]}
    return Room(root, config), account_id
