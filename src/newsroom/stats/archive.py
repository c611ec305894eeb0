"""The stats archive: every reading of every post, append-only JSON Lines kept in git.

Layout (documented in docs/stats.md): `stats/snapshots/<YYYY-MM>.jsonl`, one reading per
line, by the UTC month of the reading. Lines are only ever appended; each write replaces the
month's file through a temporary file, fsync and rename (as the ledger does), so a crash
leaves the old file or the new one, never half a line. A line that is not a reading stops
the run with its file and line: nothing is silently dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..problems import Problem, ProblemsFound
from ..syndication.ledger import write_atomically

STATS_DIR = "stats"
SNAPSHOTS_DIR = "snapshots"
STATUSES = ("ok", "deleted", "unreachable")
REQUIRED = ("item", "account", "network", "post_id", "at", "status")
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
    status: str  # ok | deleted | unreachable
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""  # why the post could not be read (unreachable)

    @property
    def interactions(self) -> int:
        """Likes + reposts + replies + quotes (impressions and bookmarks are not counted)."""
        return sum(self.counts.get(key, 0) for key in INTERACTIONS)

    def to_json(self) -> str:
        data: dict[str, Any] = {
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


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def parse_snapshot(line: str) -> Snapshot:
    """A line of the archive as a Snapshot; ValueError says what is wrong."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"invalid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ValueError("expected a JSON object")
    missing = [key for key in REQUIRED if not isinstance(data.get(key), str)]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    if data["status"] not in STATUSES:
        raise ValueError(f"unknown status {data['status']!r}")
    counts = data.get("counts") or {}
    if not isinstance(counts, dict) or not all(isinstance(v, int) for v in counts.values()):
        raise ValueError("`counts` must map names to whole numbers")
    try:
        at = datetime.fromisoformat(data["at"].replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"`at` is not a date-time: {data['at']!r}") from None
    return Snapshot(
        data["item"],
        data["account"],
        data["network"],
        data["post_id"],
        at,
        data["status"],
        counts,
        str(data.get("error", "")),
    )


class Archive:
    """The snapshots of a newsroom, in reading order."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / STATS_DIR / SNAPSHOTS_DIR
        self.snapshots: list[Snapshot] = []
        self._files: dict[Path, bytes] = {}

    @classmethod
    def open(cls, root: Path) -> Archive:
        """Read every month's file; raise ProblemsFound naming each line that is not a reading."""
        archive = cls(root)
        problems: list[Problem] = []
        files = sorted(archive.folder.glob("*.jsonl")) if archive.folder.is_dir() else []
        for path in files:
            raw = path.read_bytes()
            archive._files[path] = raw
            rel = path.relative_to(root).as_posix()
            lines = raw.decode("utf-8", errors="replace").split("\n")
            if lines[-1]:
                problems.append(Problem(rel, len(lines), "", _TORN.format(rel=rel)))
            for number, line in enumerate(lines[:-1], start=1):
                try:
                    archive.snapshots.append(parse_snapshot(line))
                except ValueError as error:
                    problems.append(Problem(rel, number, "", _BAD.format(error=error, rel=rel)))
        if problems:
            raise ProblemsFound(problems)
        archive.snapshots.sort(key=lambda s: s.at)
        return archive

    def latest(self) -> dict[tuple[str, str], Snapshot]:
        """The latest reading of each (item, account)."""
        return {(s.item, s.account): s for s in self.snapshots}

    def append(self, snapshots: Iterable[Snapshot]) -> None:
        """Add readings, durable on disk when this returns (one atomic write per month)."""
        by_file: dict[Path, list[Snapshot]] = {}
        for snapshot in snapshots:
            path = self.folder / f"{snapshot.at.astimezone(UTC):%Y-%m}.jsonl"
            by_file.setdefault(path, []).append(snapshot)
        for path, batch in by_file.items():
            lines = "".join(s.to_json() + "\n" for s in batch).encode("utf-8")
            content = self._files.get(path, b"") + lines
            write_atomically(path, content)
            self._files[path] = content
            self.snapshots.extend(batch)
        self.snapshots.sort(key=lambda s: s.at)


_TORN = (
    "the last line is incomplete (a torn write?) — restore the file from git "
    "(`git checkout -- {rel}`); the next run reads the posts again"
)
_BAD = "not a stats reading ({error}) — repair the line from git history (`git log -p {rel}`)"
