"""A build cache keeps an edit's few new entries in its journal, not by writing it whole."""

from __future__ import annotations

from pathlib import Path

from newsroom.build_cache import BuildCache


def filled(root: Path, count: int) -> BuildCache:
    """A saved store of `count` entries, opened again."""
    cache = BuildCache(root, "parsed")
    for n in range(count):
        cache.add(f"k{n}", {"value": n})
    cache.save()
    return BuildCache(root, "parsed")


def use_all(cache: BuildCache, count: int) -> None:
    for n in range(count):
        assert cache.get(f"k{n}") == {"value": n}


def test_an_edit_s_new_entries_go_to_the_journal_and_are_read_back(tmp_path: Path) -> None:
    cache = filled(tmp_path, 100)
    store = cache.path.stat()
    use_all(cache, 99)  # one entry went unused (the body before the edit)
    cache.add("new", "the edited body")
    cache.save()
    assert cache.path.stat().st_mtime_ns == store.st_mtime_ns  # not written again
    assert cache.journal.is_file()
    again = BuildCache(tmp_path, "parsed")
    assert again.get("new") == "the edited body"
    assert again.get("k99") == {"value": 99}  # still there until the store is rewritten


def test_a_store_mostly_unused_is_written_whole_without_its_journal(tmp_path: Path) -> None:
    cache = filled(tmp_path, 100)
    use_all(cache, 10)
    cache.add("new", 1)
    cache.save()
    assert not cache.journal.exists()
    again = BuildCache(tmp_path, "parsed")
    assert again.get("k50") is None and again.get("new") == 1 and again.get("k5") == {"value": 5}


def test_a_journal_grown_big_is_folded_into_the_store(tmp_path: Path) -> None:
    cache = filled(tmp_path, 10)
    use_all(cache, 10)
    cache.add("big", "a" * 10_000)  # larger than a quarter of the store: appended once…
    cache.save()
    assert cache.journal.is_file()
    cache = BuildCache(tmp_path, "parsed")
    use_all(cache, 10)
    cache.get("big")
    cache.add("more", 1)
    cache.save()  # …then the store is written whole
    assert not cache.journal.exists()
    again = BuildCache(tmp_path, "parsed")
    assert again.get("big") == "a" * 10_000 and again.get("more") == 1


def test_a_damaged_journal_tail_is_a_miss(tmp_path: Path) -> None:
    cache = filled(tmp_path, 100)
    use_all(cache, 100)
    cache.add("first", 1)
    cache.save()
    with cache.journal.open("ab") as file:
        file.write(b"\x80\x05garbage")
    again = BuildCache(tmp_path, "parsed")
    assert again.get("first") == 1 and again.get("k7") == {"value": 7}
    assert again.get("garbage") is None
