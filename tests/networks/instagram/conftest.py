"""Instagram's loopback fake, for every test of this folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.networks.instagram.fake import FakeInstagram

USER = "17841400000000001"  # the Instagram professional account's id


@pytest.fixture(scope="module")
def fake_instagram() -> Iterator[FakeInstagram]:
    fake = FakeInstagram().start()
    fake.add_user(USER, "aldermoor_uni")
    yield fake
    fake.stop()
