"""X's test server: our fake of its API (fake.py), real HTTP on 127.0.0.1, one per session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.networks.x.fake import FakeX

X_KEYS = {
    "consumer_key": "app-key",
    "consumer_secret": "app-secret-value",
    "access_token": "1234-user-token",
    "access_token_secret": "user-secret-value",
}


@pytest.fixture(scope="session")
def fake_x() -> Iterator[FakeX]:
    fake = FakeX().start()
    fake.add_user("AldermoorUni", **X_KEYS)
    yield fake
    fake.stop()
