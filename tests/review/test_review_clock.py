"""The review clock, offline: recorded GitHub payloads, a CODEOWNERS fixture, pinned times."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

import newsroom
from newsroom.cli import main
from newsroom.config import ReviewSettings
from newsroom.github_api import GitHubAPI
from newsroom.review_clock import (
    MARKER,
    GitHub,
    owners_of,
    parse_codeowners,
    reminder,
    run_review_clock,
    working_hours_between,
)

from ..conftest import copy_config
from ..github_markdown import render
from .replay import ReplayTransport

HERE = Path(__file__).parent
PAYLOADS = HERE / "payloads"
EXAMPLE = Path(newsroom.__file__).with_name("review_example.json")  # what --dry-run reads
PROJECT = HERE.parents[1]
PARIS = ZoneInfo("Europe/Paris")
RULES = parse_codeowners((HERE / "CODEOWNERS").read_text(encoding="utf-8"))
SETTINGS = ReviewSettings()  # 2 working hours, 09:00 to 18:00, Monday to Friday


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def run(payload: str, now: str, transport: ReplayTransport | None = None, **settings: object):
    recorded = EXAMPLE if payload == "open-pulls.json" else PAYLOADS / payload
    transport = transport or ReplayTransport.from_file(recorded)
    github = GitHub(GitHubAPI("aldermoor/newsroom", transport=transport))
    review = ReviewSettings(**settings) if settings else SETTINGS  # type: ignore[arg-type]
    decisions = run_review_clock(github, RULES, review, PARIS, at(now))
    return {d.number: d for d in decisions}, transport


# --- Working hours -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-11-23T10:00:00+01:00", "2026-11-23T12:00:00+01:00", 2.0),  # Monday morning
        ("2026-11-23T07:00:00+01:00", "2026-11-23T09:30:00+01:00", 0.5),  # before opening
        ("2026-11-23T17:00:00+01:00", "2026-11-24T10:00:00+01:00", 2.0),  # overnight
        ("2026-11-20T17:30:00+01:00", "2026-11-23T09:00:00+01:00", 0.5),  # Friday → Monday
        ("2026-11-21T10:00:00+01:00", "2026-11-22T20:00:00+01:00", 0.0),  # a whole weekend
        # Clocks go back on Sunday 25 October 2026: the windows follow the local clock.
        ("2026-10-23T17:00:00+02:00", "2026-10-26T10:00:00+01:00", 2.0),
        # Clocks go forward on Sunday 29 March 2026.
        ("2026-03-27T17:00:00+01:00", "2026-03-30T10:00:00+02:00", 2.0),
    ],
)
def test_only_working_hours_count(start: str, end: str, hours: float) -> None:
    assert working_hours_between(at(start), at(end), SETTINGS, PARIS) == pytest.approx(hours)


def test_working_days_and_hours_are_configurable() -> None:
    weekend_desk = ReviewSettings(
        working_hours={"start": "08:00", "end": "20:00", "days": ["sat", "sun"]}
    )
    saturday = at("2026-11-21T07:00:00+01:00"), at("2026-11-21T21:00:00+01:00")
    assert working_hours_between(*saturday, weekend_desk, PARIS) == 12
    assert working_hours_between(*saturday, SETTINGS, PARIS) == 0


# --- CODEOWNERS --------------------------------------------------------------------------


def test_codeowners_last_matching_line_wins_like_github() -> None:
    assert owners_of("content/news/events/2026/x.md", RULES) == ("@aldermoor/editors-events",)
    assert owners_of("content/news/institution/2026/x.md", RULES) == ("@aldermoor/press-office",)
    assert owners_of("README.md", RULES) == ("@aldermoor/press-office",)
    rules = parse_codeowners("*.md @docs\n/content/ @content # trailing comment\ndocs/* @d\n")
    assert owners_of("content/news/a.md", rules) == ("@content",)
    assert owners_of("notes/a.md", rules) == ("@docs",)
    assert owners_of("docs/a.txt", rules) == ("@d",)
    assert owners_of("docs/deep/a.txt", rules) == ()  # `docs/*` is one level only


# --- The clock on recorded pull requests --------------------------------------------------


def test_under_the_service_level_nobody_is_mentioned() -> None:
    # #12 opened Monday 23 November at 10:00 Paris; 11:59 is 1 h 59 min later.
    decisions, transport = run("open-pulls.json", "2026-11-23T11:59:00+01:00")
    assert decisions[12].action == "within"
    assert decisions[12].waited == pytest.approx(1 + 59 / 60)
    assert not [p for p, _ in transport.posted if "/12/" in p]


def test_at_the_service_level_the_themes_editors_are_mentioned_once() -> None:
    decisions, transport = run("open-pulls.json", "2026-11-23T12:00:00+01:00")
    assert decisions[12].action == "mention"
    assert decisions[12].owners == ["@aldermoor/editors-events"]
    # (#17, opened on Friday, is over the level too: see below.)
    ((path, body),) = [(p, b) for p, b in transport.posted if "/12/" in p]
    assert path == "/repos/aldermoor/newsroom/issues/12/comments"
    assert body["body"].startswith(MARKER)
    assert "@aldermoor/editors-events" in body["body"] and "2.0 working hours" in body["body"]


def test_over_the_service_level_and_the_other_cases() -> None:
    decisions, transport = run("open-pulls.json", "2026-11-23T15:00:00+01:00")
    assert decisions[12].action == "mention" and decisions[12].waited == pytest.approx(5)
    assert decisions[13].action == "draft"
    assert decisions[14].action == "already-mentioned"
    assert decisions[15].action == "not-news"
    assert decisions[16].action == "reviewed"
    # #17 opened Friday 17:30: half an hour on Friday, six on Monday.
    assert decisions[17].action == "mention" and decisions[17].waited == pytest.approx(6.5)
    assert decisions[17].owners == ["@aldermoor/editors-quantum"]
    # #18 was a draft for a week; its clock starts when it was marked ready (Monday 11:00).
    assert decisions[18].action == "mention" and decisions[18].waited == pytest.approx(4)
    assert sorted(int(p.split("/")[-2]) for p, _ in transport.posted) == [12, 17, 18]


def test_friday_evening_to_monday_morning_is_not_late() -> None:
    # #17 opened Friday 17:30: on Monday at 09:30 it has waited one working hour.
    decisions, _ = run("open-pulls.json", "2026-11-23T09:30:00+01:00")
    assert decisions[17].action == "within" and decisions[17].waited == pytest.approx(1)
    decisions, _ = run("open-pulls.json", "2026-11-22T23:00:00+01:00")  # Sunday night
    assert decisions[17].waited == pytest.approx(0.5)
    decisions, _ = run("open-pulls.json", "2026-11-23T10:30:00+01:00")
    assert decisions[17].action == "mention"


def test_a_second_run_does_not_mention_the_editors_again() -> None:
    _, transport = run("open-pulls.json", "2026-11-23T15:00:00+01:00")
    posted = len(transport.posted)
    assert posted == 3
    second, _ = run("open-pulls.json", "2026-11-23T15:15:00+01:00", transport)
    assert len(transport.posted) == posted, "no second comment"
    assert {second[n].action for n in (12, 17, 18)} == {"already-mentioned"}


def test_a_marker_written_by_someone_else_does_not_silence_the_clock() -> None:
    """Issue #14.8: anyone may paste the marker in a comment; only the clock's own counts."""
    transport = ReplayTransport.from_file(EXAMPLE)
    forged = {"body": f"{MARKER}\nnothing to see", "user": {"login": "mallory"}}
    transport.recorded["GET /repos/aldermoor/newsroom/issues/12/comments"] = [forged]
    decisions, _ = run("open-pulls.json", "2026-11-23T15:00:00+01:00", transport)
    assert decisions[12].action == "mention"
    assert decisions[14].action == "already-mentioned"  # the bot's own marker still counts


