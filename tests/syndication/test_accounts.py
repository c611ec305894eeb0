"""`newsroom accounts check` and `accounts refresh` as users run them, against the contract
fakes of every network whose server starts in a moment, on 127.0.0.1 (real HTTP), adapters
handed in by a Session. Each network's own token states (expired, under-scoped, refused…)
are tested in its folder, tests/networks/<name>/test_<name>_accounts_check.py."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from newsroom.cli import Session, main
from newsroom.networks import NETWORKS
from newsroom.networks.base import Adapter, RefreshedToken, Sent, make_adapter

from .accounts_room import AccountsRoom, quick_networks

NETWORKS_CHECKED = quick_networks()
# A network whose tokens expire (its account is refreshed in-process) and one whose do not.
EXPIRING = next(n for n in NETWORKS_CHECKED if NETWORKS[n].token_lifetime is not None)
LASTING = next(n for n in NETWORKS_CHECKED if NETWORKS[n].token_lifetime is None)


@pytest.fixture(scope="module")
def servers() -> Iterator[AccountsRoom]:
    servers = AccountsRoom(NETWORKS_CHECKED).start()
    yield servers
    servers.stop()


@pytest.fixture
def room(tmp_path: Path, servers: AccountsRoom, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A newsroom with the example's account on every network checked, all valid."""
    return servers.write(tmp_path, monkeypatch)


