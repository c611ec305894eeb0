"""A publishing run: every published item not yet posted, to every account it is routed to.

For each account, in queue order (oldest first; a sealed release whose embargo is over
first of all, whatever the spacing) and within its spacing: compose the post,
resolve any earlier attempt that did not finish (ask the network before sending again),
record the intent, send through the adapter, record what was sent. One account's failure
stops that account only. The engine knows networks only through `newsroom.networks.base`.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .. import clock, sealing
from ..content import Item
from ..networks.base import (
    Adapter,
    AdapterFactory,
    AuthError,
    Limits,
    NetworkError,
    NoAdapter,
    Post,
    RateLimited,
    RejectedError,
    TransientError,
    make_adapter,
)
from ..problems import Problem, ProblemsFound
from ..repository import Newsroom
from .compose import CompositionError, compose_post
from .credentials import MissingCredentials, Redactor, read_secrets
from .delivery import RetryPolicy, call, send
from .ledger import LEDGER_DIR, Ledger, Record
from .queue import Allowance, Entry, Queue, account_allowance
from .routing import Route, route_item
from .states import OutcomeStatus

log = logging.getLogger("newsroom.syndication")

RATE_LIMIT_RETRY = timedelta(minutes=15)  # when a 429 does not say when to come back


@dataclass
class Outcome:
    """What became of one item on one account in this run."""

    item: str
    account: str
    status: OutcomeStatus
    detail: str = ""  # the post URL, or why it waits or failed
    path: str = ""  # the item's file, for annotations


@dataclass
class Report:
    """A run's results, for the summary, the exit code and the annotations."""

    outcomes: list[Outcome] = field(default_factory=list)
    stopped: dict[str, str] = field(default_factory=dict)  # account → why it stopped (failure)
    paused: dict[str, str] = field(default_factory=dict)  # account → rate limited: waits
    scheduled: int = 0  # posts of items whose date has not come
    dropped: list[Entry] = field(default_factory=list)  # left the queue: item gone or unrouted

    def count(self, account: str, status: OutcomeStatus) -> int:
        return sum(1 for o in self.outcomes if o.account == account and o.status == status)

    @property
    def failed(self) -> bool:
        return bool(self.stopped) or any(o.status == OutcomeStatus.FAILED for o in self.outcomes)


class _StopAccount(Exception):
    """Ends the current account's turn in this run; its remaining posts stay queued."""

    def __init__(self, message: str, failure: bool = True):
        super().__init__(message)
        self.failure = failure  # False: a rate limit, waited out by design


def pending_posts(
    newsroom: Newsroom, ledger: Ledger, now: datetime
) -> tuple[list[tuple[Item, Route]], int]:
    """(item, route) pairs published and not yet posted, and the number still scheduled."""
    pending, scheduled = [], 0
    # Items without a `social:` block route alike by theme, language and the accounts whose
    # `since` they predate: route each such group once.
    shared: dict[tuple[str, str, frozenset[str]], list[Route]] = {}
    starts = {a: s.since for a, s in newsroom.config.accounts.items() if s.since is not None}
    for item in newsroom.content.items:
        if item.meta.draft:
            continue
        if item.meta.social is None:
            too_old = frozenset(a for a, since in starts.items() if item.date < since)
            key = (item.theme, item.lang, too_old)
            routes = shared.get(key)
            if routes is None:
                routes = shared[key] = route_item(item, newsroom.config)
        else:
            routes = route_item(item, newsroom.config)
        for route in routes:
            if not route.sends or ledger.is_done(item.id, route.account):
                continue
            if item.date > now:
                scheduled += 1
            else:
                pending.append((item, route))
    return pending, scheduled


def queue_entry(item: Item, route: Route, now: datetime) -> Entry:
    """The queue entry of an item due on an account, joining the queue `now`."""
    return Entry(
        item.id,
        route.account,
        route.network,
        item.date.isoformat(),
        now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    )


