"""The review clock: news pull requests waiting too long for their theme's editors.

A scheduled workflow runs `newsroom review-clock`. For each open, ready (not draft) pull
request that changes `content/news/<theme>/` and has no review yet, it counts the
*working* hours since the pull request was opened (or marked ready for review). When that
reaches `review.service_hours`, it mentions the owners of the changed items, read from
`.github/CODEOWNERS` (the last matching line wins, as on GitHub), in one comment carrying
a hidden marker; a later run sees the marker and stays silent.

GitHub is reached through Newsroom's one client (`github_api`): the real API with
`GITHUB_TOKEN`, or recorded answers from a payload file (`--payload`), to try it without one.
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
from .github_api import GitHubAPI
from .github_text import mention

MARKER = "<!-- newsroom-review-clock -->"
# The lists a recorded payload may leave out (none of them: an empty list).
LISTS = ("/comments", "/reviews", "/events", "/files")
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
    """The review clock's reads and its one write, through Newsroom's GitHub client."""

    def __init__(self, api: GitHubAPI):
        self.api = api

    def open_pull_requests(self) -> list[PullRequest]:
        """Open pull requests with their files, comments, reviews and readiness time."""
        return [self._pull_request(data) for data in self.api.get_all("pulls", state="open")]

    def _pull_request(self, data: dict) -> PullRequest:
        number = data["number"]
        author = data["user"]["login"]
        draft = bool(data.get("draft"))
        since = _parse_time(data["created_at"])
        if draft:  # a draft is not waiting for anyone: spare the API calls
            return PullRequest(number, data.get("title", ""), author, True, since, [], [], False)
        files = [f["filename"] for f in self.api.get_all(f"pulls/{number}/files")]
        comments = [c.get("body") or "" for c in self.api.own_comments(number)]
        reviewed = any(
            (r.get("user") or {}).get("login") != author
            for r in self.api.get_all(f"pulls/{number}/reviews")
        )
        ready = [
            _parse_time(e["created_at"])
            for e in self.api.get_all(f"issues/{number}/events")
            if e.get("event") == "ready_for_review"
        ]
        since = max([since, *ready])
        return PullRequest(
            number, data.get("title", ""), author, False, since, files, comments, reviewed
        )

    def comment(self, number: int, body: str) -> None:
        """Add a comment to a pull request (its conversation, the issues API)."""
        self.api.post(f"issues/{number}/comments", {"body": body})


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Recording:
    """Recorded GitHub answers and the repository they were recorded on."""

    path: Path
    repo: str


# What `review-clock --dry-run` reads without a token: seven pull requests of an example
# newsroom on Monday 23 November 2026 (a draft, a reviewed one, one already mentioned…).
EXAMPLE = Recording(Path(__file__).with_name("review_example.json"), "aldermoor/newsroom")


def recorded_answers(path: Path) -> httpx.MockTransport:
    """GitHub as recorded in a payload file (`"GET <path>"` → JSON body): to try the clock
    without a token. Lists it does not hold are empty; it takes no write."""
    data = json.loads(path.read_text(encoding="utf-8"))
    recorded: dict[str, object] = data.get("requests", data)

    def answer(request: httpx.Request) -> httpx.Response:
        key = f"{request.method} {request.url.path}"
        if key in recorded:
            return httpx.Response(200, json=recorded[key])
        if request.method == "GET" and request.url.path.endswith(LISTS):
            return httpx.Response(200, json=[])
        return httpx.Response(404, json={"message": f"not in {path.name}: {key}"})

    return httpx.MockTransport(answer)


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
        waited = f"{self.waited:.2f} / {service_hours:g} working hours"
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
        f"⏰ {' '.join(mention(owner) for owner in owners)}: this news pull request has been "
        f"waiting for review for {waited:.1f} working hours; the newsroom's service level is "
        f"{service_hours:g} working hours.\n\n"
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
