"""`check_account()` of each adapter against its contract fake: valid, expired, soon-expiring,
under-scoped and refused credentials (`newsroom accounts check` builds on these)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from newsroom.networks.linkedin.adapter import version_retirement
from tests.networks.bluesky.pds import BlueskyPDS
from tests.networks.facebook.fake import FakeFacebook
from tests.networks.linkedin.fake import FakeLinkedIn
from tests.networks.mastodon.server import MastodonMock
from tests.networks.x.fake import FakeX

from .conftest import BLUESKY_PASSWORD, LINKEDIN_ORG, LINKEDIN_TOKEN, X_KEYS, make_adapter

PAGE = "104857600123456"
DAY = 86400


def soon(days: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


# -- X --------------------------------------------------------------------------------------


@pytest.fixture
def x_fake(fake_x: FakeX) -> Iterator[FakeX]:
    fake_x.reset()
    yield fake_x
    fake_x.reset()


def test_x_valid_keys_name_the_account_and_never_expire(x_fake: FakeX) -> None:
    status = make_adapter("x", "@AldermoorUni", x_fake.url, X_KEYS).check_account()
    assert status.reachable and status.problems == ()
    assert status.expires_at is None and "do not expire" in status.detail
    assert "@AldermoorUni" in status.detail
    assert [r.path for r in x_fake.requests] == ["/2/users/me"]


def test_x_refused_keys_are_a_problem_saying_what_to_check(x_fake: FakeX) -> None:
    keys = {**X_KEYS, "access_token_secret": "wrong-secret"}
    status = make_adapter("x", "@AldermoorUni", x_fake.url, keys).check_account()
    [problem] = status.problems
    assert "refused the credentials (401)" in problem and "wrong-secret" not in problem


def test_x_tokens_of_another_account_are_a_problem(x_fake: FakeX) -> None:
    status = make_adapter("x", "@SomeoneElse", x_fake.url, X_KEYS).check_account()
    assert status.reachable and "belong to @AldermoorUni" in status.problems[0]


@pytest.mark.parametrize(
    ("reason", "said"),
    [
        ("client-not-enrolled", "attach the app to a Project"),
        ("unsupported-authentication", "Unsupported Authentication"),
    ],
)
def test_x_access_changes_of_2026_are_said_as_such(x_fake: FakeX, reason: str, said: str) -> None:
    x_fake.refuse_access(X_KEYS["access_token"], reason)
    status = make_adapter("x", "@AldermoorUni", x_fake.url, X_KEYS).check_account()
    assert status.reachable and said in status.problems[0]


# -- LinkedIn -------------------------------------------------------------------------------


@pytest.fixture
def li(fake_linkedin: FakeLinkedIn) -> Iterator[FakeLinkedIn]:
    fake_linkedin.reset()
    fake_linkedin.add_client("li-client", "li-client-secret-value")
    yield fake_linkedin
    fake_linkedin.add_token(LINKEDIN_TOKEN, LINKEDIN_ORG)  # as the session fixture made it


def linkedin(fake: FakeLinkedIn, token: str = LINKEDIN_TOKEN, app: bool = True):
    secrets = {"access_token": token}
    if app:
        secrets |= {"client_id": "li-client", "client_secret": "li-client-secret-value"}
    return make_adapter("linkedin", LINKEDIN_ORG, fake.url, secrets)


def test_linkedin_introspection_gives_expiry_scopes_and_version_retirement(li) -> None:
    li.add_token("li-fresh-token", LINKEDIN_ORG, expires_in=60 * DAY)
    status = linkedin(li, "li-fresh-token").check_account()
    assert status.reachable and status.problems == () and status.missing_permissions == ()
    assert abs(status.expires_at - soon(60)) < timedelta(minutes=1)
    assert status.version_retires == date(2027, 8, 15)  # 202608 + 12 months, the 15th
    paths = [r.path for r in li.requests]
    assert paths == ["/oauth/v2/introspectToken", "/rest/organizationAcls"]


def test_linkedin_soon_expiring_token_has_its_date(li) -> None:
    li.add_token("li-ending-token", LINKEDIN_ORG, expires_in=5 * DAY)
    status = linkedin(li, "li-ending-token").check_account()
    assert status.problems == () and status.expires_at < soon(6)


def test_linkedin_expired_token_is_a_problem_with_its_date(li) -> None:
    li.add_token("li-old-token", LINKEDIN_ORG, expires_in=-DAY)
    status = linkedin(li, "li-old-token").check_account()
    assert "token is expired" in status.problems[0] and "60 days" in status.problems[0]
    assert status.expires_at < datetime.now(UTC)


def test_linkedin_under_scoped_token_lists_what_it_lacks(li) -> None:
    li.add_token("li-narrow-token", LINKEDIN_ORG, scopes=("w_organization_social",))
    status = linkedin(li, "li-narrow-token").check_account()
    assert status.missing_permissions == ("r_organization_social",)


def test_linkedin_without_the_apps_credentials_expiry_is_unknown(li) -> None:
    status = linkedin(li, app=False).check_account()
    assert status.reachable and status.problems == () and status.expires_at is None
    assert "expiry unknown" in status.detail
    assert [r.path for r in li.requests] == ["/rest/organizationAcls"]


def test_linkedin_wrong_client_secret_names_the_variables(li) -> None:
    adapter = make_adapter(
        "linkedin",
        LINKEDIN_ORG,
        li.url,
        {"access_token": LINKEDIN_TOKEN, "client_id": "li-client", "client_secret": "nope-nope"},
    )
    [problem] = adapter.check_account().problems
    assert "client id or secret" in problem and "NEWSROOM_TEST_CLIENT_SECRET" in problem


def test_linkedin_token_of_no_administrator_is_a_problem(li) -> None:
    li.add_token("li-other-token", "urn:li:organization:999")
    [problem] = linkedin(li, "li-other-token").check_account().problems
    assert "no administrator" in problem


def test_linkedin_retired_version_is_a_problem(li) -> None:
    adapter = linkedin(li)
    adapter.settings = adapter.settings.model_copy(update={"api_version": "202401"})
    status = adapter.check_account()
    assert "no longer serves this API version" in status.problems[0]
    assert status.version_retires == date(2025, 1, 15)


def test_linkedin_version_rule() -> None:
    assert version_retirement("202411") == date(2025, 11, 15)  # published: 17 November 2025
    assert version_retirement("202601.01") == date(2027, 1, 15)  # published: 15 January 2027
    assert version_retirement("2026") is None


# -- Facebook -------------------------------------------------------------------------------


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


# -- Mastodon -------------------------------------------------------------------------------


def test_mastodon_valid_token_with_its_scopes(mastodon_server: MastodonMock) -> None:
    token = mastodon_server.create_account("checkbot")
    status = make_adapter(
        "mastodon", "@checkbot@mastodon.example", mastodon_server.base_url, {"access_token": token}
    ).check_account()
    assert status.reachable and status.problems == () and status.missing_permissions == ()
    assert "read write" in status.detail and status.expires_at is None


def test_mastodon_under_scoped_token(mastodon_server: MastodonMock) -> None:
    mastodon_server.create_account("narrowbot")
    client_id, secret = mastodon_server.create_app("narrow", scopes="read write:statuses")
    token = mastodon_server.user_token("narrowbot", client_id, secret)
    status = make_adapter(
        "mastodon", "@narrowbot@mastodon.example", mastodon_server.base_url, {"access_token": token}
    ).check_account()
    assert status.missing_permissions == ("write:media",)


def test_mastodon_revoked_token(mastodon_server: MastodonMock) -> None:
    status = make_adapter(
        "mastodon", "@x@mastodon.example", mastodon_server.base_url, {"access_token": "revoked"}
    ).check_account()
    assert status.reachable and "refused the access token (401)" in status.problems[0]


# -- Bluesky --------------------------------------------------------------------------------


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