def test_with_a_personal_token_only_that_accounts_markers_count() -> None:
    transport = ReplayTransport.from_file(EXAMPLE)
    transport.recorded["GET /user"] = {"login": "aldermoor-newsroom-bot"}
    decisions, _ = run("open-pulls.json", "2026-11-23T15:00:00+01:00", transport)
    # #14's marker was written by github-actions[bot], not by the token's account.
    assert decisions[14].action == "mention"
    ours = {"body": f"{MARKER}\n⏰ …", "user": {"login": "aldermoor-newsroom-bot"}}
    transport.recorded["GET /repos/aldermoor/newsroom/issues/14/comments"].append(ours)
    again, _ = run("open-pulls.json", "2026-11-23T15:15:00+01:00", transport)
    assert again[14].action == "already-mentioned"


def test_the_working_day_follows_daylight_saving_time() -> None:
    # Opened Friday 23 October 17:00 (summer time); Monday 26 October 10:00 (winter time).
    decisions, _ = run("across-dst.json", "2026-10-26T09:59:00+01:00")
    assert decisions[40].action == "within"
    decisions, transport = run("across-dst.json", "2026-10-26T10:00:00+01:00")
    assert decisions[40].action == "mention"
    assert "@aldermoor/editors-events" in transport.posted[0][1]["body"]


