"""`newsroom handbook --serve`: live reload of the pages, and an idle server that stays idle."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(condition, seconds: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def cpu_seconds(pid: int) -> float:
    """User + system time of a process so far (its own, whatever else the machine runs)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def test_serve_reloads_an_edited_page_and_idles_without_polling_the_theme(
    handbook_project: Path,
) -> None:
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "newsroom"), "handbook", "--serve", "--port", str(port)],
        cwd=handbook_project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        home = f"http://127.0.0.1:{port}/handbook/"
        assert wait_for(lambda: fetch(home) is not None, 120), "the handbook was never served"
        time.sleep(2)  # the first build's last writes

        before, started = cpu_seconds(server.pid), time.monotonic()
        time.sleep(10)
        share = (cpu_seconds(server.pid) - before) / (time.monotonic() - started)
        # Polling Material's installed theme (~34,000 files) every 0.5 s cost ~20 % of a core.
        assert share < 0.05, f"the idle server used {share:.0%} of a core"

        page = handbook_project / "docs/index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nA line added while serving.\n")
        assert wait_for(lambda: "A line added while serving" in (fetch(home) or ""), 60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
