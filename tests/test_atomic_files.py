"""`atomic_files.write_atomically`: the one way every kept file is replaced."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsroom.atomic_files import write_atomically


def test_replaces_by_rename_and_keeps_a_hard_link_s_bytes(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.json"
    write_atomically(target, b"old")
    shared = tmp_path / "other-folder-copy"
    os.link(target, shared)  # the other site folder shares the file
    write_atomically(target, b"new", durable=False)
    assert target.read_bytes() == b"new"
    assert shared.read_bytes() == b"old"  # never written into
    assert sorted(p.name for p in target.parent.iterdir()) == ["file.json"]


def test_mode_is_applied(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    write_atomically(target, b"<p>", durable=False, mode=0o644)
    assert target.stat().st_mode & 0o777 == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "queue.json"
    write_atomically(target, b"before")

    def disk_full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        write_atomically(target, b"after")
    assert target.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["queue.json"]
