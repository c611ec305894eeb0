"""What `check` remembers of unchanged files (content_cache) never changes what it finds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsroom import content_cache
from newsroom.syndication.checks import open_checked_newsroom

from .conftest import PNG, VALID_ITEM, VALID_PATH, write


def found(root: Path, *, remember: bool) -> tuple[list, list, int]:
    """Problems, items and the valid count, with or without the memory."""
    content = open_checked_newsroom(root, remember=remember).content
    return content.problems, content.items, content.valid


def assert_same_as_without_memory(root: Path) -> tuple[list, list, int]:
    remembered = found(root, remember=True)
    assert remembered == found(root, remember=False)
    assert remembered[2] == len(remembered[1])
    return remembered


def test_each_change_is_seen_as_a_run_without_memory_sees_it(newsroom: Path) -> None:
    root = newsroom
    second = "content/news/quantum/2026/2026-11-20-second.md"
    write(root, second, VALID_ITEM)  # the same id: a problem of the newcomer
    first = assert_same_as_without_memory(root)
    assert first[2] == 1 and [p.field for p in first[0]] == ["id"]
    memory = content_cache.ContentMemory.open(root, *_config_and_checks(root))
    assert assert_same_as_without_memory(root) == first and memory.reused == 2
    # The edited file is read again; the other one is reused.
    path = root / VALID_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("room temperature", "4 K"))
    assert assert_same_as_without_memory(root)[1][0].body.startswith("The sensor works at 4 K")
    assert memory.reused == 1
    # A file the rules looked up (the image) goes, then comes back as another file.
    (root / "content/images/sensor.png").unlink()
    gone = assert_same_as_without_memory(root)
    assert any(p.field == "image" for p in gone[0]) and gone[2] == 0
    (root / "content/images/sensor.png").write_bytes(PNG)
    assert assert_same_as_without_memory(root)[2] == 1
    # Another configuration: another memory (an author unknown to it is a problem).
    config = root / "newsroom.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("id: amelie-durand", "id: a-durand")
    )
    assert any(p.field.startswith("authors") for p in assert_same_as_without_memory(root)[0])


def test_the_clock_is_asked_on_every_run(newsroom: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which of two items sharing an id is the newcomer depends on which one is published."""
    root = newsroom
    later = VALID_ITEM.replace("2026-11-20T10:00:00+01:00", "2026-12-20T10:00:00+01:00")
    write(root, "content/news/quantum/2026/2026-12-20-later.md", later)
    monkeypatch.setenv("NEWSROOM_NOW", "2026-11-25T00:00:00+00:00")
    before = assert_same_as_without_memory(root)
    monkeypatch.setenv("NEWSROOM_NOW", "2027-01-01T00:00:00+00:00")
    after = assert_same_as_without_memory(root)
    assert [p.file for p in before[0]] == [p.file for p in after[0]]


