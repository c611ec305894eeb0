"""`newsroom ARGS` run as a child of a tests/forked_newsroom.py parent: the program that
`ForkedNewsroom.program` writes, for the scripts the workflow tests run (`$NEWSROOM`).

Usage: python -I -S tests/newsroom_by_fork.py SOCKET ARGS...

It hands the parent (listening on SOCKET) its standard streams' descriptors, then its
arguments, environment and folder, and exits with the child's exit code: to the script
that runs it, it is `newsroom ARGS`, without an interpreter's start and newsroom's imports
(≈ 1 s of processor time for a build). Standard library only: it starts without `site`.
"""

import json
import os
import signal
import socket
import sys

TIMED_OUT = 124  # as timeout(1) ends: the parent killed the run at its time limit


def main() -> int:
    socket_path, args = sys.argv[1], sys.argv[2:]
    request = {"args": args, "env": dict(os.environ), "cwd": os.getcwd()}
    answer = bytearray()
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(socket_path)
            socket.send_fds(connection, [b"!"], [0, 1, 2])
            connection.sendall(json.dumps(request).encode())
            connection.shutdown(socket.SHUT_WR)
            while chunk := connection.recv(4096):
                answer += chunk
    except OSError as error:
        answer.clear()  # a parent gone half-way through answers nothing either
        print(f"newsroom_by_fork: {error} ({socket_path})", file=sys.stderr)
    if not answer:
        print("newsroom_by_fork: the forking parent gave no answer", file=sys.stderr)
        return 1
    outcome = json.loads(answer)
    if outcome["timed_out"]:
        print(f"newsroom_by_fork: `newsroom {' '.join(args)}` killed at its time limit",
              file=sys.stderr)  # fmt: skip
        return TIMED_OUT
    code = outcome["returncode"]
    if code < 0:  # killed by a signal: ended by the same one, as the program would be
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
    return code


if __name__ == "__main__":
    sys.exit(main())
