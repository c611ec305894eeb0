"""The Node 22 side of the test servers, installed by scripts/install-test-servers.sh into
`.cache/test-servers` (`$NEWSROOM_TEST_SERVERS_DIR`): where it is, and installing it on a
fresh checkout. Each server or judge that runs on it says what it needs (`ready`)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def servers_dir() -> Path:
    """Install root of the Node side (``$NEWSROOM_TEST_SERVERS_DIR`` or ``.cache/test-servers``)."""
    env = os.environ.get("NEWSROOM_TEST_SERVERS_DIR")
    return Path(env) if env else REPO / ".cache" / "test-servers"


def node22_path() -> Path:
    """The Node 22 binary installed by scripts/install-test-servers.sh (``$NEWSROOM_NODE22`` wins)."""
    env = os.environ.get("NEWSROOM_NODE22")
    return Path(env) if env else servers_dir() / "bin" / "node"


def install_finished() -> bool:
    """True when scripts/install-test-servers.sh has finished an install: its stamp is written
    last, so a tree still being installed (`scripts/test` installs it beside the first tests)
    does not count."""
    return (servers_dir() / ".installed").is_file()


def assert_ready_only_once_installed(
    root: Path, modules: tuple[str, ...], ready: Callable[[], bool]
) -> None:
    """A tree holding Node 22 and `modules` (folders below `root`) but not yet the
    installer's stamp is not `ready()`; the same tree with its stamp is. For the tests of
    each server's or judge's `ready` (the caller points `$NEWSROOM_TEST_SERVERS_DIR` at
    `root` and clears `$NEWSROOM_NODE22`)."""
    (root / "bin").mkdir(parents=True)
    (root / "bin/node").write_text("", encoding="utf-8")
    for module in modules:
        (root / module).mkdir(parents=True)
    assert not ready(), "a tree still being installed"
    (root / ".installed").write_text("stamp\n", encoding="utf-8")  # written last
    assert ready(), "the installed tree"


def install_problem(ready: Callable[[], bool]) -> str | None:
    """Run the installer unless `ready()`; None once ready, else the installer's output.

    CI runs scripts/setup first; this lets a test run on a fresh checkout install them too.
    """
    if ready():
        return None
    script = REPO / "scripts" / "install-test-servers.sh"
    setup = subprocess.run(["bash", str(script)], capture_output=True, text=True, check=False)
    if setup.returncode == 0 and ready():
        return None
    return setup.stdout + setup.stderr
