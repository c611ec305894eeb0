"""The test servers count as installed only once their installer has finished.

`scripts/test` installs them in the background while the first tests run: a tree that is
still being unpacked (its folders there, its stamp not yet written) must send a test to the
installer, which waits for the running install, never to half-installed judges (the PDS: tests/networks/bluesky/test_pds_install.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.servers import oracles


def half_installed(root: Path) -> Path:
    """What an install leaves before its last step: Node 22 and the networks' judges."""
    (root / "bin").mkdir(parents=True)
    (root / "bin/node").write_text("", encoding="utf-8")
    (root / "oracles/node_modules/twitter-text").mkdir(parents=True)
    (root / "oracles/node_modules/@atproto/api").mkdir(parents=True)
    return root


def test_a_tree_without_the_installers_stamp_is_not_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = half_installed(tmp_path / "test-servers")
    monkeypatch.setenv("NEWSROOM_TEST_SERVERS_DIR", str(root))
    monkeypatch.delenv("NEWSROOM_NODE22", raising=False)
    assert not oracles.available()

    (root / ".installed").write_text("stamp\n", encoding="utf-8")  # written last
    assert oracles.available()
