"""`check_account()` of the Mastodon adapter against mastodon-mock: valid, under-scoped and
revoked tokens (`newsroom accounts check` builds on these)."""

from __future__ import annotations

from tests.networks.mastodon.server import MastodonMock

from ..conftest import make_adapter


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
