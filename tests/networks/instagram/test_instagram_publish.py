"""Instagram end to end: `newsroom publish` through the real adapter to the fake Graph API.

A post is two steps on Instagram (a media container, then `media_publish`), and its caption
holds no link: a run killed between the steps, or after the post, must still leave exactly
one post per item, found again by its exact caption. Secrets never show in any printed form.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import yaml
from PIL import Image

from newsroom.networks import counting
from tests.cli_process import example_dry_run
from tests.forked_newsroom import ForkedNewsroom
from tests.networks.instagram.loopback import ACCOUNTS as INSTAGRAM
from tests.syndication.conftest import CONFIG, Room, item_file
from tests.syndication.crashing import CRASH_EXIT
from tests.syndication.loopback import PROJECT, Loopback
from tests.syndication.test_crash import publish
from tests.syndication.test_loopback import printed_forms, run

ACCOUNT = "uni-instagram"


def instagram_room(loopback: Loopback, folder: Path, ids: list[str]) -> tuple[Room, dict]:
    """A newsroom posting only to Instagram, with one JPEG-illustrated item per id."""
    config = copy.deepcopy(CONFIG)
    config["accounts"] = {ACCOUNT: {"network": "instagram", "handle": "1", "languages": ["en"]}}
    config["routing"] = {"every_theme": [ACCOUNT]}
    config, env = loopback.configure(config)
    room = Room(folder, config)
    for n, item_id in enumerate(ids):
        path, text = item_file(
            item_id,
            f"2026-11-1{n}T10:00:00+01:00",
            summary=f"Item {item_id}: a team of physicists mapped brain activity with a sensor.",
        )
        image = f"content/images/{item_id}.jpg"
        (folder / "content/images").mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (64, 64), (20, 90, 200)).save(folder / image, "JPEG")
        meta = f"image: {image}\nimage_alt: A blue square\n"
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.replace("\n---\n", f"\n{meta}---\n", 1), encoding="utf-8")
    loopback.watch(room.root)
    return room, env


def test_killed_at_every_step_of_the_two_step_publish_posts_once(
    loopback: Loopback, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    ids = [f"gr{n}aaaaa" for n in range(3)]
    room, env = instagram_room(loopback, tmp_path, ids)
    points = [
        "after-container:1",  # a container made, never published: it expires on Instagram
        "after-ready:1",  # FINISHED, not published
        "after-publish:1",  # published, the adapter never returned: found by its caption
        "after-send:1",
        "after-intent:1",
        "after-find:1",
        "after-record:1",
    ]
    crashes = 0
    for point in points:
        result = publish(crashing, room.root, env, point)
        assert result.returncode in (CRASH_EXIT, 0), result.stdout + result.stderr
        crashes += result.returncode == CRASH_EXIT
        for item_id in ids:
            assert loopback.count(item_id)[ACCOUNT] <= 1, (point, item_id)
    assert crashes >= 6
    final = publish(crashing, room.root, env, None)
    assert final.returncode == 0, final.stdout + final.stderr
    assert [loopback.count(i)[ACCOUNT] for i in ids] == [1, 1, 1]
    unpublished = [c for c in loopback.instagram.containers.values() if not c["published"]]
    assert len(unpublished) >= 2, "the runs really stopped between the two steps"
    records = [json.loads(line) for line in room.ledger_lines()]
    assert any(r["type"] == "resolved" for r in records), "a post was found, not resent"
    media = loopback.instagram.media
    assert all(m["image_url"].endswith(".jpg") and "Link in bio" in m["caption"] for m in media)
    assert all("/s/" not in m["caption"] for m in media), "no link in a caption"


def test_killed_at_every_step_of_a_carousel_posts_once(
    loopback: Loopback, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    """An item with a gallery is a carousel: three item containers (its image and two
    photos), each FINISHED, then the carousel's container, then media_publish. Runs killed
    between any two steps leave containers never shown; the carousel is posted once, with
    every photo, and one published before a crash is found again by its caption."""
    loopback.reset_fakes()
    room, env = instagram_room(loopback, tmp_path, ["gc0aaaaa"])
    (path,) = (tmp_path / "content/news").rglob("*.md")
    photos = ""
    for name in ("stage", "crowd"):
        Image.new("RGB", (80, 60), (200, 90, 20)).save(tmp_path / f"content/images/{name}.jpg")
        photos += (f"  - image: content/images/{name}.jpg\n    alt: The {name} at night\n"
                   f"    caption: The {name}.\n    credit: Photo Jane Doe\n")  # fmt: skip
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n---\n", f"\ngallery:\n{photos}---\n", 1), encoding="utf-8")
    points = [
        "after-container:1",  # the image's item container
        "after-ready:1",  # the image ready, no carousel yet
        "after-container:3",  # the last photo's container
        "after-container:4",  # the carousel's container, never published
        "after-ready:4",  # the carousel FINISHED, not published
        "after-publish:1",  # published, the adapter never returned: found by its caption
        "after-intent:1",
    ]
    crashed = []
    for point in points:
        result = publish(crashing, room.root, env, point)
        assert result.returncode in (CRASH_EXIT, 0), result.stdout + result.stderr
        crashed += [point] if result.returncode == CRASH_EXIT else []
        assert loopback.count("gc0aaaaa")[ACCOUNT] <= 1, point
    final = publish(crashing, room.root, env, None)
    assert final.returncode == 0, final.stdout + final.stderr
    assert set(points[:6]) <= set(crashed), crashed
    (media,) = loopback.instagram.media
    assert media["media_type"] == "CAROUSEL_ALBUM"
    site = room.config["site"]["url"]
    assert media["children"] == [
        {"image_url": f"{site}/images/gc0aaaaa.jpg", "alt_text": "A blue square"},
        {"image_url": f"{site}/images/stage.jpg", "alt_text": "The stage at night"},
        {"image_url": f"{site}/images/crowd.jpg", "alt_text": "The crowd at night"},
    ]
    containers = loopback.instagram.containers.values()
    shown = {child for c in containers if c["published"] for child in c["children"]}
    abandoned = [c for c in containers if not c["published"] and c["id"] not in shown]
    assert len(abandoned) >= 4, "the runs really stopped between the steps"
    records = [json.loads(line) for line in room.ledger_lines()]
    assert any(r["type"] == "resolved" for r in records), "a post was found, not resent"


def test_no_instagram_secret_is_printed_logged_or_recorded(
    loopback: Loopback, tmp_path: Path
) -> None:
    loopback.reset_fakes()
    room, env = instagram_room(loopback, tmp_path, ["gs0aaaaa", "gs1aaaaa"])
    _, _, token = INSTAGRAM[ACCOUNT]
    fake = loopback.instagram
    fake.tokens[token].expires_at = 1  # expired: the failing path names the account
    outputs = [run(room.root, env, "publish", "-vv")]
    assert outputs[0].exit_code == 1 and "renew the Instagram token" in outputs[0].output
    fake.tokens[token].expires_at = 4102444800
    fake.fail(503, times=1, path="/media$")  # retried: the 503 path logs too
    outputs.append(run(room.root, env, "publish", "-vv"))
    outputs.append(run(room.root, env, "preview-posts"))
    assert outputs[1].exit_code == 0, outputs[1].output
    assert [loopback.count(i)[ACCOUNT] for i in ("gs0aaaaa", "gs1aaaaa")] == [1, 1]
    text = "\n".join(r.output for r in outputs)
    text += "".join(p.read_text() for p in (room.root / "ledger").rglob("*.json*"))
    assert "DEBUG" in text and "httpx" in text, "verbose logging was on"
    assert any(c in token for c in "+/=&%")
    for form in printed_forms(token):
        assert form not in text, f"the Instagram token leaked as {form[:8]}…"


def test_example_newsroom_dry_run_shows_instagram_within_its_limits(tmp_path: Path) -> None:
    """The example account: captions end with the account's wording, never a link, and hold
    at most 5 hashtags, and the preview names the tags dropped."""
    result = example_dry_run()
    config = yaml.safe_load((PROJECT / "newsroom.yml").read_text(encoding="utf-8"))
    wording = config["accounts"][ACCOUNT]["link_wording"]
    blocks = result.stdout.split(f"**{ACCOUNT}** (Instagram")[1:]
    assert blocks, result.stdout
    for block in blocks:
        length, limit = block.split(" — ", 1)[1].split(" characters", 1)[0].split("/")
        assert int(length) <= int(limit) == 2200
        caption = block.split("```text\n", 1)[1].split("\n```", 1)[0]
        assert caption.endswith(wording) and "/s/" not in caption
        # At most 5 hashtags since 19 Dec 2025; the first tags are kept, the rest named.
        assert counting.hashtags(caption) <= 5, caption
