"""What every network's adapter tests share: an account's settings, an adapter built the way
the engine builds it, a post as the composer makes it, a text filled to a limit.

Each network's test server (a fake of its API, or a real server) is a fixture of that
network's folder, in its own conftest.py; the slow servers are the session's
(tests/conftest.py's `shared_servers`), shared with the end-to-end tests.
"""

from __future__ import annotations

import ast
import itertools
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from newsroom import networks
from newsroom.config import AccountSettings
from newsroom.networks import NETWORKS
from newsroom.networks.base import Adapter, LinkCard, Post, adapter_class

SITE = "https://news.aldermoor.edu"  # a real TLD: some networks count only those as links
_ITEM_NUMBERS = itertools.count()  # unique items across the session: servers outlive tests


def settings(network: str, handle: str, base_url: str, *keys: str) -> AccountSettings:
    """Account settings naming (fake) environment variables for `keys`."""
    credentials = {key: f"NEWSROOM_TEST_{key.upper()}" for key in keys}
    return AccountSettings(
        network=network,
        handle=handle,
        base_url=base_url,
        languages=["en"],
        credentials=credentials,
    )


def make_adapter(network: str, handle: str, base_url: str, secrets: dict[str, str]) -> Adapter:
    """An adapter built the way the engine builds it: through `adapter_class`."""
    account = f"test-{network}"
    return adapter_class(network)(account, settings(network, handle, base_url, *secrets), secrets)


@pytest.fixture
def png(tmp_path: Path) -> Path:
    """A small real PNG image."""
    path = tmp_path / "sensor.png"
    Image.new("RGB", (64, 48), (20, 90, 200)).save(path)
    return path


@pytest.fixture
def make_post(png: Path) -> Callable[..., Post]:
    """Build a Post like the engine does: text contains the tracked link."""

    def build(network: str, text: str | None = None, **overrides: object) -> Post:
        number = next(_ITEM_NUMBERS)
        item = overrides.pop("item_id", f"item{number:04d}")
        link = overrides.pop("link", f"{SITE}/s/{item}?utm_source={network}&utm_medium=social")
        fields: dict[str, object] = {
            "item_id": item,
            "account": f"test-{network}",
            "network": network,
            "text": text if text is not None else f"Quantum sensor maps the brain {link} #quantum",
            "link": link,
            "card": LinkCard(link, "Quantum sensor", "It maps the brain.", png, "Blue lattice"),
            "key": f"{item}:test-{network}",
            "image": png,
            "image_alt": "A blue lattice of dots above a stylised brain",
            "tags": ("quantum",),
            "language": "en",
        }
        fields.update(overrides)
        return Post(**fields)  # type: ignore[arg-type]

    return build


def fill_to(adapter: Adapter, head: str, unit: str, limit: int) -> str:
    """`head` followed by `unit` repeated until `adapter.measure` is exactly `limit`."""
    text = head
    while adapter.measure(text + unit) <= limit:
        text += unit
    assert adapter.measure(text) == limit, f"cannot reach {limit} with {unit!r}"
    return text


def network_sdks(only: str | None = None) -> frozenset[str]:
    """The packages only networks' folders import (their SDKs): the top-level modules imported
    in `newsroom/networks/<name>/` (of the network `only`, if given) that no other module of
    the package imports."""
    package = Path(networks.__file__).resolve().parent
    folders = [package / name for name in NETWORKS]
    every = sorted(package.parent.rglob("*.py"))
    inside = [path for path in every if any(folder in path.parents for folder in folders)]
    outside = [path for path in every if path not in inside]
    if only is not None:
        inside = [path for path in inside if package / only in path.parents]
    return frozenset(_imported(inside) - _imported(outside))


def _imported(paths: list[Path]) -> set[str]:
    """Top-level names of the third-party modules `paths` import."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - {"newsroom", "__future__"}
