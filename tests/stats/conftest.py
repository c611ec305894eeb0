"""The loopback networks for the stats tests (started once for this folder)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.syndication.loopback import Loopback


@pytest.fixture(scope="session")
def loopback() -> Iterator[Loopback]:
    """Fake X, LinkedIn and Facebook, mastodon-mock, a real Bluesky PDS (no app view)."""
    from tests.servers.pds import install_problem

    if problem := install_problem():
        pytest.fail("the Bluesky PDS needs Node 22 + @atproto/dev-env: " + problem)

    servers = Loopback.start()
    yield servers
    servers.stop()
