"""The loopback networks for the stats tests (started once for this folder)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from tests.syndication.loopback import PROJECT, Loopback


@pytest.fixture(scope="session")
def loopback() -> Iterator[Loopback]:
    """Fake X, LinkedIn and Facebook, mastodon-mock, a real Bluesky PDS (no app view)."""
    from tests.servers.pds import node_available

    if not node_available():
        setup = subprocess.run(
            ["bash", str(PROJECT / "scripts/install-test-servers.sh")],
            capture_output=True,
            text=True,
            check=False,
        )
        if setup.returncode != 0 or not node_available():
            pytest.fail("the Bluesky PDS needs Node 22: " + setup.stdout + setup.stderr)
    servers = Loopback.start()
    yield servers
    servers.stop()
