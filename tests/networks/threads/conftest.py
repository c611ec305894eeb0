"""Threads' loopback fake and an adapter on it, for every test of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from newsroom.networks.threads import adapter as threads
from tests.networks.threads.fake import FakeThreads

from ..conftest import SITE, make_adapter

USER, NAME = "26001234567890123", "aldermoor"
TOKEN = "th-token+secret/value="
HOST = SITE.split("://")[1]


def adapter_for(fake: FakeThreads, token: str) -> threads.Adapter:
    adapter = make_adapter("threads", f"@{NAME}", fake.url, {"access_token": token})
    adapter.poll_wait = 0.01  # type: ignore[attr-defined]
    return adapter  # type: ignore[return-value]


@pytest.fixture(scope="module")
def fake_threads() -> Iterator[FakeThreads]:
    fake = FakeThreads(image_hosts=(HOST,)).start()
    yield fake
    fake.stop()


@pytest.fixture
def th(fake_threads: FakeThreads) -> Iterator[threads.Adapter]:
    fake_threads.reset()
    fake_threads.tokens.clear()
    fake_threads.add_token(TOKEN, USER, NAME)
    adapter = adapter_for(fake_threads, TOKEN)
    yield adapter
    adapter.close()
