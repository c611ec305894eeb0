"""Mastodon on 127.0.0.1 for the shared harness: the session's mastodon-mock
(tests/networks/mastodon/server.py), reset between tests."""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.networks.mastodon.server import MastodonMock
from tests.servers.contract import Contract as Base
from tests.servers.shared import SharedServers

SESSION_NAME = "mastodon-mock"
POSTS = "/api/v1/statuses"  # where statuses are created


def session_mastodon(shared: SharedServers) -> MastodonMock:
    """The session's mastodon-mock (its seeded `testuser` and our app's token), started once."""
    return shared.get(SESSION_NAME, start_mastodon)


def start_mastodon() -> MastodonMock:
    return MastodonMock().start()


USERS = {"uni-mastodon": "testuser", "students-mastodon": "students"}


class Contract(Base):
    name = "mastodon"

    fake: MastodonMock

    def __init__(self) -> None:
        self.tokens: dict[str, str] = {}  # account id → its access token

    def session_servers(self) -> dict[str, Callable[[], Any]]:
        return {SESSION_NAME: start_mastodon}

    def start(self, shared: SharedServers) -> None:
        self.fake = session_mastodon(shared)
        self.reset()

    def stop(self) -> None:
        """Nothing: mastodon-mock belongs to the session."""

    def fail_posts(self, status: int, times: int) -> None:
        self.fake.server_error(POSTS, status=status, count=times)

    def rate_limit_posts(self, until: datetime) -> None:
        # Whole seconds, rounded up: the reset is sent to the second, never before `until`.
        seconds = max(0, math.ceil((until - datetime.now(UTC)).total_seconds()))
        self.fake.rate_limit(POSTS, reset_in=seconds)

    def go_down(self) -> None:
        self.fake.server_error(None, status=503, methods=None, count=None)

    def heal(self) -> None:
        self.fake.clear_faults()

    def reset(self) -> None:
        """The mock emptied (statuses, accounts, faults, tokens), our users made again."""
        self.fake.reset()
        self.fake.create_account(USERS["students-mastodon"])
        self.tokens = {
            "uni-mastodon": self.fake.access_token,
            "students-mastodon": self.fake.user_token(USERS["students-mastodon"]),
        }

    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        account["base_url"] = self.fake.base_url
        return {"access_token": self.tokens[account_id]}

    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        return {account: self._statuses(token) for account, token in self.tokens.items()}

    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        """Interactions come from the other account: a favourite for any like, a boost for
        any repost (one account gives at most one of each)."""
        token = next(t for a, t in self.tokens.items() if a != account_id)
        path = f"/api/v1/statuses/{post_id}"
        for name, action in (("likes", "favourite"), ("reposts", "reblog")):
            if counts.get(name, 0) > 0:
                assert self.fake.request("POST", f"{path}/{action}", token=token)[0] == 200

    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        status, _, body = self.fake.request(
            "GET", f"/api/v1/statuses/{post_id}", token=self.tokens[account_id]
        )
        if status == 404:
            return None
        return {"likes": body["favourites_count"], "reposts": body["reblogs_count"],
                "replies": body["replies_count"], "quotes": 0}  # fmt: skip

    def delete(self, account_id: str, post_id: str) -> None:
        token = self.tokens[account_id]
        status = self.fake.request("DELETE", f"/api/v1/statuses/{post_id}", token=token)[0]
        assert status == 200, status

    def _statuses(self, token: str) -> list[str]:
        _, _, me = self.fake.request("GET", "/api/v1/accounts/verify_credentials", token=token)
        texts, max_id = [], ""
        while True:
            query = "limit=40" + (f"&max_id={max_id}" if max_id else "")
            _, _, page = self.fake.request(
                "GET", f"/api/v1/accounts/{me['id']}/statuses?{query}", token=token
            )
            if not page:
                return texts
            texts += [html.unescape(s["content"]) for s in page]
            max_id = page[-1]["id"]
