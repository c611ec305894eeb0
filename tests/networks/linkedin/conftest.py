"""LinkedIn's test server: our fake of its API (fake.py), real HTTP on 127.0.0.1, one per
session, with the organisation token these tests post with."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.networks.linkedin.fake import FakeLinkedIn

LINKEDIN_TOKEN = "li-token-secret-value"
LINKEDIN_ORG = "urn:li:organization:12345678"


@pytest.fixture(scope="session")
def fake_linkedin() -> Iterator[FakeLinkedIn]:
    fake = FakeLinkedIn().start()
    fake.add_token(LINKEDIN_TOKEN, LINKEDIN_ORG)
    yield fake
    fake.stop()
