"""Reading the due posts' counts through the network adapters into the archive.

The adapters, credentials and secret masking are the publishing run's own. Nothing here is
fatal: a post the network no longer has is recorded `deleted`; a post that cannot be read
now (5xx, timeout, refused, missing credentials, no counts on this server) is recorded
`unreachable` with the reason; a rate limit ends the account's turn and its remaining
posts wait for the next run, unrecorded.

Returns: with each `ok` reading, the link clicks the network reports (`counts["clicks"]`,
absent where the network gives none); then, for every link whose posts were read, its
visits from the site's analytics (`analytics:` in newsroom.yml), one `visits` reading per
link. Unreachable analytics are recorded `unreachable`, never fatal.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .. import clock
from ..networks.base import (
    Adapter,
    AdapterFactory,
    AuthError,
    NoAdapter,
    RateLimited,
    Sent,
    make_adapter,
)
from ..repository import Newsroom
from ..syndication.credentials import MissingCredentials, Redactor, read_secrets
from ..syndication.ledger import Ledger
from .analytics import (
    Analytics,
    AnalyticsDenied,
    AnalyticsError,
    AnalyticsRateLimited,
    open_analytics,
)
from .archive import STATS_DIR, Archive, ReadingStatus, Snapshot, VisitsReading
from .links import TrackedLink, tracked_links
from .schedule import Due, Plan, plan_readings

log = logging.getLogger("newsroom.stats")
FLUSH_EVERY = 50  # readings written per atomic append: a crash loses at most these
GIVE_UP_AFTER = 3  # consecutive unreachable readings: the account is down for this run

# Each network's names → ours; anything else is kept under its own name (e.g. impressions).
COUNT_NAMES = {
    "like_count": "likes",
    "retweet_count": "reposts",
    "reply_count": "replies",
    "quote_count": "quotes",
    "bookmark_count": "bookmarks",
    "impression_count": "impressions",
    "favourites_count": "likes",
    "reblogs_count": "reposts",
    "replies_count": "replies",
    "comments": "replies",
    "reactions": "likes",
    "shares": "reposts",
}


def normalise(counts: Mapping[str, object]) -> dict[str, int]:
    """A network's counts under our names: likes, reposts, replies, quotes (+ extras)."""
    result: dict[str, int] = {"likes": 0, "reposts": 0, "replies": 0, "quotes": 0}
    for name, value in counts.items():
        if isinstance(value, int | float):
            key = COUNT_NAMES.get(name, name)
            result[key] = result.get(key, 0) + int(value)
    return result


@dataclass
class Collection:
    """What a run read."""

    read: list[Snapshot] = field(default_factory=list)
    paused: dict[str, str] = field(default_factory=dict)  # account → rate limited: why
    visits: list[VisitsReading] = field(default_factory=list)
    analytics_problem: str = ""  # why visits were not (all) read, if so

    def count(self, status: ReadingStatus) -> int:
        return sum(1 for s in self.read if s.status == status)


def plan(newsroom: Newsroom, archive: Archive, now: datetime) -> Plan:
    """The readings due now, from the ledger's posts and the archive's last readings."""
    ledger = Ledger.open(newsroom.root, newsroom.config.zone)
    return plan_readings(ledger.published(), archive.latest(), newsroom.config.stats, now)


