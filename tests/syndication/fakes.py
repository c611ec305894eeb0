"""An in-process fake network for the engine's unit tests (the loopback servers test the
real adapters): posts kept per account, faults scripted per account, calls counted."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from newsroom.config import AccountSettings
from newsroom.networks import NETWORKS
from newsroom.networks.base import (
    Adapter,
    AuthError,
    Limits,
    Post,
    RateLimited,
    RejectedError,
    Sent,
    TransientError,
)


@dataclass
class FakeWorld:
    """Every fake account's posts and scripted faults, shared by the adapters of a run."""

    posts: dict[str, list[Post]] = field(default_factory=dict)
    # account → faults to raise, in order, on publish: "transient", "timeout-posted" (the post
    # is created but the call fails), "auth", "reject", "rate:<seconds>" (reset in seconds).
    faults: dict[str, list[str]] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)  # accounts whose every call fails (5xx)
    calls: list[tuple[str, str]] = field(default_factory=list)  # (account, method)
    created: list[str] = field(default_factory=list)  # accounts whose adapter was built
    secrets_seen: dict[str, Mapping[str, str]] = field(default_factory=dict)

    def factory(self, account_id: str, settings: object, secrets: Mapping[str, str]) -> Adapter:
        self.created.append(account_id)
        self.secrets_seen[account_id] = dict(secrets)
        return FakeAdapter(self, account_id, settings, secrets)  # type: ignore[arg-type]

    def texts(self, account: str) -> list[str]:
        return [p.text for p in self.posts.get(account, [])]

    def items(self, account: str) -> list[str]:
        return [p.item_id for p in self.posts.get(account, [])]


class FakeAdapter(Adapter):
    network = "fake"

    def __init__(
        self,
        world: FakeWorld,
        account_id: str,
        settings: AccountSettings,
        secrets: Mapping[str, str],
    ):
        super().__init__(account_id, settings, secrets)
        self.world = world
        self.network = settings.network  # type: ignore[misc]

    def _call(self, method: str) -> None:
        self.world.calls.append((self.account_id, method))
        if self.account_id in self.world.down:
            raise TransientError(f"{self.account_id}: server error 503 while {method}")

    def limits(self) -> Limits:
        self._call("limits")
        return NETWORKS[self.settings.network].limits

    def measure(self, text: str) -> int:
        return NETWORKS[self.settings.network].measure(text)

    def publish(self, post: Post) -> Sent:
        self._call("publish")
        faults = self.world.faults.get(self.account_id, [])
        fault = faults.pop(0) if faults else None
        if fault == "leak":  # an SDK that puts the credentials in its logs and errors
            secret = next(iter(self.secrets.values()))
            logging.getLogger("fake.sdk").debug("POST with Authorization: Bearer %s", secret)
            raise RuntimeError(f"HTTP 500 for token={secret}")
        if fault == "transient":
            raise TransientError(f"{self.account_id}: server error 502 while posting")
        if fault == "auth":
            raise AuthError(f"{self.account_id}: the token was refused (401)")
        if fault == "reject":
            raise RejectedError(f"{self.account_id}: refused (422): text too long")
        if fault and fault.startswith("rate:"):
            reset = datetime.now(UTC) + timedelta(seconds=float(fault[5:]))
            raise RateLimited(f"{self.account_id}: rate limited", reset)
        posts = self.world.posts.setdefault(self.account_id, [])
        posts.append(post)
        if fault == "timeout-posted":
            raise TransientError(f"{self.account_id}: no answer (ReadTimeout) while posting")
        return self._sent(post, len(posts))

    def find(self, post: Post) -> Sent | None:
        self._call("find")
        for number, existing in enumerate(self.world.posts.get(self.account_id, []), 1):
            if existing.link == post.link:
                return self._sent(existing, number)
        return None

    def _sent(self, post: Post, number: int) -> Sent:
        return Sent(f"{number}", f"https://{self.network}.example/{self.account_id}/{number}")
