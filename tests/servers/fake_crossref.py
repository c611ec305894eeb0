"""A contract fake of Crossref's REST API on 127.0.0.1: `GET /works/{doi}`.

It answers as Crossref documents its "Work" JSON (CrossRef/rest-api-doc, `api_format.md`,
the format of `https://api.crossref.org/works/{doi}`): an envelope `status`,
`message-type: work`, `message-version`, and a `message` whose `title` and
`container-title` are arrays of strings and whose dates are `{"date-parts": [[y, m, d]]}`
(`published-print` given to the month only, as many journals deposit it). An unknown DOI
is a 404 with Crossref's plain-text body, `Resource not found.`. The records below are
written for these tests in that documented shape (no third-party text is copied); each
request is kept, so a test can see the polite `mailto` Crossref asks clients to send.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

NUMPY_DOI = "10.1038/s41586-020-2649-2"
WORKS = {
    NUMPY_DOI: {
        "DOI": NUMPY_DOI,
        "type": "journal-article",
        "publisher": "Springer Science and Business Media LLC",
        "title": ["Array programming with NumPy"],
        "container-title": ["Nature"],
        "short-container-title": ["Nature"],
        "published-print": {"date-parts": [[2020, 9]]},
        "published-online": {"date-parts": [[2020, 9, 16]]},
        "issued": {"date-parts": [[2020, 9, 16]]},
        "volume": "585",
        "issue": "7825",
        "page": "357-362",
    }
}


class FakeCrossref:
    """The fake server: `url` to give as NEWSROOM_CROSSREF_URL, `requests` it received."""

    def __init__(self) -> None:
        self.requests: list[dict[str, object]] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                fake.requests.append(
                    {
                        "path": unquote(parts.path),
                        "query": parse_qs(parts.query),
                        "agent": self.headers.get("User-Agent", ""),
                    }
                )
                doi = unquote(parts.path).removeprefix("/works/")
                work = WORKS.get(doi)
                if work is None:
                    self._answer(404, b"Resource not found.", "text/plain")
                    return
                envelope = {
                    "status": "ok",
                    "message-type": "work",
                    "message-version": "1.0.0",
                    "message": work,
                }
                self._answer(200, json.dumps(envelope).encode(), "application/json")

            def _answer(self, status: int, body: bytes, kind: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
