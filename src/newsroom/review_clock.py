"""The review clock: news pull requests waiting too long for their theme's editors.

A scheduled workflow runs `newsroom review-clock`. For each open, ready (not draft) pull
request that changes `content/news/<theme>/` and has no review yet, it counts the
*working* hours since the pull request was opened (or marked ready for review). When that
reaches `review.service_hours`, it mentions the owners of the changed items, read from
`.github/CODEOWNERS` (the last matching line wins, as on GitHub), in one comment carrying
a hidden marker; a later run sees the marker and stays silent.

The GitHub REST API is reached through an httpx client whose transport is swappable:
the real API with `GITHUB_TOKEN`, or `ReplayTransport`, which answers from recorded
payloads (tests, `--payload`) and keeps what would have been posted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import httpx

from .config import WEEKDAYS, ReviewSettings

MARKER = "<!-- newsroom-review-clock -->"
# Who comments when the workflow's GITHUB_TOKEN runs the clock.
ACTIONS_BOT = "github-actions[bot]"
NEWS_PREFIX = "content/news/"
CODEOWNERS_PLACES = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")


# --- Working hours ---------------------------------------------------------------------


def working_hours_between(
    start: datetime, end: datetime, settings: ReviewSettings, zone: ZoneInfo
) -> float:
    """Working hours between two instants: only the configured days and hours count.

    Each day's window is built in the review time zone, so a daylight-saving change
    moves it with the local clock.
    """
    if end <= start:
        return 0.0
    hours = settings.working_hours
    open_at, close_at = time.fromisoformat(hours.start), time.fromisoformat(hours.end)
    days = {WEEKDAYS.index(day) for day in hours.days}
    total = timedelta()
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        if day.weekday() in days:
            window_start = datetime.combine(day, open_at, tzinfo=zone)
            window_end = datetime.combine(day, close_at, tzinfo=zone)
            overlap = min(end, window_end) - max(start, window_start)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total.total_seconds() / 3600


# --- CODEOWNERS ------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerRule:
    """One line of CODEOWNERS: a pattern and its owners."""

    pattern: str
    owners: tuple[str, ...]
    regex: re.Pattern[str]


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """gitignore-style pattern → regex on repository paths (as GitHub reads CODEOWNERS)."""
    anchored = pattern.startswith("/") or "/" in pattern.rstrip("/")
    body = pattern.strip("/")
    directory = pattern.endswith("/")
    out = ""
    position = 0
    while position < len(body):
        if body.startswith("**", position):
            out += ".*"
            position += 2
        elif body[position] == "*":
            out += "[^/]*"
            position += 1
        elif body[position] == "?":
            out += "[^/]"
            position += 1
        else:
            out += re.escape(body[position])
            position += 1
    prefix = "" if anchored else "(?:.*/)?"
    # `docs/*` names the files of docs/ only, not those of its subfolders (GitHub's docs).
    suffix = "/.*" if directory else ("" if body.endswith("/*") else "(?:/.*)?")
    return re.compile(f"^{prefix}{out}{suffix}$")


def parse_codeowners(text: str) -> list[OwnerRule]:
    """The rules of a CODEOWNERS file, in order (comments and blank lines skipped)."""
    rules = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        pattern, *owners = line.split()
        rules.append(OwnerRule(pattern, tuple(owners), _pattern_regex(pattern)))
    return rules


def owners_of(path: str, rules: list[OwnerRule]) -> tuple[str, ...]:
    """The owners of a file: those of the last matching rule (GitHub's precedence)."""
    found: tuple[str, ...] = ()
    for rule in rules:
        if rule.regex.match(path):
            found = rule.owners
    return found


def find_codeowners(root: Path) -> Path | None:
    """Where GitHub would read CODEOWNERS from in this repository, if anywhere."""
    return next((root / p for p in CODEOWNERS_PLACES if (root / p).is_file()), None)


# --- GitHub ----------------------------------------------------------------------------


@dataclass
class PullRequest:
    """What the clock needs to know about one open pull request."""

    number: int
    title: str
    author: str
    draft: bool
    waiting_since: datetime
    files: list[str]
    comments: list[str]  # the bodies of the clock's own comments (see GitHub.login)
    reviewed: bool


class GitHub:
    """The few GitHub REST calls of the review clock, over any httpx transport."""

    def __init__(
        self,
        repo: str,
        *,
        token: str | None = None,
        base_url: str = "https://api.github.com",
        transport: httpx.BaseTransport | None = None,
    ):
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "newsroom-review-clock",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.repo = repo
        self._login: str | None = None
        self.client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, transport=transport, timeout=30
        )

    def _all(self, path: str, **query: str) -> list[dict]:
        """Every page of a list endpoint (following `Link: rel="next"`)."""
        found: list[dict] = []
        url: str | None = f"/repos/{self.repo}/{path}"
        params: dict[str, str | int] | None = {"per_page": 100, **query}
        while url:
            response = self.client.get(url, params=params)
            response.raise_for_status()
            found += response.json()
            url = response.links.get("next", {}).get("url")
            params = None  # the next URL carries its own query
        return found

    def login(self) -> str:
        """The account this clock comments as: only its own marker comments count.

        A personal or app token reads its user at `GET /user`; the workflow's GITHUB_TOKEN
        cannot (403), and comments as `github-actions[bot]`.
        """
        if self._login is None:
            response = self.client.get("/user")
            if response.status_code in (401, 403, 404):
                self._login = ACTIONS_BOT
            else:
                response.raise_for_status()
                self._login = str(response.json()["login"])
        return self._login

    def _own_comments(self, number: int) -> list[str]:
        """The bodies of this account's comments on a pull request (anyone can write the
        marker in a comment: counting only ours keeps others from silencing the clock)."""
        return [
            c.get("body") or ""
            for c in self._all(f"issues/{number}/comments")
            if (c.get("user") or {}).get("login") == self.login()
        ]

    def open_pull_requests(self) -> list[PullRequest]:
        """Open pull requests with their files, comments, reviews and readiness time."""
        pulls = []
        for data in self._all("pulls", state="open"):
            number = data["number"]
            draft = bool(data.get("draft"))
            since = _parse_time(data["created_at"])
            files, comments, reviewed = [], [], False
            if not draft:  # a draft is not waiting for anyone: spare the API calls
                files = [f["filename"] for f in self._all(f"pulls/{number}/files")]
                comments = self._own_comments(number)
                author = data["user"]["login"]
                reviewed = any(
                    (r.get("user") or {}).get("login") != author
                    for r in self._all(f"pulls/{number}/reviews")
                )
                ready = [
                    _parse_time(e["created_at"])
                    for e in self._all(f"issues/{number}/events")
                    if e.get("event") == "ready_for_review"
                ]
                since = max([since, *ready])
            pulls.append(
                PullRequest(
                    number,
                    data.get("title", ""),
                    data["user"]["login"],
                    draft,
                    since,
                    files,
                    comments,
                    reviewed,
                )
            )
        return pulls

    def comment(self, number: int, body: str) -> None:
        """Add a comment to a pull request (its conversation, the issues API)."""
        response = self.client.post(
            f"/repos/{self.repo}/issues/{number}/comments", json={"body": body}
        )
        response.raise_for_status()


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class ReplayTransport(httpx.BaseTransport):
    """Answers GET requests from recorded GitHub payloads; keeps POSTed comments.

    The payload file maps `"GET <path>"` (no query string) to the recorded JSON body.
    A posted comment is appended to the recorded comments of its pull request, so a second
    run over the same transport sees it — exactly as on GitHub.
    """

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
            if request.url.path.endswith(("/comments", "/reviews", "/events", "/files")):
                return httpx.Response(200, json=[])
            return httpx.Response(404, json={"message": f"not recorded: {key}"})
        return httpx.Response(200, json=self.recorded[key])


