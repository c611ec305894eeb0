"""Processor time of a command and of every process it starts, orphans included.

Usage: python benchmarks/process_tree_time.py COMMAND [ARGS...]

`/usr/bin/time` counts only the processes their parents waited for: the renderers of a
Chromium that Playwright closes (reaped by its zygote, which nobody waits for) are lost —
on the handbook's axe test it said 24 s where the tree used 135 s. Here this process is a
child subreaper (prctl), so every orphan of the tree is handed to it and reaped by it:
RUSAGE_CHILDREN then holds the whole tree. Prints one line on stderr at the end; exits with
the command's code.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
import time

PR_SET_CHILD_SUBREAPER = 36
ORPHANS_PATIENCE = 30.0  # seconds to wait for what the command left running to end


def main() -> int:
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    _, status = os.waitpid(pid, 0)
    deadline = time.monotonic() + ORPHANS_PATIENCE
    while time.monotonic() < deadline:
        try:
            reaped, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break  # none left
        if reaped == 0:
            time.sleep(0.2)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"TREE user={usage.ru_utime:.2f} sys={usage.ru_stime:.2f} "
        f"cpu={usage.ru_utime + usage.ru_stime:.2f} wall={time.monotonic() - start:.1f} "
        f"status={os.waitstatus_to_exitcode(status)}",
        file=sys.stderr,
    )
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
