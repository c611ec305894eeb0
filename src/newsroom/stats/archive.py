"""The stats archive: every reading of every post, append-only JSON Lines kept in git.

Layout (documented in docs/stats.md): `stats/snapshots/<YYYY-MM>.jsonl`, one reading per
line, by the UTC month of the reading. Lines are only ever appended; each write replaces the
month's file through a temporary file, fsync and rename (as the ledger does), so a crash
leaves the old file or the new one, never half a line. A line that is not a reading stops
the run with its file and line: nothing is silently dropped.

Schema versions (`"v"` on each line): 1 (no `"v"`, before returns were read) has post
readings only; 2 adds `"kind"`: `"post"` (as before; `counts` may hold `clicks`, the link
clicks the network reported) or `"visits"` (one tracked link's visits from the site's
analytics). Version-1 lines are read as post readings; nothing is ever rewritten.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from ..atomic_files import write_atomically
from ..jsonl import Wording, parse_lines, read_json_lines
from ..problems import Problem, ProblemsFound
from ..safe_files import MIB

STATS_DIR = "stats"
SNAPSHOTS_DIR = "snapshots"
REQUIRED = ("item", "account", "network", "post_id", "at", "status")
VISITS_REQUIRED = ("item", "source", "campaign", "at", "status", "provider")
SCHEMA_VERSION = 2
# The rate limits cap a run at ~750 readings: hourly runs for a month write ~560,000 lines
# (~140 MB). The limit leaves room for that, and refuses a file that is not an archive.
MAX_MONTH_BYTES = 256 * MIB


class ReadingStatus(StrEnum):
    """What a reading found; why a post could not be read is the reading's `error`."""

    OK = "ok"  # the counts (or visits) were read
    DELETED = "deleted"  # the post is gone from the network: read no more
    UNREACHABLE = "unreachable"  # the network or the analytics could not be read: tried again


VISITS_STATUSES = (ReadingStatus.OK, ReadingStatus.UNREACHABLE)  # a link is never deleted
# What every network's counts are mapped to; the sum of these is "interactions".
INTERACTIONS = ("likes", "reposts", "replies", "quotes")


@dataclass(frozen=True)
class Snapshot:
    """One reading of one post's counts, at one moment."""

    item: str
    account: str
    network: str
    post_id: str
    at: datetime
    status: ReadingStatus
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""  # why the post could not be read (unreachable)

    @property
    def interactions(self) -> int:
        """Likes + reposts + replies + quotes (impressions and bookmarks are not counted)."""
        return sum(self.counts.get(key, 0) for key in INTERACTIONS)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "kind": "post",
            "item": self.item,
            "account": self.account,
            "network": self.network,
            "post_id": self.post_id,
            "at": utc_text(self.at),
            "status": self.status,
            "counts": self.counts,
        }
        if self.error:
            data["error"] = self.error
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


@dataclass(frozen=True)
class VisitsReading:
    """One reading of one tracked link's visits (schema 2), from the site's analytics."""

    item: str
    source: str  # utm_source of the link
    campaign: str  # utm_campaign of the link
    networks: tuple[str, ...]  # of the posts that carry this link
    at: datetime
    status: ReadingStatus  # OK or UNREACHABLE
    provider: str  # matomo | plausible
    visits: int = 0
    error: str = ""

    @property
    def network(self) -> str:
        """The one network whose posts carry the link, or "" when several share it."""
        return self.networks[0] if len(self.networks) == 1 else ""

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "v": SCHEMA_VERSION,
            "kind": "visits",
            "item": self.item,
            "source": self.source,
            "campaign": self.campaign,
            "networks": list(self.networks),
            "at": utc_text(self.at),
            "status": self.status,
            "provider": self.provider,
            "visits": self.visits,
        }
        if self.error:
            data["error"] = self.error
        return json.dumps(data, ensure_ascii=False, separators=(", ", ": "))


Reading = Snapshot | VisitsReading


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_line(line: str) -> Reading:
    """A line of the archive (any schema version); ValueError says what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    version = data.get("v", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"unknown schema version {version!r}")
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"written by a newer Newsroom (schema {version}, this one reads up to "
            f"{SCHEMA_VERSION}) — update Newsroom"
        )
    kind = data.get("kind", "post")
    if kind == "visits" and version >= 2:
        return _parse_visits(data)
    if kind != "post":
        raise ValueError(f"unknown kind {kind!r}")
    return _parse_post(data)


def parse_snapshot(line: str) -> Snapshot:
    """A post reading; ValueError if the line is not one."""
    reading = parse_line(line)
    if not isinstance(reading, Snapshot):
        raise ValueError("not a post reading")
    return reading


def _parse_at(data: dict[str, Any]) -> datetime:
    try:
        return datetime.fromisoformat(data["at"].replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"`at` is not a date-time: {data['at']!r}") from None


def _status(data: dict[str, Any], allowed: tuple[ReadingStatus, ...]) -> ReadingStatus:
    """The line's `status`, if it is one of `allowed`; ValueError otherwise."""
    if data["status"] not in allowed:
        raise ValueError(f"unknown status {data['status']!r}")
    return ReadingStatus(data["status"])


