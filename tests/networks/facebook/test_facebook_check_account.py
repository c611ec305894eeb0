"""`check_account()` of the Facebook adapter against its contract fake: page tokens that never
expire, soon-expiring, expired, under-scoped and foreign ones (`newsroom accounts check`
builds on these)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest

from tests.networks.facebook.fake import FakeFacebook

from ..conftest import make_adapter

PAGE = "104857600123456"
DAY = 86400


@pytest.fixture(scope="module")
def fb_fake() -> Iterator[FakeFacebook]:
    fake = FakeFacebook().start()
    fake.add_app("987654321", "fb-app-secret-value")
    yield fake
    fake.stop()


def facebook(fake: FakeFacebook, token: str, app: bool = False, page: str = PAGE):
    secrets = {"page_access_token": token}
    if app:
        secrets |= {"app_id": "987654321", "app_secret": "fb-app-secret-value"}
    return make_adapter("facebook", page, fake.url, secrets)


def test_facebook_page_token_that_never_expires(fb_fake: FakeFacebook) -> None:
    fb_fake.add_token("fb-forever-token", PAGE)
    status = facebook(fb_fake, "fb-forever-token").check_account()
    assert status.reachable and status.problems == () and status.missing_permissions == ()
    assert status.expires_at is None
    assert status.version_retires == date(2027, 10, 8)  # v23.0, Meta's published date
    request = fb_fake.requests[-1]
    assert request.path == "/v23.0/debug_token"
    assert request.headers["authorization"] == "Bearer fb-forever-token"


def test_facebook_soon_expiring_token_with_an_app_token(fb_fake: FakeFacebook) -> None:
    ends = int(time.time() + 3 * DAY)
    fb_fake.add_token("fb-ending-token", PAGE, expires_at=ends, data_access_expires_at=ends + DAY)
    status = facebook(fb_fake, "fb-ending-token", app=True).check_account()
    assert status.problems == () and int(status.expires_at.timestamp()) == ends
    auth = fb_fake.requests[-1].headers["authorization"]
    assert auth == "Bearer 987654321|fb-app-secret-value"


def test_facebook_expired_token_inspected_by_the_app(fb_fake: FakeFacebook) -> None:
    fb_fake.add_token("fb-old-token", PAGE, expires_at=int(time.time() - DAY))
    status = facebook(fb_fake, "fb-old-token", app=True).check_account()
    assert "Session has expired" in status.problems[0]


def test_facebook_expired_token_inspecting_itself(fb_fake: FakeFacebook) -> None:
    fb_fake.add_token("fb-old-token-2", PAGE, expires_at=int(time.time() - DAY))
    status = facebook(fb_fake, "fb-old-token-2").check_account()
    assert status.reachable and "Facebook refused the token" in status.problems[0]


def test_facebook_under_scoped_token(fb_fake: FakeFacebook) -> None:
    fb_fake.add_token("fb-narrow-token", PAGE, scopes=("pages_manage_posts",))
    status = facebook(fb_fake, "fb-narrow-token").check_account()
    assert status.missing_permissions == ("pages_read_engagement",)


def test_facebook_token_of_another_page(fb_fake: FakeFacebook) -> None:
    fb_fake.add_token("fb-other-token", "104857600999999")
    [problem] = facebook(fb_fake, "fb-other-token").check_account().problems
    assert "Page token of 104857600999999" in problem
