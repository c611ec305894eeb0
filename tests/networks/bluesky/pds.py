"""Launch the loopback Bluesky PDS (tests/networks/bluesky/bluesky_pds.mjs) from Python.

Standard library only, so it can back a pytest fixture::

    from tests.networks.bluesky.pds import BlueskyPDS

    with BlueskyPDS([("alice.test", "alice-pass")]) as pds:
        pds.pds_url                 # "http://localhost:41234"
        pds.accounts[0].did         # "did:plc:..."
        pds.account("alice.test").password

Needs ``scripts/install-test-servers.sh`` to have run (Node 22 + @atproto/dev-env in
``.cache/test-servers``). :func:`node_available` tells whether it has, so a fixture can
``pytest.skip`` instead of failing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.servers import node22

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
SCRIPT = HERE / "bluesky_pds.mjs"
servers_dir, node22_path = node22.servers_dir, node22.node22_path
install_finished = node22.install_finished


def node_available() -> bool:
    """True when the Node 22 binary and @atproto/dev-env are installed."""
    return (
        install_finished()
        and node22_path().exists()
        and (servers_dir() / "pds" / "node_modules" / "@atproto" / "dev-env").is_dir()
    )


def install_problem() -> str | None:
    """Install Node 22 + @atproto/dev-env when missing; the installer's output if that failed.

    `scripts/test` starts the install beside the first tests; this lets a test that needs the
    servers wait for it (the script takes turns on a lock), or install them on a fresh checkout.
    """
    return node22.install_problem(node_available)


class PDSStartError(RuntimeError):
    """The PDS process died or did not print its JSON line in time."""


@dataclass(frozen=True)
class Account:
    handle: str
    did: str
    password: str
    email: str = ""


@dataclass
class BlueskyPDS:
    """A real @atproto/pds (+ in-memory PLC) on 127.0.0.1, with pre-created accounts.

    ``accounts`` is a list of ``(handle, password)``; a handle without a dot gets ``.test``.
    Ports 0 (the default) mean "pick a free one".
    """

    accounts_spec: list[tuple[str, str]] = field(
        default_factory=lambda: [("alice.test", "alice-pass")]
    )
    pds_port: int = 0
    plc_port: int = 0
    timeout: float = 60.0
    env: dict[str, str] | None = None

    # filled by start()
    pds_url: str = field(default="", init=False)
    plc_url: str = field(default="", init=False)
    accounts: list[Account] = field(default_factory=list, init=False)
    admin_password: str = field(default="", init=False)
    startup_seconds: float = field(default=0.0, init=False)
    info: dict[str, Any] = field(default_factory=dict, init=False)
    _proc: subprocess.Popen[str] | None = field(default=None, init=False, repr=False)
    _stderr: Any = field(default=None, init=False, repr=False)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> BlueskyPDS:
        if self._proc is not None:
            raise RuntimeError("already started")
        node = node22_path()
        if not node.exists():
            raise PDSStartError(f"Node 22 not found at {node}: run scripts/install-test-servers.sh")
        args = [str(node), str(SCRIPT)]
        if self.pds_port:
            args += ["--pds-port", str(self.pds_port)]
        if self.plc_port:
            args += ["--plc-port", str(self.plc_port)]
        args += [f"{h}:{p}" for h, p in self.accounts_spec]

        env = dict(os.environ)
        env.setdefault("NEWSROOM_TEST_SERVERS_DIR", str(servers_dir()))
        env.pop("PDS_IGNORE_STDIN", None)
        if self.env:
            env.update(self.env)

        self._stderr = tempfile.TemporaryFile(  # noqa: SIM115 - closed in stop()
            mode="w+", encoding="utf-8", errors="replace"
        )
        t0 = time.monotonic()
        self._proc = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,  # closing it stops the server
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            env=env,
            cwd=str(REPO),
            start_new_session=True,  # a Ctrl-C in pytest does not hit it before cleanup
        )
        try:
            line = self._read_json_line(self.timeout)
            self.startup_seconds = time.monotonic() - t0
            self.info = line
            self.pds_url = line["pds_url"]
            self.plc_url = line["plc_url"]
            self.admin_password = line.get("admin_password", "")
            self.accounts = [
                Account(a["handle"], a["did"], a["password"], a.get("email", ""))
                for a in line["accounts"]
            ]
        except BaseException:  # never leak the node process
            self.stop()
            raise
        # keep draining stdout so the child never blocks on a full pipe
        threading.Thread(target=self._drain, daemon=True).start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.poll() is None:
                try:
                    if proc.stdin:
                        proc.stdin.close()  # graceful: the script closes PDS + PLC
                except OSError:
                    pass
                try:
                    proc.wait(timeout=timeout / 2)
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGTERM)
                    try:
                        proc.wait(timeout=timeout / 2)
                    except subprocess.TimeoutExpired:
                        proc.kill()
                        proc.wait()
        finally:
            if proc.stdout:
                proc.stdout.close()
            if self._stderr:
                self._stderr.close()
                self._stderr = None

    def __enter__(self) -> BlueskyPDS:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers -----------------------------------------------------------------------
    def account(self, handle: str) -> Account:
        if "." not in handle:
            handle += ".test"
        for a in self.accounts:
            if a.handle == handle:
                return a
        raise KeyError(handle)

    def xrpc(
        self,
        nsid: str,
        *,
        params: dict[str, str] | None = None,
        body: Any = None,
        token: str | None = None,
        timeout: float = 10.0,
    ) -> tuple[int, Any]:
        """One XRPC call with the standard library: GET without ``body``, else POST JSON.

        Returns ``(status, parsed JSON)``; never raises for an HTTP error status.
        """
        url = f"{self.pds_url}/xrpc/{nsid}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(
            url, data=data, headers=headers, method="POST" if body is not None else "GET"
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, raw = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        try:
            return status, (json.loads(raw) if raw else None)
        except ValueError:
            return status, raw.decode("utf-8", "replace")

    def create_account(self, handle: str, password: str) -> Account:
        """Open sign-up on the running PDS (no invite needed): a fresh account per test.

        The first label must be 3-18 characters (else 400 "Handle too short"/"too long").
        """
        if "." not in handle:
            handle += ".test"
        email = f"{handle.split('.')[0]}.{len(self.accounts)}@example.com"
        status, out = self.xrpc(
            "com.atproto.server.createAccount",
            body={"handle": handle, "password": password, "email": email},
        )
        if status != 200:
            raise RuntimeError(f"createAccount {handle}: HTTP {status} {out}")
        acct = Account(out["handle"], out["did"], password, email)
        self.accounts.append(acct)
        return acct

    def create_session(self, handle: str, password: str | None = None) -> dict[str, Any]:
        """com.atproto.server.createSession; returns the JSON (accessJwt, refreshJwt, did...)."""
        if password is None:
            password = self.account(handle).password
        status, out = self.xrpc(
            "com.atproto.server.createSession", body={"identifier": handle, "password": password}
        )
        if status != 200:
            raise RuntimeError(f"createSession {handle}: HTTP {status} {out}")
        return dict(out)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stderr_text(self) -> str:
        if not self._stderr:
            return ""
        self._stderr.flush()
        self._stderr.seek(0)
        text = self._stderr.read()
        self._stderr.seek(0, os.SEEK_END)
        return text

    # -- internals ---------------------------------------------------------------------
    def _read_json_line(self, timeout: float) -> dict[str, Any]:
        assert self._proc and self._proc.stdout
        result: dict[str, Any] = {}
        done = threading.Event()

        def reader() -> None:
            assert self._proc and self._proc.stdout
            for raw in self._proc.stdout:
                raw = raw.strip()
                if raw.startswith("{"):
                    try:
                        obj = json.loads(raw)
                    except ValueError:
                        continue
                    if isinstance(obj, dict) and "pds_url" in obj:
                        result.update(obj)
                        break
            done.set()

        threading.Thread(target=reader, daemon=True).start()
        if not done.wait(timeout) or not result:
            rc = self._proc.poll()
            err = self.stderr_text()[-4000:]
            self.stop()
            why = f"exited with {rc}" if rc is not None else f"no JSON line within {timeout}s"
            raise PDSStartError(f"bluesky_pds.mjs {why}; stderr:\n{err}")
        return result

    def _drain(self) -> None:
        proc = self._proc
        if proc is None or proc.stdout is None:
            return
        try:
            for _ in proc.stdout:
                pass
        except (OSError, ValueError):
            pass


if __name__ == "__main__":  # manual check: python tests/networks/bluesky/pds.py
    with BlueskyPDS([("alice.test", "alice-pass"), ("bob.test", "bob-pass")]) as srv:
        print(json.dumps(srv.info, indent=2))
        print(f"startup (Python side, incl. process spawn): {srv.startup_seconds:.2f}s")
        t = time.monotonic()
        carol = srv.create_account("carol", "carol-pass")
        sess = srv.create_session("carol.test")
        print(
            f"create_account + create_session: {carol.did} in {time.monotonic() - t:.2f}s; "
            f"session keys: {sorted(sess)}"
        )
