"""The one GitHub REST client: the review clock, the preview comment and the accounts issue.

An httpx client whose transport is swappable (tests hand in theirs; the code never knows).
The token comes from the environment only (`GITHUB_TOKEN`, else `GH_TOKEN`, as the workflows
set them), is sent as a header and never printed; an error names the call and GitHub's
message, never a body.
"""

from __future__ import annotations

import os
import re
from typing import Any

import httpx

API_URL = "https://api.github.com"
# Who writes when a workflow's own GITHUB_TOKEN is used (it cannot read `GET /user`).
ACTIONS_BOT = "github-actions[bot]"
_REPO = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


class GitHubError(Exception):
    """A call GitHub refused or could not answer: the call, the status and GitHub's words."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status  # None: no answer at all


def token_from_environment() -> str | None:
    """The token the workflow gave: GITHUB_TOKEN, else GH_TOKEN (gh's name for it)."""
    return os.environ.get("GITHUB_TOKEN") or os.environ.get("GH_TOKEN") or None


class GitHubAPI:
    """The REST calls Newsroom makes on one repository, over any httpx transport."""

    def __init__(
        self,
        repo: str,
        *,
        token: str | None = None,
        base_url: str = API_URL,
        transport: httpx.BaseTransport | None = None,
    ):
        if not _REPO.fullmatch(repo or ""):
            raise GitHubError(f"{repo!r} is not a repository: write it owner/name")
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "newsroom",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.repo = repo
        self._login: str | None = None
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, transport=transport, timeout=30
        )

    @classmethod
    def from_environment(
        cls, repo: str | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> GitHubAPI:
        """The client a workflow step gets: GITHUB_REPOSITORY, GITHUB_API_URL, the token."""
        return cls(
            repo or os.environ.get("GITHUB_REPOSITORY", ""),
            token=token_from_environment(),
            base_url=os.environ.get("GITHUB_API_URL") or API_URL,
            transport=transport,
        )

    def _url(self, path: str) -> str:
        """`/user` is the API's; `pulls/7` is this repository's."""
        return path if path.startswith("/") else f"/repos/{self.repo}/{path}"

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        """One call; a refusal or a dead connection becomes a GitHubError naming the call."""
        url = self._url(path)
        try:
            response = self.client.request(method, url, **options)
        except httpx.HTTPError as error:
            raise GitHubError(f"{method} {url}: {type(error).__name__}: {error}") from None
        if response.is_error:
            status = response.status_code
            raise GitHubError(f"{method} {url} answered {status}: {_said(response)}", status)
        return response

    def get(self, path: str, **params: str | int) -> Any:
        return self.request("GET", path, params=params or None).json()

    def get_all(self, path: str, **params: str | int) -> list[Any]:
        """Every page of a list (following `Link: rel="next"`)."""
        found: list[Any] = []
        url: str | None = self._url(path)
        query: dict[str, str | int] | None = {"per_page": 100, **params}
        while url:
            response = self.request("GET", url, params=query)
            found += response.json()
            url = response.links.get("next", {}).get("url")
            query = None  # the next URL carries its own query
        return found

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("POST", path, json=body).json()

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.request("PATCH", path, json=body).json()

    def put(self, path: str, body: dict[str, Any]) -> None:
        self.request("PUT", path, json=body)

    def set_secret(self, name: str, value: str, environment: str | None = None) -> None:
        """Write a repository (or environment) secret: sealed with the public key GitHub
        gives for it, as its API requires; the value never leaves this process in clear."""
        from base64 import b64decode, b64encode

        from nacl.public import PublicKey, SealedBox

        place = f"environments/{environment}/secrets" if environment else "actions/secrets"
        key = self.get(f"{place}/public-key")
        sealed = SealedBox(PublicKey(b64decode(key["key"]))).encrypt(value.encode("utf-8"))
        body = {"encrypted_value": b64encode(sealed).decode("ascii"), "key_id": key["key_id"]}
        self.put(f"{place}/{name}", body)

    def login(self) -> str:
        """The account this token writes as: a personal or app token reads it at `GET /user`;
        the workflow's GITHUB_TOKEN cannot (403) and writes as `github-actions[bot]`."""
        if self._login is None:
            response = self.client.get("/user")
            if response.status_code in (401, 403, 404):
                self._login = ACTIONS_BOT
            elif response.is_error:
                raise GitHubError(f"GET /user answered {response.status_code}: {_said(response)}")
            else:
                self._login = str(response.json()["login"])
        return self._login

    def own_comments(self, number: int) -> list[dict[str, Any]]:
        """This account's comments on an issue or pull request: anyone can copy a marker
        into a comment, so only ours are ever trusted, updated or counted."""
        return [
            comment
            for comment in self.get_all(f"issues/{number}/comments")
            if (comment.get("user") or {}).get("login") == self.login()
        ]


def _said(response: httpx.Response) -> str:
    """GitHub's own message, short (never the request, which may hold a token)."""
    try:
        message = response.json().get("message", "")
    except (ValueError, AttributeError):  # not JSON, or not an object
        message = response.text
    return str(message)[:300] or response.reason_phrase
