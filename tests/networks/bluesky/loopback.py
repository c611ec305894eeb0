"""Bluesky on 127.0.0.1 for the shared harness: the session's real PDS (tests/networks/bluesky/pds.py),
no app view, so it holds posts but serves no interaction counts. A PDS cannot be emptied:
an account that holds posts is replaced by a fresh one (new handle, new DID) between tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.networks.bluesky.pds import Account, BlueskyPDS, install_problem
from tests.servers.contract import Contract as Base
from tests.servers.shared import SharedServers

SESSION_NAME = "bluesky-pds"


def session_pds(shared: SharedServers) -> BlueskyPDS:
    """The session's PDS (no account: each user creates its own), started once."""
    return shared.get(SESSION_NAME, start_pds)


def start_pds() -> BlueskyPDS:
    if problem := install_problem():
        pytest.fail("the Bluesky PDS needs Node 22 + @atproto/dev-env: " + problem)
    return BlueskyPDS([]).start()


# The first label of each account's handle (a number follows it, new for each fresh account;
# the networks' own tests post as aldermoor.test on the same PDS).
HANDLES = {"uni-bluesky": "aldermoor", "quantum-bluesky": "aldermoorq"}
PASSWORDS = {
    "uni-bluesky": "lb-bs+1e/2f=3a&4b%5c",
    "quantum-bluesky": "lb-bs+3a/4b=5c&6d%7e",
}


class Contract(Base):
    name = "bluesky"
    serves_counts = False  # a PDS without an app view: `newsroom stats` finds it unreachable
    deletable = False

    fake: BlueskyPDS

    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}  # account id → its Bluesky account now

    def session_servers(self) -> dict[str, Callable[[], Any]]:
        return {SESSION_NAME: start_pds}

    def start(self, shared: SharedServers) -> None:
        self.fake = session_pds(shared)
        for account_id in HANDLES:
            self._fresh(account_id)

    def stop(self) -> None:
        """Nothing: the PDS belongs to the session."""

    def reset(self) -> None:
        for account_id, known in self.accounts.items():
            if self._texts(known.did, limit=1):
                self._fresh(account_id)

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        account["base_url"] = self.fake.pds_url
        account["handle"] = self.accounts[account_id].handle
        return {"app_password": PASSWORDS[account_id]}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        return {account: self._texts(known.did) for account, known in self.accounts.items()}

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        """Nothing to set: counts come from an app view, which the loopback PDS has not."""

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        return None

    def _fresh(self, account_id: str) -> None:
        """A new account (new handle, new DID, no post) for `account_id`."""
        handle = f"{HANDLES[account_id]}{len(self.fake.accounts)}.test"
        self.accounts[account_id] = self.fake.create_account(handle, PASSWORDS[account_id])

    def _texts(self, did: str, limit: int | None = None) -> list[str]:
        """The account's posts' texts (all of them, or the first `limit`)."""
        texts: list[str] = []
        cursor = ""
        while True:
            params = {"repo": did, "collection": "app.bsky.feed.post", "limit": str(limit or 100)}
            if cursor:
                params["cursor"] = cursor
            status, page = self.fake.xrpc("com.atproto.repo.listRecords", params=params)
            assert status == 200, page
            texts += [r["value"]["text"] for r in page["records"]]
            cursor = page.get("cursor")
            if limit or not cursor or not page["records"]:
                return texts
