"""Fixtures for the handbook and web-editor tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsroom.handbook.cms import decap_dist

from ..conftest import PNG, PROJECT, copy_config


@pytest.fixture
def decap_installed() -> Path:
    """The installed Decap bundle; `scripts/setup` installs it (scripts/install-decap.sh)."""
    return decap_dist(PROJECT)


@pytest.fixture
def example_newsroom(tmp_path: Path) -> Path:
    """A copy of the example configuration with no content, ready for one test item."""
    root = tmp_path / "newsroom"
    root.mkdir()
    copy_config(root)
    (root / "content/images/climate").mkdir(parents=True, exist_ok=True)
    (root / "content/images/climate/glacier-sensors.png").write_bytes(PNG)
    return root


@pytest.fixture
def handbook_project(tmp_path: Path) -> Path:
    """A copy of the handbook's sources (mkdocs.yml, docs/, newsroom.yml) to build or break."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    copy_config(root)
    shutil.copytree(PROJECT / "docs", root / "docs", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def chromium_path() -> str | None:
    """Debian's chromium (apt-get install chromium), or $NEWSROOM_CHROMIUM."""
    for candidate in (os.environ.get("NEWSROOM_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return None