def run(root: Path, *args: str, factory: object = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(
        main,
        ["--root", str(root), "accounts", *args],
        env={"GITHUB_ACTIONS": "false", **(env or {})},
        obj=Session(adapter_factory=factory),  # type: ignore[arg-type]
    )


def no_secret_in(text: str, secrets: Mapping[str, str]) -> None:
    from newsroom.syndication.credentials import encoded_forms

    for value in secrets.values():
        for form in encoded_forms(value):
            assert form not in text, f"a secret ({form!r}) was printed"


def test_all_well_exits_0_with_dates(room: Path, servers: AccountsRoom) -> None:
    result = run(room, "check")
    assert result.exit_code == 0, result.output
    assert result.output.count("         ok  ") == len(NETWORKS_CHECKED)
    assert "token valid until" in result.output
    no_secret_in(result.output, servers.secrets)


def test_json_lists_each_account_with_its_variables(room: Path, servers: AccountsRoom) -> None:
    result = run(room, "check", "--format", "json")
    assert result.exit_code == 0, result.output
    by_account = {a["account"]: a for a in json.loads(result.output)["accounts"]}
    assert sorted(by_account) == sorted(servers.accounts.values())
    for account, entry in by_account.items():
        assert entry["state"] == "ok", entry
        assert entry["variables"] == servers.settings[account]["credentials"]
    no_secret_in(result.output, servers.secrets)


@pytest.mark.parametrize("network", NETWORKS_CHECKED)
def test_a_missing_variable_is_a_problem_even_in_a_dry_run(
    room: Path, servers: AccountsRoom, monkeypatch: pytest.MonkeyPatch, network: str
) -> None:
    account = servers.accounts[network]
    variable = next(iter(servers.settings[account]["credentials"].values()))
    monkeypatch.delenv(variable)
    result = run(room, "check", "--dry-run")
    assert result.exit_code == 1
    assert f"environment variable {variable} not set" in result.output
    assert all(not servers.fake(n).requests for n in NETWORKS_CHECKED)


@pytest.mark.parametrize("network", NETWORKS_CHECKED)
def test_disabled_accounts_are_listed_not_asked(
    room: Path, servers: AccountsRoom, network: str
) -> None:
    account = servers.accounts[network]
    data = yaml.safe_load((room / "newsroom.yml").read_text(encoding="utf-8"))
    data["accounts"][account]["enabled"] = False
    (room / "newsroom.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    result = run(room, "check")
    assert result.exit_code == 0 and f"disabled  {account}" in result.output
    assert not servers.fake(network).requests


@pytest.mark.parametrize("network", NETWORKS_CHECKED)
def test_unreachable_network_is_a_problem_not_a_traceback(
    room: Path, servers: AccountsRoom, network: str
) -> None:
    servers.fake(network).fail(503, times=5)
    result = run(room, "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "server error 503" in result.output


class Refreshable(Adapter):
    """An adapter of a network that refreshes tokens (as some do), in-process."""

    network = EXPIRING
    ends_in_days = 5.0

    def publish(self, post: object) -> Sent:
        raise AssertionError

    def find(self, post: object) -> Sent | None:
        return None

    def check_account(self):  # type: ignore[no-untyped-def]
        from newsroom.networks.base import AccountStatus

        ends = datetime.now(UTC) + timedelta(days=self.ends_in_days)
        return AccountStatus(reachable=True, expires_at=ends)

    def refresh_token(self) -> RefreshedToken | None:
        key = NETWORKS[EXPIRING].credentials[0]
        new = "fresh+/=&%-token-" + self.secrets[key][-4:]
        return RefreshedToken(key, new, datetime.now(UTC) + timedelta(days=60))


def refreshing(account: str, settings: object, secrets: Mapping[str, str]) -> Adapter:
    if settings.network == EXPIRING:  # type: ignore[attr-defined]
        return Refreshable(account, settings, secrets)  # type: ignore[arg-type]
    return make_adapter(account, settings, secrets)


def test_check_says_which_accounts_can_refresh(room: Path, servers: AccountsRoom) -> None:
    result = run(room, "check", "--format", "json", factory=refreshing)
    by_account = {a["account"]: a for a in json.loads(result.output)["accounts"]}
    refreshed = by_account[servers.accounts[EXPIRING]]
    assert refreshed["can_refresh"] is True
    assert "accounts refresh" in refreshed["warnings"][0]
    assert by_account[servers.accounts[LASTING]]["can_refresh"] is False


def test_refresh_writes_new_tokens_to_the_file_only_masked_first(
    room: Path, servers: AccountsRoom, tmp_path_factory: pytest.TempPathFactory
) -> None:
    output = tmp_path_factory.mktemp("runner") / "refreshed.json"
    result = run(
        room, "refresh", "--output", str(output), factory=refreshing, env={"GITHUB_ACTIONS": "true"}
    )
    assert result.exit_code == 0, result.output
    account = servers.accounts[EXPIRING]
    variable = servers.settings[account]["credentials"][NETWORKS[EXPIRING].credentials[0]]
    [entry] = json.loads(output.read_text(encoding="utf-8"))
    assert entry["account"] == account and entry["variable"] == variable
    assert entry["token"].startswith("fresh+/=&%-token-")
    assert output.stat().st_mode & 0o777 == 0o600
    first, *rest = result.output.splitlines()
    assert first == f"::add-mask::{entry['token']}"
    assert entry["token"] not in "\n".join(rest)
    assert f"refreshed  {account}  ({variable})" in result.output
    no_secret_in(result.output, servers.secrets)


def test_refresh_leaves_tokens_that_are_not_due(room: Path, servers: AccountsRoom) -> None:
    Refreshable.ends_in_days = 40
    try:
        result = run(room, "refresh", "--dry-run", factory=refreshing)
    finally:
        Refreshable.ends_in_days = 5.0
    account = servers.accounts[EXPIRING]
    assert result.exit_code == 0 and f"not due  {account}" in result.output
    assert "would refresh" in run(room, "refresh", "--dry-run", factory=refreshing).output


def test_refresh_never_writes_tokens_inside_the_repository(room: Path) -> None:
    result = run(room, "refresh", "--output", str(room / "tokens.json"), factory=refreshing)
    assert result.exit_code == 1 and "outside" in result.output
    assert not (room / "tokens.json").exists()
    assert run(room, "refresh", factory=refreshing).exit_code == 2  # --output or --dry-run


def test_rules_checked_over_six_months_ago_are_a_warning_naming_their_sources(
    room: Path,
) -> None:
    # Every declared rule names its page and the day it was last checked there; six months
    # on, the daily check asks for them to be checked again (its issue lists the warning).
    oldest = min(NETWORKS[name].rules_checked() for name in NETWORKS_CHECKED)
    fresh = datetime.combine(oldest + timedelta(days=180), datetime.min.time(), UTC)
    result = run(room, "check", "--dry-run", env={"NEWSROOM_NOW": fresh.isoformat()})
    assert result.exit_code == 0, result.output
    stale = fresh + timedelta(days=5)
    result = run(
        room, "check", "--dry-run", "--format", "json", env={"NEWSROOM_NOW": stale.isoformat()}
    )
    assert result.exit_code == 1, result.output
    by_account = {a["account"]: a for a in json.loads(result.output)["accounts"]}
    warned = [a for a in by_account.values() if a["warnings"]]
    assert warned, result.output
    for entry in warned:
        network = NETWORKS[entry["network"]]
        [warning] = entry["warnings"]
        assert f"{network.label}'s rules were last checked at their sources on" in warning
        assert "more than 6 months ago" in warning and "https://" in warning
        assert all(s.url in warning for s in network.stale_sources(stale.date()))
