"""`newsroom accounts check` on a LinkedIn organization: the version it asks for, and a token
that introspection finds expired (moved from tests/syndication/test_accounts.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.syndication.accounts_room import AccountsRoom
from tests.syndication.test_accounts import no_secret_in, run

DAY = 86400
CLIENT = {"client_id": "li-client-77ab02", "client_secret": "li-client-secret+/=&%-5e6d3f"}


@pytest.fixture
def servers() -> Iterator[AccountsRoom]:
    servers = AccountsRoom(["linkedin"]).start()
    yield servers
    servers.stop()


@pytest.fixture
def organization(tmp_path: Path, servers: AccountsRoom, monkeypatch: pytest.MonkeyPatch):
    """The newsroom (with the app's client id and secret, so the token is introspected), its
    account, the organization and its token on the fake."""
    root = servers.write(tmp_path, monkeypatch)
    account = servers.accounts["linkedin"]
    data = yaml.safe_load((root / "newsroom.yml").read_text(encoding="utf-8"))
    settings = data["accounts"][account]
    for key, value in CLIENT.items():
        settings["credentials"][key] = servers.variable(account, key)
        monkeypatch.setenv(servers.variable(account, key), value)
        servers.secrets[servers.variable(account, key)] = value
    (root / "newsroom.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    servers.fake("linkedin").add_client(CLIENT["client_id"], CLIENT["client_secret"])
    token = servers.secrets[settings["credentials"]["access_token"]]
    return root, account, settings["handle"], token


def test_the_check_names_the_version_and_the_tokens_end(organization, servers) -> None:
    root, _, _, _ = organization
    result = run(root, "check")
    assert result.exit_code == 0, result.output
    assert "LinkedIn-Version 202608" in result.output and "token valid until" in result.output
    no_secret_in(result.output, servers.secrets)


def test_an_expired_token_is_an_error_at_the_account(organization, servers) -> None:
    root, account, org, token = organization
    servers.fake("linkedin").add_token(token, org, expires_in=-DAY)
    result = run(root, "check", "--format", "github")
    assert result.exit_code == 1
    assert any(
        line.startswith(f"::error file=newsroom.yml,line=1,title=accounts.{account}::")
        and "token is expired" in line
        for line in result.output.splitlines()
    ), result.output
    no_secret_in(result.output, servers.secrets)
