"""`newsroom publish` on a damaged ledger or queue, a held lock, a full disk (issue #14, 6-7).

Each case ends as `file:line: what is wrong — how to fix it`, exit code 1, no traceback,
nothing posted and nothing half-written.
"""

from __future__ import annotations

import errno
import fcntl
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsroom.cli import Session, main
from newsroom.syndication import ledger

from .conftest import NO_EVENTS, NO_EVENTS_NETWORK, Room
from .fakes import FakeWorld

SEGMENT = "ledger/posts/2026-11-0001.jsonl"
NOW = "2026-11-21T09:00:00+01:00"


def _record(record_type: str = "sent", **changes: object) -> dict[str, object]:
    """A record of item bbbbbbbb as `Ledger._append` writes it, with `changes`."""
    record: dict[str, object] = {
        "type": record_type,
        "item": "bbbbbbbb",
        "account": NO_EVENTS,
        "network": NO_EVENTS_NETWORK,
        "key": f"bbbbbbbb-{NO_EVENTS}",
        "at": "2026-11-20T09:00:12Z",
    }
    if record_type in ("sent", "resolved"):
        record.update(post_id="1", url=f"https://{NO_EVENTS_NETWORK}.example/{NO_EVENTS}/1")
    record.update(text="A post", link="https://news.aldermoor.edu/s/bbbbbbbb")
    record.update(changes)
    return {k: v for k, v in record.items() if v is not None}


def _line(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))


@pytest.fixture
def cli(world: FakeWorld, secrets_env: dict[str, str]):
    def invoke(root: Path, *args: str):
        return CliRunner().invoke(
            main,
            ["--root", str(root), *args],
            env={"GITHUB_ACTIONS": ""},
            obj=Session(adapter_factory=world.factory),
        )

    return invoke


@pytest.fixture
def due(room: Room, at: Callable[[str], datetime]) -> Room:
    """A newsroom with one item due now on every account, and one item already posted."""
    at(NOW)
    room.add("aaaaaaaa")
    room.add("bbbbbbbb")
    return room


def _write_ledger(room: Room, *lines: str | bytes) -> None:
    path = room.root / SEGMENT
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = [line.encode() if isinstance(line, str) else line for line in lines]
    path.write_bytes(b"\n".join(raw) + b"\n")


