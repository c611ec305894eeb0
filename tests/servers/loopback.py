"""A real HTTP server on 127.0.0.1 for the fake networks, with fault injection and inspection.

Each fake (tests/networks/<name>/fake.py) subclasses `FakeNetwork` and declares routes; this
module runs it in a thread (stdlib only) and applies injected faults before the routes:

- `fail(status, times=1, headers=..., body=...)`: the next `times` requests answer `status`;
- `delay(seconds, times=1)`: the next requests wait first (client timeouts);
- the same over HTTP: `POST /_fake/faults` with `{"status"|"delay", "times", "headers",
  "body", "path"}`, `POST /_fake/reset`, and each fake's own `GET /_fake/...` inspection.
Control paths (`/_fake/...`) are never affected by faults.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

CONTROL_PREFIX = "/_fake/"


@dataclass
class Request:
    """What a route sees of an HTTP request."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: bytes
    raw_query: str = ""  # as sent (signatures are computed over it)

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def fields(self) -> dict[str, str]:
        """Parameters of a call: the query string, then the form-encoded or JSON body."""
        fields = dict(self.query)
        if self.headers.get("content-type", "").startswith("application/json"):
            fields.update({k: str(v) for k, v in (self.json() or {}).items()})
        elif self.body:
            parsed = parse_qs(self.body.decode("utf-8"), keep_blank_values=True)
            fields.update({k: v[-1] for k, v in parsed.items()})
        return fields

    def access_token(self) -> str:
        """The token of a Graph-style call: `Authorization: Bearer|OAuth`, else the
        `access_token` parameter (query or body)."""
        header = self.headers.get("authorization", "")
        if header.startswith(("Bearer ", "OAuth ")):
            return header.split(" ", 1)[1]
        return self.fields().get("access_token", "")


@dataclass
class Response:
    """What a route answers."""

    status: int = 200
    body: Any = None  # JSON-serialised unless bytes
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Fault:
    """An injected failure, consumed by the next matching requests."""

    times: int
    status: int | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    path: str | None = None  # regex; None matches every non-control path


Route = Callable[[Request, re.Match[str]], Response]


class FakeNetwork:
    """Routes + state of one fake network; `start()` serves it on a free loopback port."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.faults: list[Fault] = []
        self.requests: list[Request] = []  # every non-control request, for assertions
        self._routes: list[tuple[str, re.Pattern[str], Route]] = []
        self._server: ThreadingHTTPServer | None = None
        self.route("POST", r"/_fake/faults", self._add_fault)
        self.route("POST", r"/_fake/reset", lambda request, match: self._reset_route())

    # -- declaration and control -------------------------------------------------------------

    def route(self, method: str, pattern: str, handler: Route) -> None:
        self._routes.append((method, re.compile(f"^{pattern}$"), handler))

    def fail(self, status: int, times: int = 1, **options: Any) -> None:
        with self.lock:
            self.faults.append(Fault(times=times, status=status, **options))

    def delay(self, seconds: float, times: int = 1, path: str | None = None) -> None:
        with self.lock:
            self.faults.append(Fault(times=times, delay=seconds, path=path))

    def reset(self) -> None:
        """Forget faults and recorded requests (subclasses also forget their data)."""
        with self.lock:
            self.faults.clear()
            self.requests.clear()

    def _reset_route(self) -> Response:
        self.reset()
        return Response(204)

    def _add_fault(self, request: Request, match: re.Match[str]) -> Response:
        spec = request.json()
        with self.lock:
            self.faults.append(
                Fault(
                    times=int(spec.get("times", 1)),
                    status=spec.get("status"),
                    delay=float(spec.get("delay", 0)),
                    headers=spec.get("headers", {}),
                    body=spec.get("body"),
                    path=spec.get("path"),
                )
            )
        return Response(201, {"faults": len(self.faults)})

    # -- serving -----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeNetwork:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are two writes: with Nagle's algorithm the body waits for the
            # client's delayed ACK of the headers (40 ms a request on Linux loopback).
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                fake._handle(self)

            do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # daemon workers already
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        request = Request(
            method=handler.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query).items()},
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=handler.rfile.read(length) if length else b"",
            raw_query=parts.query,
        )
        response = self._dispatch(request)
        payload = (
            response.body
            if isinstance(response.body, bytes)
            else (b"" if response.body is None else json.dumps(response.body).encode())
        )
        try:
            handler.send_response(response.status)
            headers = {"Content-Type": "application/json", **response.headers}
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(payload)))
            handler.end_headers()
            handler.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a delay fault longer than its timeout)

    def _dispatch(self, request: Request) -> Response:
        if not request.path.startswith(CONTROL_PREFIX):
            with self.lock:
                self.requests.append(request)
            fault = self._take_fault(request.path)
            if fault is not None:
                if fault.delay:
                    time.sleep(fault.delay)
                if fault.status is not None:
                    return Response(fault.status, fault.body or {}, dict(fault.headers))
        for method, pattern, route in self._routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                try:
                    with self.lock:
                        return route(request, match)
                except Exception as error:  # a bug in the fake must show in the test
                    return Response(599, {"fake_error": repr(error)})
        return Response(404, {"error": f"no route {request.method} {request.path}"})

    def _take_fault(self, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.path is None or re.search(fault.path, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                    return fault
        return None
