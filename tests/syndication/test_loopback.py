"""End to end: `newsroom publish` through the real adapters and SDKs to servers on loopback."""

from __future__ import annotations

import base64
import html
import json
import re
import urllib.parse
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from newsroom.cli import main
from newsroom.networks import NETWORKS

from ..example_accounts import EXAMPLE_CONFIG, example_account
from .conftest import CONFIG, Room
from .loopback import Loopback

NOW = "2026-12-01T12:00:00+01:00"
UNI = list(CONFIG["routing"]["every_theme"])  # type: ignore[index]  # the example's accounts


def accounts_of_networks_a_theme_excludes() -> list[str]:
    """The example accounts on the networks a theme of the example newsroom excludes whole."""
    routing = yaml.safe_load(EXAMPLE_CONFIG.read_text(encoding="utf-8"))["routing"]
    excluded = [name for theme in routing["themes"].values() for name in theme.get("exclude", [])]
    return [example_account(name)[0] for name in excluded if name in NETWORKS]


def run(root: Path, env: dict[str, str], *args: str) -> Result:
    base = {
        "GITHUB_ACTIONS": "false",
        "NEWSROOM_NOW": NOW,
        "NEWSROOM_RETRY_WAIT": "0",
        "NEWSROOM_POLL_WAIT": "0.01",
    }
    return CliRunner().invoke(main, ["--root", str(root), *args], env={**base, **env})


