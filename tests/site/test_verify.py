"""`newsroom build --verify`: the usual build compared with a clean one, file by file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from newsroom.site.writer import PageKeys

from ..conftest import VALID_PATH

NOW = "2026-11-25T12:00:00+00:00"


def build(run: Callable[..., Result], root: Path, *options: str) -> Result:
    return run(root, "build", "--output", str(root / "site"), "--now", NOW, *options)


def test_a_right_incremental_build_is_verified(newsroom: Path, run) -> None:
    first = build(run, newsroom, "--verify")
    assert first.exit_code == 0, first.output
    assert "Verified: every file is the one a clean build makes" in first.output
    item = newsroom / VALID_PATH
    item.write_text(item.read_text(encoding="utf-8").replace("Quantum", "Quantum new"))
    second = build(run, newsroom, "--verify")
    assert second.exit_code == 0, second.output
    assert "Verified" in second.output


def test_stale_pages_are_listed_and_fail(
    newsroom: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys that trust the last build whatever changed (as guessed keys do for some theme)."""
    assert build(run, newsroom).exit_code == 0
    stale = lambda self, name, template, names, keys: keys[0] if keys else None  # noqa: E731
    monkeypatch.setattr(PageKeys, "known", stale)
    item = newsroom / VALID_PATH
    item.write_text(item.read_text(encoding="utf-8").replace("Quantum", "Retitled"))
    result = build(run, newsroom, "--verify")
    assert result.exit_code == 1
    assert "files differ from a clean build" in result.output
    assert "  index.html\n" in result.output  # the front page lists the retitled story


@pytest.mark.parametrize("option", ["--clean", "--dry-run"])
def test_verify_needs_the_usual_build(newsroom: Path, run, option: str) -> None:
    result = build(run, newsroom, "--verify", option)
    assert result.exit_code == 2
    assert f"leave out {option}" in result.output
