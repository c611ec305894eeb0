"""The archive's format and safety, the reading schedule: pure functions. (How each network's
counts map to the shared names is tested in its folder, tests/networks/<name>/.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsroom.config import StatsSettings
from newsroom.problems import ProblemsFound
from newsroom.stats.archive import Archive, ReadingStatus, Snapshot, parse_line
from newsroom.stats.schedule import interval, plan_readings
from newsroom.syndication.ledger import Record

from ..example_accounts import example_account, networks_where

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
# Two networks, each with its example account: the cap per network is set on the first.
NETWORK, OTHER = networks_where()[:2]
ACCOUNT, _ = example_account(NETWORK)
OTHER_ACCOUNT, _ = example_account(OTHER)


def sent(item: str, account: str, network: str, at: datetime, post_id: str = "") -> Record:
    data = {"post_id": post_id or f"{item}-{account}", "url": f"https://{network}/{item}"}
    return Record("sent", item, account, network, "key", at, data)


def reading(record: Record, at: datetime, status: str = "ok") -> Snapshot:
    return Snapshot(record.item, record.account, record.network, record.data["post_id"], at, status)


def test_intervals_by_age_follow_the_configured_steps() -> None:
    settings = StatsSettings()
    assert interval(settings, timedelta(hours=3)) == timedelta(hours=1)
    assert interval(settings, timedelta(days=2)) == timedelta(days=1)
    assert interval(settings, timedelta(days=45)) == timedelta(weeks=1)
    custom = StatsSettings.model_validate(
        {"schedule": [{"younger_than_days": 7, "every_hours": 6}], "every_hours_after": 720}
    )
    assert interval(custom, timedelta(days=3)) == timedelta(hours=6)
    assert interval(custom, timedelta(days=8)) == timedelta(days=30)


def test_due_posts_new_first_capped_per_network_deleted_and_old_ones_skipped() -> None:
    fresh = sent("aaaaaaaa", ACCOUNT, NETWORK, NOW - timedelta(hours=2))
    read_now = sent("bbbbbbbb", ACCOUNT, NETWORK, NOW - timedelta(days=3))
    overdue = sent("cccccccc", ACCOUNT, NETWORK, NOW - timedelta(days=3))
    gone = sent("dddddddd", OTHER_ACCOUNT, OTHER, NOW - timedelta(days=3))
    ancient = sent("eeeeeeee", ACCOUNT, NETWORK, NOW - timedelta(days=400))
    latest = {
        (r.item, r.account): s
        for r, s in [
            (read_now, reading(read_now, NOW - timedelta(hours=2))),
            (overdue, reading(overdue, NOW - timedelta(hours=30))),
            (gone, reading(gone, NOW - timedelta(days=2), "deleted")),
        ]
    }
    posts = [read_now, overdue, gone, ancient, fresh]
    plan = plan_readings(posts, latest, StatsSettings(), NOW)
    assert [d.item for d in plan.due] == ["aaaaaaaa", "cccccccc"]
    assert plan.not_due == 1 and not plan.deferred
    capped = StatsSettings.model_validate({"max_reads_per_run": {NETWORK: 1}})
    plan = plan_readings(posts, latest, capped, NOW)
    assert [d.item for d in plan.due] == ["aaaaaaaa"] and plan.deferred == {NETWORK: 1}
    reposted = sent("dddddddd", OTHER_ACCOUNT, OTHER, NOW - timedelta(days=1), "new-id")
    assert [d.post_id for d in plan_readings([reposted], latest, StatsSettings(), NOW).due] == [
        "new-id"
    ]


def test_archive_appends_by_month_and_reads_back(tmp_path: Path) -> None:
    archive = Archive.open(tmp_path)
    record = sent("aaaaaaaa", ACCOUNT, NETWORK, NOW)
    first = Snapshot("aaaaaaaa", ACCOUNT, NETWORK, "1", NOW, "ok", {"likes": 2, "impressions": 9})
    later = Snapshot("aaaaaaaa", ACCOUNT, NETWORK, "1", NOW + timedelta(days=30), "unreachable")
    archive.append([first])
    archive.append([Snapshot(**{**later.__dict__, "error": "503"})])
    files = sorted(p.name for p in (tmp_path / "stats/snapshots").iterdir())
    assert files == ["2026-12.jsonl", "2027-01.jsonl"]
    line = (tmp_path / "stats/snapshots/2026-12.jsonl").read_text()
    assert line == (
        f'{{"v": 2, "kind": "post", "item": "aaaaaaaa", "account": "{ACCOUNT}", '
        f'"network": "{NETWORK}", '
        '"post_id": "1", '
        '"at": "2026-12-10T12:00:00Z", "status": "ok", "counts": {"likes": 2, "impressions": 9}}\n'
    )
    again = Archive.open(tmp_path)
    assert [s.status for s in again.snapshots] == ["ok", "unreachable"]
    assert again.latest()[(record.item, record.account)].error == "503"
    assert again.snapshots[0].interactions == 2  # impressions are not interactions


def test_a_reading_s_status_is_a_state_and_a_link_is_never_deleted() -> None:
    post = f'{{"v": 2, "item": "a", "account": "u", "network": "{NETWORK}", "post_id": "1", '
    read = parse_line(
        post + '"at": "2026-12-10T12:00:00Z", "status": "unreachable", "error": "503"}'
    )
    assert read.status is ReadingStatus.UNREACHABLE and read.error == "503"
    visits = (
        f'{{"v": 2, "kind": "visits", "item": "a", "source": "{NETWORK}", "campaign": "c", '
        '"at": "2026-12-10T12:00:00Z", "provider": "matomo", "status": "deleted"}'
    )
    with pytest.raises(ValueError, match="unknown status 'deleted'"):
        parse_line(visits)
    assert parse_line(visits.replace("deleted", "ok")).status is ReadingStatus.OK


def test_a_damaged_archive_line_is_named_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "stats/snapshots"
    folder.mkdir(parents=True)
    (folder / "2026-12.jsonl").write_text('{"item": "a"}\n{"item": "b", "acc')
    with pytest.raises(ProblemsFound) as found:
        Archive.open(tmp_path)
    messages = [str(p) for p in found.value.problems]
    assert len(messages) == 2
    assert "stats/snapshots/2026-12.jsonl:1" in messages[0] and "missing account" in messages[0]
    assert "incomplete" in messages[1]


def test_the_report_goes_into_the_site_unless_private(tmp_path: Path) -> None:
    from newsroom.cli_stats import report_folder
    from newsroom.config import load_config

    project = Path(__file__).resolve().parents[2]
    config = load_config(project)
    assert report_folder(tmp_path, config) == tmp_path / "output/stats"
    private = config.model_copy(update={"stats": StatsSettings(private=True)})
    assert report_folder(tmp_path, private) == tmp_path / "stats-report"
