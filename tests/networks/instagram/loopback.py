"""Instagram on 127.0.0.1 for the shared harness: tests/networks/instagram/fake.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.networks.instagram.fake import FakeInstagram
from tests.servers.contract import Contract as Base
from tests.servers.shared import SharedServers

# Instagram professional accounts by account id: (Instagram user id, username, token).
ACCOUNTS = {"uni-instagram": ("17841400000000001", "aldermoor_uni", "lb-ig+6d/7e=8f&9a%0b")}


class Contract(Base):
    name = "instagram"

    def __init__(self) -> None:
        # One IN_PROGRESS status read per container: the adapter's real poll waits stay short.
        self.fake = FakeInstagram(in_progress_polls=1)

    def start(self, shared: SharedServers) -> None:
        self.fake.start()
        for user_id, username, token in ACCOUNTS.values():
            self.fake.add_user(user_id, username)
            self.fake.add_token(token, user_id)

    def stop(self) -> None:
        self.fake.stop()

    def reset(self) -> None:
        self.fake.reset()

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        user_id, _, token = ACCOUNTS[account_id]
        account["base_url"], account["handle"] = self.fake.url, user_id
        # The tests' caps (100 a day) are above Instagram's 50 posts per 24 h.
        account["spacing"] = {"min_interval_minutes": 0, "daily_cap": 50}
        return {"access_token": token}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        """A caption holds no link: each is shown with the link its watched newsroom's ledger
        recorded for that exact text (the intent comes before the post)."""
        found = {}
        for account, (user_id, _, _) in ACCOUNTS.items():
            links = _links_by_text(account, watched)
            found[account] = [
                f"{m['caption']} {links.get(m['caption'], '')}".strip()
                for m in self.fake.media
                if m["user"] == user_id
            ]
        return found

    def _media(self, post_id: str) -> dict[str, Any] | None:
        return next((m for m in self.fake.media if m["id"] == post_id), None)

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        media = self._media(post_id)
        assert media is not None, post_id
        for name, field in (("likes", "like_count"), ("replies", "comments_count")):
            if name in counts:
                media[field] = counts[name]

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        media = self._media(post_id)
        if media is None:
            return None
        return {"likes": media["like_count"], "reposts": 0,
                "replies": media["comments_count"], "quotes": 0}  # fmt: skip

    def delete(self, account_id: str, post_id: str) -> None:
        self.fake.media[:] = [m for m in self.fake.media if m["id"] != post_id]


def _links_by_text(account: str, watched: list[Path]) -> dict[str, str]:
    """Post text → link, from the intents the watched newsrooms recorded for `account`."""
    links = {}
    for root in watched:
        for path in sorted((root / "ledger/posts").glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                if record["account"] == account and record["type"] == "intent":
                    links[record["text"]] = record["link"]
    return links
