"""The session's Bluesky PDS and mastodon-mock: one of each for the whole test session.

They are the two slow servers (a PDS takes about 10 s to start, mastodon-mock about 5 s), so
they are started once, lazily, by the first test that asks for them (`tests/conftest.py`'s
`shared_servers`), and each test isolates itself on them: fresh Bluesky accounts and a
mastodon-mock reset (`tests/syndication/loopback.py`'s `Loopback.reset_fakes`), or accounts
of its own (`tests/networks/conftest.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from tests.servers.mastodon import MastodonMock
from tests.servers.pds import BlueskyPDS, install_problem


class SharedServers:
    """A PDS and a mastodon-mock, each started on first use and stopped at the end."""

    def __init__(self) -> None:
        self._pds: BlueskyPDS | None = None
        self._mastodon: MastodonMock | None = None

    def pds(self) -> BlueskyPDS:
        """The running PDS (no account: each user creates its own)."""
        if self._pds is None:
            if problem := install_problem():
                pytest.fail("the Bluesky PDS needs Node 22 + @atproto/dev-env: " + problem)
            self._pds = BlueskyPDS([]).start()
        return self._pds

    def mastodon(self) -> MastodonMock:
        """The running mastodon-mock (its seeded `testuser` and our app's token)."""
        if self._mastodon is None:
            self._mastodon = MastodonMock().start()
        return self._mastodon

    def both(self) -> tuple[BlueskyPDS, MastodonMock]:
        """The two servers, the missing ones started side by side (their waits overlap)."""
        if self._pds is None and self._mastodon is None:
            _in_parallel(self.pds, self.mastodon)
        return self.pds(), self.mastodon()

    def stop(self) -> None:
        for server in (self._pds, self._mastodon):
            if server is not None:
                server.stop()
        self._pds = self._mastodon = None


def _in_parallel(*starts: Callable[[], object]) -> None:
    """Run `starts` in threads; re-raise the first failure once all have ended."""
    failures: list[BaseException] = []

    def guarded(start: Callable[[], object]) -> None:
        try:
            start()
        except BaseException as error:  # handed to the caller's thread
            failures.append(error)

    threads = [threading.Thread(target=guarded, args=(start,)) for start in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
