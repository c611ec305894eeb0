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
cost the same with ten records or a hundred thousand, and loading stays fast.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..networks.base import Post, Sent
from ..problems import Problem, ProblemsFound

LEDGER_DIR = "ledger"
POSTS_DIR = "posts"
RECORD_TYPES = ("intent", "sent", "resolved", "failed")
REQUIRED = ("type", "item", "account", "network", "key", "at")


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


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` by `data`: temporary file, fsync, rename, fsync of the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# A line as `_append` writes it starts with the six required fields in this order, so the
# index is built with one regular expression per line; any other line is parsed as JSON.
_OWN_LAYOUT = re.compile(
    rb'\{"type": "(intent|sent|resolved|failed)", "item": "([^"\\]*)", '
    rb'"account": "([^"\\]*)", "network": "[^"\\]*", "key": "[^"\\]*", "at": "([^"\\]*)"[,}]'
)
DONE = ("sent", "resolved")
SEGMENT_BYTES = 256 * 1024  # a new file past this size: each atomic rewrite stays small


def _fast_fields(line: bytes) -> tuple[str, str, str, str] | None:
    """(type, item, account, at) of a line in our own layout, else None."""
    match = _OWN_LAYOUT.match(line)
    if match is None or not line.endswith(b"}"):
        return None
    kind, item, account, at = match.groups()
    return kind.decode(), item.decode(), account.decode(), at.decode()


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
        for segment in segments:
            raw = segment.read_bytes()
            ledger._load(segment, raw, problems)
            ledger._segment, ledger._segment_bytes = segment, raw
        if problems:
            raise ProblemsFound(problems)
        return ledger

    def _load(self, segment: Path, raw: bytes, problems: list[Problem]) -> None:
        rel = segment.relative_to(self.root).as_posix()
        lines = raw.split(b"\n")
        if lines[-1]:
            problems.append(
                Problem(
                    rel,
                    len(lines),
                    "",
                    "the last line is incomplete (a torn write?) — restore the file from git "
                    "(`git checkout -- " + rel + "`), then check on the network whether the "
                    "post exists before running publish again",
                )
            )
        for number, line in enumerate(lines[:-1], start=1):
            fields = _fast_fields(line)
            try:
                if fields is None:
                    record = self._parse(line)
                    fields = (record.type, record.item, record.account, record.data["at"])
                self._index(*fields, line)
            except ValueError as error:
                problems.append(
                    Problem(
                        rel,
                        number,
                        "",
                        f"not a ledger record ({error}) — repair the line from git history "
                        "(`git log -p " + rel + "`); never delete it",
                    )
                )

    @staticmethod
    def _parse(line: bytes) -> Record:
        try:
            data = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"invalid JSON: {error}") from None
        if not isinstance(data, dict):
            raise ValueError("expected a JSON object")
        missing = [key for key in REQUIRED if not isinstance(data.get(key), str)]
        if missing:
            raise ValueError(f"missing {', '.join(missing)}")
        if data["type"] not in RECORD_TYPES:
            raise ValueError(f"unknown type {data['type']!r}")
        try:
            at = _instant(data["at"])
        except ValueError:
            raise ValueError(f"`at` is not a date-time: {data['at']!r}") from None
        return Record(
            data["type"], data["item"], data["account"], data["network"], data["key"], at, data
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
        return self._parse(last[1]) if last is not None else None

    def is_done(self, item_id: str, account: str) -> bool:
        last = self._last.get((item_id, account))
        return last is not None and last[0] in DONE

    def published(self) -> list[Record]:
        """The latest record of every (item, account) whose post is on the network."""
        return [self._parse(line) for kind, line in self._last.values() if kind in DONE]

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
        write_atomically(segment, content)
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
