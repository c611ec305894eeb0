"""Time the syndication engine with no network latency (an adapter that answers at once).

Run:  .venv/bin/python benchmarks/bench_publish.py [N]          (default N = 200)

Prints (medians of 5 runs, content loading excluded — `bench_check.py` measures that):
- the engine's cost per post and per item, publishing N new items to 4 accounts from an
  empty ledger (composition, routing, spacing, intent + sent records with fsync, queue);
- one new item with an empty ledger, against one new item with 10,000 items (40,000
  posts, 80,000 records) already in the ledger: the ledger is indexed once per run, so the
  two should be close.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsroom.networks import NETWORKS
from newsroom.networks.base import Adapter, Limits, Post, Sent
from newsroom.repository import open_newsroom
from newsroom.schema import ID_ALPHABET
from newsroom.syndication.delivery import RetryPolicy
from newsroom.syndication.engine import Publisher

RUNS = 5
ACCOUNTS = {
    "uni-x": "x",
    "uni-mastodon": "mastodon",
    "uni-bluesky": "bluesky",
    "uni-li": "linkedin",
}
NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


class InstantAdapter(Adapter):
    """Accepts every post at once: what remains is the engine's own cost."""

    network = "instant"

    def limits(self) -> Limits:
        return NETWORKS[self.settings.network].limits

    def measure(self, text: str) -> int:
        return NETWORKS[self.settings.network].measure(text)

    def publish(self, post: Post) -> Sent:
        return Sent(post.key, f"https://example.net/{post.key}")

    def find(self, post: Post) -> Sent | None:
        return None


def instant(account_id: str, settings: object, secrets: Mapping[str, str]) -> Adapter:
    return InstantAdapter(account_id, settings, secrets)  # type: ignore[arg-type]


def write_newsroom(root: Path, items: int) -> list[str]:
    accounts = "".join(
        f"  {a}:\n    network: {n}\n    handle: h-{a}\n" for a, n in ACCOUNTS.items()
    )
    (root / "newsroom.yml").write_text(
        "site:\n  name: Bench\n  publisher: Bench University\n"
        "  url: https://news.bench.edu\n  timezone: Europe/Paris\n"
        "themes:\n  - slug: quantum\n    name: Quantum\n"
        "authors:\n  - id: press-office\n    name: Press Office\n"
        f"accounts:\n{accounts}"
        f"routing:\n  every_theme: [{', '.join(ACCOUNTS)}]\n"
        "spacing:\n  min_interval_minutes: 0\n  daily_cap: 100000\n"
    )
    ids = []
    for n in range(items):
        item_id = "b" + "".join(ID_ALPHABET[(n >> (5 * k)) & 31] for k in range(6))
        date = (NOW - timedelta(days=400) + timedelta(minutes=n)).astimezone(UTC)
        folder = root / f"content/news/quantum/{date:%Y}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{date:%Y-%m-%d}-item-{n}.md").write_text(
            f"---\nid: {item_id}\ntitle: Item number {n}\ndate: {date.isoformat()}\n"
            "summary: A research team reports results that matter for the whole campus "
            f"community, item {n}.\nauthors: [press-office]\ntags: [quantum, student-life]\n"
            "---\nBody.\n"
        )
        ids.append(item_id)
    return ids


def write_ledger(root: Path, ids: list[str]) -> None:
    """`ids` already posted on every account, as a real run would have recorded them."""
    folder = root / "ledger/posts"
    folder.mkdir(parents=True)
    at = (NOW - timedelta(days=1)).isoformat().replace("+00:00", "Z")
    lines = []
    for item_id in ids:
        for account, network in ACCOUNTS.items():
            base = {"item": item_id, "account": account, "network": network}
            base.update(key=f"{item_id}-{account}", at=at, text="t" * 200, link="https://x/s/a")
            lines.append(json.dumps({"type": "intent", **base}))
            lines.append(json.dumps({"type": "sent", **base, "post_id": "1", "url": "u"}))
    (folder / f"{NOW:%Y-%m}-0001.jsonl").write_text("\n".join(lines) + "\n")


def timed_run(root: Path) -> tuple[float, int]:
    newsroom = open_newsroom(root)  # not timed: content loading is `check`'s benchmark
    start = time.perf_counter()
    report = Publisher(newsroom, adapter_factory=instant, policy=RetryPolicy(attempts=1)).run()
    elapsed = time.perf_counter() - start
    return elapsed, sum(o.status == "sent" for o in report.outcomes)


def median_of_fresh_runs(prepare: Callable[[Path], None]) -> tuple[float, int]:
    times, posts = [], 0
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            prepare(root)
            elapsed, posts = timed_run(root)
            times.append(elapsed)
    return statistics.median(times), posts


def main(count: int) -> None:
    os.environ["NEWSROOM_NOW"] = NOW.isoformat()
    elapsed, posts = median_of_fresh_runs(lambda root: write_newsroom(root, count))
    print(
        f"{count} new items, empty ledger: {elapsed:6.3f} s for {posts} posts — "
        f"{elapsed / posts * 1e3:5.2f} ms/post, {elapsed / count * 1e3:5.2f} ms/item"
    )
    empty, _ = median_of_fresh_runs(lambda root: write_newsroom(root, 1))

    def big(root: Path) -> None:
        ids = write_newsroom(root, 10_001)
        write_ledger(root, ids[:-1])

    full, posts = median_of_fresh_runs(big)
    assert posts == len(ACCOUNTS), posts
    print(f"1 new item, empty ledger:                 {empty * 1e3:7.1f} ms")
    print(
        f"1 new item, 10,000 items in the ledger:   {full * 1e3:7.1f} ms  "
        f"(+{(full - empty) * 1e3:.1f} ms: reading 80,000 records and skipping 10,000 items)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
