"""Facebook Pages killed at every kind of point (tests/syndication/test_crash.py's runs)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from tests.forked_newsroom import ForkedNewsroom
from tests.syndication.conftest import CONFIG, Room
from tests.syndication.crashing import CRASH_EXIT
from tests.syndication.loopback import Loopback
from tests.syndication.test_crash import publish


def test_killed_runs_never_post_twice_on_facebook(
    loopback: Loopback, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    """Runs killed at every kind of point over 4 items: Facebook Pages finds a post sent
    before a crash among the page's recent posts, so none is posted twice."""
    loopback.reset_fakes()
    config = copy.deepcopy(CONFIG)
    config["accounts"] = {
        "uni-facebook": {"network": "facebook", "handle": "1", "languages": ["en"]},
    }
    config["routing"] = {"every_theme": ["uni-facebook"]}
    config, env = loopback.configure(config)
    room = Room(tmp_path, config)
    ids = [f"fb{n}aaaaa" for n in range(4)]
    for n, item_id in enumerate(ids):
        room.add(item_id, f"2026-11-1{n}T10:00:00+01:00")
    crashes = 0
    points = ["after-send:1", "after-send:2", "after-intent:1", "after-find:1", "after-record:1"]
    for point in [*points, "after-send:1", "after-find:1"]:
        result = publish(crashing, room.root, env, point)
        assert result.returncode in (CRASH_EXIT, 0), result.stdout + result.stderr
        crashes += result.returncode == CRASH_EXIT
        for item_id in ids:
            counts = loopback.count(item_id)
            assert counts["uni-facebook"] <= 1, (point, counts)
    final = publish(crashing, room.root, env, None)
    assert final.returncode == 0, final.stdout + final.stderr
    for item_id in ids:
        counts = loopback.count(item_id)
        assert counts["uni-facebook"] == 1, (item_id, counts)
    records = [json.loads(line) for line in room.ledger_lines()]
    resolved = [r["account"] for r in records if r["type"] == "resolved"]
    assert crashes >= 5 and "uni-facebook" in resolved, resolved
