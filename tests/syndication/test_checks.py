"""A social text a network would refuse is a problem of `check`, `build` and `publish`.

The rule needs the syndication layer, so the content layer no longer calls it: the layer
above hands it down (`newsroom.syndication.checks`). These tests hold both halves: content
alone does not know it, and every command a user runs still reports it, at the same line.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from newsroom.cli import main
from newsroom.networks import NETWORKS
from newsroom.repository import open_newsroom
from newsroom.syndication.checks import open_checked_newsroom

from .conftest import NETWORKS_USED, Room

# The test newsroom's network with the smallest limit, and a plain text just over it.
STRICTEST = min(NETWORKS_USED, key=lambda network: NETWORKS[network].limits.max_length)
SENTENCE = "Our quantum sensor maps brain activity. "
TOO_LONG = SENTENCE * (NETWORKS[STRICTEST].limits.max_length // len(SENTENCE) + 1)


def _too_long_item(room: Room) -> tuple[str, int]:
    """An item whose text for the strictest network cannot fit; its path and the line of
    that network's key under `social:`."""
    assert NETWORKS[STRICTEST].measure(TOO_LONG.strip()) > NETWORKS[STRICTEST].limits.max_length
    path = room.add("k7q2m9ab", social={STRICTEST: TOO_LONG.strip()})
    lines = (room.root / path).read_text(encoding="utf-8").splitlines()
    return path, next(
        n for n, line in enumerate(lines, 1) if line.strip().startswith(f"{STRICTEST}:")
    )


def test_the_content_layer_alone_does_not_measure_social_texts(room: Room) -> None:
    path, line = _too_long_item(room)
    plain = open_newsroom(room.root)
    assert plain.content.problems == [] and len(plain.content.items) == 1
    checked = open_checked_newsroom(room.root)
    (problem,) = checked.content.problems
    assert (problem.file, problem.line, problem.field) == (path, line, f"social.{STRICTEST}")
    assert "shorten it by" in problem.message
    assert checked.content.items == [], "an item with a problem is not published"


@pytest.mark.parametrize("command", [["check"], ["build"], ["publish", "--dry-run"]])
def test_every_command_reports_the_social_text(room: Room, command: list[str]) -> None:
    path, line = _too_long_item(room)
    result = CliRunner().invoke(main, ["--root", str(room.root), *command])
    assert result.exit_code == 1, result.output
    assert f"{path}:{line}: social.{STRICTEST}: is " in result.output


def test_problems_keep_their_order_across_files(room: Room) -> None:
    # Problems are sorted by file and line, whichever rule found them.
    first, _ = _too_long_item(room)
    second = room.add("b3c4d5e6", social={STRICTEST: TOO_LONG.strip()}, title="Another sensor")
    problems = open_checked_newsroom(room.root).content.problems
    assert [p.file for p in problems] == sorted([first, second])
