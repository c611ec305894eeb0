"""`newsroom publish` and `newsroom preview-posts` as users run them (fake network in-process)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsroom.cli import Session, main

from .conftest import SECRETS, Room
from .fakes import FakeWorld


@pytest.fixture
def cli(world: FakeWorld, secrets_env: dict[str, str]):
    """The command line with the fake world's adapters, handed in (no global patched)."""

    def invoke(root: Path, *args: str, env: dict[str, str] | None = None):
        runner = CliRunner()
        return runner.invoke(
            main,
            ["--root", str(root), *args],
            env={"GITHUB_ACTIONS": "false", **(env or {})},
            obj=Session(adapter_factory=world.factory),
        )

    return invoke


def test_publish_prints_what_was_sent_and_a_summary(
    room: Room, world: FakeWorld, cli, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    result = cli(room.root, "publish")
    assert result.exit_code == 0, result.output
    assert "sent  uni-x  aaaaaaaa  https://x.example/uni-x/1" in result.output
    assert "uni-linkedin       1       0       0" in result.output
    second = cli(room.root, "publish")
    assert second.exit_code == 0 and "https://" not in second.output


def test_publish_exits_1_and_annotates_when_something_failed(
    room: Room, world: FakeWorld, cli, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    path = room.add("aaaaaaaa")
    world.faults["uni-x"] = ["reject"]
    world.faults["uni-bluesky"] = ["auth"]
    result = cli(room.root, "publish", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert f"::error file={path},line=1,title=publish uni-x::" in result.output
    assert f"::error file={path},line=1,title=publish uni-bluesky::" in result.output
    assert (
        "failed  uni-bluesky  aaaaaaaa  uni-bluesky: the token was refused (401)" in result.output
    )
    assert "uni-bluesky        0       0       1  stopped" in result.output


def test_secrets_never_appear_in_output_logs_or_ledger(
    room: Room,
    world: FakeWorld,
    cli,
    at: Callable[[str], datetime],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    room.add("bbbbbbbb", "2026-11-20T11:00:00+01:00")
    world.faults["uni-x"] = ["leak"]
    world.faults["uni-mastodon"] = ["auth"]
    world.faults["uni-bluesky"] = ["transient"] * 5
    result = cli(room.root, "publish", "-vv")
    assert result.exit_code == 1
    assert "[secret]" in result.output, "the leaked token was masked, not dropped silently"
    room.add("cccccccc", "2026-11-20T12:00:00+01:00")
    monkeypatch.delenv("NR_TEST_LINKEDIN_TOKEN")
    result2 = cli(room.root, "publish", "-vv")
    assert "NR_TEST_LINKEDIN_TOKEN" in result2.output
    dry = cli(room.root, "publish", "--dry-run", "-vv")
    preview = cli(room.root, "preview-posts")
    everything = result.output + result2.output + dry.output + preview.output
    everything += "\n".join(room.ledger_lines())
    everything += (room.root / "ledger/queue.json").read_text()
    for value in SECRETS.values():
        assert value not in everything
    assert world.secrets_seen["uni-x"]["access_token"] == SECRETS["NR_TEST_X_TOKEN"]


def test_dry_run_shows_every_due_post_within_its_limit_and_sends_nothing(
    room: Room, world: FakeWorld, cli, at: Callable[[str], datetime]
) -> None:
    room.config["spacing"] = {"min_interval_minutes": 60, "daily_cap": 6}
    room.write_config()
    at("2026-11-21T09:00:00+01:00")
    room.add("aaaaaaaa")
    room.add("bbbbbbbb", "2026-11-20T11:00:00+01:00", lang="fr", title="Un capteur quantique")
    result = cli(room.root, "publish", "--dry-run")
    assert result.exit_code == 0, result.output
    assert world.created == [] and not (room.root / "ledger/posts").exists()
    out, _, summary = result.output.partition("Summary (dry run: nothing was sent)")
    assert out.count("would be sent now") == 4
    # Issue #16: the run ends with a table per account: now, waiting, skipped and why.
    assert "In all: 4 to send now, 2 waiting." in summary
    assert re.search(r"^uni-x +1 +0 +1 +1 item is in French", summary, re.M), summary
    assert out.count("waits: one post every 60 min") == 2
    assert "not sent to uni-x on X: item is in French, account publishes in English" in out
    assert "/280 weighted characters" in out and "/300 graphemes" in out
    assert "Estimated X API cost: 1 post(s) with a link × $0.20 = **$0.20**" in out


def test_preview_posts_is_markdown_for_a_pull_request(
    room: Room, world: FakeWorld, cli, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    path = room.add(
        "aaaaaaaa", social={"x": "Our sensor reads ```brains``` #fast", "linkedin": False}
    )
    result = cli(room.root, "preview-posts", str(room.root / path))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("## Social posts preview")
    assert "### Quantum sensor maps brain activity" in out
    assert "````text\nOur sensor reads ```brains``` #fast" in out, "fence longer than the text's"
    assert "text from `social.x`" in out
    assert "not sent to uni-linkedin on LinkedIn: the item sets social.linkedin: false" in out
    assert "Link card: **Quantum sensor maps brain activity**" in out
    cli(room.root, "publish")
    after = cli(room.root, "preview-posts", str(room.root / path)).output
    assert "already posted: `https://x.example/uni-x/1`" in after
    assert "Estimated X API cost" not in after


def test_every_command_has_help(cli, room: Room) -> None:
    for command in ("publish", "preview-posts"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
