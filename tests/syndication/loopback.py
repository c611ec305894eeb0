"""Every network on 127.0.0.1 for end-to-end publishing: the real adapters and their SDKs
over real HTTP to each network's loopback server (a fake of its HTTP API, a mock, or the
network's own server software).

Each declared network brings its own `Contract` (tests/networks/<name>/loopback.py, the
interface of tests/servers/contract.py): this harness loops over them and names none."""

from __future__ import annotations

import copy
import importlib
import json
import re
import urllib.parse
from pathlib import Path
from typing import Any

import yaml

from newsroom.networks import NETWORKS
from tests.servers.contract import REPORTED, Contract
from tests.servers.fake_analytics import FakeMatomo, FakePlausible
from tests.servers.shared import SharedServers

PROJECT = Path(__file__).resolve().parents[2]
# The site's analytics (newsroom stats' visits): site id and token of each fake.
MATOMO_SITE, MATOMO_TOKEN = 7, "lb-mt+6f/7a=8b&9c%0d"
PLAUSIBLE_SITE, PLAUSIBLE_TOKEN = "news.aldermoor.example", "lb-pl+8b/9c=0d&1e%2f"
ANALYTICS_ENV = "NR_LB_ANALYTICS_TOKEN"

__all__ = ["PROJECT", "REPORTED", "Loopback", "contract_of", "env_name"]


def env_name(account: str, key: str) -> str:
    return f"NR_LB_{account.upper().replace('-', '_')}_{key.upper()}"


def contract_of(network: str) -> Contract:
    """The network's loopback contract, from its own test folder (tests/networks/<name>/)."""
    module = importlib.import_module(f"tests.networks.{network}.loopback")
    return module.Contract()


class Loopback:
    """Every declared network on 127.0.0.1 (each through its contract), the analytics fakes,
    and what a newsroom needs to reach them."""

    def __init__(self) -> None:
        self.networks: dict[str, Contract] = {name: contract_of(name) for name in NETWORKS}
        self.matomo = FakeMatomo(MATOMO_SITE, MATOMO_TOKEN)
        self.plausible = FakePlausible(PLAUSIBLE_SITE, PLAUSIBLE_TOKEN)
        # Newsrooms whose ledgers tell which item a post without a link is (see `posts`).
        self.watched: list[Path] = []

    def __getattr__(self, name: str) -> Any:
        """`loopback.<network>`: that network's server, for its own tests (faults, records)."""
        networks = self.__dict__.get("networks", {})
        if name in networks:
            return networks[name].fake
        raise AttributeError(name)

    @classmethod
    def start(cls, shared: SharedServers) -> Loopback:
        """Every network's server, beside the session's slow ones (`shared`)."""
        servers = cls()
        slow = {n: s for c in servers.networks.values() for n, s in c.session_servers().items()}
        shared.start_together(slow)  # the slow ones first, side by side: their waits overlap
        for contract in servers.networks.values():
            contract.start(shared)
        servers.matomo.start()
        servers.plausible.start()
        return servers

    def stop(self) -> None:
        for contract in self.networks.values():
            contract.stop()
        self.matomo.stop()
        self.plausible.stop()

    def reset_fakes(self) -> None:
        """Every account as new: each network's server emptied, or given fresh accounts where
        it cannot be emptied (the session's PDS), and no newsroom watched."""
        for contract in self.networks.values():
            contract.reset()
        self.matomo.reset()
        self.plausible.reset()
        self.watched.clear()

    def contract(self, network: str) -> Contract:
        return self.networks[network]

    # -- a newsroom wired to these servers ---------------------------------------------------

    def configure(self, config: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        """A copy of `config` whose accounts point here, and the environment with secrets."""
        config, env = copy.deepcopy(config), {}
        for account_id, account in config["accounts"].items():
            secrets = self.networks[account["network"]].wire(account_id, account)
            account["credentials"] = {key: env_name(account_id, key) for key in secrets}
            env.update({env_name(account_id, key): value for key, value in secrets.items()})
        return config, env

    def example_newsroom(self, root: Path) -> dict[str, str]:
        """The example newsroom (content, images) copied into `root`, wired here; its env."""
        import shutil

        shutil.copytree(PROJECT / "content", root / "content")
        config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
        for account in config["accounts"].values():
            account.pop("since", None)  # the tests post the whole example, archive included
        config, env = self.configure(config)
        config["spacing"] = {"min_interval_minutes": 0, "daily_cap": 100}
        (root / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        self.watch(root)
        return env

    def watch(self, root: Path) -> None:
        """Count the posts without a link of the newsroom in `root` by item (see `posts`)."""
        self.watched.append(root)

    def add_analytics(self, root: Path, provider: str) -> dict[str, str]:
        """Point `root`'s newsroom.yml `analytics:` at the fake Matomo or Plausible; its env."""
        path = root / "newsroom.yml"
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
        fake, site, token = (
            (self.matomo, MATOMO_SITE, MATOMO_TOKEN)
            if provider == "matomo"
            else (self.plausible, PLAUSIBLE_SITE, PLAUSIBLE_TOKEN)
        )
        config["analytics"] = {
            "provider": provider,
            "base_url": fake.url + "/",
            "site_id": site,
            "token": ANALYTICS_ENV,
        }
        path.write_text(yaml.safe_dump(config, sort_keys=False))
        return {ANALYTICS_ENV: token}

    # -- what the servers hold ---------------------------------------------------------------

    def posts(self) -> dict[str, list[str]]:
        """Every post on every account, as text containing its link, by account id."""
        found: dict[str, list[str]] = {}
        for contract in self.networks.values():
            found.update(contract.posts(self.watched))
        return found

    def count(self, item_id: str) -> dict[str, int]:
        """How many posts of the item each account holds (by its unique link, whole).

        The id must end there: `/s/hyg3qt` is not counted in a post of `/s/hyg3qtekmy`.
        """
        link = re.compile(rf"/s/{re.escape(item_id)}(?![a-z0-9])")
        return {a: sum(bool(link.search(t)) for t in texts) for a, texts in self.posts().items()}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def quote(value: str) -> str:
    return urllib.parse.quote(value, safe="")
