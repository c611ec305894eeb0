"""GitHub for the review clock's tests: recorded answers, and the comments it posts kept.

A transport for Newsroom's GitHub client (the seam every test uses; the package holds no
test double). The payload file maps `"GET <path>"` (no query string) to the recorded body.
A posted comment is appended to the recorded comments of its pull request, so a second run
over the same transport sees it, exactly as on GitHub.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from newsroom.github_api import ACTIONS_BOT
from newsroom.review_clock import LISTS


class ReplayTransport(httpx.BaseTransport):
    """Answers GET requests from recorded GitHub payloads; keeps POSTed comments."""

    def __init__(self, recorded: dict[str, object]):
        self.recorded = recorded
        self.posted: list[tuple[str, dict]] = []

    @classmethod
    def from_file(cls, path: Path) -> ReplayTransport:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data.get("requests", data))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.method} {request.url.path}"
        if request.method == "POST":
            body = json.loads(request.content)
            self.posted.append((request.url.path, body))
            listed = self.recorded.setdefault(f"GET {request.url.path}", [])
            assert isinstance(listed, list)
            listed.append({"body": body["body"], "user": {"login": ACTIONS_BOT}})
            return httpx.Response(201, json={"body": body["body"]})
        if key not in self.recorded:
            if request.url.path.endswith(LISTS):
                return httpx.Response(200, json=[])
            return httpx.Response(404, json={"message": f"not recorded: {key}"})
        return httpx.Response(200, json=self.recorded[key])
