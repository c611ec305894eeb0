"""The small interface every network's loopback server offers the shared end-to-end harness.

Each network's test folder (`tests/networks/<name>/loopback.py`) holds one `Contract`: its
fake (or real server) started on 127.0.0.1, and what the harness asks of any network —
`wire` an account of a newsroom to it, the `posts` it holds, `set_counts` on a post and read
them back (`counts`), `delete` a post. The harness (tests/syndication/loopback.py) and the
stats loopback tests loop over the declared networks through this interface, never naming one.

Counts use the report's names: `likes`, `reposts`, `replies`, `quotes`, and `clicks` where the
network reports link clicks; a network sets what its server can hold and `counts` says what
it holds.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.servers.shared import SharedServers

REPORTED = ("likes", "reposts", "replies", "quotes")


class Contract(ABC):
    """One network on 127.0.0.1, as the shared harness uses it."""

    name: str  # the network's declared name
    fake: Any  # the server object, for the network's own tests (faults, stored records)
    serves_counts = True  # False: the server gives no interaction counts (a PDS, no app view)
    deletable = True  # the harness may delete a post to see it reported deleted

    def session_servers(self) -> dict[str, Callable[[], Any]]:
        """The slow servers this network shares with the whole session, by name, with how to
        start each (the harness starts them side by side before any `start`)."""
        return {}

    @abstractmethod
    def start(self, shared: SharedServers) -> None:
        """Start the server(s), or take the session's from `shared` (its `session_servers`,
        started once a session), and create the accounts `wire` hands out."""

    @abstractmethod
    def stop(self) -> None:
        """Stop what `start` started (not the session's servers)."""

    def reset(self) -> None:  # noqa: B027 - servers with nothing to forget need nothing
        """Every account as new between tests: posts and faults forgotten, or fresh accounts
        where the server cannot forget."""

    @abstractmethod
    def wire(self, account_id: str, account: dict[str, Any]) -> dict[str, str]:
        """Point `account` (a newsroom.yml account, changed in place) here; its secrets."""

    @abstractmethod
    def posts(self, watched: list[Path]) -> dict[str, list[str]]:
        """Every post by account id, as text holding its link (`watched`: newsrooms whose
        ledgers give the link of a post that holds none)."""

    @abstractmethod
    def set_counts(self, account_id: str, post_id: str, counts: dict[str, int]) -> None:
        """Give a post these counts on its server (as far as the server can hold them)."""

    @abstractmethod
    def counts(self, account_id: str, post_id: str) -> dict[str, int] | None:
        """What the server holds of the post now, by report name; None: no such post."""

    # Faults, for the harness's storm tests: what a network does when it is unwell.

    def fail_posts(self, status: int, times: int) -> None:
        """The next `times` post requests answer `status` (a 5xx), then posting works again."""
        raise NotImplementedError(f"{self.name}: no server errors to inject here")

    def rate_limit_posts(self, until: datetime) -> None:
        """The next post request answers 429, saying the limit resets at `until`."""
        raise NotImplementedError(f"{self.name}: no rate limit to inject here")

    def go_down(self) -> None:
        """Every request answers 503 until `heal`."""
        raise NotImplementedError(f"{self.name}: cannot be taken down here")

    def heal(self) -> None:
        """Every injected fault forgotten (posts and accounts kept)."""
        raise NotImplementedError(f"{self.name}: no faults to forget here")

    def delete(self, account_id: str, post_id: str) -> None:
        """Remove the post from its server (the report then says it was deleted)."""
        raise NotImplementedError(f"{self.name} posts cannot be deleted here")


class FakeNetworkContract(Contract):
    """A contract whose server is one of our fakes (tests/servers/loopback.py's FakeNetwork):
    faults injected into it, on the request that creates a post (`posts_path`)."""

    posts_path: str  # regex of the path that creates a post

    def fail_posts(self, status: int, times: int) -> None:
        self.fake.fail(status, times=times, path=self.posts_path)

    def rate_limit_posts(self, until: datetime) -> None:
        self.fake.fail(429, times=1, path=self.posts_path, headers=self.reset_headers(until))

    def reset_headers(self, until: datetime) -> dict[str, str]:
        """How the network says when a rate limit resets (default: `Retry-After` seconds)."""
        seconds = math.ceil((until - datetime.now(UTC)).total_seconds())  # never before `until`
        return {"retry-after": str(max(0, seconds))}

    def go_down(self) -> None:
        self.fake.fail(503, times=10**9)

    def heal(self) -> None:
        with self.fake.lock:
            self.fake.faults.clear()
