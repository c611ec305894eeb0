"""`newsroom publish` and `newsroom preview-posts` as users run them (fake network in-process)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsroom.cli import Session, main
from newsroom.networks import NETWORKS

from .conftest import (
    ALSO_ANY_LANGUAGE,
    ANY_LANGUAGE,
    ENGLISH,
    NETWORKS_USED,
    NO_EVENTS,
    NO_EVENTS_NETWORK,
    SECRETS,
    Room,
    credential,
    network_of,
)
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
    link = f"https://{NO_EVENTS_NETWORK}.example/{NO_EVENTS}/1"
    assert f"sent  {NO_EVENTS}  aaaaaaaa  {link}" in result.output
    assert re.search(rf"^{ALSO_ANY_LANGUAGE} +1 +0 +0\b", result.output, re.M), result.output
    second = cli(room.root, "publish")
    assert second.exit_code == 0 and "https://" not in second.output


def test_publish_exits_1_and_annotates_when_something_failed(
    room: Room, world: FakeWorld, cli, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    path = room.add("aaaaaaaa")
    world.faults[NO_EVENTS] = ["reject"]
    world.faults[ANY_LANGUAGE] = ["auth"]
    result = cli(room.root, "publish", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    assert f"::error file={path},line=1,title=publish {NO_EVENTS}::" in result.output
    assert f"::error file={path},line=1,title=publish {ANY_LANGUAGE}::" in result.output
    refused = f"{ANY_LANGUAGE}: the token was refused (401)"
    assert f"failed  {ANY_LANGUAGE}  aaaaaaaa  {refused}" in result.output
    assert re.search(rf"^{ANY_LANGUAGE} +0 +0 +1  stopped", result.output, re.M), result.output


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
    world.faults[NO_EVENTS] = ["leak"]
    world.faults[ENGLISH] = ["auth"]
    world.faults[ANY_LANGUAGE] = ["transient"] * 5
    result = cli(room.root, "publish", "-vv")
    assert result.exit_code == 1
    assert "[secret]" in result.output, "the leaked token was masked, not dropped silently"
    room.add("cccccccc", "2026-11-20T12:00:00+01:00")
    _, variable = credential(ALSO_ANY_LANGUAGE)
    monkeypatch.delenv(variable)
    result2 = cli(room.root, "publish", "-vv")
    assert variable in result2.output
    dry = cli(room.root, "publish", "--dry-run", "-vv")
    preview = cli(room.root, "preview-posts")
    everything = result.output + result2.output + dry.output + preview.output
    everything += "\n".join(room.ledger_lines())
    everything += (room.root / "ledger/queue.json").read_text()
    for value in SECRETS.values():
        assert value not in everything
    key, variable = credential(NO_EVENTS)
    assert world.secrets_seen[NO_EVENTS][key] == SECRETS[variable]


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
    assert re.search(rf"^{NO_EVENTS} +1 +0 +1 +1 item is in French", summary, re.M), summary
    assert out.count("waits: one post every 60 min") == 2
    english_only = NETWORKS[NO_EVENTS_NETWORK].label
    assert (
        f"not sent to {NO_EVENTS} on {english_only}: item is in French, account publishes in English"
        in out
    )
    for network in NETWORKS_USED:  # each post shown against its network's limit, in its unit
        limits = NETWORKS[network].limits
        assert f"/{limits.max_length} {limits.unit}" in out
    paid = [NETWORKS[n] for n in NETWORKS_USED if NETWORKS[n].cost_per_post_with_link]
    assert paid, "the test newsroom posts to a network that charges per post"
    for network in paid:  # one English post with a link: the French one is not sent there
        cost = f"${network.cost_per_post_with_link:.2f}"
        assert (
            f"Estimated {network.label} API cost: 1 post(s) with a link × {cost} = **{cost}**"
            in out
        )


def test_preview_posts_is_markdown_for_a_pull_request(
    room: Room, world: FakeWorld, cli, at: Callable[[str], datetime]
) -> None:
    at("2026-11-21T09:00:00+01:00")
    left_out = network_of(ALSO_ANY_LANGUAGE)
    social = {NO_EVENTS_NETWORK: "Our sensor reads ```brains``` #fast", left_out: False}
    path = room.add("aaaaaaaa", social=social)
    result = cli(room.root, "preview-posts", str(room.root / path))
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("## Social posts preview")
    assert "### Quantum sensor maps brain activity" in out
    assert "````text\nOur sensor reads ```brains``` #fast" in out, "fence longer than the text's"
    assert f"text from `social.{NO_EVENTS_NETWORK}`" in out
    label = NETWORKS[left_out].label
    assert (
        f"not sent to {ALSO_ANY_LANGUAGE} on {label}: the item sets social.{left_out}: false" in out
    )
    assert "Link card: **Quantum sensor maps brain activity**" in out
    cli(room.root, "publish")
    after = cli(room.root, "preview-posts", str(room.root / path)).output
    posted = f"https://{NO_EVENTS_NETWORK}.example/{NO_EVENTS}/1"
    assert f"already posted: `{posted}`" in after
    assert f"Estimated {NETWORKS[NO_EVENTS_NETWORK].label} API cost" not in after


def test_every_command_has_help(cli, room: Room) -> None:
    for command in ("publish", "preview-posts"):
        result = CliRunner().invoke(main, [command, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output
