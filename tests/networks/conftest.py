"""Servers for the adapter tests: one of each per session, all on 127.0.0.1.

- X and LinkedIn: our fakes (tests/networks/x/fake.py, tests/networks/linkedin/fake.py), real HTTP.
- Mastodon: the PyPI `mastodon-mock` server (tests/networks/mastodon/server.py).
- Bluesky: a real PDS from `@atproto/dev-env` (tests/networks/bluesky/pds.py); when Node 22 and the
  package are missing, the fixture runs scripts/install-test-servers.sh once, and fails with
  its output if that does not work — never a silent skip.
The PDS and mastodon-mock are the session's (tests/conftest.py's `shared_servers`), shared
with the end-to-end tests: these tests post from accounts of their own, with new item ids.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from newsroom.config import AccountSettings
from newsroom.networks.base import Adapter, LinkCard, Post, adapter_class
from tests.networks.bluesky.loopback import session_pds
from tests.networks.bluesky.pds import BlueskyPDS
from tests.networks.linkedin.fake import FakeLinkedIn
from tests.networks.mastodon.loopback import session_mastodon
from tests.networks.mastodon.server import MastodonMock
from tests.networks.x.fake import FakeX
from tests.servers.shared import SharedServers

SITE = "https://news.aldermoor.edu"  # a real TLD: X's counting only treats those as links
X_KEYS = {
    "consumer_key": "app-key",
    "consumer_secret": "app-secret-value",
    "access_token": "1234-user-token",
    "access_token_secret": "user-secret-value",
}
LINKEDIN_TOKEN = "li-token-secret-value"
LINKEDIN_ORG = "urn:li:organization:12345678"
BLUESKY_PASSWORD = "bsky-app-pass-value"
_ITEM_NUMBERS = itertools.count()  # unique items across the session: servers outlive tests


@pytest.fixture(scope="session")
def fake_x() -> Iterator[FakeX]:
    fake = FakeX().start()
    fake.add_user("AldermoorUni", **X_KEYS)
    yield fake
    fake.stop()


@pytest.fixture(scope="session")
def fake_linkedin() -> Iterator[FakeLinkedIn]:
    fake = FakeLinkedIn().start()
    fake.add_token(LINKEDIN_TOKEN, LINKEDIN_ORG)
    yield fake
    fake.stop()


@pytest.fixture
def mastodon_server(shared_servers: SharedServers) -> MastodonMock:
    """The session's mastodon-mock, without the faults an earlier test may have left."""
    server = session_mastodon(shared_servers)
    server.clear_faults()
    return server


@pytest.fixture(scope="session")
def pds(shared_servers: SharedServers) -> BlueskyPDS:
    """The session's PDS, with the account these tests post from (`aldermoor.test`)."""
    server = session_pds(shared_servers)
    server.create_account("aldermoor.test", BLUESKY_PASSWORD)
    return server


def settings(network: str, handle: str, base_url: str, *keys: str) -> AccountSettings:
    """Account settings naming (fake) environment variables for `keys`."""
    credentials = {key: f"NEWSROOM_TEST_{key.upper()}" for key in keys}
    return AccountSettings(
        network=network,
        handle=handle,
        base_url=base_url,
        languages=["en"],
        credentials=credentials,
    )


def make_adapter(network: str, handle: str, base_url: str, secrets: dict[str, str]) -> Adapter:
    """An adapter built the way the engine builds it: through `adapter_class`."""
    account = f"test-{network}"
    return adapter_class(network)(account, settings(network, handle, base_url, *secrets), secrets)


@pytest.fixture
def png(tmp_path: Path) -> Path:
    """A small real PNG image."""
    path = tmp_path / "sensor.png"
    Image.new("RGB", (64, 48), (20, 90, 200)).save(path)
    return path


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


@pytest.fixture
def make_post(png: Path) -> Callable[..., Post]:
    """Build a Post like the engine does: text contains the tracked link."""

    def build(network: str, text: str | None = None, **overrides: object) -> Post:
        number = next(_ITEM_NUMBERS)
        item = overrides.pop("item_id", f"item{number:04d}")
        link = overrides.pop("link", f"{SITE}/s/{item}?utm_source={network}&utm_medium=social")
        fields: dict[str, object] = {
            "item_id": item,
            "account": f"test-{network}",
            "network": network,
            "text": text if text is not None else f"Quantum sensor maps the brain {link} #quantum",
            "link": link,
            "card": LinkCard(link, "Quantum sensor", "It maps the brain.", png, "Blue lattice"),
            "key": f"{item}:test-{network}",
            "image": png,
            "image_alt": "A blue lattice of dots above a stylised brain",
            "tags": ("quantum",),
            "language": "en",
        }
        fields.update(overrides)
        return Post(**fields)  # type: ignore[arg-type]

    return build


def fill_to(adapter: Adapter, head: str, unit: str, limit: int) -> str:
    """`head` followed by `unit` repeated until `adapter.measure` is exactly `limit`."""
    text = head
    while adapter.measure(text + unit) <= limit:
        text += unit
    assert adapter.measure(text) == limit, f"cannot reach {limit} with {unit!r}"
    return text
