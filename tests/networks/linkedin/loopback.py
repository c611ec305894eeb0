"""LinkedIn on 127.0.0.1 for the shared harness: tests/networks/linkedin/fake.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.networks.linkedin.fake import FakeLinkedIn
from tests.servers.contract import FakeNetworkContract as Base
from tests.servers.shared import SharedServers

ORG = "urn:li:organization:12345678"
TOKEN = "lb-li+9c/0d=1e&2f%3a"


class Contract(Base):
    name = "linkedin"
    posts_path = "/rest/posts$"

    def __init__(self) -> None:
        self.fake = FakeLinkedIn()

    def start(self, shared: SharedServers) -> None:
        self.fake.start()
        self.fake.add_token(TOKEN, ORG)

    def stop(self) -> None:
        self.fake.stop()

    def reset(self) -> None:
        self.fake.reset()

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        account["base_url"], account["handle"] = self.fake.url, ORG
        return {"access_token": TOKEN}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        sources = [p["content"]["article"]["source"] for p in self.fake.posts if p["author"] == ORG]
        return {"uni-linkedin": sources}

    def _post(self, post_id: str) -> dict[str, Any] | None:
        return next((p for p in self.fake.posts if p["id"] == post_id), None)

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        post = self._post(post_id)
        assert post is not None, post_id
        for name, field in (("likes", "likes"), ("replies", "comments"), ("clicks", "clicks")):
            if name in counts:
                post[field] = counts[name]

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        post = self._post(post_id)
        if post is None:
            return None
        return {"likes": post["likes"], "reposts": 0, "replies": post["comments"], "quotes": 0,
                "clicks": post.get("clicks", 0)}  # fmt: skip

    def delete(self, account_id: str, post_id: str) -> None:
        self.fake.posts[:] = [p for p in self.fake.posts if p["id"] != post_id]
