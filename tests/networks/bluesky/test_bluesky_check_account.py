"""`check_account()` of the Bluesky adapter against a real PDS: a working and a wrong app
password (`newsroom accounts check` builds on these)."""

from __future__ import annotations

from tests.networks.bluesky.pds import BlueskyPDS

from ..conftest import make_adapter
from .conftest import BLUESKY_PASSWORD


def test_bluesky_app_password_opens_one_session(pds: BlueskyPDS) -> None:
    adapter = make_adapter(
        "bluesky", "aldermoor.test", pds.pds_url, {"app_password": BLUESKY_PASSWORD}
    )
    status = adapter.check_account()
    assert status.reachable and status.problems == ()
    assert "did:plc:" in status.detail and status.expires_at is None


def test_bluesky_wrong_app_password(pds: BlueskyPDS) -> None:
    adapter = make_adapter("bluesky", "aldermoor.test", pds.pds_url, {"app_password": "nope"})
    status = adapter.check_account()
    assert status.reachable and "create a new app password" in status.problems[0]
