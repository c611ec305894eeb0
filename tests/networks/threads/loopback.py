"""Threads on 127.0.0.1 for the shared harness: tests/networks/threads/fake.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.networks.threads.fake import FakeThreads
from tests.servers.contract import Contract as Base
from tests.servers.shared import SharedServers

# Threads profiles by account id: (user id, username, long-lived token). The fake "fetches"
# images only from the sites' hosts (the example's and the tests' CONFIG).
PROFILES = {"uni-threads": ("26001234567890123", "aldermoor", "lb-th+5c/6d=7e&8f%9a")}
IMAGE_HOSTS = ("news.aldermoor.example", "news.aldermoor.edu")


class Contract(Base):
    name = "threads"

    def __init__(self) -> None:
        self.fake = FakeThreads(IMAGE_HOSTS)

    def start(self, shared: SharedServers) -> None:
        self.fake.start()
        for user_id, username, token in PROFILES.values():
            self.fake.add_token(token, user_id, username)

    def stop(self) -> None:
        self.fake.stop()

    def reset(self) -> None:
        self.fake.reset()

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        _, username, token = PROFILES[account_id]
        account["base_url"], account["handle"] = self.fake.url, f"@{username}"
        return {"access_token": token}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        return {
            account: [t["text"] for t in self.fake.threads if t["user"] == user_id]
            for account, (user_id, _, _) in PROFILES.items()
        }

    def _thread(self, post_id: str) -> dict[str, Any] | None:
        return next((t for t in self.fake.threads if t["id"] == post_id), None)

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        thread = self._thread(post_id)
        assert thread is not None, post_id
        thread["metrics"].update({k: v for k, v in counts.items() if k != "clicks"})
        thread["metrics"]["views"] = 100 * thread["metrics"]["likes"]

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        thread = self._thread(post_id)
        if thread is None:
            return None
        return {k: thread["metrics"][k] for k in ("likes", "reposts", "replies", "quotes")}

    def delete(self, account_id: str, post_id: str) -> None:
        self.fake.threads[:] = [t for t in self.fake.threads if t["id"] != post_id]
