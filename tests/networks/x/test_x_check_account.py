"""`check_account()` of the X adapter against its contract fake: valid, refused and foreign
keys, and the access changes of 2026 (`newsroom accounts check` builds on these)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.networks.x.fake import FakeX

from ..conftest import make_adapter
from .conftest import X_KEYS


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