class Collector:
    """Reads the planned posts account by account, appending to the archive as it goes."""

    def __init__(
        self,
        newsroom: Newsroom,
        archive: Archive,
        *,
        adapter_factory: AdapterFactory | None = None,
        environ: Mapping[str, str] | None = None,
        redactor: Redactor | None = None,
        on_reading: Callable[[Snapshot], None] | None = None,
    ):
        self.newsroom, self.archive = newsroom, archive
        self.adapter_factory = adapter_factory or make_adapter
        self.environ = os.environ if environ is None else environ
        self.redact = redactor or Redactor()
        names = {v for a in newsroom.config.accounts.values() for v in a.credentials.values()}
        names |= {newsroom.config.analytics.token} - {None}
        self.redact.add(self.environ[n] for n in names if self.environ.get(n))
        self.on_reading = on_reading
        self.result = Collection()
        self._pending: list[Snapshot] = []
        self._pending_visits: list[VisitsReading] = []

    def run(self, due: list[Due]) -> Collection:
        """Read every due post; the archive is written every FLUSH_EVERY readings and at the end."""
        _ignore_temporary_files(self.newsroom.root)
        by_account: dict[str, list[Due]] = {}
        for entry in due:
            by_account.setdefault(entry.account, []).append(entry)
        try:
            for account_id, entries in by_account.items():
                self._read_account(account_id, entries)
            self._read_visits(due)
        finally:
            self._flush()
        return self.result

    def _read_visits(self, due: list[Due]) -> None:
        """Visits of every tracked link among the posts read in this run."""
        settings = self.newsroom.config.analytics
        if settings.provider is None or not due:
            return
        if not self.newsroom.config.utm.enabled:
            self.result.analytics_problem = (
                "utm.enabled is false: posts carry no UTM parameters, so the analytics cannot "
                "tell which post a visit came from — enable utm in newsroom.yml"
            )
            return
        links = tracked_links(self.newsroom, due, clock.now())
        try:
            client = open_analytics(settings, self.environ)
        except AnalyticsDenied as error:
            self._no_visits(links, settings.provider, str(error))
            return
        assert client is not None
        self.redact.add([client.token])
        try:
            self._ask(client, links)
        finally:
            client.close()

    def _ask(self, client: Analytics, links: list[TrackedLink]) -> None:
        failures = 0
        for position, link in enumerate(links):
            try:
                visits = client.visits(link.query)
            except AnalyticsRateLimited as error:
                self.result.analytics_problem = f"{error}; {len(links) - position} link(s) wait"
                return
            except AnalyticsError as error:
                message = self.redact(str(error))
                self._visits(link, client.provider, ReadingStatus.UNREACHABLE, 0, message)
                failures += 1
                if isinstance(error, AnalyticsDenied) or failures >= GIVE_UP_AFTER:
                    self._no_visits(links[position + 1 :], client.provider, message)
                    return
                continue
            failures = 0
            self._visits(link, client.provider, ReadingStatus.OK, visits)

    def _no_visits(self, links: list[TrackedLink], provider: str, why: str) -> None:
        self.result.analytics_problem = self.redact(why)
        for link in links:
            self._visits(link, provider, ReadingStatus.UNREACHABLE, 0, why)

    def _visits(
        self, link: TrackedLink, provider: str, status: ReadingStatus, visits: int, error: str = ""
    ) -> None:
        reading = VisitsReading(
            link.item,
            link.query.source,
            link.query.campaign,
            link.networks,
            clock.now(),
            status,
            provider,
            visits,
            self.redact(error),
        )
        self._pending_visits.append(reading)
        self.result.visits.append(reading)
        log.info("%s %s/%s: %s %s", link.item, link.query.source, status, visits, error)

    def _record(
        self, entry: Due, status: ReadingStatus, counts: dict[str, int], error: str = ""
    ) -> None:
        snapshot = Snapshot(
            entry.item,
            entry.account,
            entry.network,
            entry.post_id,
            clock.now(),
            status,
            counts,
            self.redact(error),
        )
        self._pending.append(snapshot)
        self.result.read.append(snapshot)
        log.info("%s %s: %s %s", entry.account, entry.item, status, snapshot.error or counts)
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()
        if self.on_reading is not None:
            self.on_reading(snapshot)

    def _flush(self) -> None:
        if self._pending or self._pending_visits:
            self.archive.append([*self._pending, *self._pending_visits])
            self._pending, self._pending_visits = [], []

    def _read_account(self, account_id: str, entries: list[Due]) -> None:
        settings = self.newsroom.config.accounts.get(account_id)
        if settings is None:
            for entry in entries:
                self._record(
                    entry, ReadingStatus.UNREACHABLE, {}, "account no longer in newsroom.yml"
                )
            return
        try:
            secrets = read_secrets(account_id, settings, self.environ)
            self.redact.add(secrets.values())
            adapter = self.adapter_factory(account_id, settings, secrets)
        except (MissingCredentials, NoAdapter) as error:
            for entry in entries:
                self._record(entry, ReadingStatus.UNREACHABLE, {}, str(error))
            return
        try:
            self._read_posts(adapter, entries)
        finally:
            adapter.close()

    def _read_posts(self, adapter: Adapter, entries: list[Due]) -> None:
        failures, down = 0, ""
        for position, entry in enumerate(entries):
            if down:
                self._record(entry, ReadingStatus.UNREACHABLE, {}, down)
                continue
            try:
                found = adapter.interactions(Sent(entry.post_id, entry.url, entry.sent_at))
            except RateLimited as error:
                self.result.paused[entry.account] = self.redact(str(error))
                log.info("%s paused: %s (%d left)", entry.account, error, len(entries) - position)
                return
            except Exception as error:  # an SDK may raise anything: never fatal here
                message = _describe(error)
                self._record(entry, ReadingStatus.UNREACHABLE, {}, message)
                failures += 1
                if isinstance(error, AuthError) or failures >= GIVE_UP_AFTER:
                    down = message
                continue
            failures = 0
            if found.deleted:
                self._record(entry, ReadingStatus.DELETED, {})
            else:
                self._record(
                    entry, ReadingStatus.OK, normalise(found.counts) | _clicks(adapter, entry)
                )


def _clicks(adapter: Adapter, entry: Due) -> dict[str, int]:
    """`{"clicks": n}` when the network reports link clicks for this post, else `{}`.

    Clicks are a second request: its failure leaves the interactions read (logged only)."""
    try:
        clicks = adapter.clicks(Sent(entry.post_id, entry.url, entry.sent_at))
    except Exception as error:  # an SDK may raise anything: the interactions still count
        log.info("%s %s: no clicks: %s", entry.account, entry.item, _describe(error))
        return {}
    return {} if clicks is None else {"clicks": clicks}


def _describe(error: BaseException) -> str:
    if isinstance(error, NotImplementedError):
        return str(error)
    text = str(error)
    if type(error).__module__.startswith("newsroom."):
        return text
    return f"unexpected {type(error).__name__}: {text}"


def _ignore_temporary_files(root: Path) -> None:
    """`stats/.gitignore`: a crash's leftover temporary file is never committed."""
    ignore = root / STATS_DIR / ".gitignore"
    if not ignore.exists():
        ignore.parent.mkdir(parents=True, exist_ok=True)
        ignore.write_text("*.tmp\n", encoding="utf-8")
