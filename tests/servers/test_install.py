"""The networks' judges count as installed only once their installer has finished.

`scripts/test` installs the test servers in the background while the first tests run: a
tree that is still being unpacked (its folders there, its stamp not yet written) must send a
test to the installer, which waits for the running install, never to half-installed judges
(a network's own server has the same test in its folder).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.servers import oracles
from tests.servers.node22 import assert_ready_only_once_installed

JUDGES = tuple(f"oracles/node_modules/{package}" for package in oracles.packages())


def test_a_tree_without_the_installers_stamp_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "test-servers"
    monkeypatch.setenv("NEWSROOM_TEST_SERVERS_DIR", str(root))
    monkeypatch.delenv("NEWSROOM_NODE22", raising=False)
    assert_ready_only_once_installed(root, JUDGES, oracles.available)
