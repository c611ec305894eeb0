"""GitHub's REST API on 127.0.0.1, as far as Newsroom's GitHub client uses it: pull requests'
heads, issue comments (by login), issues, labels and secrets (sealed with its own key pair,
as GitHub's are). Refuses calls without the token it was given (secrets: without the token
allowed to write them), answers `GET /user` with 403 as it does for a workflow's token."""

from __future__ import annotations

import json
import re
import threading
from base64 import b64decode, b64encode
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from nacl.public import PrivateKey, SealedBox

BOT = "github-actions[bot]"


class FakeGitHub:
    """The server and its state (pull requests' heads, comments, issues, labels, calls)."""

    def __init__(self, repo: str, token: str = "workflow-token", secrets_token: str = ""):
        self.repo = repo
        self.token = token
        self.secrets_token = secrets_token
        self.key = PrivateKey.generate()
        self.secrets: dict[str, dict[str, str | None]] = {}
        self.heads: dict[int, str] = {}
        self.comments: list[dict[str, Any]] = []
        self.issues: list[dict[str, Any]] = []
        self.labels: set[str] = set()
        self.calls: list[tuple[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> FakeGitHub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def comment(self, issue: int, body: str, login: str = BOT) -> dict[str, Any]:
        comment = {"id": len(self.comments) + 1, "issue": issue, "body": body}
        comment |= {"user": {"login": login}, "html_url": f"#c{comment['id']}"}
        self.comments.append(comment)
        return comment

    # --- routes --------------------------------------------------------------------------

    def allowed(self, path: str, authorization: str | None) -> tuple[int, str] | None:
        """Why a call is refused (status, message), or None."""
        if "/secrets" in path:
            if authorization != f"Bearer {self.secrets_token}" or not self.secrets_token:
                return 403, "Resource not accessible by integration"
        elif authorization != f"Bearer {self.token}":
            return 401, "Bad credentials"
        return None

    def answer(self, method: str, path: str, body: dict[str, Any]) -> tuple[int, Any]:
        prefix = f"/repos/{self.repo}/"
        if path == "/user":
            return 403, {"message": "Resource not accessible by integration"}
        if not path.startswith(prefix):
            return 404, {"message": "Not Found"}
        route = path.removeprefix(prefix)
        for pattern, handler in self._routes():
            if (match := re.fullmatch(pattern, f"{method} {route}")) is not None:
                return handler(body, *match.groups())
        return 404, {"message": f"fake GitHub: no route for {method} {route}"}

    def _routes(self) -> list[tuple[str, Any]]:
        return [
            (r"GET pulls/(\d+)", self._pull),
            (r"GET issues/(\d+)/comments", self._list_comments),
            (r"POST issues/(\d+)/comments", self._add_comment),
            (r"PATCH issues/comments/(\d+)", self._edit_comment),
            (r"GET issues", self._list_issues),
            (r"POST issues", self._create_issue),
            (r"PATCH issues/(\d+)", self._edit_issue),
            (r"POST labels", self._create_label),
            (r"PATCH labels/([^/]+)", lambda body, name: (200, body | {"name": name})),
            (r"GET actions/secrets/public-key", self._public_key),
            (r"GET environments/[^/]+/secrets/public-key", self._public_key),
            (r"PUT actions/secrets/([A-Z0-9_]+)", self._put_secret),
            (r"PUT environments/([^/]+)/secrets/([A-Z0-9_]+)", self._put_environment_secret),
        ]

    def _public_key(self, _: dict) -> tuple[int, Any]:
        key = b64encode(bytes(self.key.public_key)).decode()
        return 200, {"key_id": "k1", "key": key}

    def _put_secret(self, body: dict, name: str, environment: str | None = None) -> tuple[int, Any]:
        if body.get("key_id") != "k1":
            return 422, {"message": "Bad key_id"}
        value = SealedBox(self.key).decrypt(b64decode(body["encrypted_value"])).decode()
        self.secrets[name] = {"value": value, "env": environment}
        return 201, {}

    def _put_environment_secret(self, body: dict, environment: str, name: str) -> tuple[int, Any]:
        return self._put_secret(body, name, environment)

    def _pull(self, _: dict, number: str) -> tuple[int, Any]:
        head = self.heads.get(int(number))
        if head is None:
            return 404, {"message": "Not Found"}
        return 200, {"number": int(number), "head": {"sha": head}}

    def _list_comments(self, _: dict, number: str) -> tuple[int, Any]:
        return 200, [c for c in self.comments if c["issue"] == int(number)]

    def _add_comment(self, body: dict, number: str) -> tuple[int, Any]:
        return 201, self.comment(int(number), body["body"])

    def _edit_comment(self, body: dict, number: str) -> tuple[int, Any]:
        comment = next((c for c in self.comments if c["id"] == int(number)), None)
        if comment is None or comment["user"]["login"] != BOT:
            return 403, {"message": "not yours"}
        comment["body"] = body["body"]
        return 200, comment

    def _list_issues(self, query: dict) -> tuple[int, Any]:
        label, state = query.get("labels"), query.get("state", "open")
        return 200, [
            i for i in self.issues if (not label or label in i["labels"]) and i["state"] == state
        ]

    def _create_issue(self, body: dict) -> tuple[int, Any]:
        if any(label not in self.labels for label in body.get("labels", [])):
            return 422, {"message": "Validation Failed: label does not exist"}
        number = len(self.issues) + 1
        issue = {"number": number, "state": "open", "labels": body.get("labels", [])}
        issue |= {"title": body["title"], "body": body["body"], "user": {"login": BOT}}
        self.issues.append(issue)
        return 201, issue | {"html_url": f"#i{number}"}

    def _edit_issue(self, body: dict, number: str) -> tuple[int, Any]:
        issue = next((i for i in self.issues if i["number"] == int(number)), None)
        if issue is None:
            return 404, {"message": "Not Found"}
        issue.update({k: v for k, v in body.items() if k in ("body", "state", "title")})
        return 200, issue

    def _create_label(self, body: dict) -> tuple[int, Any]:
        if body["name"] in self.labels:
            return 422, {"message": "Validation Failed", "errors": [{"code": "already_exists"}]}
        self.labels.add(body["name"])
        return 201, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                url = urlsplit(self.path)
                fake.calls.append((self.command, url.path))
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.command == "GET":  # a list's filters, for the routes that read them
                    body = dict(parse_qsl(url.query))
                refused = fake.allowed(url.path, self.headers.get("Authorization"))
                if refused:
                    status, answer = refused[0], {"message": refused[1]}
                else:
                    status, answer = fake.answer(self.command, url.path, body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_PUT = _serve

            def log_message(self, *args: object) -> None:
                pass

        return Handler