def test_the_service_level_is_configurable() -> None:
    decisions, _ = run("open-pulls.json", "2026-11-23T15:00:00+01:00", service_hours=8)
    assert decisions[12].action == "within"


# --- The command ---------------------------------------------------------------------------


def test_the_command_reads_recorded_payloads_and_the_config(tmp_path: Path) -> None:
    copy_config(tmp_path)
    (tmp_path / ".github").mkdir()
    shutil.copy(HERE / "CODEOWNERS", tmp_path / ".github/CODEOWNERS")
    recorded = (EXAMPLE).read_bytes()
    runner = CliRunner()
    args = [
        "--root",
        str(tmp_path),
        "review-clock",
        "--payload",
        str(EXAMPLE),
        "--repo",
        "aldermoor/newsroom",
        "--now",
        "2026-11-23T12:00:00+01:00",
    ]
    result = runner.invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "#12: 2.00 / 2 working hours: mentioning @aldermoor/editors-events" in result.output
    assert "#14: " in result.output and "already mentioned" in result.output
    assert "editors mentioned on 2." in result.output
    # Recorded payloads are only read: what would be posted is printed, never written back.
    assert (EXAMPLE).read_bytes() == recorded


def test_dry_run_without_a_token_reads_the_recorded_example(tmp_path: Path) -> None:
    copy_config(tmp_path)
    (tmp_path / ".github").mkdir()
    shutil.copy(HERE / "CODEOWNERS", tmp_path / ".github/CODEOWNERS")
    no_token = {"GITHUB_TOKEN": "", "GH_TOKEN": "", "GITHUB_REPOSITORY": ""}
    args = ["--root", str(tmp_path), "review-clock", "--now", "2026-11-23T12:00:00+01:00"]
    refused = CliRunner().invoke(main, args, env=no_token)
    assert refused.exit_code == 2 and "GITHUB_TOKEN is not set" in refused.output
    result = CliRunner().invoke(main, [*args, "--dry-run"], env=no_token)
    assert result.exit_code == 0, result.output
    assert f"Reading recorded GitHub answers for aldermoor/newsroom from {EXAMPLE}" in result.output
    assert "Service level: 2 working hours (Europe/Paris)." in result.output
    assert "#12: 2.00 / 2 working hours: mentioning @aldermoor/editors-events" in result.output
    assert "would post: ⏰ @aldermoor/editors-events: this news pull request" in result.output


def test_the_reminder_mentions_only_the_editors_from_codeowners() -> None:
    owners = ["@aldermoor/editors-events", "@amelie-d", "@x <img src=https://t.example/p>"]
    page = render(reminder(owners, 2.5, 2))
    assert page.mentions == ["@aldermoor/editors-events", "@amelie-d"]
    assert page.tag_names() <= {"p", "em"} and page.comments == [" newsroom-review-clock "]
    assert "2.5 working hours; the newsroom's service level is 2 working hours" in page.text
