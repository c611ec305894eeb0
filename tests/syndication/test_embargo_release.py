"""A sealed release goes out at its embargo on every account, whatever the spacing (#32)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from pyrage import x25519

from newsroom.sealing import SealedHeader, compose, seal_text, sealed_name
from newsroom.syndication.delivery import RetryPolicy
from newsroom.syndication.engine import Publisher, Report

from .conftest import ACCOUNTS, ENGLISH, Room, item_file
from .fakes import FakeWorld

EMBARGO = "2026-11-21T09:00:00+01:00"


@pytest.fixture(autouse=True)
def _secrets(secrets_env: dict[str, str]) -> None:
    pass


def seal(room: Room, item_id: str, date: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Write the item sealed to a fresh key, and put that key in the environment."""
    identity = x25519.Identity.generate()
    path, text = item_file(item_id, date)
    when = datetime.fromisoformat(date)
    armored = seal_text(Path(path).name, text, [str(identity.to_public())])
    header = SealedHeader(sealed=1, id=item_id, embargo=when, sealed_by="Press")
    target = room.root / Path(path).parent / sealed_name(when, item_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(compose(header, armored), encoding="utf-8")
    monkeypatch.setenv("NEWSROOM_EMBARGO_KEY", str(identity))


def publish(room: Room, world: FakeWorld) -> Report:
    fast = RetryPolicy(attempts=3, first_wait=0, rate_limit_wait=2)
    return Publisher(room.load(), adapter_factory=world.factory, policy=fast).run()


def test_the_release_jumps_the_spacing_and_what_follows_keeps_it(
    room: Room,
    world: FakeWorld,
    at: Callable[[str], datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    room.config["spacing"] = {"min_interval_minutes": 60, "daily_cap": 3}
    room.write_config()
    room.add("aaaaaaaa", "2026-11-21T08:40:00+01:00")
    room.add("bbbbbbbb", "2026-11-21T08:50:00+01:00")
    seal(room, "ssssssss", EMBARGO, monkeypatch)
    at("2026-11-21T08:55:00+01:00")
    publish(room, world)
    assert world.items(ENGLISH) == ["aaaaaaaa"]

    at("2026-11-21T09:05:00+01:00")  # 10 minutes later: spaced, but the embargo is over
    report = publish(room, world)
    for account in ACCOUNTS:
        assert world.items(account)[-1] == "ssssssss", account
    waiting = [o for o in report.outcomes if o.item == "bbbbbbbb"]
    assert {o.status for o in waiting} == {"queued"}, "the others keep their spacing"
    assert all("one post every 60 min" in o.detail for o in waiting), waiting

    at("2026-11-21T09:30:00+01:00")  # spaced from the release, not from the post before it
    publish(room, world)
    assert world.items(ENGLISH) == ["aaaaaaaa", "ssssssss"]
    at("2026-11-21T10:10:00+01:00")
    publish(room, world)
    assert world.items(ENGLISH) == ["aaaaaaaa", "ssssssss", "bbbbbbbb"]
