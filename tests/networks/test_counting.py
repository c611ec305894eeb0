"""Pure counting rules shared by the adapters and `newsroom check` (no SDK needed).

Each network's own rule (its weighting, its URL length, its escaping) is tested in its folder,
`tests/networks/<name>/`; here are the rules every network may use, and the promise that
counting and the CLI never load a network's SDK.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsroom.networks import NETWORKS, counting
from tests.example_accounts import a_network

from .conftest import network_sdks

LINK = f"https://news.aldermoor.edu/s/k7q2m9ab?utm_source={a_network()}&utm_medium=social&utm_campaign=quantum"


@pytest.mark.parametrize(
    ("text", "length"),
    [("abc", 3), ("👨‍👩‍👧", 1), ("🇫🇷", 1), ("e\u0301", 1), ("日本", 2), (LINK, len(LINK))],
)
def test_graphemes(text, length):
    assert counting.graphemes(text) == length


def _imports_after(code: str) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter; it fails naming any network SDK then imported."""
    check = f"heavy = {sorted(network_sdks())!r}; heavy = set(heavy) & set(sys.modules);"
    check += "sys.exit(f'imported {heavy}' if heavy else 0)"
    return subprocess.run(
        [sys.executable, "-c", f"import sys; {code}; {check}"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_counting_and_the_cli_do_not_import_network_sdks():
    assert network_sdks(), "the networks' folders import their SDKs: the set cannot be empty"
    code = (
        "import newsroom.cli, newsroom.networks.counting as c; from newsroom.networks import NETWORKS;"
        "[network.measure('a') for network in NETWORKS.values()]; c.graphemes('a')"
    )
    result = _imports_after(code)
    assert result.returncode == 0, result.stderr


def test_the_sdk_check_sees_an_adapter_that_loads_one():
    """The test above can fail: importing an adapter that uses an SDK is caught."""
    with_sdk = next(name for name in NETWORKS if network_sdks(only=name))
    result = _imports_after(f"import newsroom.networks.{with_sdk}.adapter")
    assert result.returncode != 0 and "imported" in result.stderr, result.stderr