def test_example_newsroom_dry_run_publish_and_a_second_run_that_sends_nothing(
    loopback: Loopback, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    env = loopback.example_newsroom(tmp_path)
    dry = run(tmp_path, env, "publish", "--dry-run")
    assert dry.exit_code == 0, dry.output
    lengths = re.findall(r" — (\d+)/(\d+) [a-z ()]+(?:, (\d+)/(\d+) bytes)? ·", dry.output)
    assert len(lengths) == dry.output.count("would be sent now") > 80
    assert all(int(n) <= int(limit) for n, limit, *_ in lengths)
    turned_off = accounts_of_networks_a_theme_excludes()
    assert turned_off, "the example newsroom turns a whole network off for a theme"
    assert "❌" not in dry.output
    assert all(f"not sent to {account}" in dry.output for account in turned_off)
    assert not (tmp_path / "ledger").exists()

    first = run(tmp_path, env, "publish")
    assert first.exit_code == 0, first.output
    sent = re.findall(r"^\s+sent  (\S+)  (\S+)  (\S+)$", first.output, re.M)
    assert len(sent) == len(lengths)
    records = [
        json.loads(line)
        for f in sorted((tmp_path / "ledger/posts").glob("*.jsonl"))
        for line in f.read_text().splitlines()
    ]
    assert [r["type"] for r in records] == ["intent", "sent"] * len(sent)
    on_servers = loopback.posts()
    for account, item_id, _url in sent:
        marker = f"/s/{item_id}?"
        assert sum(marker in text for text in on_servers[account]) == 1, (account, item_id)
    assert "wait for their date" in first.output

    second = run(tmp_path, env, "publish")
    assert second.exit_code == 0, second.output
    assert re.findall(r"^\s+sent  ", second.output, re.M) == []
    assert loopback.posts() == on_servers


def room_on(loopback: Loopback, tmp_path: Path, **spacing: int) -> tuple[Room, dict[str, str]]:
    config, env = loopback.configure(CONFIG)
    config["spacing"] = {"min_interval_minutes": 0, "daily_cap": 100, **spacing}
    return Room(tmp_path, config), env


def test_storms_of_429_and_5xx_and_a_network_down_for_a_whole_run(
    loopback: Loopback, tmp_path: Path
) -> None:
    """The example's accounts in four roles, whichever their networks: the first fails twice
    (retried with backoff), the second is rate limited near its reset then fails once (waited
    out, retried), the third is healthy, the fourth is down for a whole run."""
    loopback.reset_fakes()
    room, env = room_on(loopback, tmp_path)
    flaky, limited, healthy, down = UNI
    contract = {a: loopback.contract(CONFIG["accounts"][a]["network"]) for a in UNI}  # type: ignore[index]
    ids = ["st0aaaaa", "st1aaaaa", "st2aaaaa"]
    for n, item_id in enumerate(ids):
        room.add(item_id, f"2026-11-2{n}T10:00:00+01:00")
    contract[flaky].fail_posts(503, times=2)
    contract[limited].rate_limit_posts(datetime.now(UTC) + timedelta(seconds=1))
    contract[limited].fail_posts(502, times=1)
    contract[down].go_down()
    result = run(room.root, env, "publish")
    assert result.exit_code == 1, result.output
    assert re.search(rf"^{down} +0 +2 +1  stopped$", result.output, re.M), result.output
    for item_id in ids:
        counts = loopback.count(item_id)
        assert counts[flaky] == counts[limited] == counts[healthy] == 1, (counts, result.output)
        assert counts[down] == 0
    contract[down].heal()
    contract[flaky].rate_limit_posts(datetime(2100, 1, 1, tzinfo=UTC))
    room.add("st3aaaaa", "2026-11-23T10:00:00+01:00")
    result = run(room.root, env, "publish")
    assert result.exit_code == 0, result.output  # a far 429 queues by design
    assert "rate limited until 2100-01-01" in result.output or flaky in result.output
    queue = json.loads((room.root / "ledger/queue.json").read_text())["entries"]
    assert [e["item"] for e in queue] == ["st3aaaaa"] and queue[0]["account"] == flaky
    for item_id in ids:
        assert loopback.count(item_id)[down] == 1, "sent once the network is back"
    counts = loopback.count("st3aaaaa")
    assert counts == {**dict.fromkeys(counts, 0), **dict.fromkeys(UNI, 1), flaky: 0}


def test_a_hundred_items_with_a_cap_of_five(loopback: Loopback, tmp_path: Path) -> None:
    loopback.reset_fakes()
    room, env = room_on(loopback, tmp_path, daily_cap=5)
    ids = [f"h{n:03d}aaaa" for n in range(100)]
    for n, item_id in enumerate(ids):
        room.add(item_id, f"2026-11-{1 + n // 10:02d}T{8 + n % 10:02d}:00:00+01:00", tags=[])
    day1 = run(room.root, env, "publish")
    assert day1.exit_code == 0, day1.output
    for account in UNI:
        assert f"{account:<12}       5      95       0" in day1.output
    queue = json.loads((room.root / "ledger/queue.json").read_text())["entries"]
    for account in UNI:
        assert [e["item"] for e in queue if e["account"] == account] == ids[5:]
    env_day2 = {**env, "NEWSROOM_NOW": "2026-12-02T12:00:00+01:00"}
    day2 = CliRunner().invoke(
        main,
        ["--root", str(room.root), "publish"],
        env={
            "GITHUB_ACTIONS": "false",
            "NEWSROOM_RETRY_WAIT": "0",
            "NEWSROOM_POLL_WAIT": "0.01",
            **env_day2,
        },
    )
    assert day2.exit_code == 0, day2.output
    posts = loopback.posts()
    for account in UNI:
        found = [i for i in ids if any(f"/s/{i}?" in t for t in posts[account])]
        assert found == ids[:10], account
        assert all(sum(f"/s/{i}?" in t for t in posts[account]) == 1 for i in found)


def test_no_secret_is_ever_printed_logged_or_recorded(loopback: Loopback, tmp_path: Path) -> None:
    loopback.reset_fakes()
    room, env = room_on(loopback, tmp_path)
    room.add("sec0aaaa")
    room.add("sec1aaaa", "2026-11-21T10:00:00+01:00")
    refusing, failing, stranger, healthy = UNI  # the example's accounts in four roles
    contract = loopback.contract(CONFIG["accounts"][failing]["network"])  # type: ignore[index]
    contract.fail_posts(500, times=10**9)
    bad = dict(env)
    for account in (refusing, stranger):  # every secret of theirs wrong: refused (401)
        for variable in room.config["accounts"][account]["credentials"].values():  # type: ignore[index]
            bad[variable] = f"wrong+{variable.lower()}/z=z&9%9"  # canaries too
    outputs = [run(room.root, bad, "publish", "-vv"), run(room.root, env, "publish", "-vv")]
    outputs.append(run(room.root, env, "preview-posts"))
    contract.heal()
    outputs.append(run(room.root, env, "publish", "-vv"))
    assert outputs[0].exit_code == 1
    for account in (refusing, stranger, failing):  # the failing paths ran
        assert re.search(rf"^{account} .* stopped$", outputs[0].output, re.M), outputs[0].output
    assert not re.search(rf"^{healthy} .* stopped$", outputs[0].output, re.M)
    assert outputs[-1].exit_code == 0, outputs[-1].output
    text = "\n".join(r.output for r in outputs)
    text += "".join(p.read_text() for p in (room.root / "ledger").rglob("*.json*"))
    secrets = [*env.values(), *bad.values()]
    assert len(secrets) >= 8
    assert sum(any(c in s for c in "+/=&%") for s in secrets) >= 8, "canaries with + / = & %"
    for secret in secrets:
        for form in printed_forms(secret):
            assert form not in text, f"a secret leaked as {form[:8]}…"
    pairs = [base64.b64encode(f"{a}:{b}".encode()).decode() for a in secrets for b in secrets]
    assert not any(pair in text for pair in pairs), "a key:secret pair leaked in base64"
    assert "DEBUG" in text, "verbose logging was on"
    # oauthlib's debug log (an SDK's OAuth 1.0a signing) and httpx's request log were printed,
    # masked.
    assert "oauthlib" in text and "httpx" in text


def printed_forms(secret: str) -> list[str]:
    """How a library may print `secret`: raw, percent-encoded, JSON-escaped, base64."""
    return [
        secret,
        urllib.parse.quote(secret, safe=""),
        urllib.parse.quote_plus(secret),
        re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), urllib.parse.quote(secret, safe="")),
        json.dumps(secret)[1:-1],
        json.dumps(secret)[1:-1].replace("/", "\\/"),
        html.escape(secret),
        base64.b64encode(secret.encode()).decode(),
    ]


@pytest.mark.parametrize("unused", [None])
def test_preview_posts_on_the_example_content_needs_no_secret(unused: None, tmp_path: Path) -> None:
    from .loopback import PROJECT

    result = CliRunner().invoke(
        main, ["--root", str(PROJECT), "preview-posts"], env={"NEWSROOM_NOW": NOW}
    )
    assert result.exit_code == 0, result.output
    paid = [n for n in NETWORKS.values() if n.cost_per_post or n.cost_per_post_with_link]
    assert paid, "some network charges per post"
    for network in paid:  # the example has an account on every network
        assert f"Estimated {network.label} API cost" in result.output
    assert "## Social posts preview" in result.output
