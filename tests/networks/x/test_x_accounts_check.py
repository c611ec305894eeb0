"""`newsroom accounts check` on an X account whose access X refuses (its 403 reasons)
(moved from tests/syndication/test_accounts.py, which names no network)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.syndication.accounts_room import AccountsRoom
from tests.syndication.test_accounts import no_secret_in, run


@pytest.fixture
def servers() -> Iterator[AccountsRoom]:
    servers = AccountsRoom(["x"]).start()
    yield servers
    servers.stop()


def test_refused_access_is_a_problem_naming_the_reason(
    tmp_path: Path, servers: AccountsRoom, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = servers.write(tmp_path, monkeypatch)
    account = servers.accounts["x"]
    token = servers.secrets[servers.settings[account]["credentials"]["access_token"]]
    servers.fake("x").refuse_access(token, "client-not-enrolled")
    result = run(root, "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(account in line and "client-not-enrolled" in line for line in lines)
    no_secret_in(result.output, servers.secrets)