def _assert_refused(result, where: str, words: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{where}: " in result.output, result.output
    assert words in result.output, result.output


BAD_LINES = {
    "at is not a date": (_line(_record(at="yesterday")), "`at` is not a UTC date-time"),
    "impossible at": (_line(_record(at="2026-02-30T09:00:00Z")), "`at` is not a UTC date-time"),
    "at without zone": (_line(_record(at="2026-11-20T09:00:00")), "`at` is not a UTC date-time"),
    "account missing": (_line(_record(account=None)), "missing account"),
    "item is a number": (_line(_record(item=12345678)), "missing item"),
    "item not an id": (_line(_record(item="../../x")), "`item` is not an item id"),
    "sent without post id": (_line(_record(post_id=None)), "needs `post_id`"),
    "retry not a boolean": (_line(_record("failed", retry="no")), "`retry` has the wrong type"),
    "unknown type": (_line(_record("posted")), "unknown type"),
    "not JSON": ('{"type": "sent", "item": ', "invalid JSON"),
    "deeply nested JSON": ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    "not UTF-8": (b'{"type": "sent", "item": "\xff\xfe"}', "invalid JSON"),
    "a list": ("[1, 2]", "expected a JSON object"),
}


@pytest.mark.parametrize("case", BAD_LINES)
def test_a_damaged_ledger_line_stops_publish_before_anything_is_posted(
    due: Room, world: FakeWorld, cli, case: str
) -> None:
    bad, words = BAD_LINES[case]
    _write_ledger(due, _line(_record("intent")), bad)
    result = cli(due.root, "publish")
    _assert_refused(result, f"{SEGMENT}:2", words)
    assert "— repair the line from git history" in result.output
    assert world.posts == {} and world.created == []
    dry = cli(due.root, "publish", "--dry-run")  # the dry run reads the same ledger
    _assert_refused(dry, f"{SEGMENT}:2", words)


def test_a_pending_record_whose_json_breaks_after_its_fields_is_refused_at_once(
    due: Room, world: FakeWorld, cli
) -> None:
    # The fast index reads the leading fields only: the record a run would parse again is
    # parsed when the ledger is opened, so publish stops before posting anything.
    good = _line(_record("failed", retry=True, kind="transient", error="5xx"))
    _write_ledger(due, good[:-1] + ', "text": }')
    result = cli(due.root, "publish")
    _assert_refused(result, f"{SEGMENT}:1", "invalid JSON")
    assert world.posts == {}


def test_a_valid_ledger_in_another_key_order_is_accepted(due: Room, world: FakeWorld, cli) -> None:
    record = _record()
    reordered = {k: record[k] for k in ("at", "url", "post_id", *sorted(record))}
    _write_ledger(due, json.dumps(reordered))
    result = cli(due.root, "publish")
    assert result.exit_code == 0, result.output
    assert world.items(NO_EVENTS) == ["aaaaaaaa"]  # bbbbbbbb is already posted there


ACCOUNT = f'"account": "{NO_EVENTS}", "network": "{NO_EVENTS_NETWORK}", '
QUEUE_CASES = {
    "not JSON": ('{"entries": [', "invalid JSON"),
    "entries not a list": ('{"entries": "none"}', 'expected {"entries": [...]}'),
    "item a number": (
        '{"entries": [\n  {"item": 1, '
        + ACCOUNT
        + '"date": "2026-11-20T10:00:00+01:00", "since": "2026-11-20T09:00:00Z"}\n]}',
        "`item` must be text",
    ),
    "not_before not a date": (
        '{"entries": [\n  {"item": "aaaaaaaa", '
        + ACCOUNT
        + '"date": "2026-11-20T10:00:00+01:00", "since": "2026-11-20T09:00:00Z", '
        '"not_before": "soon"}\n]}',
        "`not_before` is not a date-time",
    ),
    "unknown field": (
        '{"entries": [\n  {"item": "aaaaaaaa", '
        + ACCOUNT
        + '"date": "2026-11-20T10:00:00+01:00", "since": "2026-11-20T09:00:00Z", "colour": 1}\n]}',
        "unknown field 'colour'",
    ),
    "deeply nested": ("[" * 100_000 + "]" * 100_000, "not JSON text"),
}


@pytest.mark.parametrize("case", QUEUE_CASES)
def test_a_damaged_queue_stops_publish_with_its_line(
    due: Room, world: FakeWorld, cli, case: str
) -> None:
    text, words = QUEUE_CASES[case]
    (due.root / "ledger").mkdir(exist_ok=True)
    (due.root / "ledger/queue.json").write_text(text, encoding="utf-8")
    result = cli(due.root, "publish")
    line = 2 if text.startswith('{"entries": [\n') else 1
    _assert_refused(result, f"ledger/queue.json:{line}", words)
    assert "it is rebuilt from the content and the ledger" in result.output
    assert world.posts == {}


def test_a_ledger_file_that_is_a_pipe_is_reported_not_read(due: Room, cli) -> None:
    import os

    path = due.root / SEGMENT
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    _assert_refused(cli(due.root, "publish"), f"{SEGMENT}:1", "is a named pipe (FIFO)")


def test_another_run_holding_the_lock_is_a_message_not_a_traceback(
    due: Room, world: FakeWorld, cli
) -> None:
    (due.root / "ledger").mkdir()
    with open(due.root / "ledger/.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = cli(due.root, "publish")
    _assert_refused(result, "ledger/.lock:1", "another `newsroom publish` is running")
    assert world.posts == {}


def test_a_full_disk_on_the_ledger_write_stops_the_run_cleanly(
    due: Room, world: FakeWorld, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = ledger.write_atomically
    writes = {"ledger": 0}

    def fill_disk_on_second_record(path: Path, data: bytes) -> None:
        if path.suffix == ".jsonl":
            writes["ledger"] += 1
            if writes["ledger"] == 2:  # the `sent` record of the first post
                raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real_write(path, data)

    monkeypatch.setattr(ledger, "write_atomically", fill_disk_on_second_record)
    result = cli(due.root, "publish")
    _assert_refused(result, "ledger/posts/2026-11-0001.jsonl:1", "No space left on device")
    assert "a post sent but not recorded is then found on the network" in result.output
    lines = due.ledger_lines()
    assert [json.loads(line)["type"] for line in lines] == ["intent"]  # nothing half-written
    assert not list((due.root / "ledger/posts").glob("*.tmp"))
    # Space is back: the next run finds the post instead of sending it again.
    monkeypatch.setattr(ledger, "write_atomically", real_write)
    again = cli(due.root, "publish")
    assert again.exit_code == 0, again.output
    assert sum(len(posts) for posts in world.posts.values()) == 2 * len(world.posts)
    assert all(
        len(set(world.items(account))) == len(world.items(account)) for account in world.posts
    )


def test_a_full_disk_on_the_queue_write_is_a_message(
    due: Room, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsroom.syndication import queue

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(queue, "write_atomically", full)
    _assert_refused(cli(due.root, "publish"), "ledger/queue.json:1", "No space left on device")