# --- The clock -------------------------------------------------------------------------


@dataclass
class Decision:
    """What the clock decided for one pull request, and why."""

    number: int
    action: str  # "mention", "already-mentioned", "within", "draft", "reviewed", "not-news"
    waited: float = 0.0
    owners: list[str] = field(default_factory=list)
    comment: str = ""

    def describe(self, service_hours: float) -> str:
        """One line for the run's log."""
        waited = f"{self.waited:.2f} working h / {service_hours:g}"
        reasons = {
            "mention": f"{waited}: mentioning {' '.join(self.owners)}",
            "already-mentioned": f"{waited}: editors already mentioned",
            "within": f"{waited}: within the service level",
            "draft": "draft: not waiting for review",
            "reviewed": "already reviewed",
            "not-news": "changes no news item",
            "no-owner": f"{waited}: no owner in CODEOWNERS for its items",
        }
        return f"#{self.number}: {reasons[self.action]}"


def news_owners(files: list[str], rules: list[OwnerRule], author: str) -> list[str]:
    """The owners of the news items a pull request changes, in order, without its author."""
    owners: list[str] = []
    for path in files:
        if path.startswith(NEWS_PREFIX) and len(PurePosixPath(path).parts) > 3:
            for owner in owners_of(path, rules):
                if owner not in owners and owner.lstrip("@").lower() != author.lower():
                    owners.append(owner)
    return owners


