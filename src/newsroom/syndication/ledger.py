"""The ledger: every post ever attempted and sent, append-only JSON Lines kept in git.

Layout (documented in docs/ledger.md): `ledger/posts/<YYYY-MM>-<NNNN>.jsonl`, one JSON
object per line, oldest first. Records are appended to the newest file only, so reading the
files in name order replays history in the order it was written. Each append rewrites that
one file (at most ~256 KB) through a temporary file, fsync and rename, so a crash leaves
either the old file or the new one — never half a line. A line that is not a whole record
anyway (a bad merge, a hand edit, a disk fault) stops the run with its file and line:
nothing is silently dropped.

Loading builds dictionaries from a cheap split of each line (JSON is parsed only for the
records asked about), so questions about one (item, account) pair or one account's spacing
cost the same with ten records or a hundred thousand, and loading stays fast. Every line is
still validated when loaded: the fields the index uses (type, item, account, network, key,
`at`, and a sent post's id and URL) by cheap checks, and in full, as JSON, every record a
publishing run may read again (the latest of each pair not yet on the network) — so a
damaged line stops `publish` before anything is posted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..atomic_files import write_atomically
from ..config import SLUG_PATTERN
from ..jsonl import JsonLines, Wording, bad_line, parse_lines, read_json_lines
from ..networks.base import Post, Sent
from ..problems import Problem, ProblemsFound
from ..safe_files import MIB, FileRefused, read_regular_file
from . import ledger_index

LEDGER_DIR = "ledger"
POSTS_DIR = "posts"
RECORD_TYPES = ("intent", "sent", "resolved", "failed")
REQUIRED = ("type", "item", "account", "network", "key", "at")
# A file is appended to until ~256 KB (SEGMENT_BYTES); 64 MiB leaves room for files merged
# by hand while refusing to load a file that is not a ledger at all.
MAX_SEGMENT_BYTES = 64 * MIB
# Item ids are 6-16 characters of Crockford's base32 (schema.ID_PATTERN); the ledger only
# needs a name it can match, so it takes any short lowercase word and stays readable by
# tools that wrote other ids.
_ITEM = re.compile(r"^[0-9a-z]{1,32}$")
_ACCOUNT = re.compile(SLUG_PATTERN)
_NETWORK = re.compile(r"^[a-z][a-z0-9]*$")
_REPAIR = "repair the line from git history (`git log -p {rel}`); never delete it"
WORDING = Wording(
    refused=_REPAIR,
    torn="the last line is incomplete (a torn write?) — restore the file from git "
    "(`git checkout -- {rel}`), then check on the network whether the post exists before "
    "running publish again",
    bad_line="not a ledger record ({error}) — " + _REPAIR,
)


@dataclass(frozen=True)
class Record:
    """One line of the ledger."""

    type: str
    item: str
    account: str
    network: str
    key: str
    at: datetime
    data: dict[str, Any]

    @property
    def done(self) -> bool:
        """The post exists on the network (sent, or found there after an interrupted run)."""
        return self.type in ("sent", "resolved")

    @property
    def retryable(self) -> bool:
        return self.type == "intent" or (self.type == "failed" and bool(self.data.get("retry")))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# A line as `_append` writes it starts with the six required fields in this order, so the
# index is built, and those fields checked, with one regular expression per line; any
# other line is parsed as JSON.
_OWN_LAYOUT = re.compile(
    rb'\{"type": "(intent|sent|resolved|failed)", "item": "([0-9a-z]{1,32})", '
    rb'"account": "([a-z0-9]+(?:-[a-z0-9]+)*)", "network": "[a-z][a-z0-9]*", '
    rb'"key": "[^"\\]+", '
    rb'"at": "(\d{4}-\d\d-\d\dT(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\dZ)"[,}]'
)
# A post on the network has its id and URL. Inside a JSON string a quote is escaped, so
# these unescaped quotes can only be the keys themselves.
_POST_ID = re.compile(rb'"post_id": "[^"]')
_URL = re.compile(rb'"url": "[^"]')
DONE = ("sent", "resolved")
DONE_BYTES = (b"sent", b"resolved")
SEGMENT_BYTES = 256 * 1024  # a new file past this size: each atomic rewrite stays small


def _fast_fields(line: bytes, days: set[bytes]) -> tuple[str, str, str, str] | None:
    """(type, item, account, at) of a valid line in our own layout, else None.

    The layout's expression checks the names and the form of `at`; any line it does not
    match takes the JSON path, which says what is wrong. `days`: the days of `at` already
    found real (not 2026-02-30), a few hundred for the whole ledger.
    """
    match = _OWN_LAYOUT.match(line)
    if match is None or not line.endswith(b"}"):
        return None
    kind, item, account, at = match.groups()
    if kind in DONE_BYTES and not (_POST_ID.search(line) and _URL.search(line)):
        return None
    if at[:10] not in days:
        _check_at(at.decode())
        days.add(at[:10])
    return kind.decode(), item.decode(), account.decode(), at.decode()


def _check_names(item: str, account: str, network: str, key: str) -> None:
    """The names every record needs, checked cheaply; ValueError names the first wrong one."""
    if not _ITEM.match(item):
        raise ValueError(f"`item` is not an item id: {item[:40]!r}")
    if not _ACCOUNT.match(account):
        raise ValueError(f"`account` is not an account id: {account[:40]!r}")
    if not _NETWORK.match(network):
        raise ValueError(f"`network` is not a network name: {network[:40]!r}")
    if not key:
        raise ValueError("`key` is empty")


def _check_at(at: str) -> None:
    # fromisoformat alone would take a bare date, or a local time the UTC day index misreads.
    try:
        moment = _instant(at) if len(at) >= 20 and at[10] == "T" else None
    except ValueError:
        moment = None
    if moment is None or moment.utcoffset() != timedelta(0):
        raise ValueError(f"`at` is not a UTC date-time such as 2026-11-20T09:00:12Z: {at[:40]!r}")


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Ledger:
    """The posts ledger of a newsroom, indexed for constant-time questions."""

    def __init__(self, root: Path, zone: ZoneInfo):
        self.root = root
        self.folder = root / LEDGER_DIR / POSTS_DIR
        self.zone = zone
        self.records = 0
        # Latest line of each (item, account); parsed in full only when asked about.
        self._last: dict[tuple[str, str], tuple[str, bytes]] = {}
        self._done_at: dict[tuple[str, str], list[str]] = {}  # (account, UTC day) → `at`s
        self._latest_day: dict[str, str] = {}  # account → UTC day of its latest post
        self._segment: Path | None = None
        self._segment_bytes = b""

    @classmethod
    def open(cls, root: Path, zone: ZoneInfo) -> Ledger:
        """Read every file; raise ProblemsFound naming each line that is not a record."""
        ledger = cls(root, zone)
        problems: list[Problem] = []
        segments = sorted(ledger.folder.glob("*.jsonl")) if ledger.folder.is_dir() else []
        indexes: set[str] = set()
        for segment in segments:
            file = read_json_lines(segment, root, MAX_SEGMENT_BYTES, WORDING, problems)
            if file is not None:
                indexes.add(ledger._load(file, problems))
                ledger._segment, ledger._segment_bytes = segment, file.raw
        if not problems:
            ledger_index.keep_only(root, indexes)
        if not problems:
            ledger._check_pending(problems)
        if problems:
            raise ProblemsFound(problems)
        return ledger

    def _check_pending(self, problems: list[Problem]) -> None:
        """Parse in full each record a run may read again: the latest of every pending pair."""
        for kind, line in self._last.values():
            if kind not in DONE:
                try:
                    self._parse(line)
                except ValueError as error:
                    problems.append(self._problem_at(line, error))

    def _problem_at(self, line: bytes, error: ValueError) -> Problem:
        """The problem of a damaged line found after loading: search its file and number."""
        for segment in sorted(self.folder.glob("*.jsonl")):
            rel = segment.relative_to(self.root).as_posix()
            try:
                lines = read_regular_file(segment, MAX_SEGMENT_BYTES, "").split(b"\n")
            except FileRefused:
                continue
            if line in lines:
                return bad_line(rel, lines.index(line) + 1, error, WORDING)
        return bad_line(LEDGER_DIR, 1, error, WORDING)

    def _parsed(self, line: bytes) -> Record:
        try:
            return self._parse(line)
        except ValueError as error:
            raise ProblemsFound([self._problem_at(line, error)]) from None

    def _load(self, file: JsonLines, problems: list[Problem]) -> str:
        """Index a file's lines (from ledger_index when its bytes were indexed before)."""
        name = ledger_index.key(file.raw)
        known = ledger_index.read(self.root, name)
        if known is not None:
            for entry in known:
                self._index(*entry)
            return name
        days: set[bytes] = set()
        entries: list[ledger_index.Entry] = []

        def index(line: bytes) -> None:
            fields = _fast_fields(line, days)
            if fields is None:
                record = self._parse(line)
                fields = (record.type, record.item, record.account, record.data["at"])
            entries.append((*fields, line))
            self._index(*fields, line)

        before = len(problems)
        parse_lines(file, index, WORDING, problems)
        if len(problems) == before:  # a file with a damaged line is parsed every time
            ledger_index.write(self.root, name, entries)
        return name

    @staticmethod
    def _parse(line: bytes) -> Record:
        try:
            data = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"invalid JSON: {error}") from None
        except RecursionError:
            raise ValueError("invalid JSON: nested too deep") from None
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        missing = [key for key in REQUIRED if not isinstance(data.get(key), str)]
        if missing:
            raise ValueError(f"missing {', '.join(missing)} (or not text)")
        if data["type"] not in RECORD_TYPES:
            raise ValueError(f"unknown type {data['type']!r}")
        _check_names(data["item"], data["account"], data["network"], data["key"])
        _check_at(data["at"])
        _check_extra(data)
        return Record(
            data["type"],
            data["item"],
            data["account"],
            data["network"],
            data["key"],
            _instant(data["at"]),
            data,
        )

    def _index(self, kind: str, item: str, account: str, at: str, line: bytes) -> None:
        self.records += 1
        self._last[(item, account)] = (kind, line)
        if kind in DONE:
            # By UTC day (the text's first 10 characters): spacing asks about a few days only.
            day = at[:10]
            self._done_at.setdefault((account, day), []).append(at)
            if day > self._latest_day.get(account, ""):
                self._latest_day[account] = day

    # Questions.

    def state(self, item_id: str, account: str) -> Record | None:
        """The latest record of the item on the account, if any."""
        last = self._last.get((item_id, account))
        return self._parsed(last[1]) if last is not None else None

    def is_done(self, item_id: str, account: str) -> bool:
        last = self._last.get((item_id, account))
        return last is not None and last[0] in DONE

    def published(self) -> list[Record]:
        """The latest record of every (item, account) whose post is on the network."""
        return [self._parsed(line) for kind, line in self._last.values() if kind in DONE]

    def last_sent(self, account: str) -> datetime | None:
        """When the account last posted (sent or resolved)."""
        day = self._latest_day.get(account)
        return max(map(_instant, self._done_at[(account, day)])) if day else None

    def sent_on(self, account: str, day: date) -> int:
        """Posts of the account on a calendar day of the site's time zone."""
        # A local day lies within the UTC day before, the day itself and the day after.
        stamps = [
            stamp
            for offset in (-1, 0, 1)
            for stamp in self._done_at.get(
                (account, (day + timedelta(days=offset)).isoformat()), ()
            )
        ]
        return sum(1 for s in stamps if _instant(s).astimezone(self.zone).date() == day)

    def sent_since(self, account: str, since: datetime) -> int:
        """Posts of the account from `since` on (a network's rate-limit window)."""
        start, latest = since.astimezone(UTC).date(), self._latest_day.get(account)
        if latest is None:
            return 0
        days = range((date.fromisoformat(latest) - start).days + 1)
        stamps = (
            stamp
            for offset in days
            for stamp in self._done_at.get(
                (account, (start + timedelta(days=offset)).isoformat()), ()
            )
        )
        return sum(1 for stamp in stamps if _instant(stamp) >= since)

    # Records: each is durable on disk before the method returns.

    def record_intent(self, post: Post, at: datetime) -> Record:
        """Before sending: what is about to be posted (so a crash can be resolved later)."""
        return self._append("intent", post, at, text=post.text, link=post.link)

    def record_sent(self, post: Post, sent: Sent, at: datetime) -> Record:
        """After the network accepted the post: its id, URL and exact text."""
        return self._append(
            "sent", post, at, post_id=sent.post_id, url=sent.url, text=post.text, link=post.link
        )

    def record_resolved(self, post: Post, sent: Sent, at: datetime) -> Record:
        """An interrupted attempt whose post was found on the network: it counts as sent."""
        return self._append(
            "resolved", post, at, post_id=sent.post_id, url=sent.url, text=post.text, link=post.link
        )

    def record_failed(self, post: Post, at: datetime, kind: str, error: str, retry: bool) -> Record:
        """The attempt failed; `retry` says whether a later run should try again as is."""
        return self._append("failed", post, at, kind=kind, error=error, retry=retry, text=post.text)

    def _append(self, record_type: str, post: Post, at: datetime, **fields: Any) -> Record:
        data = {
            "type": record_type,
            "item": post.item_id,
            "account": post.account,
            "network": post.network,
            "key": post.key,
            "at": _utc(at),
            **fields,
        }
        line = json.dumps(data, ensure_ascii=False, separators=(", ", ": ")) + "\n"
        segment = self._segment_for(at)
        content = self._segment_bytes + line.encode("utf-8")
        try:
            write_atomically(segment, content)
        except OSError as error:
            rel = segment.relative_to(self.root).as_posix()
            raise ProblemsFound([_unwritten(rel, error)]) from None
        self._segment_bytes = content
        raw = line.encode("utf-8").rstrip(b"\n")
        self._index(record_type, post.item_id, post.account, data["at"], raw)
        return self._parse(raw)

    def _segment_for(self, at: datetime) -> Path:
        # `<YYYY-MM>-<NNNN>.jsonl`: a new month's file once that month has come, the next
        # number once a file is full, never an older name — file order stays write order,
        # even when the clock is set back.
        month = f"{at.astimezone(UTC):%Y-%m}"
        current = self._segment
        if current is None or month > current.name[:7]:
            name = f"{month}-0001.jsonl"
        elif len(self._segment_bytes) >= SEGMENT_BYTES:
            stem = current.stem
            number = int(stem[8:]) + 1 if stem[8:].isdigit() else 1
            name = f"{stem[:7]}-{number:04d}.jsonl"
        else:
            return current
        self._segment, self._segment_bytes = self.folder / name, b""
        return self._segment


# The optional fields the engine and the statistics read, with the type each must have.
_EXTRA_TYPES: dict[str, type | tuple[type, ...]] = {
    "post_id": str,
    "url": str,
    "text": str,
    "link": str,
    "kind": str,
    "error": str,
    "retry": bool,
}


def _check_extra(data: dict[str, Any]) -> None:
    if data["type"] in DONE:
        for name in ("post_id", "url"):
            if not isinstance(data.get(name), str) or not data[name]:
                raise ValueError(f"a {data['type']} record needs `{name}` (text)")
    for name, expected in _EXTRA_TYPES.items():
        if name in data and not isinstance(data[name], expected):
            raise ValueError(f"`{name}` has the wrong type ({type(data[name]).__name__})")


def _unwritten(rel: str, error: OSError) -> Problem:
    """A record that could not be written: nothing half-written, and what the next run does."""
    return Problem(
        rel,
        1,
        "",
        f"cannot be written ({error.strerror}) — the file is unchanged; free disk space (or "
        "fix its permissions) and run publish again: a post sent but not recorded is then "
        "found on the network and recorded, never posted twice",
    )
