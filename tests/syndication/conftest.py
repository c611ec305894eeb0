"""A small newsroom for the engine's tests, items written on demand, an in-process fake."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
import yaml

from newsroom.repository import Newsroom
from newsroom.syndication.checks import open_checked_newsroom

from .fakes import FakeWorld

SITE = "https://news.aldermoor.edu"
SECRETS = {
    "NR_TEST_X_KEY": "x-key-93be0d",
    "NR_TEST_X_KEY_SECRET": "x-key-secret-1d7e55",
    "NR_TEST_X_TOKEN": "x-secret-4f9a1c",
    "NR_TEST_X_TOKEN_SECRET": "x-token-secret-6a2c90",
    "NR_TEST_MASTODON_TOKEN": "masto-secret-77ab02",
    "NR_TEST_BLUESKY_PASSWORD": "bsky-secret-5e6d3f",
    "NR_TEST_LINKEDIN_TOKEN": "li-secret-c0ffee",
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
    "accounts": {
        "uni-x": {
            "network": "x",
            "handle": "@Uni",
            "languages": ["en"],
            "credentials": {
                "consumer_key": "NR_TEST_X_KEY",
                "consumer_secret": "NR_TEST_X_KEY_SECRET",
                "access_token": "NR_TEST_X_TOKEN",
                "access_token_secret": "NR_TEST_X_TOKEN_SECRET",
            },
        },
        "uni-mastodon": {
            "network": "mastodon",
            "handle": "@uni@mastodon.example",
            "base_url": "https://mastodon.example",
            "languages": ["en"],
            "credentials": {"access_token": "NR_TEST_MASTODON_TOKEN"},
        },
        "uni-bluesky": {
            "network": "bluesky",
            "handle": "uni.example",
            "credentials": {"app_password": "NR_TEST_BLUESKY_PASSWORD"},
        },
        "uni-linkedin": {
            "network": "linkedin",
            "handle": "urn:li:organization:1",
            "credentials": {"access_token": "NR_TEST_LINKEDIN_TOKEN"},
        },
    },
    "routing": {
        "every_theme": ["uni-x", "uni-mastodon", "uni-bluesky", "uni-linkedin"],
        "themes": {"events": {"exclude": ["x"]}},
    },
    "spacing": {"min_interval_minutes": 0, "daily_cap": 100},
}


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
    import copy

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
