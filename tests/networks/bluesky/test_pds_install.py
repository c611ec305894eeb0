"""The test servers count as installed only once their installer has finished.

`scripts/test` installs them in the background while the first tests run: a tree that is
still being unpacked (its folders there, its stamp not yet written) must send a test to the
installer, which waits for the running install, never to a half-installed PDS (the networks' judges: tests/servers/test_install.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .pds import node_available


def half_installed(root: Path) -> Path:
    """What an install leaves before its last step: Node 22 and the PDS."""
    (root / "bin").mkdir(parents=True)
    (root / "bin/node").write_text("", encoding="utf-8")
    (root / "pds/node_modules/@atproto/dev-env").mkdir(parents=True)
    return root


def test_a_tree_without_the_installers_stamp_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = half_installed(tmp_path / "test-servers")
    monkeypatch.setenv("NEWSROOM_TEST_SERVERS_DIR", str(root))
    monkeypatch.delenv("NEWSROOM_NODE22", raising=False)
    assert not node_available()

    (root / ".installed").write_text("stamp\n", encoding="utf-8")  # written last
    assert node_available()
