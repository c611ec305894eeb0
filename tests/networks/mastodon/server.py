"""Run `mastodon_mock` (PyPI ``mastodon-mock``) on a free loopback port, from Python.

Standard library only (the server itself needs ``pip install mastodon-mock==0.6.1`` in the
interpreter that runs it, by default ``sys.executable``)::

    from tests.networks.mastodon.server import MastodonMock

    with MastodonMock() as m:
        m.base_url          # "http://127.0.0.1:41234"
        m.access_token      # user token of @testuser, bound to a registered OAuth app
        m.rate_limit("/api/v1/statuses", reset_in=2)     # next POST answers 429
        m.server_error("/api/v2/media", status=500)
        m.timeout("/api/v1/statuses")                     # the server holds the request >= 30 s
        m.clear_faults()

:func:`mastodon_mock_available` tells whether the package can be run, so a fixture can
``pytest.skip`` instead of failing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

#: Token of the account the mock seeds by default (username ``testuser``).
SEED_USERNAME = "testuser"
SEED_TOKEN = "mock_token"


def mastodon_mock_available(python: str | None = None) -> bool:
    """True when ``mastodon_mock`` can be imported by ``python`` (default: this interpreter)."""
    if python is None or os.path.realpath(python) == os.path.realpath(sys.executable):
        return importlib.util.find_spec("mastodon_mock") is not None
    r = subprocess.run([python, "-c", "import mastodon_mock"], capture_output=True, check=False)
    return r.returncode == 0


class MastodonMockError(RuntimeError):
    """The mock did not start, or a control-plane call failed."""


def _free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@dataclass
class MastodonMock:
    """A ``mastodon_mock serve --in-memory`` subprocess on 127.0.0.1.

    After :meth:`start`: :attr:`base_url`, :attr:`access_token` (user token for
    :attr:`username`, obtained through a registered app + the OAuth code flow),
    :attr:`client_id` / :attr:`client_secret`, :attr:`startup_seconds`.
    """

    port: int = 0  # 0 = pick a free one
    startup_timeout: float = 30.0
    username: str = SEED_USERNAME
    app_name: str = "newsroom-tests"
    scopes: str = "read write"
    python: str = field(default_factory=lambda: sys.executable)
    log_level: str = "warning"
    extra_args: list[str] = field(default_factory=list)

    base_url: str = field(default="", init=False)
    access_token: str = field(default="", init=False)
    client_id: str = field(default="", init=False)
    client_secret: str = field(default="", init=False)
    startup_seconds: float = field(default=0.0, init=False)
    _proc: subprocess.Popen[bytes] | None = field(default=None, init=False, repr=False)
    _log: Any = field(default=None, init=False, repr=False)

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> MastodonMock:
        if self._proc is not None:
            raise RuntimeError("already started")
        t0 = time.monotonic()
        last_err = ""
        for _attempt in range(3):  # a free port can be taken between probe and bind
            port = self.port or _free_port()
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()
            cmd = [
                self.python,
                "-m",
                "mastodon_mock",
                "serve",
                "--in-memory",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--log-level",
                self.log_level,
                *self.extra_args,
            ]
            env = {k: v for k, v in os.environ.items() if k not in ("HOST", "PORT")}
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
            self.base_url = f"http://127.0.0.1:{port}"
            try:
                ready = self._wait_ready(t0 + self.startup_timeout)
            except BaseException:  # e.g. KeyboardInterrupt: never leak the process
                self.stop()
                raise
            if ready:
                break
            last_err = self.log_text()
            self.stop()
            if self.port or "address already in use" not in last_err.lower():
                raise MastodonMockError(f"mastodon_mock did not start; log:\n{last_err[-4000:]}")
        else:
            raise MastodonMockError(f"mastodon_mock did not start; log:\n{last_err[-4000:]}")
        self.startup_seconds = time.monotonic() - t0
        try:
            self._authenticate()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 2.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            # uvicorn waits for in-flight requests on SIGTERM (a "timeout" fault holds
            # one for >= 30 s), so escalate to SIGKILL quickly.
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> MastodonMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def log_text(self) -> str:
        if self._log is None:
            return ""
        self._log.flush()
        self._log.seek(0)
        text = self._log.read().decode("utf-8", "replace")
        self._log.seek(0, os.SEEK_END)
        return text

    # -- plain HTTP (stdlib) -------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        form: dict[str, str] | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
    ) -> tuple[int, dict[str, str], Any]:
        """One HTTP call to the mock; returns ``(status, headers, parsed JSON or text)``.

        Never raises for an HTTP error status.
        """
        hdrs = dict(headers or {})
        data = None
        if json_body is not None:
            data = json.dumps(json_body).encode()
            hdrs["Content-Type"] = "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        if token:
            hdrs["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(
            self.base_url + path, data=data, headers=hdrs, method=method.upper()
        )
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                status, rh, raw = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            status, rh, raw = e.code, dict(e.headers), e.read()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        return status, rh, body

    def _call(self, method: str, path: str, **kw: Any) -> Any:
        status, _h, body = self.request(method, path, **kw)
        if status >= 400:
            raise MastodonMockError(f"{method} {path} -> {status}: {body}")
        return body

    # -- accounts / tokens -----------------------------------------------------------------
    def create_app(self, name: str | None = None, scopes: str | None = None) -> tuple[str, str]:
        """POST /api/v1/apps (as a real client would); returns (client_id, client_secret)."""
        app = self._call(
            "POST",
            "/api/v1/apps",
            form={
                "client_name": name or self.app_name,
                "redirect_uris": "urn:ietf:wg:oauth:2.0:oob",
                "scopes": scopes or self.scopes,
            },
        )
        return app["client_id"], app["client_secret"]

    def user_token(
        self, username: str, client_id: str | None = None, client_secret: str | None = None
    ) -> str:
        """User token via the OAuth authorization-code grant.

        The mock's codes are self-describing (``mockcode_<username>``: what its
        /oauth/authorize account picker hands out), so no browser step is needed.
        The password grant is refused (as on Mastodon >= 4.4).
        """
        tok = self._call(
            "POST",
            "/oauth/token",
            form={
                "grant_type": "authorization_code",
                "code": f"mockcode_{username}",
                "client_id": client_id or self.client_id,
                "client_secret": client_secret or self.client_secret,
                "redirect_uri": "urn:ietf:wg:oauth:2.0:oob",
                "scope": self.scopes,
            },
        )
        return str(tok["access_token"])

    def create_account(self, username: str, display_name: str | None = None) -> str:
        """Mock-only: a new local account; returns a user token for it (bound to our app)."""
        self._call(
            "POST",
            "/api/v1/_mock/dev_user",
            json_body={"username": username, "display_name": display_name or username},
        )
        return self.user_token(username)

    def _authenticate(self) -> None:
        self.client_id, self.client_secret = self.create_app()
        self.access_token = self.user_token(self.username)

    def reset(self) -> None:
        """Mock-only: drop every table, re-seed, clear faults; then re-register our app/token."""
        self._call("POST", "/api/v1/_mock/reset")
        self._authenticate()

    def instance(self) -> dict[str, Any]:
        return dict(self._call("GET", "/api/v2/instance"))

    # -- fault injection (mock-only control plane, /api/v1/_mock/faults) ------------------
    def add_fault(
        self,
        effect: dict[str, Any],
        *,
        path: str | None = None,
        path_regex: str | None = None,
        methods: list[str] | tuple[str, ...] | None = None,
        count: int | None = 1,
    ) -> str:
        """Register a raw rule; returns its id. ``count=None`` fires forever.

        ``path`` is matched against the URL path exactly, or with fnmatch when it contains
        ``*``; no path = every request. Rules are tried in order; the first match fires.
        ``/api/v1/_mock/*`` is never affected. Effects: ``status``, ``ratelimit``,
        ``latency``, ``malformed``, ``timeout`` (see the README).
        """
        match: dict[str, Any] = {}
        if path is not None:
            match["path"] = path
        if path_regex is not None:
            match["path_regex"] = path_regex
        if methods is not None:
            match["methods"] = [m.upper() for m in methods]
        rule = self._call(
            "POST",
            "/api/v1/_mock/faults",
            json_body={"match": match, "effect": effect, "count": count},
        )
        return str(rule["id"])

    def rate_limit(
        self,
        path: str | None = "/api/v1/statuses",
        *,
        methods: tuple[str, ...] | None = ("POST",),
        reset_in: float = 2.0,
        limit: int = 300,
        iso_reset: bool = True,
        retry_after: bool = True,
        count: int | None = 1,
    ) -> str:
        """Answer 429 with rate-limit headers.

        ``X-RateLimit-Reset`` is an ISO 8601 time ``reset_in`` seconds ahead, as real
        Mastodon sends it (``iso_reset=False``: epoch seconds, the mock's own default).
        The mock's default reset is +300 s: with Mastodon.py's default
        ``ratelimit_method="wait"`` a client would sleep 5 minutes, hence the short one here.
        """
        reset_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=reset_in)
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": (
                reset_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
                if iso_reset
                else str(int(reset_at.timestamp()))
            ),
        }
        if retry_after:
            headers["Retry-After"] = str(max(round(reset_in), 0))
        return self.add_fault(
            {
                "type": "ratelimit",
                "status": 429,
                "headers": headers,
                "body": {"error": "Too many requests"},
            },
            path=path,
            methods=methods,
            count=count,
        )

    def server_error(
        self,
        path: str | None = "/api/v1/statuses",
        *,
        status: int = 500,
        methods: tuple[str, ...] | None = ("POST",),
        body: Any = None,
        count: int | None = 1,
    ) -> str:
        """Answer ``status`` (500, 502, 503, 504, or any 4xx) with a Mastodon-style error body."""
        effect: dict[str, Any] = {"type": "status", "status": status}
        if body is not None:
            effect["body"] = body
        return self.add_fault(effect, path=path, methods=methods, count=count)

    def timeout(
        self,
        path: str | None = "/api/v1/statuses",
        *,
        methods: tuple[str, ...] | None = ("POST",),
        hold_ms: int = 30_000,
        count: int | None = 1,
    ) -> str:
        """Hold the request for max(hold_ms, 30 000) ms (30 s is the mock's minimum).

        Give the client a shorter timeout (Mastodon.py: ``request_timeout=``). A client
        that gave up has disconnected, and the held request is then dropped: it is NOT
        executed later (measured: no status 31 s after a timed-out POST). A client that
        waits longer than the hold gets the normal answer.
        """
        return self.add_fault(
            {"type": "timeout", "delay_ms": hold_ms}, path=path, methods=methods, count=count
        )

    def latency(
        self,
        delay_ms: int,
        path: str | None = None,
        *,
        methods: tuple[str, ...] | None = None,
        count: int | None = 1,
    ) -> str:
        """Delay, then serve normally."""
        return self.add_fault(
            {"type": "latency", "delay_ms": delay_ms}, path=path, methods=methods, count=count
        )

    def malformed(
        self,
        path: str | None = "/api/v1/statuses",
        *,
        methods: tuple[str, ...] | None = ("POST",),
        truncate: bool = True,
        count: int | None = 1,
    ) -> str:
        """200 with a broken JSON body (``{"error": "truncated`` or ``{not json``)."""
        return self.add_fault(
            {"type": "malformed", "truncate": truncate}, path=path, methods=methods, count=count
        )

    def faults(self) -> list[dict[str, Any]]:
        """Active rules with their remaining budgets."""
        return list(self._call("GET", "/api/v1/_mock/faults"))

    def remove_fault(self, rule_id: str) -> None:
        self._call("DELETE", f"/api/v1/_mock/faults/{rule_id}")

    def clear_faults(self) -> None:
        self._call("DELETE", "/api/v1/_mock/faults")

    # -- internals -------------------------------------------------------------------------
    def _wait_ready(self, deadline: float) -> bool:
        assert self._proc is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            with contextlib.suppress(OSError):
                status, _h, _b = self.request("GET", "/api/v1/instance", timeout=1.0)
                if status == 200:
                    return True
            time.sleep(0.05)
        return False


if __name__ == "__main__":  # manual check: python tests/networks/mastodon/server.py
    with MastodonMock() as m:
        conf = m.instance()["configuration"]["statuses"]
        print(f"{m.base_url} token={m.access_token[:8]}... started in {m.startup_seconds:.2f}s")
        print(f"statuses config: {conf}")
