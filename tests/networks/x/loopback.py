"""X on 127.0.0.1 for the shared harness: the fake X API v2 (tests/networks/x/fake.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.networks.x.fake import FakeX
from tests.servers.contract import FakeNetworkContract as Base
from tests.servers.shared import SharedServers

USER = "AldermoorUni"
POSTS = "/2/tweets$"  # where posts are created
# Canaries: every secret holds `+ / = & %`, the characters that percent-encoding, JSON and
# base64 change, so a leak in any printed form is caught (test_loopback's secret test).
KEYS = {
    "consumer_key": "lb-ck+1a/2b=3c&4d%5e",
    "consumer_secret": "lb-cs+3c/4d=5e&6f%7a",
    "access_token": "lb-at+5e/6f=7a&8b%9c",
    "access_token_secret": "lb-as+7a/8b=9c&0d%1e",
}


class Contract(Base):
    name = "x"
    posts_path = POSTS

    def __init__(self) -> None:
        self.fake = FakeX()

    def start(self, shared: SharedServers) -> None:
        self.fake.start()
        self.fake.add_user(USER, **KEYS)

    def stop(self) -> None:
        self.fake.stop()

    def reset(self) -> None:
        self.fake.reset()

    def reset_headers(self, until: datetime) -> dict[str, str]:
        return {"x-rate-limit-reset": str(int(until.timestamp()))}  # X's: epoch seconds

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        account["base_url"], account["handle"] = self.fake.url, f"@{USER}"
        return dict(KEYS)

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        user = next(u for u in self.fake.users.values() if u.username == USER)
        return {
            "uni-x": [t["original_text"] for t in self.fake.tweets if t["author_id"] == user.id]
        }

    def _tweet(self, post_id: str) -> dict[str, Any] | None:
        return next((t for t in self.fake.tweets if t["id"] == post_id), None)

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        tweet = self._tweet(post_id)
        assert tweet is not None, post_id
        metrics = tweet["public_metrics"]
        for name, field in (("likes", "like_count"), ("reposts", "retweet_count"),
                            ("replies", "reply_count"), ("quotes", "quote_count")):  # fmt: skip
            if name in counts:
                metrics[field] = counts[name]
        metrics["impression_count"] = 100 * metrics["like_count"]
        if "clicks" in counts:
            tweet["url_link_clicks"] = counts["clicks"]

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        tweet = self._tweet(post_id)
        if tweet is None:
            return None
        m = tweet["public_metrics"]
        return {
            "likes": m["like_count"],
            "reposts": m["retweet_count"],
            "replies": m["reply_count"],
            "quotes": m["quote_count"],
            "clicks": tweet.get("url_link_clicks", 0),
        }

    def delete(self, account_id: str, post_id: str) -> None:
        self.fake.tweets[:] = [t for t in self.fake.tweets if t["id"] != post_id]
