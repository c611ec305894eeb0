"""`check_account()` of the LinkedIn adapter against its contract fake: valid, expired,
soon-expiring, under-scoped and refused tokens, and retired API versions (`newsroom accounts
check` builds on these)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from newsroom.networks.linkedin.adapter import version_retirement
from tests.networks.linkedin.fake import FakeLinkedIn

from ..conftest import make_adapter
from .conftest import LINKEDIN_ORG, LINKEDIN_TOKEN

DAY = 86400


def soon(days: float) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


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
