"""Pinterest end to end through the real commands: `newsroom check` refuses a routed theme
without a board at its line, the preview skips an item without an image with the
reason, a run killed at any point leaves exactly one pin per item (found again on the board
by its exact link), and `newsroom stats` reports the pins' saves, impressions and clicks."""

from __future__ import annotations

import copy
import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.forked_newsroom import ForkedNewsroom
from tests.networks.pinterest.loopback import Contract, per_theme
from tests.syndication.conftest import CONFIG, Room, item_file
from tests.syndication.crashing import CRASH_EXIT
from tests.syndication.loopback import env_name
from tests.syndication.test_crash import publish
from tests.syndication.test_loopback import run

ACCOUNT = "uni-pinterest"
BOARDS = {"quantum": "1098000000000000101", "events": "1098000000000000105"}


@pytest.fixture(scope="module")
def contract() -> Iterator[Contract]:
    server = Contract()
    server.start()
    yield server
    server.stop()


def pinterest_room(
    contract: Contract, folder: Path, ids: list[str], image: bool = True
) -> tuple[Room, dict[str, str]]:
    """A newsroom pinning only to Pinterest, one item per id (with a JPEG image or none)."""
    config = copy.deepcopy(CONFIG)
    account = {"network": "pinterest", "handle": "x", "languages": ["en"]}
    account["per_theme"] = per_theme(BOARDS)
    secrets = contract.wire(ACCOUNT, account)
    account["credentials"] = {key: env_name(ACCOUNT, key) for key in secrets}
    config["accounts"] = {ACCOUNT: account}
    config["routing"] = {"every_theme": [ACCOUNT]}
    room = Room(folder, config)
    for n, item_id in enumerate(ids):
        path, text = item_file(
            item_id, f"2026-11-1{n}T10:00:00+01:00", theme="events" if n % 2 else "quantum"
        )
        if image:
            picture = f"content/images/{item_id}.jpg"
            (folder / "content/images").mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (64, 64), (20, 90, 200)).save(folder / picture, "JPEG")
            text = text.replace(
                "\n---\n", f"\nimage: {picture}\nimage_alt: A blue square\n---\n", 1
            )
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return room, {env_name(ACCOUNT, key): value for key, value in secrets.items()}


def pins_of(contract: Contract, item_id: str) -> list[dict]:
    return [p for p in contract.fake.pins if f"/s/{item_id}?" in (p["link"] or "")]


def test_check_refuses_a_theme_routed_to_pinterest_without_a_board(
    contract: Contract, tmp_path: Path
) -> None:
    room, env = pinterest_room(contract, tmp_path, ["nb0aaaaa"])
    assert run(room.root, env, "check").exit_code == 0
    del room.config["accounts"][ACCOUNT]["per_theme"]["events"]
    room.write_config()
    result = run(room.root, env, "check")
    assert result.exit_code != 0
    assert "accounts.uni-pinterest.per_theme: theme events is routed to this account but has " \
        "no board — add `events: {board: ...}` (the id of the theme's board" in result.output  # fmt: skip
    assert "Traceback" not in result.output and "newsroom.yml:" in result.output
    room.config["accounts"][ACCOUNT]["per_theme"] = per_theme({**BOARDS, "quantom": "1"})
    room.write_config()
    result = run(room.root, env, "check")
    assert "'quantom' is not a declared theme (did you mean 'quantum'?)" in result.output


def test_an_item_without_an_image_is_skipped_with_the_reason(
    contract: Contract, tmp_path: Path
) -> None:
    contract.reset()
    room, env = pinterest_room(contract, tmp_path, ["nm0aaaaa"], image=False)
    [path] = (room.root / "content/news").rglob("*nm0aaaaa.md")
    preview = run(room.root, env, "preview-posts", str(path))
    assert preview.exit_code == 0, preview.output
    assert "No account receives this item." in preview.output
    assert (
        "not sent to uni-pinterest on Pinterest: Pinterest posts need an image — add `image:` "
        "to the item (or `social.pinterest: false`)"
    ) in preview.output.replace("\\`", "`")  # Markdown-escaped in the comment
    done = run(room.root, env, "publish")
    assert done.exit_code == 0, done.output
    assert contract.fake.pins == [] and contract.fake.requests == []


def test_killed_runs_never_pin_twice_and_lose_no_pin(
    contract: Contract, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    contract.reset()
    ids = [f"pk{n}aaaaa" for n in range(3)]
    room, env = pinterest_room(contract, tmp_path, ids)
    # after-send: the pin is made and the ledger does not know it yet (found by its link).
    points = ["after-send:1", "after-send:1", "after-intent:1", "after-find:1",
              "after-record:1", "after-send:1"]  # fmt: skip
    crashes = 0
    for point in points:
        result = publish(crashing, room.root, env, point)
        assert result.returncode in (CRASH_EXIT, 0), result.stdout + result.stderr
        crashes += result.returncode == CRASH_EXIT
        assert all(len(pins_of(contract, i)) <= 1 for i in ids), point
    final = publish(crashing, room.root, env, None)
    assert final.returncode == 0, final.stdout + final.stderr
    assert [len(pins_of(contract, i)) for i in ids] == [1, 1, 1]
    records = [json.loads(line) for line in room.ledger_lines()]
    assert crashes >= 5
    assert any(r["type"] == "resolved" for r in records), "a pin was found, not made again"
    boards = {pins_of(contract, i)[0]["board_id"] for i in ids}
    assert boards == set(BOARDS.values()), "each theme on its own board"


def test_stats_report_saves_impressions_and_outbound_clicks(
    contract: Contract, crashing: ForkedNewsroom, tmp_path: Path
) -> None:
    contract.reset()
    ids = ["ps0aaaaa", "ps1aaaaa"]
    room, env = pinterest_room(contract, tmp_path, ids)
    assert publish(crashing, room.root, env, None).returncode == 0
    for n, item_id in enumerate(ids):
        [pin] = pins_of(contract, item_id)
        pin["metrics"].update(SAVE=4 + n, IMPRESSION=200 + n, OUTBOUND_CLICK=7 + n)
    result = run(room.root, env, "stats")
    assert result.exit_code == 0, result.output
    with (room.root / "output/stats/stats.csv").open(encoding="utf-8") as handle:
        rows = {r["item"]: r for r in csv.DictReader(handle)}
    for n, item_id in enumerate(ids):
        row = rows[item_id]
        assert (row["network"], row["reposts"], row["impressions"]) == (
            "pinterest", str(4 + n), str(200 + n),
        )  # fmt: skip
        assert row["clicks"] == str(7 + n), row