def reminder(owners: list[str], waited: float, service_hours: float) -> str:
    """The comment mentioning the editors, with the marker that prevents a second one."""
    return (
        f"{MARKER}\n"
        f"⏰ {' '.join(owners)}: this news pull request has been waiting for review for "
        f"{waited:.1f} working hours; the newsroom's service level is {service_hours:g}.\n\n"
        "Please review it now (merge, or say what to change), or hand it over to another "
        "editor of the theme. _The review clock mentions the editors once per pull request._"
    )


def decide(
    pull: PullRequest,
    rules: list[OwnerRule],
    settings: ReviewSettings,
    zone: ZoneInfo,
    now: datetime,
) -> Decision:
    """What the clock does for one pull request at `now`."""
    if pull.draft:
        return Decision(pull.number, "draft")
    if not any(f.startswith(NEWS_PREFIX) for f in pull.files):
        return Decision(pull.number, "not-news")
    if pull.reviewed:
        return Decision(pull.number, "reviewed")
    waited = working_hours_between(pull.waiting_since, now, settings, zone)
    if any(body.startswith(MARKER) for body in pull.comments):
        return Decision(pull.number, "already-mentioned", waited)
    # Compared in whole seconds, so "exactly two hours" is not lost to float rounding.
    if round(waited * 3600) < round(settings.service_hours * 3600):
        return Decision(pull.number, "within", waited)
    owners = news_owners(pull.files, rules, pull.author)
    if not owners:
        return Decision(pull.number, "no-owner", waited)
    return Decision(
        pull.number, "mention", waited, owners, reminder(owners, waited, settings.service_hours)
    )


def run_review_clock(
    github: GitHub,
    rules: list[OwnerRule],
    settings: ReviewSettings,
    zone: ZoneInfo,
    now: datetime,
    *,
    dry_run: bool = False,
) -> list[Decision]:
    """Decide for every open pull request; post the mentions unless `dry_run`."""
    decisions = []
    for pull in github.open_pull_requests():
        decision = decide(pull, rules, settings, zone, now)
        if decision.action == "mention" and not dry_run:
            github.comment(pull.number, decision.comment)
        decisions.append(decision)
    return decisions


def review_zone(settings: ReviewSettings, site_zone: str) -> ZoneInfo:
    """The time zone of the working hours: `review.timezone`, else the site's."""
    return ZoneInfo(settings.timezone or site_zone)
