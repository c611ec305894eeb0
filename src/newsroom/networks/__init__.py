"""The social networks Newsroom can post to: one folder each, found here by their declarations.

A network is a subpackage whose `__init__.py` declares `NETWORK` (a `Network`: its name,
limits, counting, credentials, costs…) and whose `adapter.py` posts to it. `NETWORKS` finds
them on first use, in their declared order; nothing else in Newsroom lists the networks.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping

from .declaration import Limits, Network, RateLimit, Source, ThemeSetting

__all__ = ["NETWORKS", "Limits", "Network", "RateLimit", "Source", "ThemeSetting", "label"]


class _Declared(Mapping[str, Network]):
    """The declared networks by name (what users write in `network:`), in their order."""

    def __init__(self) -> None:
        self._found: dict[str, Network] | None = None

    def _table(self) -> dict[str, Network]:
        if self._found is None:
            declared = [
                importlib.import_module(f"{__name__}.{module.name}").NETWORK
                for module in pkgutil.iter_modules(__path__)
                if module.ispkg
            ]
            declared.sort(key=lambda network: (network.order, network.name))
            self._found = {network.name: network for network in declared}
        return self._found

    def __getitem__(self, name: str) -> Network:
        return self._table()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


NETWORKS: Mapping[str, Network] = _Declared()


def label(name: str) -> str:
    """How people write a network's name (`linkedin` → `LinkedIn`); unknown names as written."""
    network = NETWORKS.get(name)
    return network.label if network is not None else name