# Damage as disks and hands make it: each makes unpickling raise something else
# (UnpicklingError, EOFError, UnicodeDecodeError, KeyError…).
DAMAGE = [
    lambda data: b"not a pickle",
    lambda data: data[: len(data) // 2],
    lambda data: b"X\x01\x00\x00\x00\xff." + data[7:],
    lambda data: b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00h\x07.",
    lambda data: bytes(b ^ 0x5A for b in data),
]


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_or_lost_memory_is_read_again(newsroom: Path, damage) -> None:
    expected = assert_same_as_without_memory(newsroom)
    content_cache._MEMORIES.clear()  # a new process
    for stored in (newsroom / content_cache.FOLDER).glob("*.pickle"):
        stored.write_bytes(damage(stored.read_bytes()))
    assert found(newsroom, remember=True) == expected
    content_cache._MEMORIES.clear()
    for stored in (newsroom / content_cache.FOLDER).glob("*.items.pickle"):
        stored.unlink()  # the outcomes kept, the items lost
    assert found(newsroom, remember=True) == expected


def test_an_edit_is_kept_beside_the_store_until_edits_are_many(
    newsroom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One edited item does not rewrite the whole store; a new process still sees it."""
    root = newsroom
    for number in range(3):
        write(root, f"content/news/quantum/2026/2026-11-1{number}-more.md", _another(number))
    expected = assert_same_as_without_memory(root)
    store = next((root / content_cache.FOLDER).glob("*.items.pickle"))
    written = store.stat().st_mtime_ns
    path = root / VALID_PATH
    for edit in ("4 K", "5 K"):  # two edits in a row: the second replaces the first
        path.write_text(path.read_text(encoding="utf-8").replace("room temperature", edit))
        content_cache._MEMORIES.clear()  # a new process
        edited = assert_same_as_without_memory(root)
        assert store.stat().st_mtime_ns == written
        assert len(edited[1]) == len(expected[1]) and any(edit in i.body for i in edited[1])
        path.write_text(path.read_text(encoding="utf-8").replace(edit, "room temperature"))
    recent = next((root / content_cache.FOLDER).glob("*.recent.pickle"))
    assert recent.is_file()
    # Beyond RECENT_ITEMS read again, the store is written whole and the file goes.
    monkeypatch.setattr(content_cache, "RECENT_ITEMS", 0)
    path.write_text(path.read_text(encoding="utf-8").replace("room temperature", "6 K"))
    content_cache._MEMORIES.clear()
    assert any("6 K" in item.body for item in assert_same_as_without_memory(root)[1])
    assert store.stat().st_mtime_ns != written and not recent.exists()


def _another(number: int) -> str:
    from newsroom.ids import new_id

    lines = VALID_ITEM.splitlines(keepends=True)
    return "".join(
        f"id: {new_id()}\n" if line.startswith("id:") else line for line in lines
    ).replace("2026-11-20T10", f"2026-11-1{number}T10")


def test_a_pipe_in_place_of_an_item_is_reported_not_remembered(newsroom: Path) -> None:
    os.mkfifo(newsroom / "content/news/quantum/2026/2026-11-22-pipe.md")
    problems = assert_same_as_without_memory(newsroom)[0]
    assert any("not a regular file" in p.message for p in problems)


def test_check_and_help_start_without_the_content_model() -> None:
    """`newsroom --help` imports no pydantic (its start-up time; figures in benchmarks/)."""
    code = "import sys, newsroom.cli; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    from newsroom import cli_content, config, content, repository

    assert cli_content.CONFIG_FILE == repository.CONFIG_FILE == config.CONFIG_FILE
    assert (cli_content.NEWS_DIR, cli_content.PAGES_DIR) == (content.NEWS_DIR, content.PAGES_DIR)


def _config_and_checks(root: Path) -> tuple:
    from newsroom.config import load_config
    from newsroom.syndication.checks import ITEM_CHECKS

    return load_config(root), ITEM_CHECKS


READ_IN_A_FRESH_PROCESS = """
import json, os, sys
from pathlib import Path
from newsroom import content_cache
from newsroom.syndication.checks import open_checked_newsroom
content_cache.PARALLEL_READS = int(sys.argv[2])
forks, fork = [], os.fork
os.fork = lambda: forks.append(1) or fork()
content = open_checked_newsroom(Path(sys.argv[1])).content
print(json.dumps({
    "problems": [str(p) for p in content.problems],
    "items": [[item.path, item.id, item.body] for item in content.items],
    "valid": content.valid,
    "forks": len(forks),
}))
"""


def test_a_cold_read_of_many_files_on_two_cores_finds_what_one_finds(newsroom: Path) -> None:
    """content_cache._read_all: a forked process reads every other file (in a fresh
    process: forking is unsafe beside pytest's own workers)."""
    root = newsroom
    for number in range(6):
        write(root, f"content/news/quantum/2026/2026-11-1{number}-more.md", _another(number))
    write(root, "content/news/quantum/2026/2026-11-21-twin.md", VALID_ITEM)  # a duplicate id
    write(root, "content/news/quantum/2026/2026-11-22-broken.md", "---\ntitle: [\n---\nText\n")

    def read(parallel_from: int) -> dict:
        shutil.rmtree(root / ".cache", ignore_errors=True)  # cold: every file is read
        done = subprocess.run(
            [sys.executable, "-c", READ_IN_A_FRESH_PROCESS, str(root), str(parallel_from)],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)

    one, two = read(10**9), read(2)
    assert (one["forks"], two["forks"]) == (0, 1)
    assert {k: v for k, v in one.items() if k != "forks"} == {
        k: v for k, v in two.items() if k != "forks"
    }
    assert one["valid"] == 7 and len(one["problems"]) >= 2  # the twin, the broken one
    content_cache._MEMORIES.clear()
    assert found(root, remember=True)[2] == 7  # what the two processes kept is read back