class Publisher:
    """One `newsroom publish` run over a loaded newsroom."""

    def __init__(
        self,
        newsroom: Newsroom,
        *,
        adapter_factory: AdapterFactory | None = None,
        policy: RetryPolicy | None = None,
        environ: Mapping[str, str] | None = None,
        redactor: Redactor | None = None,
        on_outcome: Callable[[Outcome], None] | None = None,
    ):
        self.newsroom, self.config, self.root = newsroom, newsroom.config, newsroom.root
        self.items = {item.id: item for item in newsroom.content.items}
        self.adapter_factory = adapter_factory or make_adapter
        self.policy = policy or RetryPolicy.from_env()
        self.environ = os.environ if environ is None else environ
        self.redact = redactor or Redactor()
        # Every configured secret is masked from the start, whichever account fails first.
        names = {v for a in self.config.accounts.values() for v in a.credentials.values()}
        self.redact.add(self.environ[name] for name in names if self.environ.get(name))
        self.on_outcome = on_outcome
        self.now = clock.now()
        self.report = Report()
        self._limits: Limits | None = None

    def run(self) -> Report:
        """Post what is due on every account; the ledger and queue are saved as it goes."""
        with run_lock(self.root):
            self.ledger = Ledger.open(self.root, self.config.zone)
            self.queue = Queue.load(self.root)
            pending, self.report.scheduled = pending_posts(self.newsroom, self.ledger, self.now)
            entries = [queue_entry(item, route, self.now) for item, route in pending]
            self.report.dropped = self.queue.reconcile(entries)
            self.queue.save(self.now)
            for account_id in self.config.accounts:
                self._run_account(account_id)
                self.queue.save(clock.now())
        return self.report

    def _outcome(self, entry: Entry, status: OutcomeStatus, detail: str = "") -> None:
        item = self.items.get(entry.item)
        outcome = Outcome(entry.item, entry.account, status, self.redact(detail))
        outcome.path = item.path if item else ""
        if status in ("queued", "held", "failed"):
            entry.reason = outcome.detail
        self.report.outcomes.append(outcome)
        log.info("%s %s: %s %s", entry.account, entry.item, status, outcome.detail)
        if self.on_outcome is not None:
            self.on_outcome(outcome)

    def _run_account(self, account_id: str) -> None:
        # A sealed release goes first, and out at its embargo whatever the spacing.
        entries = sorted(self.queue.for_account(account_id), key=lambda e: not self._release(e))
        settings = self.config.accounts[account_id]
        budget = account_allowance(account_id, self.config, self.ledger, self.queue, self.now)
        if not entries or (budget.posts <= 0 and not self._release(entries[0])):
            for entry in entries:  # nothing to do now: do not even log in
                self._outcome(entry, OutcomeStatus.QUEUED, budget.reason)
            return
        try:
            adapter = self._connect(account_id, settings)
        except _StopAccount as stop:
            self._stop(account_id, str(stop), entries)
            return
        try:
            self._drain(adapter, entries, budget)
        finally:
            adapter.close()

    def _stop(self, account_id: str, message: str, entries: list[Entry]) -> None:
        self.report.stopped[account_id] = self.redact(message)
        log.info("%s stopped: %s", account_id, self.redact(message))
        for entry in entries:
            self._outcome(entry, OutcomeStatus.QUEUED, f"account stopped: {message}")

    def _connect(self, account_id: str, settings: object) -> Adapter:
        try:
            secrets = read_secrets(account_id, settings, self.environ)  # type: ignore[arg-type]
            self.redact.add(secrets.values())
            adapter = self.adapter_factory(account_id, settings, secrets)
            self._limits = call(self.policy, adapter.limits)
        except Exception as error:  # an SDK may raise anything while logging in
            raise _StopAccount(self._describe(error)) from None
        return adapter

    def _release(self, entry: Entry) -> bool:
        """A sealed item whose embargo is over: "everywhere at once" is what an embargo is,
        so the account's spacing and daily cap do not hold it (a rate limit's pause does)."""
        item = self.items.get(entry.item)
        return (
            item is not None
            and sealing.is_sealed(item.path)
            and self.queue.paused_until(entry.account, self.now) is None
        )

    def _drain(self, adapter: Adapter, entries: list[Entry], budget: Allowance) -> None:
        for position, entry in enumerate(entries):
            release = self._release(entry)
            if budget.posts <= 0 and not release:
                self._outcome(entry, OutcomeStatus.QUEUED, budget.reason)
                continue
            try:
                delivered = self._deliver(adapter, entry)
                if delivered and release:  # the spacing of what follows counts from it
                    budget = account_allowance(
                        entry.account, self.config, self.ledger, self.queue, self.now
                    )
                elif delivered:
                    budget.take()
            except _StopAccount as stop:
                why = "stopped" if stop.failure else "paused"
                (self.report.stopped if stop.failure else self.report.paused)[entry.account] = str(
                    stop
                )
                for waiting in entries[position + 1 :]:
                    self._outcome(waiting, OutcomeStatus.QUEUED, f"account {why}: {stop}")
                return

    def _deliver(self, adapter: Adapter, entry: Entry) -> bool:
        """Post one entry; True when it is now on the network (sent or found there)."""
        item = self.items[entry.item]
        try:
            post = compose_post(
                item, entry.account, self.config, self._limits, adapter.measure, root=self.root
            )
        except CompositionError as error:
            self._outcome(entry, OutcomeStatus.FAILED, f"social.{entry.network} {error}")
            return False
        prior = self.ledger.state(item.id, entry.account)
        if prior is not None and _held(prior, post):
            error = prior.data.get("error")
            why = f"refused earlier ({error}) — edit the item to retry"
            self._outcome(entry, OutcomeStatus.HELD, why)
            return False
        if prior is not None and prior.retryable and self._resolve(adapter, entry, post):
            return True
        self.ledger.record_intent(post, clock.now())
        try:
            sent = send(self.policy, adapter, post)
        except Exception as error:
            self._failed(entry, post, error)
            return False
        self.ledger.record_sent(post, sent, clock.now())
        self.queue.remove(entry.item, entry.account)
        self._outcome(entry, OutcomeStatus.SENT, sent.url)
        return True

    def _resolve(self, adapter: Adapter, entry: Entry, post: Post) -> bool:
        """An earlier attempt did not finish: record the post if the network has it."""
        try:
            found = call(self.policy, lambda: adapter.find(post))
        except Exception as error:
            self._failed(entry, None, error)
            return False
        if found is None:
            return False
        self.ledger.record_resolved(post, found, clock.now())
        self.queue.remove(entry.item, entry.account)
        self._outcome(entry, OutcomeStatus.RESOLVED, found.url)
        return True

    def _failed(self, entry: Entry, post: Post | None, error: Exception) -> None:
        """Record and report a failure; raise _StopAccount unless only this post is at fault."""
        message = self._describe(error)
        kind, retry, stop = _classify(error)
        if post is not None:
            self.ledger.record_failed(post, clock.now(), kind, message, retry)
        if isinstance(error, RateLimited):
            reset = error.reset_at or self.now + RATE_LIMIT_RETRY
            entry.not_before = reset.astimezone(UTC).isoformat().replace("+00:00", "Z")
            self._outcome(entry, OutcomeStatus.QUEUED, f"rate limited until {entry.not_before}")
        else:
            self._outcome(entry, OutcomeStatus.FAILED, message)
        if stop:
            raise _StopAccount(message, failure=not isinstance(error, RateLimited))

    def _describe(self, error: BaseException) -> str:
        if isinstance(error, NetworkError | MissingCredentials | NoAdapter):
            return self.redact(str(error))
        return self.redact(f"unexpected {type(error).__name__}: {error}")


def _classify(error: Exception) -> tuple[str, bool, bool]:
    """(kind, retry in a later run, stop this account now) for a failure."""
    if isinstance(error, RejectedError):
        return "rejected", False, False
    if isinstance(error, AuthError):
        return "auth", True, True
    if isinstance(error, RateLimited):
        return "rate-limited", True, True
    if isinstance(error, TransientError):
        return "transient", True, True
    return "error", True, True


def _held(prior: Record, post: Post) -> bool:
    """The network refused this very text before: wait until someone edits the item."""
    return prior.type == "failed" and not prior.retryable and prior.data.get("text") == post.text


@contextmanager
def run_lock(root: Path) -> Iterator[None]:
    """One publishing run at a time per repository (`ledger/.lock`, never committed)."""
    folder = root / LEDGER_DIR
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(".lock\n*.tmp\n", encoding="utf-8")
    with open(folder / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = "another `newsroom publish` is running on this repository — wait for it"
            raise ProblemsFound([Problem(f"{LEDGER_DIR}/.lock", 1, "", message)]) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
