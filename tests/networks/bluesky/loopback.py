"""Bluesky on 127.0.0.1 for the shared harness: a real PDS (tests/servers/pds.py), no app
view, so it holds posts but serves no interaction counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.servers.contract import Contract as Base
from tests.servers.pds import BlueskyPDS

HANDLES = {"uni-bluesky": "aldermoor.test", "quantum-bluesky": "aldermoorq.test"}
PASSWORDS = {
    "uni-bluesky": "lb-bs+1e/2f=3a&4b%5c",
    "quantum-bluesky": "lb-bs+3a/4b=5c&6d%7e",
}


class Contract(Base):
    name = "bluesky"
    serves_counts = False  # a PDS without an app view: `newsroom stats` finds it unreachable
    deletable = False

    def __init__(self) -> None:
        self.fake = BlueskyPDS([(HANDLES[a], PASSWORDS[a]) for a in HANDLES])

    def start(self) -> None:
        self.fake.start()

    def stop(self) -> None:
        self.fake.stop()

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        account["base_url"], account["handle"] = self.fake.pds_url, HANDLES[account_id]
        return {"app_password": PASSWORDS[account_id]}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        return {account: self._texts(self.fake.account(h).did) for account, h in HANDLES.items()}

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        """Nothing to set: counts come from an app view, which the loopback PDS has not."""

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        return None

    def _texts(self, did: str) -> list[str]:
        texts, cursor = [], ""
        while True:
            params = {"repo": did, "collection": "app.bsky.feed.post", "limit": "100"}
            if cursor:
                params["cursor"] = cursor
            status, page = self.fake.xrpc("com.atproto.repo.listRecords", params=params)
            assert status == 200, page
            texts += [r["value"]["text"] for r in page["records"]]
            cursor = page.get("cursor")
            if not cursor or not page["records"]:
                return texts
