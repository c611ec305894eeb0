"""Bluesky's test server: a real PDS from `@atproto/dev-env` (pds.py), the session's one
(tests/conftest.py's `shared_servers`). When Node 22 and the package are missing, the fixture
runs scripts/install-test-servers.sh once, and fails with its output if that does not work —
never a silent skip. These tests post from an account of their own, with new item ids."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.networks.bluesky.loopback import session_pds
from tests.networks.bluesky.pds import BlueskyPDS
from tests.servers.shared import SharedServers

BLUESKY_PASSWORD = "bsky-app-pass-value"


@pytest.fixture(scope="session")
def pds(shared_servers: SharedServers) -> BlueskyPDS:
    """The session's PDS, with the account these tests post from (`aldermoor.test`)."""
    server = session_pds(shared_servers)
    server.create_account("aldermoor.test", BLUESKY_PASSWORD)
    return server


@pytest.fixture
def big_jpeg(tmp_path: Path) -> Path:
    """A photo-like image above Bluesky's 1,000,000-byte thumbnail limit."""
    path = tmp_path / "big.png"
    noise = Image.effect_noise((1400, 1000), 100).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    assert path.stat().st_size > 1_000_000
    return path
