"""Threads' two-step publish killed at every point (tests/syndication/test_crash.py's runs):
a container left unpublished is never shown, a published post is found again."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests.forked_newsroom import ForkedNewsroom
from tests.syndication.crashing import CRASH_EXIT
from tests.syndication.loopback import Loopback
from tests.syndication.test_crash import NOW, publish


def test_killed_runs_never_post_twice_on_threads(
    loopback: Loopback, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    """Threads publishes in two steps (a container, then `threads_publish`): runs killed
    after the container is made, once it is ready, once it is published (the adapter's own
    points), and at the engine's points, over 6 items of the example with their images. A
    container left unpublished is never shown (a rerun makes a new one); a published post
    is found among the account's recent threads."""
    loopback.reset_fakes()
    env = loopback.example_newsroom(tmp_path)
    config = yaml.safe_load((tmp_path / "newsroom.yml").read_text(encoding="utf-8"))
    config["accounts"] = {"uni-threads": config["accounts"]["uni-threads"]}
    config["routing"] = {"every_theme": ["uni-threads"]}
    (tmp_path / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    items = sorted((tmp_path / "content/news").rglob("*.md"))
    kept = [p for p in items if _due_in_english_with_image(p.read_text(encoding="utf-8"))][:6]
    for path in set(items) - set(kept):
        path.unlink()
    ids = [_front(p.read_text(encoding="utf-8"))["id"] for p in kept]
    assert len(ids) == 6
    points = [
        "after-container:1",
        "after-ready:1",
        "after-publish:1",
        "after-container:2",
        "after-intent:1",
        "after-send:1",
        "after-find:1",
        "after-publish:2",
        "after-record:1",
        "after-ready:2",
    ]
    crashes = 0
    for point in points:
        result = publish(crashing, tmp_path, env, point)
        assert result.returncode in (CRASH_EXIT, 0), result.stdout + result.stderr
        crashes += result.returncode == CRASH_EXIT
        for item_id in ids:
            assert loopback.count(item_id)["uni-threads"] <= 1, (point, item_id)
    final = publish(crashing, tmp_path, env, None)
    assert final.returncode == 0, final.stdout + final.stderr
    assert [loopback.count(i)["uni-threads"] for i in ids] == [1] * len(ids)
    assert {t["media_type"] for t in loopback.threads.threads} == {"IMAGE"}
    unpublished = [c for c in loopback.threads.containers.values() if c["status"] != "PUBLISHED"]
    records = [json.loads(line) for f in (tmp_path / "ledger/posts").glob("*.jsonl")
               for line in f.read_text().splitlines()]  # fmt: skip
    assert crashes >= 8 and unpublished, "containers were abandoned, and never shown"
    assert "resolved" in [r["type"] for r in records], "a published post was found again"


def _front(text: str) -> dict[str, object]:
    return yaml.safe_load(text.split("---\n")[1])


def _due_in_english_with_image(text: str) -> bool:
    meta = _front(text)
    date = str(meta["date"])[:10]
    return bool(meta.get("image")) and meta.get("lang", "en") == "en" and date < NOW[:10]
