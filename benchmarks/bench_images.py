"""The image work of a build at N items: what images cost a cold build, none in a warm one.

Run:  .venv/bin/python benchmarks/bench_images.py [N] (default 10000; bench_all.py runs it too)

On the synthetic newsroom (benchmarks/synthetic.py: an 800x450 JPEG of its own per item, so
every build publishes 4 variants of each, site/responsive.py) it runs the real `newsroom
build` three times: cold (no site folder, no cache), the first rebuild after one item's
body was edited (the second site folder is made), and a warm rebuild after another body
edit. Each build runs under an audit hook (`sys.addaudithook`, inherited by the process
the build forks to render on the second core) that notes every image file opened — an
image of the repository read (its header or its bytes), a variant read back from
`.cache/images/`, an image written (a variant made, a copy without metadata) — and under
timers around `responsive.decode` (each photo, once for its variants) and
`responsive.encode_variant` (each variant resized and encoded): Pillow's work.
A warm rebuild that does no image work opens no image file at all: ✓ when 0.

Printed per build: wall seconds, process seconds (user + system of the build and of the
processes it waited for: the machine may be shared), the image files opened by kind, the
variants made and the process seconds spent making them (the cold build's image cost).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from synthetic import generate

TRACE = "--trace-into"  # how this file runs a build under its hook (see `traced_build`)
# An image's name, or the temporary name it is written under (atomic_files: `.x.jpg.…tmp`).
IMAGE_NAME = re.compile(r"\.(?:jpe?g|png|webp|gif|avif)(?:\.\w+\.tmp)?$", re.IGNORECASE)
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT
KINDS = ("repository image read", "cached variant looked up", "image written")


def traced_build(log: str, root: str, arguments: list[str]) -> None:
    """Run `newsroom <arguments>` in this process with the image hook and resize timer."""
    from newsroom.site import responsive

    newsroom = os.path.join(os.path.realpath(root), "")
    cache = os.path.join(newsroom, ".cache", "images", "")
    busy = False  # the hook's own writes to the log are not traced

    def note(line: str) -> None:
        nonlocal busy
        busy = True
        try:
            handle = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
            os.write(handle, (line + "\n").encode())
            os.close(handle)
        finally:
            busy = False

    def hook(event: str, args: tuple) -> None:
        if busy or event != "open" or not isinstance(args[0], str | bytes | os.PathLike):
            return
        path = os.fsdecode(args[0])
        if not IMAGE_NAME.search(path):
            return
        path = os.path.realpath(path)
        if not path.startswith(newsroom):
            return  # the handbook's own images (the project's docs/) are not the newsroom's
        mode, flags = args[1], args[2]
        written = any(c in (mode or "") for c in "wax+") or bool((flags or 0) & WRITING)
        read = "cached variant looked up" if path.startswith(cache) else "repository image read"
        note(f"open\t{'image written' if written else read}\t{path}")

    def timed(what: str, work: Callable[..., Any]) -> Callable[..., Any]:
        def timed_work(*args: object) -> Any:
            began = time.process_time()
            try:
                return work(*args)
            finally:
                note(f"{what}\t{time.process_time() - began:.6f}")

        return timed_work

    responsive.decode = timed("decode", responsive.decode)  # type: ignore[assignment]
    responsive.encode_variant = timed("resize", responsive.encode_variant)  # type: ignore[assignment]
    sys.addaudithook(hook)
    from newsroom.cli import run

    sys.argv = ["newsroom", *arguments]
    run()


@dataclass
class ImageWork:
    """One build: its times, and the image work its log shows."""

    seconds: float
    process_seconds: float
    opened: Counter[str] = field(default_factory=Counter)
    made: int = 0
    decoded: int = 0  # photos decoded for their variants
    making_seconds: float = 0.0  # process seconds decoding and encoding, every process summed

    @property
    def files(self) -> int:
        return sum(self.opened.values())


def build(root: Path, log: Path) -> ImageWork:
    """One `newsroom build` of `root` into `root/output`, traced; what it did to images."""
    log.unlink(missing_ok=True)
    command = [sys.executable, __file__, TRACE, str(log), str(root)]
    command += ["--root", str(root), "build", "--output", str(root / "output")]
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed")
    work = ImageWork(seconds, usage.ru_utime + usage.ru_stime)
    lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    for line in lines:
        what, detail = line.split("\t", 2)[:2]
        if what == "open":
            work.opened[detail] += 1
            continue
        if what == "decode":
            work.decoded += 1
        else:
            work.made += 1
        work.making_seconds += float(detail)
    return work


def edit_body(path: Path, k: int) -> None:
    """A correction appended to one item's body, as a contributor's fix would be."""
    with path.open("a", encoding="utf-8") as file:
        file.write(f"\nA correction was added to this story (image benchmark, {k}).\n")


def measure(root: Path, items: list[str]) -> dict[str, ImageWork]:
    """Cold build, first rebuild and warm rebuild of `root` (no site folder nor cache yet),
    each after one body edit of `items` (repository paths) but the first."""
    log = root.parent / f"{root.name}-images.log"
    found = {"cold build": build(root, log)}
    edit_body(root / items[len(items) // 2], 1)
    found["first rebuild: 1 edited"] = build(root, log)
    edit_body(root / items[len(items) // 3], 2)
    found["warm: 1 edited"] = build(root, log)
    return found


def print_rows(count: int, found: dict[str, ImageWork]) -> None:
    print(f"\nImage work, N = {count:,} items (each with an 800×450 JPEG: 4 variants)")
    print(f"  {'build':<26}{'seconds':>9}{'process s':>11}{'image files':>13}  made, decoded (s)")
    for name, work in found.items():
        mark = "" if name == "cold build" else ("  ✓ no image work" if not work.files else "  ✗")
        made = f"{work.made}, {work.decoded} ({work.making_seconds:.1f})"
        print(
            f"  {name:<26}{work.seconds:>9.2f}{work.process_seconds:>11.2f}"
            f"{work.files:>13}  {made}{mark}"
        )
        for kind in KINDS:
            if work.opened[kind]:
                print(f"    {kind}: {work.opened[kind]}")
    cold = found["cold build"]
    share = cold.making_seconds / cold.process_seconds if cold.process_seconds else 0.0
    print(
        f"  cold build: making the variants took {cold.making_seconds:.1f} of its "
        f"{cold.process_seconds:.1f} process seconds ({share:.0%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=10000)
    arguments = parser.parse_args()
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as name:
        root = Path(name) / f"newsroom-{arguments.count}"
        items = generate(root, arguments.count)
        print_rows(arguments.count, measure(root, items))
    print(f"\n(this run: {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    if sys.argv[1:2] == [TRACE]:
        traced_build(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        main()
