"""A newsroom for `newsroom accounts` as users run it: the example's accounts, each wired to
its network's contract fake on 127.0.0.1 (tests/networks/<name>/loopback.py), real HTTP.

Only the networks whose server starts in a moment (no session server such as a PDS) are
used; the shared tests loop over them, each network's own tests take its account by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from newsroom.networks import NETWORKS
from tests.servers.contract import Contract

from ..example_accounts import example_account
from .loopback import contract_of, env_name


def quick_networks() -> list[str]:
    """The declared networks served by a fake of their own that needs no per-theme setting."""
    return [
        name
        for name, network in NETWORKS.items()
        if not contract_of(name).session_servers() and not network.theme_settings
    ]


class AccountsRoom:
    """The contract fakes of some networks, and newsrooms with one example account on each."""

    def __init__(self, networks: list[str]) -> None:
        self.contracts: dict[str, Contract] = {name: contract_of(name) for name in networks}
        self.accounts: dict[str, str] = {}  # network → account id
        self.settings: dict[str, dict[str, Any]] = {}  # account id → its newsroom.yml entry
        self.secrets: dict[str, str] = {}  # environment variable → value

    def start(self) -> AccountsRoom:
        for contract in self.contracts.values():
            contract.start(None)  # type: ignore[arg-type]  # no session server needed
        return self

    def stop(self) -> None:
        for contract in self.contracts.values():
            contract.stop()

    def fake(self, network: str) -> Any:
        return self.contracts[network].fake

    def variable(self, account: str, key: str) -> str:
        """The environment variable that holds the account's credential `key`."""
        return env_name(account, key)

    def write(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        """`root`'s newsroom.yml with every network's account wired; the secrets in the env."""
        for contract in self.contracts.values():
            contract.reset()
        for network, contract in self.contracts.items():
            account_id, account = example_account(network)
            account.pop("since", None)
            secrets = contract.wire(account_id, account)
            account["credentials"] = {key: env_name(account_id, key) for key in secrets}
            self.accounts[network], self.settings[account_id] = account_id, account
            self.secrets |= {env_name(account_id, key): value for key, value in secrets.items()}
        config = {
            "site": {"name": "T", "publisher": "T", "url": "https://news.example.edu",
                     "timezone": "Europe/Paris"},
            "themes": [{"slug": "quantum", "name": "Quantum"}],
            "authors": [{"id": "press", "name": "Press"}],
            "accounts": self.settings,
            "routing": {"every_theme": list(self.settings)},
        }  # fmt: skip
        (root / "newsroom.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
        for variable, value in self.secrets.items():
            monkeypatch.setenv(variable, value)
        return root
