"""What waits to be posted, oldest first, and how many posts each account may send now.

The queue is `ledger/queue.json`, rewritten atomically at the end of every run (and after
every change during a run). What is pending can always be recomputed from the content and
the ledger; the file adds what cannot: when each post joined the queue (its place in line),
the earliest moment a network allows the next attempt (a rate limit's reset), and why it
waits — so a person reading the repository sees the backlog without running anything.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..atomic_files import write_atomically
from ..config import SiteConfig, SpacingSettings
from ..networks import NETWORKS
from ..problems import Problem, ProblemsFound
from ..safe_files import MIB, FileRefused, read_regular_file
from .ledger import LEDGER_DIR, Ledger

QUEUE_FILE = "queue.json"


@dataclass
class Entry:
    """One post waiting for its turn: an item on an account."""

    item: str
    account: str
    network: str
    date: str  # the item's publication date-time (ISO), for ordering
    since: str  # when it joined the queue (ISO, UTC)
    not_before: str | None = None  # no attempt before this moment (ISO, UTC), e.g. a 429 reset
    reason: str = ""  # why it is waiting, as the last run saw it

    @property
    def key(self) -> tuple[str, str]:
        return (self.item, self.account)

    def order(self) -> tuple[str, str, str]:
        """Oldest first: by arrival in the queue, then by publication date, then by id."""
        return (self.since, self.date, self.item)


# The queue holds one ~200-byte line per post waiting: 64 MiB is some 300,000 posts, far
# beyond any backlog, while a file that is not a queue is refused before it is parsed.
MAX_QUEUE_BYTES = 64 * MIB
_REBUILD = (
    "restore it from git, or delete it: it is rebuilt from the content and the ledger "
    "(queue order is lost)"
)
_TEXT_FIELDS = ("item", "account", "network", "date", "since", "reason")


def _damaged(rel: str, line: int, what: str) -> Problem:
    return Problem(rel, line, "", f"not a readable queue ({what}) — {_REBUILD}")


def _entry(raw: object) -> Entry:
    """An entry of the file, every field checked: the run compares and sorts them."""
    if not isinstance(raw, dict):
        raise ValueError("expected an object")
    unknown = sorted(set(raw) - {*_TEXT_FIELDS, "not_before"})
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r}")
    for name in _TEXT_FIELDS:
        if not isinstance(raw.get(name, ""), str) or (name != "reason" and not raw.get(name)):
            raise ValueError(f"`{name}` must be text")
    for name in ("date", "since", "not_before"):
        value = raw.get(name)
        if value is not None and not _is_instant(value):
            raise ValueError(f"`{name}` is not a date-time with its UTC offset: {value!r:.60}")
    return Entry(**raw)


def _is_instant(value: object) -> bool:
    try:
        return isinstance(value, str) and _parse(value).utcoffset() is not None
    except ValueError:
        return False


def _entry_line(text: str, position: int, raw: object) -> int:
    """The line of entry `position` when the file has our layout (one per line), else 1."""
    lines = text.split("\n")
    if position + 1 < len(lines):
        try:
            if json.loads(lines[position + 1].strip().rstrip(",")) == raw:
                return position + 2
        except ValueError:
            pass
    return 1


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Queue:
    """The persisted queue of one newsroom."""

    def __init__(self, path: Path, entries: list[Entry]):
        self.path = path
        self.entries: dict[tuple[str, str], Entry] = {e.key: e for e in entries}

    @classmethod
    def load(cls, root: Path) -> Queue:
        """Read `ledger/queue.json` (an empty queue when absent); ProblemsFound when damaged."""
        path = root / LEDGER_DIR / QUEUE_FILE
        if not path.exists() and not path.is_symlink():
            return cls(path, [])
        rel = path.relative_to(root).as_posix()
        try:
            text = read_regular_file(path, MAX_QUEUE_BYTES, _REBUILD).decode("utf-8")
            data = json.loads(text)
        except FileRefused as refused:
            raise ProblemsFound([Problem(rel, 1, "", refused.message)]) from None
        except json.JSONDecodeError as error:
            raise ProblemsFound(
                [_damaged(rel, error.lineno, f"invalid JSON: {error.msg}")]
            ) from None
        except (UnicodeDecodeError, RecursionError) as error:
            raise ProblemsFound([_damaged(rel, 1, f"not JSON text: {error}")]) from None
        raw_entries = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(raw_entries, list):
            raise ProblemsFound([_damaged(rel, 1, 'expected {"entries": [...]}')])
        entries = []
        for position, raw in enumerate(raw_entries):
            try:
                entries.append(_entry(raw))
            except ValueError as error:
                line = _entry_line(text, position, raw)
                raise ProblemsFound(
                    [_damaged(rel, line, f"entry {position + 1}: {error}")]
                ) from None
        return cls(path, entries)

    def reconcile(self, pending: list[Entry]) -> list[Entry]:
        """Keep what is still pending (with its place in line), add the new; return removed."""
        wanted = {e.key: e for e in pending}
        removed = [e for key, e in self.entries.items() if key not in wanted]
        merged = {}
        for key, fresh in wanted.items():
            old = self.entries.get(key)
            merged[key] = old if old is not None else fresh
            merged[key].date = fresh.date
        self.entries = merged
        return removed

    def for_account(self, account: str) -> list[Entry]:
        """The account's entries, oldest first."""
        return sorted((e for e in self.entries.values() if e.account == account), key=Entry.order)

    def paused_until(self, account: str, now: datetime) -> str | None:
        """The account's rate-limit reset still to come (it pauses all its posts), if any."""
        resets = [
            e.not_before for e in self.entries.values() if e.account == account and e.not_before
        ]
        latest = max(resets, key=_parse, default=None)
        return latest if latest is not None and _parse(latest) > now else None

    def remove(self, item: str, account: str) -> None:
        self.entries.pop((item, account), None)

    def save(self, now: datetime) -> None:
        """Write the queue atomically, oldest first, one entry per line for readable diffs."""
        ordered = sorted(self.entries.values(), key=lambda e: (e.account, *e.order()))
        lines = ",\n".join("  " + json.dumps(asdict(e), ensure_ascii=False) for e in ordered)
        body = f'{{"updated": "{_iso(now)}", "entries": [\n{lines}\n]}}\n'
        try:
            write_atomically(self.path, body.encode("utf-8"))
        except OSError as error:
            rel = f"{LEDGER_DIR}/{QUEUE_FILE}"
            message = (
                f"cannot be written ({error.strerror}) — the file is unchanged; free disk space "
                "(or fix its permissions) and run again: the queue is rebuilt from the ledger"
            )
            raise ProblemsFound([Problem(rel, 1, "", message)]) from None


