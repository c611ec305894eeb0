"""Fixtures of the workflow tests: the `newsroom` their scripts run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..cli_process import PRELOADED
from ..forked_newsroom import ForkedNewsroom
from ..syndication.crashing import adapter_modules

# What the workflows' commands import beyond the fuzzed ones' (tests/cli_process.py) and the
# adapters with their SDKs (publish): the pull request's preview comment, sealing.
WORKFLOW_MODULES = (*PRELOADED, "newsroom.syndication.pull_request", "newsroom.sealing")


@pytest.fixture(scope="session")
def newsroom_by_fork(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A `newsroom` program for the scripts (`NEWSROOM=…`): each run a child forked from one
    parent that imported what the workflows' commands use (tests/forked_newsroom.py), with
    the run's arguments, environment, folder and streams: 0.4 s (check) to 1 s (build) of
    processor time less per command than the console script's start and imports, some
    thirty times a story.
    test_newsroom_by_fork.py shows the scripts end alike with either."""
    parent = ForkedNewsroom(*WORKFLOW_MODULES, *adapter_modules())
    yield parent.program(tmp_path_factory.mktemp("newsroom-by-fork"))
    parent.stop()
