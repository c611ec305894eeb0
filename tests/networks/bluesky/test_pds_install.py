"""The Bluesky PDS counts as installed only once its installer has finished.

`scripts/test` installs the test servers in the background while the first tests run: a
tree that is still being unpacked (its folders there, its stamp not yet written) must send a
test to the installer, which waits for the running install, never to a half-installed PDS
(the networks' judges: tests/servers/test_install.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.servers.node22 import assert_ready_only_once_installed

from .pds import node_available


def test_a_tree_without_the_installers_stamp_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "test-servers"
    monkeypatch.setenv("NEWSROOM_TEST_SERVERS_DIR", str(root))
    monkeypatch.delenv("NEWSROOM_NODE22", raising=False)
    assert_ready_only_once_installed(root, ("pds/node_modules/@atproto/dev-env",), node_available)