@dataclass
class Allowance:
    """How many posts an account may still send in this run, and why not more."""

    posts: int
    reason: str

    def take(self) -> None:
        self.posts -= 1


def allowance(
    account: str, spacing: SpacingSettings, ledger: Ledger, now: datetime, zone: ZoneInfo
) -> Allowance:
    """The account's posts allowed now: its daily cap left, one at a time if spaced."""
    cap, interval = spacing.daily_cap, timedelta(minutes=spacing.min_interval_minutes)
    left = cap - ledger.sent_on(account, now.astimezone(zone).date())
    if left <= 0:
        return Allowance(0, f"daily cap of {cap} reached — the next post goes tomorrow")
    if not interval:
        return Allowance(left, f"daily cap of {cap} reached — the next post goes tomorrow")
    last = ledger.last_sent(account)
    spaced = f"one post every {spacing.min_interval_minutes} min"
    if last is not None and now < last + interval:
        next_at = (last + interval).astimezone(zone)
        return Allowance(0, f"{spaced} — next post from {next_at:%Y-%m-%d %H:%M %Z}")
    return Allowance(1, f"{spaced} — the next post goes in a later run")


def account_allowance(
    account: str, config: SiteConfig, ledger: Ledger, queue: Queue, now: datetime
) -> Allowance:
    """The account's posts allowed now: its spacing, its network's API limit, and any rate
    limit the network answered with (which pauses all its posts)."""
    settings = config.accounts[account]
    budget = allowance(account, settings.spacing or config.spacing, ledger, now, config.zone)
    network = NETWORKS[settings.network]
    limit = network.rate_limit
    if limit is not None:
        left = max(limit.posts - ledger.sent_since(account, now - limit.per), 0)
        if left < budget.posts:
            budget = Allowance(
                left, f"{network.label} takes {limit} — the next post goes in a later run"
            )
    paused = queue.paused_until(account, now)
    if paused is not None:
        budget = Allowance(0, f"rate limited until {paused}")
    return budget