def _parse_visits(data: dict[str, Any]) -> VisitsReading:
    missing = [key for key in VISITS_REQUIRED if not isinstance(data.get(key), str)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    status = _status(data, VISITS_STATUSES)
    visits = data.get("visits", 0)
    if not isinstance(visits, int) or isinstance(visits, bool) or visits < 0:
        raise ValueError("`visits` must be a whole number")
    networks = data.get("networks") or []
    if not isinstance(networks, list) or not all(isinstance(n, str) for n in networks):
        raise ValueError("`networks` must be a list of network names")
    return VisitsReading(
        data["item"],
        data["source"],
        data["campaign"],
        tuple(networks),
        _parse_at(data),
        status,
        data["provider"],
        visits,
        str(data.get("error", "")),
    )


def _parse_post(data: dict[str, Any]) -> Snapshot:
    missing = [key for key in REQUIRED if not isinstance(data.get(key), str)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    status = _status(data, tuple(ReadingStatus))
    counts = data.get("counts") or {}
    if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
        raise ValueError("`counts` must map names to whole numbers")
    at = _parse_at(data)
    return Snapshot(
        data["item"],
        data["account"],
        data["network"],
        data["post_id"],
        at,
        status,
        counts,
        str(data.get("error", "")),
    )


class Archive:
    """The snapshots of a newsroom, in reading order."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / STATS_DIR / SNAPSHOTS_DIR
        self.snapshots: list[Snapshot] = []
        self.visits: list[VisitsReading] = []
        self._files: dict[Path, bytes] = {}

    @classmethod
    def open(cls, root: Path) -> Archive:
        """Read every month's file; raise ProblemsFound naming each line that is not a reading."""
        archive = cls(root)
        problems: list[Problem] = []
        files = sorted(archive.folder.glob("*.jsonl")) if archive.folder.is_dir() else []
        for path in files:
            file = read_json_lines(path, root, MAX_MONTH_BYTES, WORDING, problems)
            if file is None:
                continue
            archive._files[path] = file.raw
            for reading in parse_lines(file, _parse_bytes, WORDING, problems):
                if isinstance(reading, Snapshot):
                    archive.snapshots.append(reading)
                else:
                    archive.visits.append(reading)
        if problems:
            raise ProblemsFound(problems)
        archive.snapshots.sort(key=lambda s: s.at)
        archive.visits.sort(key=lambda s: s.at)
        return archive

    def latest(self) -> dict[tuple[str, str], Snapshot]:
        """The latest reading of each (item, account)."""
        return {(s.item, s.account): s for s in self.snapshots}

    def append(self, snapshots: Iterable[Reading]) -> None:
        """Add readings, durable on disk when this returns (one atomic write per month)."""
        by_file: dict[Path, list[Reading]] = {}
        for snapshot in snapshots:
            path = self.folder / f"{snapshot.at.astimezone(UTC):%Y-%m}.jsonl"
            by_file.setdefault(path, []).append(snapshot)
        for path, batch in by_file.items():
            lines = "".join(s.to_json() + "\n" for s in batch).encode("utf-8")
            content = self._files.get(path, b"") + lines
            write_atomically(path, content)
            self._files[path] = content
            self.snapshots.extend(r for r in batch if isinstance(r, Snapshot))
            self.visits.extend(r for r in batch if isinstance(r, VisitsReading))
        self.snapshots.sort(key=lambda s: s.at)
        self.visits.sort(key=lambda s: s.at)


_RESTORE = "restore the file from git (`git checkout -- {rel}`); the next run reads the posts again"
WORDING = Wording(
    refused=_RESTORE,
    torn="the last line is incomplete (a torn write?) — " + _RESTORE,
    bad_line="not a stats reading ({error}) — repair the line from git history "
    "(`git log -p {rel}`)",
)


def _parse_bytes(line: bytes) -> Reading:
    # Text with undecodable bytes replaced: JSON then names what is wrong, at this line.
    return parse_line(line.decode("utf-8", errors="replace"))
