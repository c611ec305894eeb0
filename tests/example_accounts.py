"""Networks and accounts for tests that are not about one network, taken from the declarations
and from the example newsroom's `newsroom.yml` (the shared example configuration).

A test outside `tests/networks/<name>/` names no network: it asks for one by what it can do
(`a_network(lambda n: n.link_clickable)`) or loops over all of them, and takes that network's
example account from `newsroom.yml`. A test of one network's own rule lives in its folder.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from newsroom.networks import NETWORKS, Network

EXAMPLE_CONFIG = Path(__file__).resolve().parent.parent / "newsroom.yml"


@cache
def _example_accounts() -> dict[str, dict[str, Any]]:
    with EXAMPLE_CONFIG.open(encoding="utf-8") as config:
        return yaml.safe_load(config)["accounts"]


def networks_where(wanted: Callable[[Network], bool] = lambda _: True) -> list[str]:
    """The declared networks (in their declared order) for which `wanted` holds."""
    return [name for name, network in NETWORKS.items() if wanted(network)]


def a_network(wanted: Callable[[Network], bool] = lambda _: True) -> str:
    """The first declared network for which `wanted` holds (a test needing one of a kind)."""
    found = networks_where(wanted)
    assert found, "no declared network has what this test needs"
    return found[0]


def example_account(network: str) -> tuple[str, dict[str, Any]]:
    """(id, settings) of the example newsroom's first account on `network`: a copy to edit."""
    for account_id, account in _example_accounts().items():
        if account["network"] == network:
            return account_id, copy.deepcopy(account)
    raise AssertionError(f"newsroom.yml has no example account on {network!r}")


def fake_secrets(account: dict[str, Any]) -> dict[str, str]:
    """A made-up value for each environment variable the account's credentials name, the same
    in every run, holding the characters that encodings change (so a leak shows in any form)."""
    return {
        variable: "t+" + hashlib.sha256(variable.encode()).hexdigest()[:12] + "/=&%"
        for variable in account.get("credentials", {}).values()
    }


def example_account_ids() -> list[str]:
    """The example newsroom's account ids, in `newsroom.yml`'s order."""
    return list(_example_accounts())
