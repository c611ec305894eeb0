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


def _threads_only_example(loopback: Loopback, root: Path) -> tuple[dict[str, str], list[Path]]:
    """The example newsroom at `root` with its Threads account alone, every theme routed to
    it, the fakes reset: the environment of its runs, and its items' files."""
    loopback.reset_fakes()
    env = loopback.example_newsroom(root)
    config = yaml.safe_load((root / "newsroom.yml").read_text(encoding="utf-8"))
    config["accounts"] = {"uni-threads": config["accounts"]["uni-threads"]}
    config["routing"] = {"every_theme": ["uni-threads"]}
    (root / "newsroom.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return env, sorted((root / "content/news").rglob("*.md"))


def test_killed_runs_never_post_twice_on_threads(
    loopback: Loopback, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    """Threads publishes in two steps (a container, then `threads_publish`): runs killed
    after the container is made, once it is ready, once it is published (the adapter's own
    points), and at the engine's points, over 6 items of the example with their images. A
    container left unpublished is never shown (a rerun makes a new one); a published post
    is found among the account's recent threads."""
    env, items = _threads_only_example(loopback, tmp_path)
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


def test_killed_runs_never_post_a_carousel_twice_on_threads(
    loopback: Loopback, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    """The example's gallery item is a carousel on Threads: five item containers (its image
    and four photos), each FINISHED, then the carousel's container, then `threads_publish`.
    Runs killed between any two of these steps, and at the engine's points, leave containers
    that are never shown; the post is published once, with every photo, and a post
    published before a crash is found again."""
    env, items = _threads_only_example(loopback, tmp_path)
    (gallery_item,) = [p for p in items if _front(p.read_text(encoding="utf-8")).get("gallery")]
    for path in set(items) - {gallery_item}:
        path.unlink()
    meta = _front(gallery_item.read_text(encoding="utf-8"))
    points = [
        "after-container:1",  # the first photo's container
        "after-ready:2",  # the second photo ready
        "after-container:5",  # the last photo's container, none in a carousel yet
        "after-container:6",  # the carousel's container, never published
        "after-ready:6",  # the carousel FINISHED, not published
        "after-intent:1",
        "after-publish:1",  # published, the ledger not told
        "after-send:1",
        "after-find:1",
        "after-record:1",
    ]
    crashed = []
    for point in points:
        result = publish(crashing, tmp_path, env, point)
        assert result.returncode in (CRASH_EXIT, 0), result.stdout + result.stderr
        crashed += [point] if result.returncode == CRASH_EXIT else []
        assert loopback.count(str(meta["id"]))["uni-threads"] <= 1, point
    final = publish(crashing, tmp_path, env, None)
    assert final.returncode == 0, final.stdout + final.stderr
    (thread,) = loopback.threads.threads
    assert thread["media_type"] == "CAROUSEL_ALBUM"
    photos = [(meta["image"], meta["image_alt"])]
    photos += [(photo["image"], photo["alt"]) for photo in meta["gallery"]]  # type: ignore[union-attr]
    site = yaml.safe_load((tmp_path / "newsroom.yml").read_text(encoding="utf-8"))["site"]["url"]
    assert thread["children"] == [
        {"image_url": f"{site}/{str(path).removeprefix('content/')}", "alt_text": alt}
        for path, alt in photos
    ]
    unpublished = [c for c in loopback.threads.containers.values() if c["status"] != "PUBLISHED"]
    records = [json.loads(line) for f in (tmp_path / "ledger/posts").glob("*.jsonl")
               for line in f.read_text().splitlines()]  # fmt: skip
    # Every step of the carousel was cut once (the engine's points past a recorded post
    # are not reached: that run has nothing left to do).
    assert {*points[:6], "after-publish:1"} <= set(crashed), crashed
    assert unpublished, "containers were abandoned, and never shown"
    assert "resolved" in [r["type"] for r in records], "a published post was found again"


def _front(text: str) -> dict[str, object]:
    return yaml.safe_load(text.split("---\n")[1])


def _due_in_english_with_image(text: str) -> bool:
    meta = _front(text)
    date = str(meta["date"])[:10]
    return bool(meta.get("image")) and meta.get("lang", "en") == "en" and date < NOW[:10]
