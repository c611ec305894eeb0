"""`newsroom accounts check` on a Facebook Page whose token expires soon or lacks a permission
(moved from tests/syndication/test_accounts.py, which names no network)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.syndication.accounts_room import AccountsRoom
from tests.syndication.test_accounts import no_secret_in, run

DAY = 86400


@pytest.fixture
def servers() -> Iterator[AccountsRoom]:
    servers = AccountsRoom(["facebook"]).start()
    yield servers
    servers.stop()


@pytest.fixture
def page(tmp_path: Path, servers: AccountsRoom, monkeypatch: pytest.MonkeyPatch):
    """The newsroom, its Page account, the Page id and the Page's token on the fake."""
    root = servers.write(tmp_path, monkeypatch)
    account = servers.accounts["facebook"]
    settings = servers.settings[account]
    token = servers.secrets[settings["credentials"]["page_access_token"]]
    return root, account, settings["handle"], token


def test_a_page_token_expiring_soon_is_a_warning_and_exit_1(page, servers: AccountsRoom) -> None:
    root, account, page_id, token = page
    servers.fake("facebook").add_token(token, page_id, expires_at=int(time.time() + 3 * DAY))
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 1
    by_account = {a["account"]: a for a in json.loads(result.output)["accounts"]}
    facebook = by_account[account]
    assert facebook["state"] == "expiring" and "expires on" in facebook["warnings"][0]
    assert "renew the Page access token" in facebook["warnings"][0]
    no_secret_in(result.output, servers.secrets)
    # A shorter warning window: the same token is fine.
    assert run(root, "check", "--warn-days", "2").exit_code == 0


def test_a_page_token_valid_for_60_days_says_until_when(page, servers: AccountsRoom) -> None:
    root, account, page_id, token = page
    servers.fake("facebook").add_token(token, page_id, expires_at=int(time.time() + 60 * DAY))
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert f"ok  {account}" in result.output and "token valid until" in result.output


def test_a_page_token_without_pages_read_engagement_is_a_problem(
    page, servers: AccountsRoom
) -> None:
    root, account, page_id, token = page
    servers.fake("facebook").add_token(token, page_id, scopes=("pages_manage_posts",))
    result = run(root, "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(account in line and "lacks pages_read_engagement" in line for line in lines)
    no_secret_in(result.output, servers.secrets)
