"""The engine over an in-process fake network: routing, spacing, queue, ledger, failures."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from newsroom.networks import NETWORKS, RateLimit
from newsroom.problems import ProblemsFound
from newsroom.syndication.delivery import RetryPolicy
from newsroom.syndication.engine import Publisher, Report
from newsroom.syndication.ledger import Ledger
from newsroom.syndication.preview import PostState, dry_run

from .conftest import (
    ACCOUNTS,
    ALSO_ANY_LANGUAGE,
    ANY_LANGUAGE,
    ENGLISH,
    NO_EVENTS,
    NO_EVENTS_NETWORK,
    Room,
    credential,
    network_of,
)
from .fakes import FakeWorld

FAST = RetryPolicy(attempts=3, first_wait=0, rate_limit_wait=2)


@pytest.fixture(autouse=True)
def _secrets(secrets_env: dict[str, str]) -> None:
    pass


def publish(room: Room, world: FakeWorld) -> Report:
    return Publisher(room.load(), adapter_factory=world.factory, policy=FAST).run()


def sent(report: Report) -> list[tuple[str, str]]:
    return [(o.item, o.account) for o in report.outcomes if o.status in ("sent", "resolved")]


def test_every_account_gets_one_post_and_a_second_run_sends_nothing(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    room.add("bbbbbbbb", "2026-11-20T12:00:00+01:00", theme="events")
    report = publish(room, world)
    assert not report.failed
    assert world.items(NO_EVENTS) == ["aaaaaaaa"], "the events theme turns its network off"
    for account in ACCOUNTS[1:]:
        assert world.items(account) == ["aaaaaaaa", "bbbbbbbb"], "oldest first"
    records = [json.loads(line) for line in room.ledger_lines()]
    assert [r["type"] for r in records] == ["intent", "sent"] * 7
    first = records[1]
    assert first["text"] == world.posts[NO_EVENTS][0].text and first["url"].startswith("https://")
    again = publish(room, world)
    assert sent(again) == [] and not again.failed
    assert sum(len(p) for p in world.posts.values()) == 7
    assert world.created == ACCOUNTS, "an account with nothing due is never logged into"


def test_future_items_wait_for_their_date_and_drafts_never_go(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    room.add("aaaaaaaa", "2026-11-20T10:00:00+01:00")
    room.add("cccccccc", "2026-11-25T10:00:00+01:00")
    room.add("dddddddd", "2026-11-19T10:00:00+01:00", draft=True)
    at("2026-11-21T09:00:00+01:00")
    report = publish(room, world)
    assert {item for item, _ in sent(report)} == {"aaaaaaaa"}
    assert report.scheduled == 4
    at("2026-11-25T10:00:00+01:00")
    assert {item for item, _ in sent(publish(room, world))} == {"cccccccc"}


def test_languages_route_a_french_item_away_from_english_accounts(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa", lang="fr")
    publish(room, world)
    assert sorted(world.posts) == [ANY_LANGUAGE, ALSO_ANY_LANGUAGE]


def test_social_false_and_account_changes_are_honoured(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add(
        "aaaaaaaa", social={NO_EVENTS_NETWORK: False, "accounts": {"remove": [ALSO_ANY_LANGUAGE]}}
    )
    publish(room, world)
    assert sorted(world.posts) == [ANY_LANGUAGE, ENGLISH]


def test_an_account_with_since_never_receives_the_archive(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    room.config["accounts"][ENGLISH]["since"] = datetime.fromisoformat("2026-11-01T00:00:00+01:00")
    room.write_config()
    at("2026-11-21T09:00:00+01:00")
    room.add("eeeeeeaa", "2026-10-31T23:00:00+01:00")
    room.add("ffffffaa", "2026-11-01T00:00:00+01:00")
    publish(room, world)
    assert world.items(ENGLISH) == ["ffffffaa"]
    assert world.items(ANY_LANGUAGE) == ["eeeeeeaa", "ffffffaa"]


def test_a_hundred_items_with_a_cap_of_five_go_five_a_day_in_order(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    room.config["spacing"] = {"min_interval_minutes": 0, "daily_cap": 5}
    room.write_config()
    ids = [f"q{n:03d}aaa" for n in range(100)]
    for n, item_id in enumerate(ids):
        room.add(item_id, f"2026-11-{1 + n // 10:02d}T{8 + n % 10:02d}:00:00+01:00")
    at("2026-11-21T09:00:00+01:00")
    report = publish(room, world)
    for account in ACCOUNTS:
        assert world.items(account) == ids[:5]
        assert report.count(account, "queued") == 95
    queue = json.loads((room.root / "ledger/queue.json").read_text())["entries"]
    assert [e["item"] for e in queue if e["account"] == NO_EVENTS] == ids[5:]
    again = publish(room, world)  # same day: the cap is reached
    assert sent(again) == []
    at("2026-11-22T09:00:00+01:00")
    publish(room, world)
    for account in ACCOUNTS:
        assert world.items(account) == ids[:10]
    for day in range(23, 23 + 18):
        at(f"2026-{11 + (day > 30):02d}-{(day - 1) % 30 + 1:02d}T09:00:00+01:00")
        publish(room, world)
    for account in ACCOUNTS:
        assert world.items(account) == ids, "all sent once, in order"
    assert json.loads((room.root / "ledger/queue.json").read_text())["entries"] == []


def test_minimum_interval_spaces_posts_across_runs(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    room.config["spacing"] = {"min_interval_minutes": 60, "daily_cap": 6}
    room.write_config()
    room.add("aaaaaaaa", "2026-11-20T09:00:00+01:00")
    room.add("bbbbbbbb", "2026-11-20T10:00:00+01:00")
    at("2026-11-21T09:00:00+01:00")
    report = publish(room, world)
    assert world.items(NO_EVENTS) == ["aaaaaaaa"]
    (waiting,) = [o for o in report.outcomes if o.account == NO_EVENTS and o.status == "queued"]
    assert "one post every 60 min" in waiting.detail
    at("2026-11-21T09:30:00+01:00")
    publish(room, world)
    assert world.items(NO_EVENTS) == ["aaaaaaaa"]
    at("2026-11-21T10:00:00+01:00")
    publish(room, world)
    assert world.items(NO_EVENTS) == ["aaaaaaaa", "bbbbbbbb"]


def test_transient_errors_are_retried_and_a_timeout_that_posted_is_not_posted_twice(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    world.faults[ENGLISH] = ["transient", "transient"]
    world.faults[ANY_LANGUAGE] = ["timeout-posted"]
    report = publish(room, world)
    assert not report.failed
    assert len(world.posts[ENGLISH]) == 1
    assert len(world.posts[ANY_LANGUAGE]) == 1, "found on retry, not posted again"
    assert (ANY_LANGUAGE, "find") in world.calls


def test_one_network_down_for_the_whole_run_blocks_nothing_else(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    room.add("bbbbbbbb", "2026-11-20T11:00:00+01:00")
    world.down.add(ENGLISH)
    report = publish(room, world)
    assert report.failed and ENGLISH in report.stopped
    assert "503" in report.stopped[ENGLISH]
    for account in (NO_EVENTS, ANY_LANGUAGE, ALSO_ANY_LANGUAGE):
        assert world.items(account) == ["aaaaaaaa", "bbbbbbbb"]
    assert report.count(ENGLISH, "queued") == 2
    world.down.clear()
    at("2026-11-21T10:00:00+01:00")
    report = publish(room, world)
    assert world.items(ENGLISH) == ["aaaaaaaa", "bbbbbbbb"] and not report.failed


def test_a_storm_of_5xx_exhausts_retries_then_a_later_run_finds_or_sends(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    world.faults[NO_EVENTS] = ["timeout-posted", "transient", "transient", "transient"]
    world.faults[ALSO_ANY_LANGUAGE] = ["transient"] * 3
    report = publish(room, world)
    # The first attempt posted despite the timeout; the retry found it.
    assert len(world.posts[NO_EVENTS]) == 1 and report.count(NO_EVENTS, "sent") == 1
    assert report.count(ALSO_ANY_LANGUAGE, "failed") == 1 and ALSO_ANY_LANGUAGE in report.stopped
    at("2026-11-21T10:00:00+01:00")
    publish(room, world)
    assert len(world.posts[ALSO_ANY_LANGUAGE]) == 1
    kinds = [json.loads(line)["type"] for line in room.ledger_lines() if ALSO_ANY_LANGUAGE in line]
    assert kinds == ["intent", "failed", "intent", "sent"]


def test_a_rate_limit_far_away_queues_until_its_reset_a_near_one_is_waited(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    room.add("bbbbbbbb", "2026-11-20T11:00:00+01:00")
    world.faults[NO_EVENTS] = ["rate:3600"]
    world.faults[ENGLISH] = ["rate:0.2"]
    report = publish(room, world)
    assert not report.failed, "a rate limit queues by design"
    assert world.items(ENGLISH) == ["aaaaaaaa", "bbbbbbbb"], "waited 0.2 s, then sent"
    assert NO_EVENTS not in world.posts
    queue = json.loads((room.root / "ledger/queue.json").read_text())["entries"]
    first = next(e for e in queue if e["account"] == NO_EVENTS and e["item"] == "aaaaaaaa")
    assert first["not_before"] and "rate limited" in first["reason"]
    at("2026-11-21T09:05:00+01:00")
    calls = len(world.calls)
    publish(room, world)
    assert NO_EVENTS not in world.posts
    assert [c for c in world.calls[calls:] if c[0] == NO_EVENTS] == [], "not even logged in"


def test_an_auth_error_stops_that_account_with_a_clear_message(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    room.add("bbbbbbbb", "2026-11-20T11:00:00+01:00")
    world.faults[ANY_LANGUAGE] = ["auth"]
    report = publish(room, world)
    assert report.stopped == {ANY_LANGUAGE: f"{ANY_LANGUAGE}: the token was refused (401)"}
    assert [c for c in world.calls if c == (ANY_LANGUAGE, "publish")] == [(ANY_LANGUAGE, "publish")]
    assert world.items(NO_EVENTS) == ["aaaaaaaa", "bbbbbbbb"]


def test_a_missing_variable_is_named_and_only_stops_its_account(
    room: Room, world: FakeWorld, at: Callable[[str], datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    _, variable = credential(ALSO_ANY_LANGUAGE)
    monkeypatch.delenv(variable)
    report = publish(room, world)
    assert variable in report.stopped[ALSO_ANY_LANGUAGE]
    assert ALSO_ANY_LANGUAGE not in world.created
    assert len(world.posts) == 3


def test_a_refused_post_is_held_until_the_item_changes(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    world.faults[NO_EVENTS] = ["reject"]
    report = publish(room, world)
    assert report.count(NO_EVENTS, "failed") == 1 and NO_EVENTS not in report.stopped
    report = publish(room, world)
    assert report.count(NO_EVENTS, "held") == 1 and not report.failed
    room.add("aaaaaaaa", summary="A shorter summary, rewritten after the refusal.")
    publish(room, world)
    assert world.items(NO_EVENTS) == ["aaaaaaaa"]


def test_a_torn_ledger_line_stops_the_run_before_anything_is_sent(
    room: Room, world: FakeWorld, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    publish(room, world)
    segment = next((room.root / "ledger/posts").glob("*.jsonl"))
    segment.write_bytes(segment.read_bytes() + b'{"type": "intent", "item": "bbb')
    room.add("bbbbbbbb", "2026-11-20T11:00:00+01:00")
    with pytest.raises(ProblemsFound) as found:
        publish(room, world)
    (problem,) = found.value.problems
    assert problem.file == "ledger/posts/2026-11-0001.jsonl" and problem.line == 9
    assert "incomplete" in problem.message
    segment.write_bytes(segment.read_bytes().replace(b'"item": "aaaaaaaa"', b'"item": ', 1))
    with pytest.raises(ProblemsFound) as found:
        publish(room, world)
    assert [p.line for p in found.value.problems] == [1, 9]
    assert all(world.items(a) == ["aaaaaaaa"] for a in ACCOUNTS)


def test_ledger_writes_leave_no_temporary_file_and_index_the_latest_state(room: Room) -> None:
    from newsroom.networks.base import LinkCard, Post, Sent

    ledger = Ledger.open(room.root, room.load().config.zone)
    card = LinkCard("https://site.example/s/a", "T", "D")
    post = Post(
        "aaaaaaaa", NO_EVENTS, NO_EVENTS_NETWORK, "text", card.url, card, f"aaaaaaaa-{NO_EVENTS}"
    )
    moment = datetime.fromisoformat("2026-11-21T09:00:00+01:00")
    ledger.record_intent(post, moment)
    assert ledger.state("aaaaaaaa", NO_EVENTS).type == "intent"
    ledger.record_sent(post, Sent("1", "https://network.example/1"), moment)
    reopened = Ledger.open(room.root, ledger.zone)
    assert (
        reopened.is_done("aaaaaaaa", NO_EVENTS) and reopened.sent_on(NO_EVENTS, moment.date()) == 1
    )
    assert [p.name for p in (room.root / "ledger/posts").iterdir()] == ["2026-11-0001.jsonl"]
    # A clock set back never writes to an older month file: file order stays write order.
    ledger.record_failed(post, datetime.fromisoformat("2026-10-01T00:00:00+00:00"), "k", "e", True)
    assert [p.name for p in (room.root / "ledger/posts").iterdir()] == ["2026-11-0001.jsonl"]
    assert Ledger.open(room.root, ledger.zone).state("aaaaaaaa", NO_EVENTS).type == "failed"


def test_a_full_ledger_file_rolls_over_and_order_is_kept(
    room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom.networks.base import LinkCard, Post, Sent
    from newsroom.syndication import ledger as ledger_module

    monkeypatch.setattr(ledger_module, "SEGMENT_BYTES", 600)
    ledger = Ledger.open(room.root, room.load().config.zone)
    moment = datetime.fromisoformat("2026-11-21T09:00:00+01:00")
    for n in range(6):
        card = LinkCard(f"https://site.example/s/{n}", "T", "D")
        post = Post(
            f"item{n}aaa", NO_EVENTS, NO_EVENTS_NETWORK, "text " * 20, card.url, card, f"k{n}"
        )
        ledger.record_intent(post, moment)
        ledger.record_sent(post, Sent(str(n), f"https://network.example/{n}"), moment)
    names = sorted(p.name for p in (room.root / "ledger/posts").iterdir())
    assert len(names) > 2 and names[0] == "2026-11-0001.jsonl"
    reopened = Ledger.open(room.root, ledger.zone)
    assert reopened.records == 12 and reopened.sent_on(NO_EVENTS, moment.date()) == 6
    assert all(reopened.is_done(f"item{n}aaa", NO_EVENTS) for n in range(6))


def test_a_network_api_limit_holds_posts_within_its_window(
    room: Room, world: FakeWorld, at: Callable[[str], datetime], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The site allows 100 posts a day; a network whose API takes 3 per 24 h gets 3, and
    the others wait, with the network's limit as the reason, until the window moves on."""
    declared = NETWORKS._table()  # type: ignore[attr-defined]
    network = network_of(ENGLISH)
    limited = replace(declared[network], rate_limit=RateLimit(3, timedelta(hours=24)))
    monkeypatch.setitem(declared, network, limited)
    ids = [f"r{n:03d}aaa" for n in range(5)]
    for n, item_id in enumerate(ids):
        room.add(item_id, f"2026-11-20T{8 + n:02d}:00:00+01:00")
    now = at("2026-11-21T09:00:00+01:00")
    report = publish(room, world)
    assert world.items(ENGLISH) == ids[:3]
    assert world.items(ANY_LANGUAGE) == ids, "other networks are not held"
    assert report.count(ENGLISH, "queued") == 2
    dry = publish_dry_run_reasons(room, ENGLISH, now)
    assert dry and all(f"{limited.label} takes 3 posts per 24 h" in reason for reason in dry)
    at("2026-11-22T08:59:00+01:00")  # still inside the 24 hours of the first three
    publish(room, world)
    assert world.items(ENGLISH) == ids[:3]
    at("2026-11-22T09:01:00+01:00")
    publish(room, world)
    assert world.items(ENGLISH) == ids, "the window moved on: the rest go, in order"


def publish_dry_run_reasons(room: Room, account: str, now: datetime) -> list[str]:
    """Why each of the account's posts waits, as `publish --dry-run` says it."""
    previews = dry_run(room.load(), now)
    posts = [p for item in previews for p in item.posts if p.route.account == account]
    return [p.reason for p in posts if p.state is PostState.WAITS]
