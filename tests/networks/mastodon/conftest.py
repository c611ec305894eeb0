"""Mastodon's test server: the PyPI `mastodon-mock` (server.py), the session's one
(tests/conftest.py's `shared_servers`), shared with the end-to-end tests."""

from __future__ import annotations

import pytest

from tests.networks.mastodon.loopback import session_mastodon
from tests.networks.mastodon.server import MastodonMock
from tests.servers.shared import SharedServers


@pytest.fixture
def mastodon_server(shared_servers: SharedServers) -> MastodonMock:
    """The session's mastodon-mock, without the faults an earlier test may have left."""
    server = session_mastodon(shared_servers)
    server.clear_faults()
    return server
