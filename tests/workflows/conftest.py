"""The loopback networks for the workflow story (started once for this folder)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.syndication.loopback import Loopback


@pytest.fixture(scope="session")
def loopback() -> Iterator[Loopback]:
    """The four networks on 127.0.0.1: fake X and LinkedIn, mastodon-mock, a real Bluesky PDS."""
    from tests.servers.pds import install_problem

    if problem := install_problem():
        pytest.fail("the Bluesky PDS needs Node 22 + @atproto/dev-env: " + problem)

    servers = Loopback.start()
    yield servers
    servers.stop()
